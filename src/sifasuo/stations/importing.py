"""Import of a service-point list kept in Excel (.xlsx): preview with per-row errors, then all
rows or none. A row is matched on 所属单位 + 名称 among the points the user may see, so importing
the same list again brings those points up to date instead of duplicating them.

The sheet handling follows contracts/importing.py; it should move onto a shared import kit in
core once there is one."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from openpyxl import load_workbook

from sifasuo.core.audit import audit_record
from sifasuo.core.scoping import scope, visible_units
from sifasuo.core.services import require
from sifasuo.core.uploads import check_office_package

from . import services
from .forms import STATION_UNIT_KINDS
from .models import ServedLine, ServicePoint, StationKind

COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("所属单位", "单位", "村/社区"),
    "kind": ("类别", "类型"),
    "name": ("名称", "阵地名称"),
    "address": ("地址",),
    "opening_hours": ("开放时间",),
    "phone": ("服务电话", "电话"),
    "lines": ("服务事项",),
    "established_on": ("建成日期",),
    "note": ("备注",),
}
REQUIRED = ("unit", "kind", "name", "address")
MAX_ROWS = 5000
_UNREADABLE = "无法读取该 Excel 文件，请上传 .xlsx 格式的台账。"
KIND_BY_LABEL = {str(label): value for value, label in StationKind.choices}
# Short names offices use in their own sheets.
KIND_BY_LABEL.update(
    {
        "县中心": "county_center",
        "市中心": "city_center",
        "工作站": "township_station",
        "工作室": "village_room",
        "巡回法庭": "circuit",
        "巡回办案点": "circuit",
        "解纷中心": "dispute_center",
    }
)
LINE_BY_LABEL = {str(label): value for value, label in ServedLine.choices}


@dataclass
class Row:
    line: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    station: ServicePoint | None = None
    changed: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[Row]

    @property
    def error_rows(self) -> list[Row]:
        return [r for r in self.rows if r.errors]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value, errors: list[str]):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value).replace("/", "-").replace(".", "-"))
    except ValueError:
        errors.append(f"建成日期“{value}”不是有效日期")
        return None


def parse_sheet(data: bytes, *, user) -> Preview:
    """Read the sheet and say, row by row, what importing it would do. Formulas are never
    evaluated (data_only); a broken or oversized file is refused with a message."""
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ValidationError({"file": _UNREADABLE})
    try:
        check_office_package(data, name="服务阵地台账")
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    try:
        return _parse(data, user=user)
    except (ValidationError, DatabaseError):
        raise
    except Exception as exc:  # openpyxl and lxml raise many kinds for a broken workbook
        raise ValidationError({"file": _UNREADABLE}) from exc


def _parse(data: bytes, *, user) -> Preview:
    sheet = load_workbook(BytesIO(data), read_only=True, data_only=True).active
    rows = sheet.iter_rows(values_only=True)
    headers = [_text(h) for h in next(rows, ())]
    index = {}
    for name, aliases in COLUMNS.items():
        for position, header in enumerate(headers):
            if header in aliases:
                index[name] = position
                break
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in index]
    if missing:
        raise ValidationError({"file": f"台账缺少必需的列：{'、'.join(missing)}。"})
    units: dict[str, list] = {}
    for unit in visible_units(user).filter(kind__in=STATION_UNIT_KINDS):
        units.setdefault(unit.name, []).append(unit)
    parsed: list[Row] = []
    seen: dict[tuple[int, str], int] = {}
    for line, raw in enumerate(rows, start=2):
        if line > MAX_ROWS + 1:
            raise ValidationError({"file": f"台账超过 {MAX_ROWS} 行，请拆分后分批导入。"})
        if raw is None or all(v in (None, "") for v in raw):
            continue
        cell = {name: raw[pos] if pos < len(raw) else None for name, pos in index.items()}
        row = Row(line=line)
        v = row.values
        for name in ("name", "address", "opening_hours", "phone", "note"):
            v[name] = _text(cell.get(name))
            limit = ServicePoint._meta.get_field(name).max_length
            if len(v[name]) > limit:
                row.errors.append(f"{COLUMNS[name][0]}超过 {limit} 字")
        for name in ("name", "address"):
            if not v[name]:
                row.errors.append(f"缺少{COLUMNS[name][0]}")
        unit_name = _text(cell.get("unit"))
        found = units.get(unit_name, [])
        if len(found) != 1:
            row.errors.append(
                f"所属单位“{unit_name}”不在本单位管辖范围内"
                if not found
                else f"所属单位“{unit_name}”有重名，请在系统中逐个登记"
            )
        kind = KIND_BY_LABEL.get(_text(cell.get("kind")))
        if kind is None:
            row.errors.append(f"类别“{_text(cell.get('kind'))}”无法识别")
        v["kind"] = kind
        labels = [p for p in re.split(r"[、，,；;\s]+", _text(cell.get("lines"))) if p]
        unknown = [p for p in labels if p not in LINE_BY_LABEL]
        if unknown:
            row.errors.append(f"服务事项“{'、'.join(unknown)}”无法识别")
        v["lines"] = [LINE_BY_LABEL[p] for p in labels if p in LINE_BY_LABEL]
        v["established_on"] = _date(cell.get("established_on"), row.errors)
        unit = found[0] if len(found) == 1 else None
        row.values["unit_obj"] = unit
        if unit is not None and kind is not None:
            try:
                services.check_kind_for_unit(kind, unit)
            except ValidationError as exc:
                row.errors.extend(exc.messages)
            key = (unit.pk, v["name"])
            if key in seen:
                row.errors.append(f"与第{seen[key]}行重复")
            seen.setdefault(key, line)
        parsed.append(row)
    _match(parsed, user=user)
    return Preview(rows=parsed)


def _fields(row: Row) -> dict:
    return {name: row.values[name] for name in services.FIELDS}


def _match(rows: list[Row], *, user) -> None:
    names = {r.values["name"] for r in rows}
    existing = {
        (s.unit_id, s.name): s for s in scope(user, ServicePoint.objects.filter(name__in=names))
    }
    for row in rows:
        unit = row.values["unit_obj"]
        if unit is None or row.errors:
            continue
        row.station = existing.get((unit.pk, row.values["name"]))
        if row.station is not None:
            changes = services.station_changes(row.station, _fields(row))
            row.changed = [str(ServicePoint._meta.get_field(n).verbose_name) for n in changes]


@transaction.atomic
def stations_import(*, actor, preview: Preview) -> ImportResult:
    """Import every row, or nothing when any row has an error."""
    require(actor, services.MANAGE)
    problems = [f"第{r.line}行：{'；'.join(r.errors)}" for r in preview.error_rows]
    if problems:
        raise ValidationError(problems)
    created = updated = 0
    for row in preview.rows:
        try:
            if row.station is None:
                services.station_create(actor=actor, unit=row.values["unit_obj"], **_fields(row))
                created += 1
            elif services.station_update(actor=actor, station=row.station, **_fields(row)):
                updated += 1
        except ValidationError as exc:
            problems.append(f"第{row.line}行：{'；'.join(exc.messages)}")
    if problems:
        raise ValidationError(problems)
    result = ImportResult(created, updated, len(preview.rows) - created - updated)
    if created or updated:
        audit_record(
            actor=actor,
            action="station.import",
            unit=actor.unit if getattr(actor, "unit_id", None) else None,
            changes={"created": created, "updated": updated, "unchanged": result.unchanged},
        )
    return result
