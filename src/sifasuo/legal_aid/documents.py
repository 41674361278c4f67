"""The legal-aid statistics workbook (.xlsx): the units side by side, then each breakdown."""

from __future__ import annotations

from openpyxl import Workbook

from sifasuo.core.exports import add_sheet

from .selectors import COLUMNS


def statistics_xlsx(stats: dict, *, title: str) -> Workbook:
    """`title` names the workbook's scope; it is the file name the view gives."""
    book = Workbook()
    headers = ["单位", *(label for _key, label in COLUMNS)]
    rows = [[row["unit__name"], *(row[key] for key, _label in COLUMNS)] for row in stats["by_unit"]]
    rows.append(["合计", *(stats["totals"][key] for key, _label in COLUMNS)])
    add_sheet(book, "按单位", headers, rows, [28] + [12] * len(COLUMNS), sheet=book.active)
    for name, key in (
        ("按事项类别", "by_kind"),
        ("按人群", "by_group"),
        ("按经济状况", "by_means"),
        ("按审查决定", "by_decision"),
        ("按结案方式", "by_outcome"),
        ("按回访结果", "by_satisfaction"),
        ("按状态", "by_status"),
    ):
        add_sheet(book, name, [name.removeprefix("按"), "件数"], stats[key], [40, 10])
    return book
