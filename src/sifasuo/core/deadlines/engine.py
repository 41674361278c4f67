"""Statutory deadline computation (期限计算): due dates with the reasoning a caseworker can check.

Counting follows 民法典 第二百零一条 to 第二百零三条, or 民事诉讼法 第八十五条 for the periods of
行政复议 and 行政诉讼 (each rule names its own, see ``rules.py``): the start day is not counted; a
month or year period ends on the corresponding day, or the month's last day if there is none; a
period whose last day is a rest day ends on the first working day after it. Working-day periods
skip every rest day. Rest days are weekends and public holidays; a 调休 Saturday or Sunday is a
working day. A period counted back from its date (a notice due days before a hearing) ends on the
latest working day that still leaves the whole period.

A period that runs into a year without holiday data, counted with a provisional calendar, is
marked ``provisional`` with the years it assumed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from .calendar import DeadlineError, HolidayCalendar, default_calendar
from .rules import Direction, Rule, Unit, default_rules
from .statutory import HOLIDAY_BASIS

__all__ = [
    "DueDate",
    "add_working_days",
    "compile_rule",
    "compute",
    "compute_many",
    "deadline_state",
    "due_date",
    "is_workday",
    "working_days_between",
]

DeadlineState = Literal["overdue", "due_soon", "open"]
Pause = tuple[date, date]

_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def _add_months_ordinal(ordinal: int, months: int) -> int:
    """Corresponding day ``months`` later, or that month's last day (民法典 第二百零二条)."""
    d = date.fromordinal(ordinal)
    carry, month0 = divmod(d.month - 1 + months, 12)
    year, month = d.year + carry, month0 + 1
    return date(year, month, min(d.day, _month_length(year, month))).toordinal()


def _raw_end(cal: HolidayCalendar, unit: Unit, length: int, after: int) -> int:
    """Last day of a period running from the day after ``after``, before any roll-forward."""
    if unit is Unit.CALENDAR_DAYS:
        return after + length
    if unit is Unit.WORKING_DAYS:
        return cal.add_working_days_ordinal(after, length)
    if unit is Unit.MONTHS:
        return _add_months_ordinal(after, length)
    return _add_months_ordinal(after, 12 * length)


def _resolve(rule: str | Rule, rules: Mapping[str, Rule] | None) -> Rule:
    if isinstance(rule, Rule):
        return rule
    return (default_rules() if rules is None else rules)[rule]


def _merge_pauses(pauses: Iterable[Pause]) -> list[tuple[int, int]]:
    intervals: list[tuple[int, int]] = []
    for paused, resumed in pauses:
        if resumed < paused:
            raise DeadlineError(f"pause from {paused} resumes earlier, on {resumed}")
        if resumed > paused:
            intervals.append((paused.toordinal(), resumed.toordinal()))
    intervals.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in intervals:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _apply_pauses(
    cal: HolidayCalendar,
    unit: Unit,
    after: int,
    end: int,
    pauses: list[tuple[int, int]],
    applied: list[tuple[int, int, int]],
) -> int:
    """Prolong a period ending on ``end`` by the paused days that fall after ``after``.

    A pause ``[paused, resumed)`` that starts after ``end`` is ignored (the period already ran
    out). Otherwise the clock stops from ``max(paused, after + 1)`` and restarts on ``resumed``:
    for working-day periods the paused working days are added, for the other units the paused
    calendar days. Each pause actually applied is appended to ``applied`` with its day count.
    """
    for paused, resumed in pauses:
        lo = max(paused, after + 1)
        if lo > end:
            break
        if resumed <= lo:
            continue
        if unit is Unit.WORKING_DAYS:
            days = cal.count_working_days_ordinal(lo - 1, resumed - 1)
            end = cal.add_working_days_ordinal(end, days)
        else:
            days = resumed - lo
            end += days
        if days:
            applied.append((lo, resumed, days))
    return end


@dataclass(frozen=True, slots=True)
class DueDate:
    """A computed due date (届满日) with everything needed to explain it.

    ``raw_end`` is the period's last day before the rest-day roll-forward (equal to ``due`` for
    working-day periods); ``original_due`` and ``original_raw_end`` are the same two dates for the
    period before any extension. For a period counted back from its date (``direction`` before),
    ``start`` is that date and ``due`` the latest day to act. ``skipped`` lists
    the rest days the count skipped (working-day periods) or rolled over (other units), each with
    its reason: ``周末`` or the holiday's name. ``pauses`` holds the pauses applied as
    ``(first paused day, resume day, days added)``; ``paused_days`` is their total, in working
    days for working-day periods and calendar days otherwise. ``start_basis`` and ``roll_basis``
    are the articles the count followed; ``assumed_years`` lists the years without holiday data
    that a provisional calendar had to assume, and makes the date ``provisional``.
    """

    rule: str
    name: str
    start: date
    due: date
    basis: str
    article: str
    unit: Unit
    length: int
    extended: bool
    extension: int | None
    extension_unit: Unit | None
    original_due: date
    original_raw_end: date
    raw_end: date
    skipped: tuple[tuple[date, str], ...]
    pauses: tuple[tuple[date, date, int], ...]
    paused_days: int
    starts: str
    unit_basis: str | None
    unverified_unit: bool
    overridden: bool
    note: str | None
    start_basis: str = "民法典 第二百零一条第一款"
    roll_basis: str = "民法典 第二百零三条第一款"
    direction: Direction = Direction.AFTER
    assumed_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        """Whether the count ran into a year without holiday data (暂定)."""
        return bool(self.assumed_years)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with ISO dates."""
        return {
            "rule": self.rule,
            "name": self.name,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "basis": self.basis,
            "article": self.article,
            "unit_basis": self.unit_basis,
            "unit": self.unit.value,
            "length": self.length,
            "extended": self.extended,
            "extension": self.extension,
            "extension_unit": self.extension_unit.value if self.extension_unit else None,
            "original_due": self.original_due.isoformat(),
            "original_raw_end": self.original_raw_end.isoformat(),
            "raw_end": self.raw_end.isoformat(),
            "skipped": [{"date": d.isoformat(), "reason": why} for d, why in self.skipped],
            "pauses": [
                {"paused": a.isoformat(), "resumed": b.isoformat(), "days": n}
                for a, b, n in self.pauses
            ],
            "paused_days": self.paused_days,
            "unverified_unit": self.unverified_unit,
            "overridden": self.overridden,
            "note": self.note,
            "start_basis": self.start_basis,
            "roll_basis": self.roll_basis,
            "direction": self.direction.value,
            "provisional": self.provisional,
            "assumed_years": list(self.assumed_years),
        }

    def explain(self) -> str:
        """A Chinese, line-by-line account of how the due date was reached."""
        basis = self.basis
        if self.unit_basis and self.unit_basis != self.basis:
            basis += f"；工作日依据 {self.unit_basis}"
        starts = f"，即{self.starts}" if self.starts else ""
        if self.direction is Direction.BEFORE:
            return self._explain_before(basis, starts)
        lines = [
            f"{self.name}（{self.rule}）",
            f"依据：{basis}",
            f"起算日：{_fmt(self.start)}{starts}；当日不计入，自次日起算（{self.start_basis}）",
            f"期间：{self.length}{self.unit.label}，{_UNIT_RULE[self.unit]}",
        ]
        for paused, resumed, days in self.pauses:
            added = f"{days}{'个工作日' if self.unit is Unit.WORKING_DAYS else '日'}"
            lines.append(
                f"中止：{_fmt(paused)}至{_fmt(resumed - timedelta(days=1))}不计入期间"
                f"（{added}），期间相应顺延"
            )
        reasons = dict(self.skipped)
        if self.extended and self.extension is not None:
            if self.original_raw_end != self.original_due:
                lines.append(self._roll_line("原期间", self.original_raw_end, reasons))
            unit = self.extension_unit or self.unit
            lines.append(
                f"延长：{self.extension}{unit.label}，自原届满日{_fmt(self.original_due)}的次日起算"
            )
        if self.raw_end != self.due:
            lines.append(self._roll_line("期间", self.raw_end, reasons))
        lines.append(f"届满日：{_fmt(self.due)}{'（暂定）' if self.provisional else ''}")
        if self.skipped:
            heading = "不计入的休息日" if self.unit is Unit.WORKING_DAYS else "顺延跳过的休息日"
            lines.append(f"{heading}：")
            lines.extend(f"  {_fmt(d)} {why}" for d, why in self.skipped)
        lines.extend(self._closing_lines())
        return "\n".join(lines)

    def _explain_before(self, basis: str, starts: str) -> str:
        lines = [
            f"{self.name}（{self.rule}）",
            f"依据：{basis}",
            f"基准日：{_fmt(self.start)}{starts}；当日不计入，自前一日起向前计算",
            f"期间：{self.length}{self.unit.label}，{_UNIT_RULE[self.unit]}",
        ]
        if self.raw_end != self.due:
            reason = dict(self.skipped).get(self.raw_end, "休息日")
            lines.append(
                f"向前计算的最后一日{_fmt(self.raw_end)}是休息日（{reason}），"
                "提前至其前的最后一个工作日"
            )
        mark = "（暂定）" if self.provisional else ""
        lines.append(f"最迟日：{_fmt(self.due)}{mark}，应当在此日或者此前完成")
        if self.skipped:
            lines.append("不计入的休息日：")
            lines.extend(f"  {_fmt(d)} {why}" for d, why in self.skipped)
        lines.extend(self._closing_lines())
        return "\n".join(lines)

    def _closing_lines(self) -> list[str]:
        lines: list[str] = []
        if self.provisional:
            years = "、".join(str(y) for y in self.assumed_years)
            lines.append(
                f"暂定：{years}年的节假日安排尚未载入，暂按周末和法定节日（{HOLIDAY_BASIS}）推算；"
                "国务院放假通知的调休安排可能使日期变动，载入后应当重新计算"
            )
        if self.unverified_unit:
            lines.append(f"注意：计算单位未经核实。{self.note or ''}".rstrip())
        elif self.note:
            lines.append(f"说明：{self.note}")
        if self.overridden:
            lines.append("注意：本规则的期间或单位已按本地配置调整。")
        return lines

    def _roll_line(self, what: str, last_day: date, reasons: dict[date, str]) -> str:
        return (
            f"{what}最后一日{_fmt(last_day)}是休息日（{reasons.get(last_day, '休息日')}），"
            f"顺延至其后的第一个工作日（{self.roll_basis}）"
        )


_UNIT_RULE = {
    Unit.CALENDAR_DAYS: "休息日计入期间",
    Unit.WORKING_DAYS: "休息日不计入期间",
    Unit.MONTHS: "到期月的对应日为最后一日，没有对应日的以月末日为最后一日（民法典 第二百零二条）",
    Unit.YEARS: "到期月的对应日为最后一日，没有对应日的以月末日为最后一日（民法典 第二百零二条）",
}


def _fmt(d: date) -> str:
    return f"{d.isoformat()}（{_WEEKDAYS[d.weekday()]}）"


def _rolled_over(cal: HolidayCalendar, raw_end: int, due: int) -> list[tuple[date, str]]:
    if due == raw_end:
        return []
    return cal.rest_days(date.fromordinal(raw_end - 1), date.fromordinal(due - 1))


def compute(
    rule: str | Rule,
    start: date,
    *,
    extended: bool = False,
    pauses: Iterable[Pause] = (),
    calendar: HolidayCalendar | None = None,
    rules: Mapping[str, Rule] | None = None,
) -> DueDate:
    """Compute the due date of ``rule`` for a period starting on ``start``, with its explanation.

    ``extended`` adds the rule's extension (延长), counted in the extension's unit from the day
    after the original due date (after that date's own roll-forward), then rolled forward again.
    ``pauses`` are ``(paused, resumed)`` pairs for a suspension (中止): the days from ``paused`` up
    to the day before ``resumed`` do not count, so the period is prolonged by the paused calendar
    days (by the paused working days for working-day periods) before the roll-forward. Pauses are
    applied in date order to the original period and then to the extension; a pause that starts
    after the period has run out is ignored.

    ``rules`` is a rule table (e.g. ``default_rules().with_overrides(...)``) to look ``rule`` up
    in; ``calendar`` defaults to :func:`~sifasuo.core.deadlines.default_calendar`.
    """
    r = _resolve(rule, rules)
    cal = calendar or default_calendar()
    if extended and r.extension is None:
        raise DeadlineError(f"rule {r.id} has no extension")
    pauses = tuple(pauses)
    if r.direction is Direction.BEFORE:
        if pauses:
            raise DeadlineError(f"rule {r.id} counts back from its date and cannot be paused")
        return _compute_before(r, start, cal)
    merged = _merge_pauses(pauses) if pauses else []
    applied: list[tuple[int, int, int]] = []

    s = start.toordinal()
    raw = _apply_pauses(cal, r.unit, s, _raw_end(cal, r.unit, r.length, s), merged, applied)
    original_raw = raw
    original = cal.roll_forward_ordinal(raw)
    if r.unit is Unit.WORKING_DAYS:
        skipped = cal.rest_days(start, date.fromordinal(original))
    else:
        skipped = _rolled_over(cal, raw, original)
    due = original
    if extended and r.extension is not None:
        unit = r.effective_extension_unit
        raw = _raw_end(cal, unit, r.extension, original)
        raw = _apply_pauses(cal, unit, original, raw, merged, applied)
        due = cal.roll_forward_ordinal(raw)
        if unit is Unit.WORKING_DAYS:
            skipped += cal.rest_days(date.fromordinal(original), date.fromordinal(due))
        else:
            skipped += _rolled_over(cal, raw, due)

    return _result(
        r,
        start,
        due=date.fromordinal(due),
        raw_end=date.fromordinal(raw),
        original_due=date.fromordinal(original),
        original_raw_end=date.fromordinal(original_raw),
        skipped=skipped,
        extended=extended,
        applied=applied,
        cal=cal,
    )


def _result(
    r: Rule,
    start: date,
    *,
    due: date,
    raw_end: date,
    original_due: date,
    original_raw_end: date,
    skipped: list[tuple[date, str]],
    extended: bool,
    applied: list[tuple[int, int, int]],
    cal: HolidayCalendar,
) -> DueDate:
    first, last = min(start, due, raw_end), max(start, due, raw_end)
    assumed = tuple(y for y in range(first.year, last.year + 1) if cal.is_assumed_year(y))
    return DueDate(
        rule=r.id,
        name=r.name,
        start=start,
        due=due,
        basis=r.basis,
        article=r.article,
        unit=r.unit,
        length=r.length,
        extended=extended,
        extension=r.extension if extended else None,
        extension_unit=r.effective_extension_unit if extended else None,
        original_due=original_due,
        original_raw_end=original_raw_end,
        raw_end=raw_end,
        skipped=tuple(skipped),
        pauses=tuple([(date.fromordinal(a), date.fromordinal(b), n) for a, b, n in applied]),
        paused_days=sum([n for _, _, n in applied]),
        starts=r.starts,
        unit_basis=r.unit_basis,
        unverified_unit=r.unverified_unit,
        overridden=r.overridden,
        note=r.note,
        start_basis=r.start_basis,
        roll_basis=r.roll_basis,
        direction=r.direction,
        assumed_years=assumed,
    )


def _roll_back_ordinal(cal: HolidayCalendar, ordinal: int) -> int:
    """Last working day on or before ``ordinal``."""
    while not cal.is_workday(date.fromordinal(ordinal)):
        ordinal -= 1
    return ordinal


def _before_ordinal(cal: HolidayCalendar, unit: Unit, length: int, on: int) -> tuple[int, int]:
    """(raw, latest) for a period of ``length`` units counted back from ``on``: the earliest day
    of the period, and the latest working day on or before it."""
    if unit is Unit.WORKING_DAYS:
        raw = cal.add_working_days_ordinal(on, -length)
        return raw, raw
    if unit is Unit.CALENDAR_DAYS:
        raw = on - length
    else:
        raw = _add_months_ordinal(on, -(length if unit is Unit.MONTHS else 12 * length))
    return raw, _roll_back_ordinal(cal, raw)


def _compute_before(r: Rule, on: date, cal: HolidayCalendar) -> DueDate:
    """A period counted back from ``on`` (e.g. 举行听证的七日前): ``on`` is not counted and the
    due date is the latest working day that leaves the whole period before ``on``."""
    raw, latest = _before_ordinal(cal, r.unit, r.length, on.toordinal())
    if r.unit is Unit.WORKING_DAYS:
        skipped = cal.rest_days(date.fromordinal(latest), on - timedelta(days=1))
    else:
        skipped = cal.rest_days(date.fromordinal(latest), date.fromordinal(raw))
    due, raw_end = date.fromordinal(latest), date.fromordinal(raw)
    return _result(
        r,
        on,
        due=due,
        raw_end=raw_end,
        original_due=due,
        original_raw_end=raw_end,
        skipped=skipped,
        extended=False,
        applied=[],
        cal=cal,
    )


def _segment(cal: HolidayCalendar, unit: Unit, length: int) -> Callable[[int], int]:
    """Ordinal -> rolled-forward due ordinal, specialised for one unit and length."""
    roll = cal.roll_forward_ordinal
    if unit is Unit.CALENDAR_DAYS:
        return lambda o: roll(o + length)
    if unit is Unit.WORKING_DAYS:
        add = cal.add_working_days_ordinal
        return lambda o: add(o, length)
    months = length if unit is Unit.MONTHS else 12 * length
    return lambda o: roll(_add_months_ordinal(o, months))


def compile_rule(
    rule: str | Rule,
    *,
    extended: bool = False,
    calendar: HolidayCalendar | None = None,
    rules: Mapping[str, Rule] | None = None,
) -> Callable[[date], date]:
    """A function ``start -> due date`` for one rule: the fast path, without explanation or pauses.

    It gives the same due dates as :func:`compute` and suits bulk work such as recomputing every
    open case's deadline.
    """
    r = _resolve(rule, rules)
    cal = calendar or default_calendar()
    if extended and r.extension is None:
        raise DeadlineError(f"rule {r.id} has no extension")
    fromordinal = date.fromordinal
    if r.direction is Direction.BEFORE:
        return lambda on: fromordinal(_before_ordinal(cal, r.unit, r.length, on.toordinal())[1])
    first = _segment(cal, r.unit, r.length)
    if not extended or r.extension is None:
        return lambda start: fromordinal(first(start.toordinal()))
    second = _segment(cal, r.effective_extension_unit, r.extension)
    return lambda start: fromordinal(second(first(start.toordinal())))


def compute_many(
    rule: str | Rule,
    starts: Iterable[date],
    *,
    extended: bool = False,
    calendar: HolidayCalendar | None = None,
    rules: Mapping[str, Rule] | None = None,
) -> list[date]:
    """Due dates of ``rule`` for many start dates (see :func:`compile_rule`)."""
    fn = compile_rule(rule, extended=extended, calendar=calendar, rules=rules)
    return [fn(s) for s in starts]


def due_date(
    rule: str | Rule,
    start: date,
    *,
    extended: bool = False,
    pauses: Iterable[Pause] = (),
    calendar: HolidayCalendar | None = None,
    rules: Mapping[str, Rule] | None = None,
) -> date:
    """Just the due date of :func:`compute`."""
    pauses = tuple(pauses)
    if pauses:
        return compute(
            rule, start, extended=extended, pauses=pauses, calendar=calendar, rules=rules
        ).due
    return compile_rule(rule, extended=extended, calendar=calendar, rules=rules)(start)


def is_workday(day: date, *, calendar: HolidayCalendar | None = None) -> bool:
    """Whether ``day`` is a working day (工作日)."""
    return (calendar or default_calendar()).is_workday(day)


def add_working_days(day: date, n: int, *, calendar: HolidayCalendar | None = None) -> date:
    """The ``n``-th working day after ``day`` (``day`` not counted; negative ``n`` counts back)."""
    return (calendar or default_calendar()).add_working_days(day, n)


def working_days_between(a: date, b: date, *, calendar: HolidayCalendar | None = None) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``
    (see :meth:`HolidayCalendar.working_days_between`)."""
    return (calendar or default_calendar()).working_days_between(a, b)


def deadline_state(
    due: date,
    today: date,
    due_soon_workdays: int = 3,
    *,
    calendar: HolidayCalendar | None = None,
) -> DeadlineState:
    """``overdue`` after the due date; ``due_soon`` when the due date lies within the next
    ``due_soon_workdays`` working days counting today; ``open`` otherwise.

    With the default of 3, a Monday sees Monday–Wednesday deadlines as due soon.
    """
    if today > due:
        return "overdue"
    # A window shorter than N calendar days cannot hold more than N working days.
    if (due - today).days < due_soon_workdays:
        return "due_soon"
    cal = calendar or default_calendar()
    last = cal.add_working_days_ordinal(today.toordinal() - 1, due_soon_workdays)
    return "due_soon" if due.toordinal() <= last else "open"
