"""The platform's bridge to the deadline engine: store a due date with its rule, and classify it.

Every workflow stores due dates through `deadline_assign` on a model with `DeadlineFields`, and
lists ask `due_states` / `annotate_due_state` for "due soon" and "overdue", so every date on every
screen comes from the one engine.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from . import deadlines


@lru_cache(maxsize=1)
def calendar() -> deadlines.HolidayCalendar:
    """The holiday calendar: chinese-calendar data plus the administrator's override file."""
    path = settings.SIFASUO_HOLIDAY_OVERRIDES
    overrides = deadlines.load_overrides(path) if path else None
    return deadlines.HolidayCalendar(overrides=overrides)


def compute(rule_id: str, start: dt.date, *, extended: bool = False) -> deadlines.DueDate:
    try:
        return deadlines.compute_due(rule_id, start, extended=extended, calendar=calendar())
    except deadlines.DeadlineError as exc:
        raise ValidationError(str(exc)) from exc


def deadline_assign(record, *, rule_id: str, start: dt.date, extended: bool = False) -> None:
    """Set the DeadlineFields of `record` (unsaved) from the engine."""
    result = compute(rule_id, start, extended=extended)
    record.due_rule = rule_id
    record.due_start = start
    record.due_on = result.due
    record.due_extended = extended
    record.due_basis = result.basis[:120]


def today() -> dt.date:
    return timezone.localdate()


def due_soon_limit(on: dt.date | None = None) -> dt.date:
    """The last date that still counts as "due soon" (today plus N working days)."""
    on = on or today()
    days = settings.SIFASUO_DUE_SOON_WORKDAYS
    try:
        return deadlines.add_working_days(on, days, calendar=calendar()) if days else on
    except deadlines.DeadlineError:
        # Beyond the calendar data: fall back to calendar days rather than hide every warning.
        return on + dt.timedelta(days=days)


def state_of(due_on: dt.date | None, *, on: dt.date | None = None) -> str:
    """"overdue", "due_soon", "open", or "" when there is no due date."""
    if due_on is None:
        return ""
    on = on or today()
    if due_on < on:
        return "overdue"
    if due_on <= due_soon_limit(on):
        return "due_soon"
    return "open"


def annotate_due_state(queryset: QuerySet, *, field: str = "due_on") -> QuerySet:
    """Add `due_state` in SQL so lists can sort and filter by it without a query per row."""
    on = today()
    return queryset.annotate(
        due_state=Case(
            When(Q(**{f"{field}__isnull": True}), then=Value("")),
            When(Q(**{f"{field}__lt": on}), then=Value("overdue")),
            When(Q(**{f"{field}__lte": due_soon_limit(on)}), then=Value("due_soon")),
            default=Value("open"),
            output_field=CharField(),
        )
    )


STATE_LABELS = {"overdue": "已超期", "due_soon": "即将到期", "open": "未到期", "": ""}
