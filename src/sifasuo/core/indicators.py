"""Computing the indicators the business lines declare, for any period and any unit.

A line declares each number once (`core.lines.Indicator`); this module evaluates it for a
period (month, quarter, year or custom range) over a unit and everything below it, so an
office, a county and the city are the same call. Rates are computed from their rolled-up
numerator and denominator, never averaged. Core imports no business app: the queries are
named by dotted path in the declarations.
"""

from __future__ import annotations

import calendar
import contextvars
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache, wraps
from typing import Any, Protocol

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.module_loading import import_string

from . import lines, summaries
from .models import OrgUnit

Number = int | float | Decimal


class ByUnit(Protocol):
    def __call__(self, *, units: Sequence[int], start: date, end: date) -> Mapping[int, Number]: ...


def per_unit(by_unit: ByUnit) -> Callable[..., Number]:
    """Declare a query by its value for each owning unit: `by_unit(units=…, start=…, end=…)`
    maps each of the given unit ids that owns something counted to its own value, and the value
    over a set of units is the sum of theirs (a count of records, or of villages each owned by
    one office). The decorated name is the plain query (that sum); the reads evaluate every unit
    of a comparison from one call of `by_unit` instead of one query per unit.

    Only for numbers that add up over units: an average or a count of distinct things shared
    between units keeps a plain query."""

    @wraps(by_unit)
    def total(*, units: Sequence[int], start: date, end: date) -> Number:
        values = by_unit(units=units, start=start, end=end).values()
        return sum(values, start=0)

    total.by_unit = by_unit  # type: ignore[attr-defined]
    return total


def within_days(field: str, start: date, end: date) -> Q:
    """A date-time `field` on a local day from `start` to `end`, both included: the same rows as
    `{field}__date__range`, written as a range an index on the column can serve."""
    zone = timezone.get_current_timezone()
    low = datetime.combine(start, time.min, tzinfo=zone)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def count_by_unit(queryset, unit_field: str = "unit_id", *, distinct: str = "") -> dict[int, int]:
    """Owning unit id → the number of rows (or of distinct `distinct` values) of the queryset."""
    counted = Count(distinct, distinct=True) if distinct else Count("pk")
    rows = queryset.order_by().values_list(unit_field).annotate(n=counted)
    return {owner: n for owner, n in rows if owner is not None}


def sum_by_unit(queryset, field: str, unit_field: str = "unit_id") -> dict[int, Number]:
    """Owning unit id → the sum of `field` over the queryset's rows (units with none left out)."""
    rows = queryset.order_by().values_list(unit_field).annotate(total=Sum(field))
    return {owner: total for owner, total in rows if owner is not None and total is not None}


# One evaluation's memory: a query helper that several indicators share (an office's staffing
# on a day) is computed once while a page or report is being computed.
_memory: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "indicator_memory", default=None
)


@contextmanager
def evaluation() -> Iterator[None]:
    """Remember shared results (`remembered`) until the block ends; nested blocks share one."""
    if _memory.get() is not None:
        yield
        return
    token = _memory.set({})
    try:
        yield
    finally:
        _memory.reset(token)


def remembered(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per `key` within an `evaluation()` block (every time outside one)."""
    memory = _memory.get()
    if memory is None:
        return compute()
    if key not in memory:
        memory[key] = compute()
    return memory[key]


class PeriodError(ValueError):
    """A period that cannot be read; the message is shown to the user."""


@dataclass(frozen=True)
class Period:
    """A reporting period, both ends included."""

    start: date
    end: date
    label: str

    _FORMS = (
        (re.compile(r"^(\d{4})$"), "year"),
        (re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE), "quarter"),
        (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
        (re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$"), "range"),
    )

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        last = first + 2
        end = date(year, last, calendar.monthrange(year, last)[1])
        return cls(date(year, first, 1), end, f"{year}年第{'一二三四'[quarter - 1]}季度")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        end = date(year, month, calendar.monthrange(year, month)[1])
        return cls(date(year, month, 1), end, f"{year}年{month}月")

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        if end < start:
            raise PeriodError("结束日期早于开始日期。")
        if (end - start).days > 366 * 20:
            raise PeriodError("统计期间不能超过二十年。")
        return cls(start, end, f"{_cn(start)}至{_cn(end)}")

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2026", "2026-Q3", "2026-07" or "2026-01-05..2026-02-01"."""
        text = (text or "").strip()
        for pattern, form in cls._FORMS:
            match = pattern.match(text)
            if not match:
                continue
            try:
                if form == "year":
                    return cls.year(_year(match[1]))
                if form == "quarter":
                    return cls.quarter(_year(match[1]), int(match[2]))
                if form == "month":
                    month = int(match[2])
                    if not 1 <= month <= 12:
                        raise PeriodError("月份应在1至12之间。")
                    return cls.month(_year(match[1]), month)
                return cls.between(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
            except ValueError as exc:
                if isinstance(exc, PeriodError):
                    raise
                raise PeriodError("日期无效。") from exc
        raise PeriodError("统计期间的写法应为 2026、2026-Q3、2026-07 或 2026-01-05..2026-02-01。")

    @property
    def key(self) -> str:
        """The text `parse` reads back."""
        if (
            self.start.month == 1
            and self.start.day == 1
            and self.end == date(self.start.year, 12, 31)
        ):
            return str(self.start.year)
        if self.start.day == 1 and self.end == _month_end(self.start):
            return f"{self.start:%Y-%m}"
        if self.start.day == 1 and self.start.month % 3 == 1:
            quarter_end = _month_end(date(self.start.year, self.start.month + 2, 1))
            if self.end == quarter_end:
                return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def months(self) -> list[Period]:
        """The calendar months the period touches (for trends)."""
        months, cursor = [], date(self.start.year, self.start.month, 1)
        while cursor <= self.end:
            months.append(Period.month(cursor.year, cursor.month))
            cursor = _month_end(cursor) + timedelta(days=1)
        return months


def _year(text: str) -> int:
    year = int(text)
    if not 2000 <= year <= 2100:
        raise PeriodError("年份应在2000至2100之间。")
    return year


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def subtree_unit_ids(unit: OrgUnit) -> list[int]:
    """The unit and every unit below it."""
    return list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))


@cache
def _query(dotted: str):
    return import_string(dotted)


def _whole_months(period: Period) -> bool:
    return period.start.day == 1 and period.end == _month_end(period.end)


def _summarised(code: str, built: set[str]) -> bool:
    """Whether the code's value for whole months can be summed from the monthly summaries."""
    indicator = lines.indicators()[code]
    if indicator.ratio:
        return all(_summarised(part, built) for part in indicator.ratio)
    return indicator.additive and code in built


def additive_based(code: str) -> bool:
    """An additive count, or a rate of additive counts: what the monthly summaries can give for
    any number of months and units at the cost of one grouped query."""
    indicator = lines.indicators()[code]
    if indicator.ratio:
        return all(additive_based(part) for part in indicator.ratio)
    return indicator.additive


def month_end(day: date) -> date:
    return _month_end(day)


def _leaves(code: str) -> list[str]:
    indicator = lines.indicators()[code]
    if indicator.ratio:
        return [leaf for part in indicator.ratio for leaf in _leaves(part)]
    return [code]


def _evaluate(code: str, totals: Mapping[str, Number | None]) -> Number | None:
    """The code's value from its summed counts (a rate from its rolled-up parts)."""
    indicator = lines.indicators()[code]
    if indicator.ratio:
        numerator, denominator = (_evaluate(part, totals) for part in indicator.ratio)
        return _rate(numerator, denominator)
    return totals[code]


def _rate(numerator: Number | None, denominator: Number | None) -> Decimal | None:
    if not denominator:
        return None
    return round(Decimal(100) * Decimal(numerator or 0) / Decimal(denominator), 1)


def _split(
    codes: list[str],
    period: Period,
    *,
    units: Sequence[OrgUnit] | None = None,
    unit_ids: Sequence[int] | None = None,
) -> tuple[list[str], list[str]]:
    """(codes summed from the monthly summaries, codes computed from the records), after
    recounting the stale summaries the first need in these subtrees (or exactly these ids)."""
    if not _whole_months(period):
        return [], codes
    built = summaries.built_codes()
    summed = [code for code in codes if _summarised(code, built)]
    if summed:
        leaves = {leaf for code in summed for leaf in _leaves(code)}
        behind = summaries.catch_up(
            summaries.lines_of(leaves), period.start, period.end, units=units, unit_ids=unit_ids
        )
        if behind:
            owners = lines.indicator_lines()
            built -= {code for code in leaves if owners[code].label in behind}
            summed = [code for code in summed if _summarised(code, built)]
    return summed, [code for code in codes if code not in summed]


def _live(code: str, units: Sequence[int], period: Period) -> Number | None:
    indicator = lines.indicators()[code]
    if indicator.ratio:
        numerator, denominator = (_live(part, units, period) for part in indicator.ratio)
        return _rate(numerator, denominator)
    return _query(indicator.query)(units=list(units), start=period.start, end=period.end)


def compute(code: str, *, units: Sequence[int], period: Period) -> Number | None:
    """The indicator's value over exactly these unit ids for the period; a rate has no value
    (None) when its denominator is 0. Whole months of an additive count are summed from the
    monthly summaries (`core.summaries`); anything else is counted from the records."""
    summed, _ = _split([code], period, unit_ids=units)
    if summed:
        totals = summaries.unit_totals(_leaves(code), units, period.start, period.end)
        return _evaluate(code, totals)
    return _live(code, units, period)


def value_for(code: str, unit: OrgUnit, period: Period) -> Number | None:
    """The indicator for a unit and everything below it."""
    return values_for([code], [unit], period)[unit.pk][code]


# Above this many units a query reads them as a subquery rather than a list of ids: a county's
# or a city's thousand villages, departments and offices, parsed once per query, cost more than
# the indicator itself.
_LISTED_UNITS = 200


def _live_table(
    codes: Sequence[str], units: Sequence[OrgUnit], period: Period
) -> dict[int, dict[str, Number | None]]:
    """Unit id → code → value counted from the records, each unit with its subtree. A query
    declared `per_unit` is called once for all the units' subtrees and rolled up by path; any
    other once per unit."""
    if not codes:
        return {unit.pk: {} for unit in units}
    wanted = {unit.pk for unit in units}
    # Each unit row's requested ancestors (itself included): what its own values roll up to.
    rolls_to: dict[int, list[int]] = {}
    for pk, path in summaries.covering(units).values_list("pk", "path"):
        owners = [ancestor for ancestor in OrgUnit.ids_in_path(path) if ancestor in wanted]
        if owners:
            rolls_to[pk] = owners
    everyone = sorted(rolls_to)
    declared = lines.indicators()
    totals: dict[int, dict[str, Number | None]] = {unit.pk: {} for unit in units}
    for leaf in sorted({leaf for code in codes for leaf in _leaves(code)}):
        query = _query(declared[leaf].query)
        by_unit = getattr(query, "by_unit", None)
        if by_unit is None:
            members: dict[int, list[int]] = defaultdict(list)
            for pk, owners in rolls_to.items():
                for owner in owners:
                    members[owner].append(pk)
            for unit in units:
                ids: Sequence[int] | Any = members[unit.pk]
                if len(ids) > _LISTED_UNITS:
                    ids = OrgUnit.objects.filter(path__startswith=unit.path).values_list(
                        "pk", flat=True
                    )
                totals[unit.pk][leaf] = query(units=ids, start=period.start, end=period.end)
            continue
        among: Sequence[int] | Any = everyone
        if len(everyone) > _LISTED_UNITS:
            among = summaries.covering(units).values_list("pk", flat=True)
        rolled: dict[int, Number] = defaultdict(int)
        for owner, value in by_unit(units=among, start=period.start, end=period.end).items():
            for unit_id in rolls_to.get(owner, ()):
                rolled[unit_id] += value
        for unit in units:
            totals[unit.pk][leaf] = rolled[unit.pk]
    return {unit.pk: {code: _evaluate(code, totals[unit.pk]) for code in codes} for unit in units}


def values_for(
    codes: Iterable[str], units: Iterable[OrgUnit], period: Period
) -> dict[int, dict[str, Number | None]]:
    """Unit id → indicator code → value, each unit with its subtree (a county's row includes
    its offices). The summarised codes of all the units come from one grouped query; the others
    from one call per query declared `per_unit`, one per unit for the rest."""
    codes, units = list(codes), list(units)
    with evaluation():
        summed, live = _split(codes, period, units=units)
        totals: Mapping[int, Mapping[str, Number]] = {}
        if summed:
            leaves = sorted({leaf for code in summed for leaf in _leaves(code)})
            totals = summaries.subtree_totals(leaves, units, period.start, period.end)
        counted = _live_table(live, units, period)
    return {
        unit.pk: {
            code: _evaluate(code, totals[unit.pk]) if code in summed else counted[unit.pk][code]
            for code in codes
        }
        for unit in units
    }


def revised_within(code: str, period: Period) -> list[tuple[date, str]]:
    """The definition changes dated after the period began: a number for the period may have
    been counted (partly) under an earlier definition."""
    indicator = lines.indicators()[code]
    notes = []
    for when, what in indicator.revisions:
        day = date.fromisoformat(when)
        if day > period.start:
            notes.append((day, str(what)))
    return notes


def monthly_values(
    codes: Iterable[str], unit: OrgUnit, period: Period
) -> dict[str, list[tuple[Period, Number | None]]]:
    """Code → the value for each calendar month the period touches (clipped to the period), for
    the unit and everything below it: the trend lines of the dashboards. The whole months of
    the summarised codes come from one grouped query."""
    with evaluation():
        return _monthly_values(list(codes), unit, period)


def _monthly_values(
    codes: list[str], unit: OrgUnit, period: Period
) -> dict[str, list[tuple[Period, Number | None]]]:
    months = period.months()
    whole = [m for m in months if m.start >= period.start and m.end <= period.end]
    summed: list[str] = []
    series: Mapping[str, Mapping[date, Number]] = {}
    if whole:
        summed, _ = _split(codes, Period(whole[0].start, whole[-1].end, ""), units=[unit])
    if summed:
        leaves = sorted({leaf for code in summed for leaf in _leaves(code)})
        series = summaries.month_totals(leaves, unit, whole[0].start, whole[-1].end)
    ids: list[int] | None = None
    result: dict[str, list[tuple[Period, Number | None]]] = {}
    for code in codes:
        points = []
        for month in months:
            if code in summed and month in whole:
                totals = {leaf: series[leaf].get(month.start, 0) for leaf in _leaves(code)}
                points.append((month, _evaluate(code, totals)))
                continue
            if ids is None:
                ids = subtree_unit_ids(unit)
            clipped = Period(
                max(month.start, period.start), min(month.end, period.end), month.label
            )
            points.append((month, _live(code, ids, clipped)))
        result[code] = points
    return result
