"""The statistics page and its workbook: the line's indicators for a year, for a unit and side
by side for the units directly below it (a county's offices, a city's counties), plus cases per
department and per kind of act."""

from __future__ import annotations

from openpyxl import Workbook

from sifasuo.core import indicators as core_indicators
from sifasuo.core import statistics as core_statistics
from sifasuo.core.exports import add_sheet
from sifasuo.core.models import OrgUnit

from . import selectors

COLUMNS = (
    "litigation.cases_received",
    "litigation.reconsiderations_received",
    "litigation.lawsuits_received",
    "litigation.hearings_held",
    "litigation.head_appearances",
    "litigation.head_appearance_rate",
    "litigation.lawsuits_concluded",
    "litigation.lawsuits_lost",
    "litigation.loss_rate",
    "litigation.reconsiderations_concluded",
    "litigation.reconsiderations_corrected",
    "litigation.correction_rate",
    "litigation.replies_filed",
    "litigation.reply_in_time_rate",
)


def _shown(value, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value}%" if unit == "%" else str(value)


def table(unit: OrgUnit, year: int) -> dict:
    period = core_indicators.Period.year(year)
    children = list(core_statistics.units_below(unit).order_by("name"))
    declared, values = core_statistics.indicator_rows(COLUMNS, [*children, unit], period)
    rows = [
        (
            f"{u.name}（合计）" if u == unit and children else u.name,
            [_shown(value, ind.unit) for ind, value in zip(declared, row, strict=True)],
        )
        for u, row in values
    ]
    return {
        "unit": unit,
        "year": year,
        "period": period,
        "headers": [str(ind.name) for ind in declared],
        "definitions": [(str(ind.name), str(ind.definition)) for ind in declared],
        "rows": rows,
        **selectors.breakdown(unit, period.start, period.end),
    }


def workbook(data: dict) -> Workbook:
    book = Workbook()
    add_sheet(
        book,
        f"{data['year']}年复议应诉",
        ["单位", *data["headers"]],
        ([name, *cells] for name, cells in data["rows"]),
        [24] + [12] * len(data["headers"]),
        sheet=book.active,
    )
    add_sheet(
        book,
        "按科室",
        ["司法所", "科室", "案件数", "行政复议", "行政诉讼"],
        (
            [r["unit__name"], r["department__name"], r["total"], r["reconsideration"], r["lawsuit"]]
            for r in data["by_department"]
        ),
        [20, 24, 10, 10, 10],
    )
    add_sheet(book, "按行为类别", ["行为类别", "案件数"], data["by_act"], [20, 10])
    add_sheet(book, "指标定义", ["指标", "定义"], data["definitions"], [20, 100])
    return book
