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
    return deadlines.calendar_with_overrides(settings.SIFASUO_HOLIDAY_OVERRIDES or None)


def compute(
    rule_id: str,
    start: dt.date,
    *,
    extended: bool = False,
    pauses: list[tuple[dt.date, dt.date]] = (),
) -> deadlines.DueDate:
    try:
        return deadlines.compute(
            rule_id, start, extended=extended, pauses=pauses, calendar=calendar()
        )
    except deadlines.DeadlineError as exc:
        raise ValidationError(str(exc)) from exc


def deadline_assign(record, *, rule_id: str, start: dt.date, extended: bool = False) -> None:
    """Set the DeadlineFields of `record` (unsaved) from the engine, honouring finished pauses."""
    pauses = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in record.due_pauses]
    result = compute(rule_id, start, extended=extended, pauses=pauses)
    record.due_rule = rule_id
    record.due_start = start
    record.due_on = result.due
    record.due_extended = extended
    record.due_basis = result.basis[:120]


def deadline_pause(record, *, on: dt.date) -> None:
    """中止: stop the clock from `on` (the first day that does not count)."""
    if not record.due_rule:
        raise ValidationError("只有按法定期限计算的事项可以中止。")
    if record.due_paused_since is not None:
        raise ValidationError("该期限已处于中止状态。")
    record.due_paused_since = on


def deadline_resume(record, *, on: dt.date) -> None:
    """Restart the clock on `on` and recompute the due date without the paused days."""
    if record.due_paused_since is None:
        raise ValidationError("该期限未中止，无需恢复。")
    if on < record.due_paused_since:
        raise ValidationError("恢复日期不能早于中止日期。")
    record.due_pauses = [*record.due_pauses, [record.due_paused_since.isoformat(), on.isoformat()]]
    record.due_paused_since = None
    deadline_assign(
        record, rule_id=record.due_rule, start=record.due_start, extended=record.due_extended
    )


def rule_choices() -> list[tuple[str, str]]:
    """(rule id, "name（basis）") for every rule, for forms."""
    return [
        (rule.id, f"{rule.name}（{rule.basis}）") for rule in deadlines.default_rules().values()
    ]


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


def state_of(due_on: dt.date | None, *, on: dt.date | None = None, paused: bool = False) -> str:
    """ "overdue", "due_soon", "open", "paused", or "" when there is no due date."""
    if due_on is None:
        return ""
    if paused:
        return "paused"
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
            When(due_paused_since__isnull=False, then=Value("paused")),
            When(Q(**{f"{field}__lt": on}), then=Value("overdue")),
            When(Q(**{f"{field}__lte": due_soon_limit(on)}), then=Value("due_soon")),
            default=Value("open"),
            output_field=CharField(),
        )
    )


STATE_LABELS = {
    "overdue": "已超期",
    "due_soon": "即将到期",
    "open": "未到期",
    "paused": "已中止",
    "": "",
}
