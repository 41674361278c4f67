"""Import of an office's 法律明白人 名册 (.xlsx) with the core kit.

A row is matched on its natural key 村/社区 + 姓名 among the office's 法律明白人: importing
the same list again updates their role, 示范户 flag and phone instead of adding them twice."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.personal_data import normalize_phone
from sifasuo.core.table_import import Column, Row, TableImporter, changed_fields

from . import services
from .models import Understander, UnderstanderRole

_F = Understander._meta.get_field
UPDATABLE = ("role", "model_household", "since")


class UnderstanderImporter(TableImporter):
    title = "法律明白人名册"
    audit_action = "understander.import"
    max_rows = 3000
    columns = (
        Column("village", ("村/社区", "村（社区）", "村居", "村名"), required=True, max_length=100),
        Column("name", ("姓名",), required=True, max_length=_F("name").max_length),
        Column(
            "role",
            ("身份", "类别"),
            required=True,
            kind="choice",
            choices=tuple((str(label), value) for value, label in UnderstanderRole.choices),
        ),
        Column("model_household", ("学法用法示范户", "示范户"), kind="bool"),
        Column("phone", ("联系电话", "电话", "手机"), max_length=30, mask="phone"),
        Column("since", ("确定日期", "聘任日期"), kind="date"),
    )

    def clean_row(self, row: Row, context: dict[str, Any]) -> None:
        v = row.values
        v["village_unit"] = context["villages"].get(v["village"])
        if v["village_unit"] is None:
            row.errors.append(f"“{v['village']}”不是本司法所辖区内的村/社区")
        if v["phone"]:
            try:
                v["phone"] = normalize_phone(v["phone"])
            except ValidationError as exc:
                row.errors.append(f"联系电话：{exc.messages[0]}")

    def match(self, rows: list[Row], context: dict[str, Any]) -> None:
        existing = {
            (p.village_id, p.name): p for p in Understander.objects.filter(unit=context["office"])
        }
        labels = {n: str(_F(n).verbose_name) for n in UPDATABLE}
        first: dict[tuple, int] = {}
        for row in rows:
            if row.errors:
                continue
            key = (row.values["village_unit"].pk, row.values["name"])
            if key in first:
                row.errors.append(f"与第{first[key]}行重复（同一村同名）")
                continue
            first[key] = row.line
            row.existing = existing.get(key)
            if row.existing is not None:
                row.changed = changed_fields(row.existing, self.updates(row), labels)
                if row.values["phone"] and row.values["phone"] != row.existing.phone:
                    row.changed.append("联系电话")

    @staticmethod
    def updates(row: Row) -> dict[str, Any]:
        return {name: row.values[name] for name in UPDATABLE}

    def write(self, row: Row, *, actor, context: dict[str, Any]) -> str:
        v = row.values
        if row.existing is None:
            services.understander_create(
                actor=actor,
                office=context["office"],
                village=v["village_unit"],
                name=v["name"],
                phone=v["phone"],
                **self.updates(row),
            )
            return "created"
        changed = services.understander_update(
            actor=actor, person=row.existing, phone=v["phone"], **self.updates(row)
        )
        return "updated" if changed else "unchanged"


def context_for(office: OrgUnit) -> dict[str, Any]:
    villages = OrgUnit.objects.filter(parent=office, kind=UnitKind.VILLAGE)
    return {"office": office, "villages": {v.name: v for v in villages}}


EXAMPLE = ["海滨社区", "张三", "网格员", "是", "13853300001", "2026-03-01"]
