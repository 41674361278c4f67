"""Per-office monthly summaries: kept current by record changes, read for whole months, checked
against the records by `sifasuo reports verify`, rebuilt by `sifasuo reports rebuild`.

A line declared here counts 普法 events (publicity.Event) with additive indicators, so the
mechanism is tested apart from any line's own declarations."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from sifasuo import cli
from sifasuo.core import indicators, lines, summaries
from sifasuo.core.indicators import Period
from sifasuo.core.lines import BusinessLine, Indicator, RecordType
from sifasuo.core.models import MonthlySummary, StaleSummary
from sifasuo.publicity import services as publicity
from sifasuo.publicity.models import Event, EventKind

_Q = "sifasuo.publicity.indicators."
SUMMARY_LINE = BusinessLine(
    label="summary_test",
    name="汇总测试",
    records=(RecordType("summary_test.event", "publicity.Event"),),
    indicators=(
        Indicator("s.events", "活动场次", "按活动日期计", "场", query=_Q + "events", additive=True),
        Indicator(
            "s.audience", "受众人数", "按活动日期计", "人", query=_Q + "audience", additive=True
        ),
        Indicator(
            "s.schools",
            "进校园场次",
            "按活动日期计",
            "场",
            query=_Q + "school_sessions",
            additive=True,
        ),
        Indicator(
            "s.school_share", "进校园占比", "进校园 ÷ 活动", "%", ratio=("s.schools", "s.events")
        ),
        # Not additive: always counted from the records.
        Indicator("s.live", "活动场次（实时）", "按活动日期计", "场", query=_Q + "events"),
    ),
)
CODES = ["s.events", "s.audience", "s.schools", "s.school_share", "s.live"]


@pytest.fixture
def summary_line(monkeypatch):
    real = lines.lines()
    monkeypatch.setattr(lines, "lines", lambda: [*real, SUMMARY_LINE])
    lines.clear_caches()
    summaries.connect()
    yield SUMMARY_LINE
    monkeypatch.undo()
    lines.clear_caches()


def event(world, held_on: date, *, unit=None, kind=EventKind.LECTURE, audience=50) -> Event:
    return publicity.event_create(
        actor=world.office_user if unit is None else world.colleague,
        unit=unit or world.office_a1,
        held_on=held_on,
        kind=kind,
        theme="民法典讲座",
        place="海滨社区",
        audience_count=audience,
        school="秦楼中学" if kind == EventKind.SCHOOL else "",
    )


def stored(unit, month: date, code: str):
    row = MonthlySummary.objects.filter(unit=unit, month=month, code=code).first()
    return row and summaries.number(row.value)


def test_a_change_through_a_service_updates_the_summary(summary_line, world):
    summaries.rebuild()
    event(world, date(2026, 3, 5), audience=80)
    event(world, date(2026, 3, 20), kind=EventKind.SCHOOL, audience=40)
    # The change marked the office's March stale and will queue one recount when it commits.
    assert StaleSummary.objects.filter(
        line="summary_test", unit=world.office_a1, month=date(2026, 3, 1)
    ).exists()
    hooks = [hook[1] for hook in connection.run_on_commit]
    assert hooks.count(summaries._enqueue_refresh) == 1
    before = DBTaskResult.objects.count()
    summaries._enqueue_refresh()
    assert DBTaskResult.objects.count() == before + 1
    assert stored(world.office_a1, date(2026, 3, 1), "s.events") is None

    summaries.refresh()  # what the queued task runs
    assert not StaleSummary.objects.exists()
    assert stored(world.office_a1, date(2026, 3, 1), "s.events") == 2
    assert stored(world.office_a1, date(2026, 3, 1), "s.audience") == 120
    year = Period.year(2026)
    assert indicators.value_for("s.events", world.county_a, year) == 2
    assert indicators.value_for("s.school_share", world.city, year) == 50


def test_a_read_recounts_stale_cells_before_summing(summary_line, world):
    summaries.rebuild()
    event(world, date(2026, 3, 5))
    event(world, date(2026, 5, 5), unit=world.office_a2)
    # No worker has run: the read refreshes what it needs.
    table = indicators.values_for(
        CODES, [world.city, world.county_a, world.office_a1, world.office_a2], Period.year(2026)
    )
    assert table[world.city.pk]["s.events"] == 2
    assert table[world.office_a1.pk] == {
        "s.events": 1,
        "s.audience": 50,
        "s.schools": 0,
        "s.school_share": 0,
        "s.live": 1,
    }
    assert table[world.office_a2.pk]["s.events"] == 1
    assert not StaleSummary.objects.filter(line="summary_test").exists()


def test_a_date_moved_from_march_to_april_moves_the_count(summary_line, world):
    summaries.rebuild()
    record = event(world, date(2026, 3, 31))
    q1_q2 = Period(date(2026, 3, 1), date(2026, 4, 30), "")

    def march_april():
        series = indicators.monthly_values(["s.events"], world.county_a, q1_q2)
        return [value for _, value in series["s.events"]]

    assert march_april() == [1, 0]

    record.held_on = date(2026, 4, 1)
    record.save()
    assert march_april() == [0, 1]
    assert stored(world.office_a1, date(2026, 3, 1), "s.events") is None
    assert stored(world.office_a1, date(2026, 4, 1), "s.events") == 1

    record.delete()
    assert march_april() == [0, 0]


def test_a_record_moved_to_another_office_moves_the_count(summary_line, world):
    summaries.rebuild()
    record = event(world, date(2026, 6, 2))
    march = Period.month(2026, 6)
    assert indicators.value_for("s.events", world.office_a1, march) == 1
    record.unit = world.office_b1
    record.save()
    assert indicators.value_for("s.events", world.office_a1, march) == 0
    assert indicators.value_for("s.events", world.county_b, march) == 1


def test_verify_finds_a_hand_damaged_row_and_rebuild_repairs_it(summary_line, world, capsys):
    event(world, date(2026, 3, 5))
    event(world, date(2026, 4, 5))
    summaries.rebuild()
    assert summaries.verify() == []
    assert cli.main(["reports", "verify"]) == 0

    MonthlySummary.objects.filter(
        unit=world.office_a1, month=date(2026, 4, 1), code="s.events"
    ).update(value=7)
    MonthlySummary.objects.filter(
        unit=world.office_a1, month=date(2026, 3, 1), code="s.audience"
    ).delete()
    differences = summaries.verify()
    found = {(d.unit_id, d.month, d.code, d.stored, d.recomputed) for d in differences}
    assert found == {
        (world.office_a1.pk, date(2026, 4, 1), "s.events", 7, 1),
        (world.office_a1.pk, date(2026, 3, 1), "s.audience", 0, 50),
    }
    capsys.readouterr()
    assert cli.main(["reports", "verify"]) == 1
    err = capsys.readouterr().err
    assert "2 处" in err and "2026-04\ts.events\t7\t1" in err and world.office_a1.name in err
    # The damaged value is what a report would show until the summaries are rebuilt.
    assert indicators.value_for("s.events", world.office_a1, Period.month(2026, 4)) == 7

    assert (
        cli.main(["reports", "rebuild", "--unit", world.county_a.name, "--since", "2026-03"]) == 0
    )
    assert summaries.verify() == []
    assert indicators.value_for("s.events", world.office_a1, Period.month(2026, 4)) == 1


def test_periods_not_aligned_to_months_and_lines_not_built_count_the_records(summary_line, world):
    event(world, date(2026, 3, 15))
    year = Period.year(2026)
    # Not built yet: counted from the records.
    assert indicators.value_for("s.events", world.office_a1, year) == 1
    assert not MonthlySummary.objects.exists()
    summaries.rebuild()
    MonthlySummary.objects.filter(code="s.events").update(value=9)
    assert indicators.value_for("s.events", world.office_a1, year) == 9
    assert (
        indicators.value_for("s.events", world.office_a1, Period.parse("2026-03-10..2026-03-20"))
        == 1
    )
    assert indicators.value_for("s.live", world.office_a1, year) == 1
    # A custom range's whole months come from the summaries, its clipped edges from the records.
    series = indicators.monthly_values(
        ["s.events"], world.office_a1, Period.parse("2026-02-15..2026-03-31")
    )
    assert [v for _, v in series["s.events"]] == [0, 9]


def test_many_units_and_codes_are_summed_in_a_fixed_number_of_queries(
    summary_line, world, django_assert_max_num_queries
):
    for day in (date(2026, 1, 9), date(2026, 7, 9), date(2026, 12, 31)):
        event(world, day)
        event(world, day, unit=world.office_a2)
    summaries.rebuild()
    units = [
        world.city,
        world.county_a,
        world.county_b,
        world.office_a1,
        world.office_a2,
        world.office_b1,
    ]
    summed = ["s.events", "s.audience", "s.schools", "s.school_share"]
    with django_assert_max_num_queries(4):
        table = indicators.values_for(summed, units, Period.year(2026))
    assert [table[u.pk]["s.events"] for u in units] == [6, 6, 0, 3, 3, 0]
    with django_assert_max_num_queries(4):
        series = indicators.monthly_values(summed, world.city, Period.year(2026))
    assert [v for _, v in series["s.events"]] == [2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2]


def test_summed_values_equal_the_records_on_demo_data(summary_line, db):
    from sifasuo.core.demo import load_demo
    from sifasuo.core.models import OrgUnit, UnitKind

    load_demo(password="demo-password-1")
    city = OrgUnit.objects.get(kind=UnitKind.CITY)
    counties = list(OrgUnit.objects.filter(kind=UnitKind.BUREAU))
    offices = list(OrgUnit.objects.filter(kind=UnitKind.OFFICE).order_by("path")[:6])
    units = [city, *counties, *offices]
    # The demo leaves every cell for the worker; recount this line's and publicity's now.
    summaries.refresh(line_labels={"summary_test", "publicity"})
    built = summaries.built_codes()
    assert built >= {"s.events", "s.audience", "s.schools"}
    codes = [
        code
        for code, line in lines.indicator_lines().items()
        if line.label in ("summary_test", "publicity") and indicators._summarised(code, built)
    ]
    assert Event.objects.exists()
    year = Event.objects.latest("held_on").held_on.year
    for period in (Period.year(year), Period.quarter(year, 1)):
        summed = indicators.values_for(codes, units, period)
        for unit in units:
            ids = indicators.subtree_unit_ids(unit)
            for code in codes:
                live = indicators._live(code, ids, period)
                assert summed[unit.pk][code] == live, (unit.name, code)
    assert not StaleSummary.objects.filter(line__in=["summary_test", "publicity"]).exists()


def test_a_read_counts_the_records_while_the_worker_is_behind(summary_line, world, monkeypatch):
    summaries.rebuild()
    spring = [date(2026, 3, 1), date(2026, 4, 1)]
    event(world, date(2026, 3, 5))
    event(world, date(2026, 4, 5))
    monkeypatch.setattr(summaries, "CATCH_UP_LIMIT", 1)
    # Stale months (March, April, and this month of the rows' creation): more than a read
    # recounts itself, so it counts the records instead.
    assert indicators.value_for("s.events", world.county_a, Period.year(2026)) == 2
    assert StaleSummary.objects.filter(line="summary_test", month__in=spring).count() == 2
    # One stale month in the period asked for: recounted, then summed.
    assert indicators.value_for("s.events", world.county_a, Period.month(2026, 3)) == 1
    assert stored(world.office_a1, date(2026, 3, 1), "s.events") == 1
    assert StaleSummary.objects.filter(line="summary_test", month__in=spring).count() == 1
