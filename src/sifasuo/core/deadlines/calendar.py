"""Holiday calendar (节假日安排) for deadline counting: which days are working days and why not.

Built-in data comes from the ``chinese_calendar`` package; an administrator adds or corrects years
with an override table taken from the State Council's yearly notice (see ``overrides.py``).
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

import chinese_calendar

from .statutory import statutory_holidays

__all__ = [
    "CalendarDataMissing",
    "DayKind",
    "DeadlineError",
    "HolidayCalendar",
    "OverrideDay",
    "default_calendar",
    "set_default_calendar",
]

WEEKEND = "周末"
WORKDAY = "工作日"
# Label for an override rest day that the administrator left unnamed.
UNNAMED_HOLIDAY = "节假日"


class DeadlineError(Exception):
    """Base class of every error the deadline engine raises on bad input or missing data."""


class CalendarDataMissing(DeadlineError):
    """No holiday data for a year: the engine refuses to guess which days are rest days."""

    def __init__(self, year: int, known: str) -> None:
        self.year = year
        super().__init__(
            f"no holiday data for {year} (known years: {known}); load the State Council's "
            f"holiday notice for {year} as an override file"
        )


class DayKind(StrEnum):
    """Kind of a row in a holiday override table."""

    OFF = "off"  # rest day or public holiday (休息日 / 法定节假日)
    WORK = "work"  # make-up working day on a weekend (调休上班)


class OverrideDay(NamedTuple):
    """One row of an override table: a date that is a rest day or a make-up working day."""

    day: date
    kind: DayKind
    name: str | None = None


def _chinese_holiday_name(english: str) -> str:
    # chinese_calendar stores English names; its Holiday enum carries the Chinese ones.
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english


_BUILTIN_HOLIDAYS: dict[date, str] = {
    d: _chinese_holiday_name(n) for d, n in chinese_calendar.holidays.items()
}
_BUILTIN_WORKDAYS: dict[date, str] = {
    d: _chinese_holiday_name(n) for d, n in chinese_calendar.workdays.items()
}
# chinese_calendar's own rule: a year is supported iff it lies between its first and last holiday.
BUILTIN_FIRST_YEAR = min(_BUILTIN_HOLIDAYS).year
BUILTIN_LAST_YEAR = max(_BUILTIN_HOLIDAYS).year


class _YearTable:
    """Precomputed facts about one year, indexed by ``ordinal - base``.

    ``cum[i]`` counts working days among the first ``i`` days of the year, ``work_ords`` and
    ``rest_ords`` list the working days' and rest days' ordinals, and ``next_work[i]`` is the first
    working day on or after day ``i`` (-1 when the rest of the year has none). Together they make
    every lookup O(1) or a bisection.
    """

    __slots__ = (
        "year",
        "base",
        "ndays",
        "work",
        "cum",
        "work_ords",
        "rest_ords",
        "next_work",
        "labels",
    )

    def __init__(self, year: int, work: bytearray, labels: dict[int, str]) -> None:
        self.year = year
        self.base = date(year, 1, 1).toordinal()
        self.ndays = len(work)
        self.work = work
        self.labels = labels
        self.cum = [0] * (self.ndays + 1)
        self.work_ords: list[int] = []
        self.rest_ords: list[int] = []
        running = 0
        for i, flag in enumerate(work):
            if flag:
                running += 1
                self.work_ords.append(self.base + i)
            else:
                self.rest_ords.append(self.base + i)
            self.cum[i + 1] = running
        self.next_work = [-1] * self.ndays
        following = -1
        for i in range(self.ndays - 1, -1, -1):
            if work[i]:
                following = self.base + i
            self.next_work[i] = following


class HolidayCalendar:
    """Working days and rest days (休息日) for the years the engine knows.

    A year is known when ``chinese_calendar`` covers it (2004–2026 in version 1.11) or when the
    override table has at least one row for it. Overrides patch the built-in data; in a year known
    only from overrides, Saturdays, Sundays and (from 2025) the statutory holidays of
    全国年节及纪念日放假办法 第二条 are rest days unless a row marks them ``work``, and the other
    days are working days unless a row marks them ``off``. Asking about an unknown year
    raises :class:`CalendarDataMissing`.

    Year tables are built lazily on first use, so a lookup never calls ``chinese_calendar``.

    A *provisional* calendar (``assume_weekends=True``, see :meth:`provisional`) answers for an
    unknown year too, counting as rest days its Saturdays and Sundays and the statutory holidays
    that 全国年节及纪念日放假办法 第二条 fixes (see ``statutory.py``); the years it had to assume
    are listed in ``assumed_years``. A date computed with it is an estimate until the year's
    notice is loaded: the notice's 调休 may add rest days around a holiday (moving a date later)
    and make a Saturday a working day (moving it earlier), but a provisional date never falls on
    a statutory holiday.
    """

    def __init__(
        self,
        overrides: Iterable[OverrideDay] = (),
        *,
        builtin: bool = True,
        assume_weekends: bool = False,
    ) -> None:
        self._builtin = builtin
        self._assume_weekends = assume_weekends
        self.assumed_years: set[int] = set()
        self._overrides: dict[int, dict[date, OverrideDay]] = {}
        for row in overrides:
            self._overrides.setdefault(row.day.year, {})[row.day] = row
        self._years: dict[int, _YearTable] = {}
        self._by_ordinal: dict[int, _YearTable] = {}
        self._lock = threading.Lock()

    # -- which years are known --------------------------------------------------------------

    def has_year(self, year: int) -> bool:
        """Whether the calendar has holiday data for ``year``."""
        builtin = self._builtin and BUILTIN_FIRST_YEAR <= year <= BUILTIN_LAST_YEAR
        return builtin or year in self._overrides

    def is_assumed_year(self, year: int) -> bool:
        """Whether this calendar answers for ``year`` only provisionally (no data, assumed)."""
        return self._assume_weekends and not self.has_year(year)

    def known_years(self) -> list[int]:
        """All years with holiday data, ascending."""
        years = set(self._overrides)
        if self._builtin:
            years.update(range(BUILTIN_FIRST_YEAR, BUILTIN_LAST_YEAR + 1))
        return sorted(years)

    def _describe_known(self) -> str:
        years = self.known_years()
        if not years:
            return "none"
        runs: list[str] = []
        first = prev = years[0]
        for y in [*years[1:], None]:
            if y is not None and y == prev + 1:
                prev = y
                continue
            runs.append(str(first) if first == prev else f"{first}–{prev}")
            if y is not None:
                first = prev = y
        return ", ".join(runs)

    # -- year tables ------------------------------------------------------------------------

    def _table(self, year: int) -> _YearTable:
        table = self._years.get(year)
        if table is None:
            with self._lock:
                table = self._years.get(year)
                if table is None:
                    table = self._build(year)
                    self._years[year] = table
                    for i in range(table.ndays):
                        self._by_ordinal[table.base + i] = table
        return table

    def _table_at(self, ordinal: int) -> _YearTable:
        table = self._by_ordinal.get(ordinal)
        if table is None:
            table = self._table(date.fromordinal(ordinal).year)
        return table

    def provisional(self) -> HolidayCalendar:
        """The same data, but assuming weekends and the statutory holidays for years without data
        (see class doc)."""
        rows = [row for year in self._overrides.values() for row in year.values()]
        return HolidayCalendar(rows, builtin=self._builtin, assume_weekends=True)

    def _build(self, year: int) -> _YearTable:
        if not self.has_year(year):
            if not self._assume_weekends:
                raise CalendarDataMissing(year, self._describe_known())
            self.assumed_years.add(year)
        use_builtin = self._builtin and BUILTIN_FIRST_YEAR <= year <= BUILTIN_LAST_YEAR
        # Outside the bundled data the fixed holidays of the 2024 revision (in force from 2025)
        # are rest days; an override row can still change any of them.
        assumed = statutory_holidays(year) if not use_builtin and year >= 2025 else {}
        overrides = self._overrides.get(year, {})
        first = date(year, 1, 1)
        ndays = (date(year + 1, 1, 1) - first).days
        work = bytearray(ndays)
        labels: dict[int, str] = {}
        for i in range(ndays):
            day = first + timedelta(days=i)
            is_work = day.weekday() < 5
            name: str | None = None
            if day in assumed:
                is_work, name = False, assumed[day]
            if use_builtin:
                if day in _BUILTIN_WORKDAYS:
                    is_work, name = True, _BUILTIN_WORKDAYS[day]
                elif day in _BUILTIN_HOLIDAYS:
                    is_work, name = False, _BUILTIN_HOLIDAYS[day]
            row = overrides.get(day)
            if row is not None:
                override_work = row.kind == DayKind.WORK
                # An unnamed row that agrees with the built-in data keeps the built-in name.
                keep = name if override_work == is_work else None
                is_work = override_work
                name = row.name or keep or (None if is_work else UNNAMED_HOLIDAY)
            work[i] = is_work
            if is_work:
                if name:
                    labels[first.toordinal() + i] = f"调休上班（{name}）"
            else:
                labels[first.toordinal() + i] = name or WEEKEND
        return _YearTable(year, work, labels)

    # -- single days ------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day (工作日); a 调休 Saturday or Sunday is one."""
        o = day.toordinal()
        t = self._table_at(o)
        return bool(t.work[o - t.base])

    def rest_reason(self, day: date) -> str | None:
        """Why ``day`` is a rest day (``周末`` or the holiday's name), or None on a working day."""
        o = day.toordinal()
        t = self._table_at(o)
        if t.work[o - t.base]:
            return None
        return t.labels[o]

    def describe(self, day: date) -> str:
        """A short Chinese label: 工作日, 调休上班（国庆节）, 周末 or the holiday's name."""
        o = day.toordinal()
        return self._table_at(o).labels.get(o, WORKDAY)

    def next_workday(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        return date.fromordinal(self.roll_forward_ordinal(day.toordinal()))

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself not counted).

        ``n == 0`` returns ``day`` unchanged; a negative ``n`` counts backwards to the ``|n|``-th
        working day before ``day``.
        """
        return date.fromordinal(self.add_working_days_ordinal(day.toordinal(), n))

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days after ``a`` up to and including ``b``.

        When ``b`` is before ``a`` the result is minus the working days from ``b`` up to but not
        including ``a``, so that ``working_days_between(a, add_working_days(a, n)) == n``.
        """
        if b < a:
            return -self.count_working_days_ordinal(b.toordinal() - 1, a.toordinal() - 1)
        return self.count_working_days_ordinal(a.toordinal(), b.toordinal())

    def rest_days(self, after: date, until: date) -> list[tuple[date, str]]:
        """Rest days after ``after`` up to and including ``until``, each with its reason."""
        out: list[tuple[date, str]] = []
        first, last = after.toordinal() + 1, until.toordinal()
        fromordinal = date.fromordinal
        while first <= last:
            t = self._table_at(first)
            stop = min(last, t.base + t.ndays - 1)
            rest, labels = t.rest_ords, t.labels
            lo, hi = bisect_left(rest, first), bisect_right(rest, stop)
            out += [(fromordinal(o), labels[o]) for o in rest[lo:hi]]
            first = stop + 1
        return out

    # -- ordinal primitives used by the engine's hot path -----------------------------------

    def roll_forward_ordinal(self, ordinal: int) -> int:
        """First working day on or after ``ordinal`` (民法典 第二百零三条 roll-forward)."""
        t = self._by_ordinal.get(ordinal) or self._table_at(ordinal)
        found = t.next_work[ordinal - t.base]
        while found < 0:
            # The year ends in rest days: continue in the next year (which must be known).
            t = self._table(t.year + 1)
            found = t.next_work[0]
        return found

    def add_working_days_ordinal(self, ordinal: int, n: int) -> int:
        """Ordinal form of :meth:`add_working_days`."""
        t = self._by_ordinal.get(ordinal) or self._table_at(ordinal)
        if n > 0:
            index = t.cum[ordinal - t.base + 1] + n - 1
            while index >= len(t.work_ords):
                index -= len(t.work_ords)
                t = self._table(t.year + 1)
            return t.work_ords[index]
        if n < 0:
            index = t.cum[ordinal - t.base] + n
            while index < 0:
                t = self._table(t.year - 1)
                index += len(t.work_ords)
            return t.work_ords[index]
        return ordinal

    def count_working_days_ordinal(self, after: int, until: int) -> int:
        """Working days in the ordinal range ``(after, until]``; requires ``after <= until``."""
        ta = self._table_at(after)
        tb = self._table_at(until)
        rank_a = ta.cum[after - ta.base + 1]
        rank_b = tb.cum[until - tb.base + 1]
        if ta.year == tb.year:
            return rank_b - rank_a
        total = len(ta.work_ords) - rank_a + rank_b
        for year in range(ta.year + 1, tb.year):
            total += len(self._table(year).work_ords)
        return total


_default: HolidayCalendar | None = None


def default_calendar() -> HolidayCalendar:
    """The process-wide calendar (built-in data only unless :func:`set_default_calendar` ran)."""
    global _default
    if _default is None:
        _default = HolidayCalendar()
    return _default


def set_default_calendar(calendar: HolidayCalendar | None) -> None:
    """Install ``calendar`` (e.g. one with the loaded overrides) as the process-wide default.

    ``None`` restores the built-in-only calendar on next use.
    """
    global _default
    _default = calendar
