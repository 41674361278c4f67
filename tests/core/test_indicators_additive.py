"""Indicators declared additive really add up on the demo city: a year is the sum of its
months, and a county the sum of its own records and its offices' (what lets the per-office
monthly summaries stand in for the records)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sifasuo.core import indicators, lines
from sifasuo.core.indicators import Period
from sifasuo.core.models import OrgUnit, UnitKind

YEAR = 2026


def _additive() -> list[str]:
    return [code for code, ind in lines.indicators().items() if ind.additive]


@pytest.fixture
def county(demo):
    return OrgUnit.objects.filter(kind=UnitKind.BUREAU).order_by("path").first()


def test_every_line_declares_additive_headline_and_grouped_indicators(db):
    for line in lines.lines():
        if not line.indicators:
            continue
        headlines = [i for i in line.indicators if i.headline]
        assert 3 <= len(headlines) <= 5, line.label
        assert all(str(i.group) for i in line.indicators), line.label
        assert not any(i.additive and i.ratio for i in line.indicators)


def test_a_year_is_the_sum_of_its_months_and_a_county_of_its_units(county):
    year = Period.year(YEAR)
    ids = indicators.subtree_unit_ids(county)
    children = list(OrgUnit.objects.filter(parent=county))
    assert len(children) >= 2
    counted = 0
    for code in _additive():
        whole = indicators.compute(code, units=ids, period=year)
        months = sum(
            (indicators.compute(code, units=ids, period=m) for m in year.months()), Decimal(0)
        )
        assert Decimal(whole) == months, code
        parts = indicators.compute(code, units=[county.pk], period=year) + sum(
            (indicators.value_for(code, child, year) for child in children), Decimal(0)
        )
        assert Decimal(whole) == parts, code
        counted += bool(whole)
    # The demo records must make most of these numbers non-zero, or the sums prove nothing.
    assert counted >= len(_additive()) * 2 // 3, counted
