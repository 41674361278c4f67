"""Dates for tests that must hold whatever year the bundled holiday data reaches.

`chinesecalendar` gains a year each time the State Council publishes its notice, so no test names
"the first year without data": it asks the bundled calendar. Tests that need a fixed "today"
use the `freeze_today` fixture (tests/conftest.py), the one way the suite freezes time.
"""

from __future__ import annotations

from datetime import date, timedelta

from sifasuo.core.deadlines import HolidayCalendar

# The first year the bundled chinese-calendar data does not cover.
FIRST_YEAR_WITHOUT_DATA = max(HolidayCalendar().known_years()) + 1


def is_workday_oracle(day: date, *, notice: dict[date, str] | None = None) -> bool:
    """Whether `day` is a working day, asked of chinese_calendar itself for the years it covers
    and, for later years, of the fixed statutory holidays, changed where a loaded `notice` maps a
    day to "off" or "work"."""
    import chinese_calendar

    from sifasuo.core.deadlines.statutory import statutory_holidays

    if day.year < FIRST_YEAR_WITHOUT_DATA:
        return chinese_calendar.is_workday(day)
    if notice is not None and day in notice:
        return notice[day] == "work"
    return day.weekday() < 5 and day not in statutory_holidays(day.year)


def roll_forward_oracle(day: date, *, notice: dict[date, str] | None = None) -> date:
    """`day` itself if it is a working day, else the next one (see `is_workday_oracle`)."""
    while not is_workday_oracle(day, notice=notice):
        day += timedelta(days=1)
    return day


def workdays_after_oracle(start: date, n: int, *, notice: dict[date, str] | None = None) -> date:
    """The n-th working day after `start`, one day at a time (see `is_workday_oracle`)."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += is_workday_oracle(day, notice=notice)
    return day
