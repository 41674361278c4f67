"""Working time counts only the working hours of working days."""

import datetime as dt

from sifasuo.consultations.worktime import working_minutes

OPENS, CLOSES = dt.time(8, 30), dt.time(17, 30)


def _weekdays(day: dt.date) -> bool:
    return day.weekday() < 5


def _minutes(start, end, is_workday=_weekdays):
    return working_minutes(start, end, is_workday=is_workday, opens=OPENS, closes=CLOSES)


def test_minutes_within_one_working_day():
    assert _minutes(dt.datetime(2026, 3, 2, 9, 0), dt.datetime(2026, 3, 2, 9, 7)) == 7


def test_a_question_asked_at_friday_closing_is_counted_from_monday_opening():
    friday = dt.datetime(2026, 3, 6, 17, 25)
    monday = dt.datetime(2026, 3, 9, 8, 35)
    assert _minutes(friday, monday) == 10


def test_the_night_and_the_early_morning_do_not_count():
    assert _minutes(dt.datetime(2026, 3, 2, 20, 0), dt.datetime(2026, 3, 3, 8, 40)) == 10


def test_a_holiday_does_not_count_and_a_make_up_saturday_does():
    holiday = dt.date(2026, 3, 3)
    make_up = dt.date(2026, 3, 7)

    def is_workday(day):
        return day == make_up or (day.weekday() < 5 and day != holiday)

    start = dt.datetime(2026, 3, 2, 17, 20)
    assert _minutes(start, dt.datetime(2026, 3, 4, 8, 30), is_workday) == 10
    assert (
        _minutes(dt.datetime(2026, 3, 6, 17, 20), dt.datetime(2026, 3, 7, 8, 40), is_workday) == 20
    )


def test_an_end_before_the_start_is_zero():
    assert _minutes(dt.datetime(2026, 3, 2, 10, 0), dt.datetime(2026, 3, 2, 9, 0)) == 0
