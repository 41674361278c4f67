"""Years without holiday data: the statutory holidays of 全国年节及纪念日放假办法 第二条 are rest
days, the date is marked 暂定, and the command gives that answer instead of refusing."""

import json
from datetime import date, timedelta

import chinese_calendar
import pytest
from time_support import FIRST_YEAR_WITHOUT_DATA, roll_forward_oracle, workdays_after_oracle

from sifasuo.core.deadlines import CalendarDataMissing, HolidayCalendar, compute
from sifasuo.core.deadlines.cli import main
from sifasuo.core.deadlines.statutory import statutory_holidays

D = date
Y = FIRST_YEAR_WITHOUT_DATA


@pytest.fixture(autouse=True)
def _no_env_overrides(monkeypatch):
    monkeypatch.delenv("SIFASUO_HOLIDAY_OVERRIDES", raising=False)


def test_statutory_holidays_of_2027_and_2028_by_the_2024_revision():
    # 元旦 1/1; 春节 除夕 to 初三 (农历正月初一 is 2027-02-06, 2028-01-26); 清明 on the solar term;
    # 劳动节 5/1–5/2; 端午 (五月初五) and 中秋 (八月十五); 国庆 10/1–10/3.
    assert statutory_holidays(2027) == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",
        D(2027, 2, 6): "春节",
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午",
        D(2027, 9, 15): "中秋",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
    }
    h2028 = statutory_holidays(2028)
    assert [d for d, n in h2028.items() if n == "春节"] == [D(2028, 1, d) for d in (25, 26, 27, 28)]
    assert h2028[D(2028, 4, 4)] == "清明" and h2028[D(2028, 5, 28)] == "端午"
    # 中秋 2028 falls on 3 October: one day off with both names, 12 days in all.
    assert h2028[D(2028, 10, 3)] == "中秋、国庆节" and len(h2028) == 12


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_computed_holiday_is_a_holiday_in_the_published_notices(year):
    """The State Council's notices for 2025 and 2026 (bundled in chinese_calendar) give every day
    the 2024 revision fixes as a day off."""
    days = statutory_holidays(year)
    assert len(days) == 13
    for day, name in days.items():
        assert chinese_calendar.is_holiday(day), (day, name)
        assert chinese_calendar.get_holiday_detail(day)[1] is not None, (day, name)


def test_the_provisional_calendar_rests_on_weekends_and_statutory_holidays_only():
    strict = HolidayCalendar()
    with pytest.raises(CalendarDataMissing, match=str(Y)):
        strict.is_workday(D(Y, 3, 1))
    provisional = strict.provisional()
    day = D(Y, 1, 1)
    while day.year == Y:
        expected = day.weekday() < 5 and day not in statutory_holidays(Y)
        assert provisional.is_workday(day) == expected, day
        day += timedelta(days=1)
    assert provisional.rest_reason(D(Y, 10, 2)) == "国庆节"
    assert provisional.assumed_years == {Y}
    assert provisional.is_assumed_year(Y) and not provisional.is_assumed_year(Y - 1)


@pytest.mark.parametrize("holiday", sorted(statutory_holidays(Y)))
def test_a_provisional_due_date_never_falls_on_a_statutory_holiday(holiday):
    # 15 days (行政诉讼法 第六十七条) whose last day is the holiday itself.
    result = compute(
        "litigation.answer", holiday - timedelta(days=15), calendar=HolidayCalendar().provisional()
    )
    assert result.raw_end == holiday
    assert result.due == roll_forward_oracle(holiday)
    assert result.due not in statutory_holidays(Y) and result.due.weekday() < 5
    assert result.provisional and result.assumed_years == (Y,)
    assert (holiday, statutory_holidays(Y)[holiday]) in result.skipped
    text = result.explain()
    assert f"届满日：{result.due.isoformat()}" in text and "（暂定）" in text
    assert "全国年节及纪念日放假办法 第二条" in text


def test_a_working_day_period_skips_new_years_day_provisionally():
    start = D(Y - 1, 12, 28)
    result = compute("reconsideration.reply", start, calendar=HolidayCalendar().provisional())
    assert result.due == workdays_after_oracle(start, 10)
    assert (D(Y, 1, 1), "元旦") in result.skipped
    assert result.provisional
    settled = compute("reconsideration.reply", D(Y - 1, 9, 1), calendar=HolidayCalendar())
    assert not settled.provisional and "暂定" not in settled.explain()


def test_the_command_gives_the_provisional_answer_marked_as_such(capsys):
    start = D(Y - 1, 12, 2)
    # 60 days (行政复议法 第六十二条第一款) from early December end in the next year.
    assert main(["reconsideration.decide", start.isoformat()]) == 0
    out = capsys.readouterr().out
    due = roll_forward_oracle(start + timedelta(days=60))
    assert f"届满日：{due.isoformat()}" in out and "（暂定）" in out
    assert f"暂定：{Y}年的节假日安排尚未载入" in out
    assert main(["reconsideration.decide", start.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == due.isoformat()
    assert data["provisional"] is True and data["assumed_years"] == [Y]


def test_a_loaded_notice_ends_the_provisional_mark(tmp_path, capsys):
    # A notice for the year: New Year's Day off, and the first Saturday of March a working day.
    saturday = D(Y, 3, 1) + timedelta(days=(5 - D(Y, 3, 1).weekday()) % 7)
    table = tmp_path / f"holidays-{Y}.csv"
    table.write_text(
        f"date,kind,name\n{Y}-01-01,off,元旦\n{saturday.isoformat()},work,调休\n", encoding="utf-8"
    )
    start = D(Y, 2, 26)
    argv = ["reconsideration.reply", start.isoformat(), "--json"]
    assert main([*argv, "--overrides", str(table)]) == 0
    data = json.loads(capsys.readouterr().out)
    notice = {D(Y, 1, 1): "off", saturday: "work"}
    assert data["due"] == workdays_after_oracle(start, 10, notice=notice).isoformat()
    assert data["provisional"] is False and data["assumed_years"] == []
    assert main(argv) == 0
    without = json.loads(capsys.readouterr().out)
    assert without["due"] == workdays_after_oracle(start, 10).isoformat()
    assert without["provisional"] is True


def test_a_year_known_from_a_notice_file_keeps_the_statutory_holidays_it_does_not_list():
    from sifasuo.core.deadlines import DayKind, OverrideDay

    bridge = D(Y, 10, 4)
    cal = HolidayCalendar([OverrideDay(bridge, DayKind.OFF, "国庆节")])
    assert cal.has_year(Y) and not cal.provisional().is_assumed_year(Y)
    assert cal.rest_reason(D(Y, 10, 2)) == "国庆节" and cal.rest_reason(bridge) == "国庆节"
    assert not cal.is_workday(D(Y, 5, 1))
    result = compute("litigation.answer", D(Y, 9, 16), calendar=cal)  # 15 days: 1 October
    assert result.due == roll_forward_oracle(D(Y, 10, 1), notice={bridge: "off"})
    assert result.due > bridge and not result.provisional
