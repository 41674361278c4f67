"""The line's statistics page: its indicators for a year, the chosen unit's offices (or counties)
side by side, and the unit's own total (computed from its whole subtree, rates never averaged)."""

from __future__ import annotations

from dataclasses import dataclass

from sifasuo.core import statistics as core_statistics
from sifasuo.core.indicators import Period
from sifasuo.core.models import OrgUnit

CODES = (
    "enforcement.cases_reviewed",
    "enforcement.files_failed",
    "enforcement.failed_rate",
    "enforcement.average_score",
    "enforcement.cases_decided",
    "enforcement.systems_rate",
    "enforcement.enforcers_valid",
    "enforcement.cards_expiring",
    "enforcement.discussions",
)


@dataclass
class Table:
    unit: OrgUnit
    period: Period
    columns: list  # the Indicator declarations, in CODES order
    rows: list[tuple[OrgUnit, list]]  # each unit below, with its values
    total: list


def table(*, unit: OrgUnit, year: int) -> Table:
    period = Period.year(year)
    children = list(core_statistics.units_below(unit))
    columns, rows = core_statistics.indicator_rows(CODES, [*children, unit], period)
    return Table(unit=unit, period=period, columns=columns, rows=rows[:-1], total=rows[-1][1])
