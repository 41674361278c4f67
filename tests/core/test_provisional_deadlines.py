"""Periods that run into a year without holiday data are provisional, then recounted.

The year is the first one the bundled calendar does not cover (see tests/time_support.py), so
these tests hold whichever year chinesecalendar reaches.
"""

import datetime as dt
import json

import pytest
from django.urls import reverse
from time_support import FIRST_YEAR_WITHOUT_DATA, workdays_after_oracle

from sifasuo import cli
from sifasuo.core import deadline_service, deadlines, services
from sifasuo.core.models import AuditEntry, WorkItem

Y = FIRST_YEAR_WITHOUT_DATA
# The notice for year Y as the State Council would publish it (a test fixture, not real data):
# New Year's Day off and the first Saturday after it a working day.
FIRST_SATURDAY = dt.date(Y, 1, 2) + dt.timedelta(days=(5 - dt.date(Y, 1, 2).weekday()) % 7)
NOTICE = {dt.date(Y, 1, 1): "off", FIRST_SATURDAY: "work"}


@pytest.fixture
def fresh_calendar(settings):
    """Calendars are cached per process: empty the caches around each test."""
    deadline_service.calendar.cache_clear()
    deadline_service.provisional_calendar.cache_clear()
    yield settings
    deadline_service.calendar.cache_clear()
    deadline_service.provisional_calendar.cache_clear()


@pytest.fixture
def load_notice(fresh_calendar, tmp_path):
    def load():
        path = tmp_path / f"holidays-{Y}.json"
        rows = [{"date": d.isoformat(), "kind": k, "name": "元旦"} for d, k in NOTICE.items()]
        path.write_text(json.dumps({"days": rows}), encoding="utf-8")
        fresh_calendar.SIFASUO_HOLIDAY_OVERRIDES = str(path)
        deadline_service.calendar.cache_clear()
        deadline_service.provisional_calendar.cache_clear()

    return load


def _item(world, start, rule="reconsideration.decide"):
    return services.work_item_create(
        actor=world.office_head,
        unit=world.office_a1,
        title="行政复议决定期限",
        category="行政复议",
        assignee=world.office_user,
        due_rule=rule,
        due_start=start,
    )


def test_the_strict_calendar_refuses_and_the_provisional_one_assumes_the_fixed_holidays():
    strict = deadlines.HolidayCalendar()
    with pytest.raises(deadlines.CalendarDataMissing):
        strict.is_workday(dt.date(Y, 1, 5))
    provisional = strict.provisional()
    assert not provisional.is_workday(dt.date(Y, 1, 1))  # 元旦, whatever the weekday
    assert provisional.rest_reason(dt.date(Y, 1, 1)) == "元旦"
    assert not provisional.is_workday(dt.date(Y, 5, 2))  # 劳动节
    assert not provisional.is_workday(FIRST_SATURDAY)  # no 调休 known yet
    assert provisional.assumed_years == {Y}
    assert not provisional.is_workday(dt.date(2026, 10, 1))  # known years keep their holidays


def test_a_period_into_an_unknown_year_is_provisional_not_refused(world, fresh_calendar):
    item = _item(world, dt.date(Y - 1, 12, 20))
    assert item.due_provisional and item.due_on.year == Y
    known = _item(world, dt.date(Y - 1, 9, 1))
    assert not known.due_provisional


def test_recount_after_the_notice_is_loaded(world, load_notice):
    # 7 working days from 28 December: the provisional count skips New Year's Day; the notice
    # adds a day off and a working Saturday, and the recount follows it.
    start = dt.date(Y - 1, 12, 28)
    item = _item(world, start, rule="major_decision.legality_review")
    provisional = workdays_after_oracle(start, 7)
    assert item.due_provisional and item.due_on == provisional
    assert item.due_on != dt.date(Y, 1, 1)
    assert deadline_service.recompute_provisional() == {}  # still no data: nothing changes

    load_notice()
    assert deadline_service.recompute_provisional() == {"core.WorkItem": 1}
    item.refresh_from_db()
    counted = workdays_after_oracle(start, 7, notice=NOTICE)
    assert not item.due_provisional and item.due_on == counted
    entry = AuditEntry.objects.get(action="deadline.recompute")
    assert entry.changes["due_provisional"] == [True, False]
    assert entry.changes["due_on"] == [provisional.isoformat(), counted.isoformat()]
    assert deadline_service.recompute_provisional() == {}  # a second run finds nothing


def test_a_make_up_saturday_counts_after_the_recount(world, load_notice):
    """A period that reaches the notice's working Saturday ends a day earlier once it is loaded,
    or later where the notice adds a day off: either way it equals a plain count of the notice."""
    start = FIRST_SATURDAY - dt.timedelta(days=3)
    item = _item(world, start, rule="major_decision.legality_review")
    assert item.due_on == workdays_after_oracle(start, 7)
    load_notice()
    deadline_service.recompute_provisional()
    item.refresh_from_db()
    assert item.due_on == workdays_after_oracle(start, 7, notice=NOTICE)
    assert not item.due_provisional


def test_lists_and_detail_mark_provisional_dates(world, login, fresh_calendar):
    item = _item(world, dt.date(Y - 1, 12, 20))
    client = login(world.office_user)
    for url in (reverse("core:work_list"), reverse("core:work_detail", args=[item.pk]), "/"):
        body = client.get(url).content.decode()
        assert item.due_on.isoformat() in body, url
        assert "暂定" in body, url
    settled = _item(world, dt.date(Y - 1, 9, 1))
    WorkItem.objects.filter(pk=item.pk).delete()
    body = client.get(reverse("core:work_detail", args=[settled.pk])).content.decode()
    assert "暂定" not in body


def test_due_preview_warns_about_a_provisional_date(world, login, fresh_calendar):
    client = login(world.office_head)
    url = reverse("core:work_due_preview")
    december, september = f"{Y - 1}-12-20", f"{Y - 1}-09-01"
    body = client.get(url, {"due_rule": "reconsideration.decide", "due_start": december})
    assert "暂按周末和法定节日推算" in body.content.decode()
    # The counting article of a 复议 period (行政复议法 第八十八条 → 民事诉讼法 第八十五条).
    assert "起算日不计入：民事诉讼法 第八十五条第二款，依行政复议法 第八十八条第一款适用" in (
        body.content.decode()
    )
    body = client.get(url, {"due_rule": "reconsideration.decide", "due_start": september})
    assert "暂按周末和法定节日推算" not in body.content.decode()


def test_command_recounts_and_reports(world, load_notice, capsys):
    _item(world, dt.date(Y - 1, 12, 28), rule="major_decision.legality_review")
    assert cli.main(["recompute-deadlines"]) == 0
    assert "没有需要重算的暂定期限" in capsys.readouterr().out
    load_notice()
    assert cli.main(["recompute-deadlines"]) == 0
    out = capsys.readouterr().out
    assert "已按节假日数据重算 1 个暂定期限" in out and str(Y) in out


def test_home_page_says_when_next_years_holidays_are_missing(
    world, login, load_notice, freeze_today
):
    client = login(world.office_user)
    freeze_today(dt.date(Y - 1, 11, 22))
    assert f"{Y}年节假日安排尚未载入" in client.get("/").content.decode()
    freeze_today(dt.date(Y - 1, 6, 1))
    assert "节假日安排尚未载入" not in client.get("/").content.decode()  # too early to worry
    freeze_today(dt.date(Y - 1, 11, 22))
    load_notice()
    assert "节假日安排尚未载入" not in client.get("/").content.decode()
