"""Periods that run into a year without holiday data are provisional, then recounted."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from sifasuo import cli
from sifasuo.core import deadline_service, deadlines, services
from sifasuo.core.models import AuditEntry, WorkItem

# 2027's rest days as the State Council's notice would list them (a test fixture, not real data):
# New Year's Day on Friday 1 January and a make-up working Saturday on 9 January.
NOTICE_2027 = {
    "days": [
        {"date": "2027-01-01", "kind": "off", "name": "元旦"},
        {"date": "2027-01-09", "kind": "work", "name": "元旦"},
    ]
}


@pytest.fixture
def fresh_calendar(settings):
    """Calendars are cached per process: empty the caches around each test."""
    deadline_service.calendar.cache_clear()
    deadline_service.provisional_calendar.cache_clear()
    yield settings
    deadline_service.calendar.cache_clear()
    deadline_service.provisional_calendar.cache_clear()


@pytest.fixture
def load_2027(fresh_calendar, tmp_path):
    def load():
        path = tmp_path / "holidays-2027.json"
        path.write_text(json.dumps(NOTICE_2027), encoding="utf-8")
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


def test_the_strict_calendar_refuses_and_the_provisional_one_assumes_weekends():
    strict = deadlines.HolidayCalendar()
    with pytest.raises(deadlines.CalendarDataMissing):
        strict.is_workday(dt.date(2027, 1, 1))
    provisional = strict.provisional()
    assert provisional.is_workday(dt.date(2027, 1, 1))  # a Friday: no holiday known
    assert not provisional.is_workday(dt.date(2027, 1, 2))  # Saturday
    assert provisional.assumed_years == {2027}
    assert not provisional.is_workday(dt.date(2026, 10, 1))  # known years keep their holidays


def test_a_period_into_an_unknown_year_is_provisional_not_refused(world, fresh_calendar):
    item = _item(world, dt.date(2026, 12, 20))
    assert item.due_provisional and item.due_on.year == 2027
    known = _item(world, dt.date(2026, 9, 1))
    assert not known.due_provisional


def test_recount_after_the_notice_is_loaded(world, load_2027):
    # Sent 2026-12-28, 7 working days: 29, 30, 31 December, then weekends-only counting takes
    # Friday 1 January as a working day and ends on Wednesday 6 January. With New Year's Day off,
    # the period ends a day later.
    item = _item(world, dt.date(2026, 12, 28), rule="major_decision.legality_review")
    assert item.due_provisional and item.due_on == dt.date(2027, 1, 6)
    assert deadline_service.recompute_provisional() == {}  # still no 2027 data: nothing changes

    load_2027()
    assert deadline_service.recompute_provisional() == {"core.WorkItem": 1}
    item.refresh_from_db()
    assert not item.due_provisional and item.due_on == dt.date(2027, 1, 7)
    entry = AuditEntry.objects.get(action="deadline.recompute")
    assert entry.changes["due_provisional"] == [True, False]
    assert entry.changes["due_on"] == ["2027-01-06", "2027-01-07"]
    assert deadline_service.recompute_provisional() == {}  # a second run finds nothing


def test_a_make_up_saturday_counts_after_the_recount(world, load_2027):
    """Sent 2026-12-30: 31 December, (1 January), 4–8 January; weekends only ends on Friday the
    8th, the real calendar skips New Year's Day and counts the make-up Saturday, the 9th."""
    item = _item(world, dt.date(2026, 12, 30), rule="major_decision.legality_review")
    assert item.due_on == dt.date(2027, 1, 8)
    load_2027()
    deadline_service.recompute_provisional()
    item.refresh_from_db()
    assert item.due_on == dt.date(2027, 1, 9) and not item.due_provisional


def test_lists_and_detail_mark_provisional_dates(world, login, fresh_calendar):
    item = _item(world, dt.date(2026, 12, 20))
    client = login(world.office_user)
    for url in (reverse("core:work_list"), reverse("core:work_detail", args=[item.pk]), "/"):
        body = client.get(url).content.decode()
        assert item.due_on.isoformat() in body, url
        assert "暂定" in body, url
    settled = _item(world, dt.date(2026, 9, 1))
    WorkItem.objects.filter(pk=item.pk).delete()
    body = client.get(reverse("core:work_detail", args=[settled.pk])).content.decode()
    assert "暂定" not in body


def test_due_preview_warns_about_a_provisional_date(world, login, fresh_calendar):
    client = login(world.office_head)
    url = reverse("core:work_due_preview")
    body = client.get(url, {"due_rule": "reconsideration.decide", "due_start": "2026-12-20"})
    assert "暂按周末推算" in body.content.decode()
    body = client.get(url, {"due_rule": "reconsideration.decide", "due_start": "2026-09-01"})
    assert "暂按周末推算" not in body.content.decode()


def test_command_recounts_and_reports(world, load_2027, capsys):
    _item(world, dt.date(2026, 12, 28), rule="major_decision.legality_review")
    assert cli.main(["recompute-deadlines"]) == 0
    assert "没有需要重算的暂定期限" in capsys.readouterr().out
    load_2027()
    assert cli.main(["recompute-deadlines"]) == 0
    out = capsys.readouterr().out
    assert "已按节假日数据重算 1 个暂定期限" in out and "2027" in out


def test_home_page_says_when_next_years_holidays_are_missing(world, login, load_2027, monkeypatch):
    client = login(world.office_user)
    monkeypatch.setattr(deadline_service, "today", lambda: dt.date(2026, 11, 22))
    assert "2027年节假日安排尚未载入" in client.get("/").content.decode()
    monkeypatch.setattr(deadline_service, "today", lambda: dt.date(2026, 6, 1))
    assert "节假日安排尚未载入" not in client.get("/").content.decode()  # too early to worry
    monkeypatch.setattr(deadline_service, "today", lambda: dt.date(2026, 11, 22))
    load_2027()
    assert "节假日安排尚未载入" not in client.get("/").content.decode()
