"""The line's statistics page: its indicators for a year, the chosen unit's offices (or counties)
side by side, and the unit's own total (computed from its whole subtree, rates never averaged)."""

from __future__ import annotations

from dataclasses import dataclass

from sifasuo.core import indicators, lines
from sifasuo.core.indicators import Period
from sifasuo.core.models import OrgUnit, UnitKind

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
    declared = lines.indicators()
    children = list(
        unit.children.filter(kind__in=[UnitKind.BUREAU, UnitKind.OFFICE]).order_by("path")
    )
    values = indicators.values_for(CODES, [*children, unit], period)
    return Table(
        unit=unit,
        period=period,
        columns=[declared[code] for code in CODES],
        rows=[(child, [values[child.pk][c] for c in CODES]) for child in children],
        total=[values[unit.pk][c] for c in CODES],
    )
