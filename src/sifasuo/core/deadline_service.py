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
from .actors import SCHEDULER


@lru_cache(maxsize=1)
def calendar() -> deadlines.HolidayCalendar:
    """The holiday calendar: chinese-calendar data plus the administrator's override file."""
    return deadlines.calendar_with_overrides(settings.SIFASUO_HOLIDAY_OVERRIDES or None)


@lru_cache(maxsize=1)
def provisional_calendar() -> deadlines.HolidayCalendar:
    """The same calendar, counting weekends and the statutory holidays of 全国年节及纪念日放假办法
    第二条 as rest days in years it has no data for."""
    return calendar().provisional()


# Shown wherever a provisional due date is shown.
PROVISIONAL_NOTE = (
    "暂定：期限跨入尚未载入节假日安排的年份，暂按周末和法定节日推算（调休待国务院通知），"
    "载入后自动重算"
)


def missing_year_notice(on: dt.date | None = None) -> str:
    """From November on, a line saying next year's holidays are not loaded yet (else "")."""
    on = on or today()
    if on.month < 11 or calendar().has_year(on.year + 1):
        return ""
    year = on.year + 1
    return (
        f"{year}年节假日安排尚未载入：跨入{year}年的期限暂按周末和法定节日推算并标“暂定”，"
        "管理员载入国务院节假日通知后自动重算。"
    )


def compute(
    rule_id: str | deadlines.Rule,
    start: dt.date,
    *,
    extended: bool = False,
    pauses: list[tuple[dt.date, dt.date]] = (),
    provisional: bool = False,
) -> deadlines.DueDate:
    """The due date with the real holiday data: a year without data is a ValidationError. With
    `provisional`, such a year counts weekends and the statutory holidays as rest days instead."""
    calendar_ = provisional_calendar() if provisional else calendar()
    try:
        return deadlines.compute(
            rule_id, start, extended=extended, pauses=pauses, calendar=calendar_
        )
    except deadlines.DeadlineError as exc:
        raise ValidationError(str(exc)) from exc


def compute_due(
    rule_id: str | deadlines.Rule,
    start: dt.date,
    *,
    extended: bool = False,
    pauses: list[tuple[dt.date, dt.date]] = (),
) -> tuple[deadlines.DueDate, bool]:
    """The due date and whether it is provisional.

    A period that runs into a year without holiday data (the State Council publishes each year's
    notice late in the year before) is not refused: it is counted with weekends and the statutory
    holidays as rest days and marked provisional, and `recompute_provisional` corrects it once the data is loaded.
    """
    try:
        return deadlines.compute(
            rule_id, start, extended=extended, pauses=pauses, calendar=calendar()
        ), False
    except deadlines.CalendarDataMissing:
        return compute(rule_id, start, extended=extended, pauses=pauses, provisional=True), True
    except deadlines.DeadlineError as exc:
        raise ValidationError(str(exc)) from exc


def add_working_days(start: dt.date, days: int) -> tuple[dt.date, bool]:
    """`start` plus `days` working days, and whether that is provisional (see `compute`)."""
    try:
        return deadlines.add_working_days(start, days, calendar=calendar()), False
    except deadlines.CalendarDataMissing:
        return deadlines.add_working_days(start, days, calendar=provisional_calendar()), True


def deadline_assign(record, *, rule_id: str, start: dt.date, extended: bool = False) -> None:
    """Set the DeadlineFields of `record` (unsaved) from the engine, honouring finished pauses."""
    pauses = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in record.due_pauses]
    result, provisional = compute_due(rule_id, start, extended=extended, pauses=pauses)
    record.due_rule = rule_id
    record.due_start = start
    record.due_on = result.due
    record.due_extended = extended
    record.due_basis = result.basis[:120]
    record.due_provisional = provisional


def recompute_provisional() -> dict[str, int]:
    """Count every provisional due date again, after a year's holiday data has been loaded.

    Looks at each model with a `provisional_flag` (every DeadlineFields model, and others that
    declare one with its `provisional_date` and a `recompute_due` method); a record whose date or flag changes is saved with
    an audit row (`deadline.recompute`). Returns the number of changed records per model label.
    Records whose period still runs into a year without data stay provisional and unchanged."""
    from django.apps import apps
    from django.db import transaction

    from .audit import audit_record

    changed: dict[str, int] = {}
    for model in apps.get_models():
        flag = getattr(model, "provisional_flag", None)
        if not flag:
            continue
        date_field = model.provisional_date
        for candidate in model.objects.filter(**{flag: True}).iterator():
            before = getattr(candidate, date_field)
            candidate.recompute_due()  # in memory first: most stay as they are
            if getattr(candidate, flag) and getattr(candidate, date_field) == before:
                continue
            with transaction.atomic():
                record = model.objects.select_for_update().get(pk=candidate.pk)
                before = getattr(record, date_field)
                record.recompute_due()
                record.save()
                audit_record(
                    actor=SCHEDULER,
                    action="deadline.recompute",
                    obj=record,
                    unit=getattr(record, "unit", None),
                    changes={
                        date_field: [before, getattr(record, date_field)],
                        flag: [True, getattr(record, flag)],
                    },
                )
            changed[model._meta.label] = changed.get(model._meta.label, 0) + 1
    return changed


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
