"""The indicator kit: periods as offices write them, roll-up over a unit's subtree, rates from
rolled-up parts, and the declaration check."""

from datetime import date

import pytest

from sifasuo.core import checks, indicators, lines
from sifasuo.core.indicators import Period, PeriodError
from sifasuo.core.lines import BusinessLine, Indicator


def test_periods_read_as_offices_write_them():
    assert Period.parse("2026-Q1") == Period(date(2026, 1, 1), date(2026, 3, 31), "2026年第一季度")
    assert Period.parse("2024-02").end == date(2024, 2, 29)
    custom = Period.parse("2026-01-05..2026-02-01")
    assert custom.label == "2026年1月5日至2026年2月1日"
    assert [m.key for m in custom.months()] == ["2026-01", "2026-02"]
    for text in ("2026", "2026-Q4", "2026-11", "2026-01-05..2026-02-01"):
        assert Period.parse(text).key == text
    for bad in ("2026-13", "二〇二六", "2026-02-01..2026-01-01", "2026-02-30..2026-03-01"):
        with pytest.raises(PeriodError):
            Period.parse(bad)


COUNTS: dict[int, tuple[int, int]] = {}


def held(*, units, start, end):
    return sum(COUNTS.get(u, (0, 0))[0] for u in units)


def attended(*, units, start, end):
    return sum(COUNTS.get(u, (0, 0))[1] for u in units)


TEST_LINE = BusinessLine(
    label="indicator_test",
    name="测试",
    indicators=(
        Indicator("t.held", "开庭次数", "开庭的次数", "次", query=f"{__name__}.held"),
        Indicator(
            "t.attended", "负责人出庭次数", "负责人出庭的次数", "次", query=f"{__name__}.attended"
        ),
        Indicator(
            "t.rate",
            "出庭率",
            "负责人出庭次数 ÷ 开庭次数",
            "%",
            ratio=("t.attended", "t.held"),
            revisions=(("2026-07-01", "不再计入撤诉案件"),),
        ),
    ),
)


@pytest.fixture
def test_line(monkeypatch):
    monkeypatch.setattr(lines, "lines", lambda: [TEST_LINE])
    lines.clear_caches()
    yield TEST_LINE
    lines.clear_caches()


def test_a_county_rolls_up_its_offices_and_rates_come_from_the_sums(test_line, world):
    county, office_a, office_b = world.county_a, world.office_a1, world.office_a2
    COUNTS.clear()
    COUNTS.update({office_a.pk: (4, 4), office_b.pk: (6, 3)})
    year = Period.year(2026)
    assert indicators.value_for("t.held", office_a, year) == 4
    assert indicators.value_for("t.held", county, year) == 10
    # 7 of 10, not the mean of 100% and 50%
    assert indicators.value_for("t.rate", county, year) == pytest.approx(70)
    COUNTS.clear()
    assert indicators.value_for("t.rate", county, year) is None  # no hearing: no rate
    assert indicators.revised_within("t.rate", year) == [(date(2026, 7, 1), "不再计入撤诉案件")]
    assert indicators.revised_within("t.rate", Period.year(2027)) == []


def test_an_indicator_needs_a_query_or_a_ratio_of_known_codes():
    broken = BusinessLine(
        label="broken",
        name="坏",
        indicators=(
            Indicator("b.none", "无", "无", "件"),
            Indicator("b.rate", "率", "率", "%", ratio=("b.none", "b.missing")),
        ),
    )
    messages = [e.msg for e in checks._indicator_shapes([broken])]
    assert any("b.none" in m and "neither" in m for m in messages)
    assert any("b.missing" in m for m in messages)
