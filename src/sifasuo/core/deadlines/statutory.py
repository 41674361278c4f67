"""The statutory holidays every year has, for years whose holiday notice is not out yet.

Since the 2024 revision of 全国年节及纪念日放假办法 (in force from 2025), 第二条 fixes the days
off themselves: 元旦 1 January; 春节 农历除夕 to 正月初三; 清明节 the day of 清明; 劳动节 1 and
2 May; 端午节 and 中秋节 their lunar days; 国庆节 1 to 3 October. Only the weekend swaps (调休)
are announced each year, so a provisional calendar can count these days as rest days. Lunar dates
and the 清明 solar term come from ``tyme4py``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from tyme4py.lunar import LunarDay
from tyme4py.solar import SolarDay, SolarTerm

__all__ = ["HOLIDAY_BASIS", "statutory_holidays"]

HOLIDAY_BASIS = "全国年节及纪念日放假办法 第二条"


def _solar(day: SolarDay) -> date:
    return date(day.get_year(), day.get_month(), day.get_day())


@cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The days off of 全国年节及纪念日放假办法 第二条 in ``year``, each with its festival's name
    as the bundled calendar spells it (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆节).

    Make-up working days and the weekends joined to a holiday are not included: they are set by
    the State Council's yearly notice.
    """
    new_year = _solar(LunarDay.from_ymd(year, 1, 1).get_solar_day())
    festivals: list[tuple[str, list[date]]] = [
        ("元旦", [date(year, 1, 1)]),
        ("春节", [new_year + timedelta(days=offset) for offset in range(-1, 3)]),  # 除夕 to 初三
        ("清明", [_solar(SolarTerm.from_name(year, "清明").get_solar_day())]),
        ("劳动节", [date(year, 5, 1), date(year, 5, 2)]),
        ("端午", [_solar(LunarDay.from_ymd(year, 5, 5).get_solar_day())]),
        ("中秋", [_solar(LunarDay.from_ymd(year, 8, 15).get_solar_day())]),
        ("国庆节", [date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)]),
    ]
    days: dict[date, str] = {}
    for name, dates in festivals:
        for day in dates:
            # 中秋 can fall on 1–3 October: one day off, both names.
            days[day] = f"{days[day]}、{name}" if day in days else name
    return dict(sorted(days.items()))
