"""Import of an office's advisor appointments (村居法律顾问聘任表, .xlsx) with the core kit.

A row is matched on its natural key 村/社区 + 执业证号 + 聘期起始日 among the office's
appointments: importing the same sheet again updates those appointments instead of adding new
ones; a renewal (a new start date) is a new appointment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.personal_data import normalize_phone
from sifasuo.core.table_import import Column, Row, TableImporter, changed_fields

from . import services
from .models import Appointment

_F = Appointment._meta.get_field

UPDATABLE = ("lawyer_name", "firm", "ends_on", "fee", "note")


class AppointmentImporter(TableImporter):
    title = "村居法律顾问聘任表"
    audit_action = "advisor.import"
    max_rows = 1000
    columns = (
        Column("village", ("村/社区", "村（社区）", "村居", "村名"), required=True, max_length=100),
        Column(
            "lawyer_name",
            ("法律顾问", "法律顾问姓名", "律师姓名", "姓名"),
            required=True,
            max_length=_F("lawyer_name").max_length,
        ),
        Column(
            "firm",
            ("律师事务所", "所在律师事务所", "律所"),
            required=True,
            max_length=_F("firm").max_length,
        ),
        Column(
            "license_no",
            ("执业证号", "律师执业证号"),
            required=True,
            max_length=_F("license_no").max_length,
        ),
        Column("phone", ("联系电话", "电话", "手机"), max_length=30, mask="phone"),
        Column("starts_on", ("聘期起始日", "聘期开始", "开始日期"), required=True, kind="date"),
        Column("ends_on", ("聘期届满日", "聘期结束", "结束日期"), required=True, kind="date"),
        Column("fee", ("服务费（元/年）", "服务费", "年服务费"), kind="decimal"),
        Column("note", ("备注",), max_length=_F("note").max_length),
    )

    def clean_row(self, row: Row, context: dict[str, Any]) -> None:
        v = row.values
        village = context["villages"].get(v["village"])
        if village is None:
            row.errors.append(f"“{v['village']}”不是本司法所辖区内的村/社区")
        v["village_unit"] = village
        if v["starts_on"] and v["ends_on"] and v["ends_on"] < v["starts_on"]:
            row.errors.append("聘期届满日早于起始日")
        if v["fee"] is None:
            v["fee"] = 0
        if v["phone"]:
            try:
                v["phone"] = normalize_phone(v["phone"])
            except ValidationError as exc:
                row.errors.append(f"联系电话：{exc.messages[0]}")

    def match(self, rows: list[Row], context: dict[str, Any]) -> None:
        office = context["office"]
        existing = {
            (a.village_id, a.license_no, a.starts_on): a
            for a in Appointment.objects.filter(unit=office)
        }
        labels = {n: str(_F(n).verbose_name) for n in UPDATABLE}
        first: dict[tuple, int] = {}
        for row in rows:
            if row.errors:
                continue
            v = row.values
            key = (v["village_unit"].pk, v["license_no"], v["starts_on"])
            if key in first:
                row.errors.append(f"与第{first[key]}行重复（同一村、执业证号和聘期起始日）")
                continue
            first[key] = row.line
            row.existing = existing.get(key)
            ended_on = row.existing.ended_on if row.existing is not None else None
            if ended_on is not None and v["ends_on"] < ended_on:
                row.errors.append(
                    f"该聘任已于{ended_on:%Y-%m-%d}提前终止，聘期届满日不能早于终止日期"
                )
                continue
            if row.existing is not None:
                row.changed = changed_fields(row.existing, self.updates(row), labels)
                if v["phone"] and v["phone"] != row.existing.phone:
                    row.changed.append("联系电话")

    @staticmethod
    def updates(row: Row) -> dict[str, Any]:
        return {name: row.values[name] for name in UPDATABLE}

    def write(self, row: Row, *, actor, context: dict[str, Any]) -> str:
        v = row.values
        if row.existing is None:
            services.appointment_create(
                actor=actor,
                office=context["office"],
                village=v["village_unit"],
                license_no=v["license_no"],
                starts_on=v["starts_on"],
                phone=v["phone"],
                **self.updates(row),
            )
            return "created"
        changed = services.appointment_update(
            actor=actor, appointment=row.existing, phone=v["phone"], **self.updates(row)
        )
        return "updated" if changed else "unchanged"


def context_for(office: OrgUnit) -> dict[str, Any]:
    villages = OrgUnit.objects.filter(parent=office, kind=UnitKind.VILLAGE)
    return {"office": office, "villages": {v.name: v for v in villages}}


EXAMPLE = [
    "海滨社区",
    "王律师",
    "山东海曲律师事务所",
    "13711202010123456",
    "13853300001",
    "2026-01-01",
    "2026-12-31",
    "12000",
    "",
]
