"""Import of a duty catalogue version kept in Excel (职能清单, .xlsx) with the core kit
(core/table_import.py). Rows are matched on 编号 within the version, so importing the same
sheet again updates the items instead of duplicating them."""

from __future__ import annotations

from typing import Any

from sifasuo.core.table_import import Column, Row, TableImporter

from . import services
from .models import DutyItem

_F = DutyItem._meta.get_field


class CatalogueImporter(TableImporter):
    title = "司法所职能清单"
    audit_action = "offices.catalogue_import"
    max_rows = 3000
    columns = (
        Column("code", ("编号", "序号"), required=True, max_length=_F("code").max_length),
        Column(
            "category", ("类别", "职能类别"), required=True, max_length=_F("category").max_length
        ),
        Column(
            "title",
            ("职能事项", "事项名称", "职能"),
            required=True,
            max_length=_F("title").max_length,
        ),
        Column("basis", ("依据", "设定依据"), max_length=_F("basis").max_length),
    )

    def match(self, rows: list[Row], context: dict[str, Any]) -> None:
        catalogue = context["catalogue"]
        existing = {item.code: item for item in catalogue.items.all()}
        first: dict[str, int] = {}
        labels = {"category": "类别", "title": "职能事项", "basis": "依据"}
        for row in rows:
            if row.errors:
                continue
            code = row.values["code"]
            if code in first:
                row.errors.append(f"与第{first[code]}行编号重复")
                continue
            first[code] = row.line
            row.existing = existing.get(code)
            if row.existing is not None:
                row.changed = [
                    labels[name]
                    for name in labels
                    if getattr(row.existing, name) != (row.values[name] or "")
                ]

    def write(self, row: Row, *, actor, context: dict[str, Any]) -> str:
        v = row.values
        return services.catalogue_item_save(
            actor=actor,
            catalogue=context["catalogue"],
            code=v["code"],
            category=v["category"],
            title=v["title"],
            basis=v["basis"] or "",
        )


EXAMPLE = ["RM-001", "人民调解", "受理矛盾纠纷调解申请", "《中华人民共和国人民调解法》"]
