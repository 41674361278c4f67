"""Import of a service-point list kept in Excel (服务阵地台账, .xlsx) with the core kit
(core/table_import.py, docs/table-import.md).

A row is matched on 所属单位 + 名称 among the units the user may see, so importing the same list
again brings those points up to date instead of duplicating them. Rows with errors are listed
and left out; the others are written through the stations services."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

from sifasuo.core.scoping import scope, visible_units
from sifasuo.core.table_import import Column, Row, TableImporter

from . import services
from .forms import STATION_UNIT_KINDS
from .models import ServedLine, ServicePoint, StationKind

_F = ServicePoint._meta.get_field

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
KIND_LABELS = "、".join(str(label) for _value, label in StationKind.choices)
LINE_LABELS = "、".join(str(label) for _value, label in ServedLine.choices)


def _text(name: str, headers: tuple[str, ...], **kwargs: Any) -> Column:
    return Column(name, headers, max_length=_F(name).max_length, **kwargs)


class StationImporter(TableImporter):
    title = "服务阵地台账"
    audit_action = "station.import"
    max_rows = 5000
    columns = (
        Column("unit", ("所属单位", "单位", "村/社区"), required=True, max_length=100),
        Column(
            "kind",
            ("类别", "类型"),
            required=True,
            max_length=50,
            help=f"必填；可填：{KIND_LABELS}（也可用简称：工作站、工作室、县中心等）",
        ),
        _text("name", ("名称", "阵地名称"), required=True),
        _text("address", ("地址",), required=True),
        _text("opening_hours", ("开放时间",)),
        _text("phone", ("服务电话", "电话")),
        Column(
            "lines",
            ("服务事项",),
            max_length=500,
            help=f"选填；以顿号分隔，可填：{LINE_LABELS}",
        ),
        Column("established_on", ("建成日期",), kind="date"),
        _text("note", ("备注",)),
    )

    def clean_row(self, row: Row, context: dict[str, Any]) -> None:
        v = row.values
        found = context["units"].get(v["unit"], [])
        if len(found) != 1:
            row.errors.append(
                f"所属单位“{v['unit']}”不在本单位管辖范围内"
                if not found
                else f"所属单位“{v['unit']}”有重名，请在系统中逐个登记"
            )
        v["unit_obj"] = found[0] if len(found) == 1 else None
        v["kind_value"] = KIND_BY_LABEL.get(v["kind"])
        if v["kind_value"] is None:
            row.errors.append(f"类别“{v['kind']}”不在可选范围（{KIND_LABELS}）")
        labels = [p for p in re.split(r"[、，,；;\s]+", v["lines"]) if p]
        unknown = [p for p in labels if p not in LINE_BY_LABEL]
        if unknown:
            row.errors.append(f"服务事项“{'、'.join(unknown)}”无法识别")
        v["line_codes"] = [LINE_BY_LABEL[p] for p in labels if p in LINE_BY_LABEL]
        if v["unit_obj"] is not None and v["kind_value"] is not None:
            try:
                services.check_kind_for_unit(v["kind_value"], v["unit_obj"])
            except ValidationError as exc:
                row.errors.extend(exc.messages)

    def match(self, rows: list[Row], context: dict[str, Any]) -> None:
        names = {r.values["name"] for r in rows if not r.errors}
        existing = {
            (s.unit_id, s.name): s
            for s in scope(context["user"], ServicePoint.objects.filter(name__in=names))
        }
        labels = {n: str(_F(n).verbose_name) for n in services.FIELDS}
        first: dict[tuple, int] = {}
        for row in rows:
            if row.errors:
                continue
            key = (row.values["unit_obj"].pk, row.values["name"])
            if key in first:
                row.errors.append(f"与第{first[key]}行重复（同一所属单位和名称）")
                continue
            first[key] = row.line
            row.existing = existing.get(key)
            if row.existing is not None:
                changes = services.station_changes(row.existing, self.fields(row))
                row.changed = [labels[name] for name in changes]

    @staticmethod
    def fields(row: Row) -> dict[str, Any]:
        v = row.values
        values = {name: v[name] for name in services.FIELDS if name not in ("kind", "lines")}
        return {**values, "kind": v["kind_value"], "lines": v["line_codes"]}

    def write(self, row: Row, *, actor, context: dict[str, Any]) -> str:
        if row.existing is None:
            services.station_create(actor=actor, unit=row.values["unit_obj"], **self.fields(row))
            return "created"
        changed = services.station_update(actor=actor, station=row.existing, **self.fields(row))
        return "updated" if changed else "unchanged"


def context_for(user) -> dict[str, Any]:
    units: dict[str, list] = {}
    for unit in visible_units(user).filter(kind__in=STATION_UNIT_KINDS):
        units.setdefault(unit.name, []).append(unit)
    return {"user": user, "units": units}


EXAMPLE = [
    "某某村",
    "村（居）公共法律服务工作室",
    "某某村公共法律服务工作室",
    "某某村党群服务中心",
    "每周三 9:00-11:30",
    "",
    "人民调解、法律咨询、普法宣传",
    "2024-05-01",
    "",
]
