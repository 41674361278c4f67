"""The demo city's reports: indicators declared additive really add up (a year is the sum of its
months, a county the sum of its own records and its offices' — what lets the per-office
monthly summaries stand in for the records), and every line's sheet has numbers."""

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


def test_the_demo_county_report_fills_every_line(county):
    """The statistics report of a demo county has numbers on every line's sheet, and its
    工作总结 data sheet quotes them."""
    from sifasuo.core import reports

    period = Period.year(YEAR)
    empty = [
        str(sheet.line.name)
        for sheet in reports.statistics_report(county, period)
        if not any(value for value in sheet.total.values)
    ]
    assert empty == []
    summary = reports.summary_sheet(county, period)
    assert all(entry.text for entry in summary), [e.line.label for e in summary if not e.text]


def _per_unit() -> list[str]:
    return [
        code
        for code, ind in lines.indicators().items()
        if ind.query and hasattr(indicators._query(ind.query), "by_unit")
    ]


@pytest.mark.parametrize("listed", [10_000, 0], ids=["ids listed", "ids by subquery"])
def test_a_per_unit_query_agrees_with_counting_each_unit_alone(county, listed, monkeypatch):
    """An indicator declared `per_unit` is read for every unit of a comparison from one call;
    each unit's value must be what counting that unit's subtree alone gives, and the values of
    the units below a county must add up to the county's."""
    monkeypatch.setattr(indicators, "_LISTED_UNITS", listed)
    codes = _per_unit()
    assert len(codes) >= 30, codes  # the registers' standing figures: villages, stations, staff
    year = Period.year(YEAR)
    children = list(OrgUnit.objects.filter(parent=county).order_by("path"))
    table = indicators.values_for(codes, [county, *children], year)
    counted = 0
    for code in codes:
        query = indicators._query(lines.indicators()[code].query)
        for unit in [county, *children]:
            alone = query(units=indicators.subtree_unit_ids(unit), start=year.start, end=year.end)
            assert table[unit.pk][code] == alone, (code, unit.name)
        own = query(units=[county.pk], start=year.start, end=year.end)
        assert table[county.pk][code] == own + sum(table[c.pk][code] for c in children), code
        counted += bool(table[county.pk][code])
    assert counted >= len(codes) // 2, counted


def test_a_comparison_costs_a_query_per_indicator_not_per_unit(
    county, django_assert_max_num_queries
):
    """The registers' figures of every office of a county come from one call per indicator."""
    codes = _per_unit()
    offices = list(OrgUnit.objects.filter(parent=county, kind=UnitKind.OFFICE))
    assert len(offices) >= 3
    year = Period.year(YEAR)
    indicators.values_for(codes, offices[:1], year)
    with django_assert_max_num_queries(len(codes) + 20):
        indicators.values_for(codes, offices, year)
