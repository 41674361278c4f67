"""Indicator queries of 普法宣传 (see the declarations in apps.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q

from sifasuo.core.indicators import count_by_unit, per_unit, sum_by_unit

from .models import Event, EventKind, PlanItem, ResponsibilityTask


def _events(units: Sequence[int], start: date, end: date):
    return Event.objects.filter(unit_id__in=units, held_on__gte=start, held_on__lte=end)


@per_unit
def events(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_events(units, start, end))


@per_unit
def audience(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return sum_by_unit(_events(units, start, end), "audience_count")


@per_unit
def school_sessions(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_events(units, start, end).filter(kind=EventKind.SCHOOL))


def _tasks(units: Sequence[int], start: date, end: date):
    return ResponsibilityTask.objects.filter(
        duty_list__unit_id__in=units, due_on__gte=start, due_on__lte=end
    )


@per_unit
def tasks(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_tasks(units, start, end), "duty_list__unit_id")


@per_unit
def tasks_done(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    done = _tasks(units, start, end).filter(done_on__isnull=False, done_on__lte=end)
    return count_by_unit(done, "duty_list__unit_id")


def _items(units: Sequence[int], start: date, end: date):
    return PlanItem.objects.filter(unit_id__in=units, due_on__gte=start, due_on__lte=end)


@per_unit
def plan_planned(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return sum_by_unit(_items(units, start, end), "planned_count")


@per_unit
def plan_done(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    """Each item's events held by the period's end, at most its planned count."""
    items = _items(units, start, end).annotate(
        held=Count("events", filter=Q(events__held_on__lte=end))
    )
    done: dict[int, int] = {}
    for owner, held, planned in items.values_list("unit_id", "held", "planned_count"):
        done[owner] = done.get(owner, 0) + min(held, planned)
    return done
