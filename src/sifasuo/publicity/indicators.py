"""Indicator queries of 普法宣传 (see the declarations in apps.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q, Sum

from .models import Event, EventKind, PlanItem, ResponsibilityTask


def _events(units: Sequence[int], start: date, end: date):
    return Event.objects.filter(unit_id__in=units, held_on__gte=start, held_on__lte=end)


def events(*, units: Sequence[int], start: date, end: date) -> int:
    return _events(units, start, end).count()


def audience(*, units: Sequence[int], start: date, end: date) -> int:
    return _events(units, start, end).aggregate(s=Sum("audience_count"))["s"] or 0


def school_sessions(*, units: Sequence[int], start: date, end: date) -> int:
    return _events(units, start, end).filter(kind=EventKind.SCHOOL).count()


def _tasks(units: Sequence[int], start: date, end: date):
    return ResponsibilityTask.objects.filter(
        duty_list__unit_id__in=units, due_on__gte=start, due_on__lte=end
    )


def tasks(*, units: Sequence[int], start: date, end: date) -> int:
    return _tasks(units, start, end).count()


def tasks_done(*, units: Sequence[int], start: date, end: date) -> int:
    return _tasks(units, start, end).filter(done_on__isnull=False, done_on__lte=end).count()


def _items(units: Sequence[int], start: date, end: date):
    return PlanItem.objects.filter(unit_id__in=units, due_on__gte=start, due_on__lte=end)


def plan_planned(*, units: Sequence[int], start: date, end: date) -> int:
    return _items(units, start, end).aggregate(s=Sum("planned_count"))["s"] or 0


def plan_done(*, units: Sequence[int], start: date, end: date) -> int:
    items = _items(units, start, end).annotate(
        held=Count("events", filter=Q(events__held_on__lte=end))
    )
    return sum(min(item.held, item.planned_count) for item in items)
