"""The line's statistics as .xlsx."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifasuo.core.exports import workbook

from .statistics import Table


def statistics_workbook(table: Table):
    headers = [_("单位"), *(f"{c.name}（{c.unit}）" for c in table.columns)]

    def cell(value):
        return "" if value is None else float(value)

    rows = [[unit.name, *(cell(v) for v in values)] for unit, values in table.rows]
    rows.append([f"{table.unit.name}（合计）", *(cell(v) for v in table.total)])
    return workbook(
        _("行政执法监督统计") + table.period.label, headers, rows, [22] + [14] * len(table.columns)
    )
