"""Scoped reads of 普法宣传: events, responsibility lists with completion, the yearly plan."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units

from .models import Event, PlanItem, ResponsibilityList, ResponsibilityTask

STAT_CODES = (
    "publicity.events",
    "publicity.audience",
    "publicity.school_sessions",
    "publicity.tasks",
    "publicity.tasks_done",
    "publicity.task_completion",
    "publicity.plan_planned",
    "publicity.plan_done",
    "publicity.plan_completion",
    "stations.pufa_posts",
    "stations.platforms",
    "stations.village_coverage",
)


def event_list_for_user(
    *, user, year: int | None = None, kind: str = "", unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[Event]:
    events = scope(user, Event.objects.all()).select_related("unit", "station")
    if year:
        events = events.filter(held_on__year=year)
    if kind:
        events = events.filter(kind=kind)
    if unit is not None:
        events = events.filter(unit__path__startswith=unit.path)
    if q:
        events = events.filter(Q(theme__contains=q) | Q(place__contains=q) | Q(school__contains=q))
    return events


def event_get_for_user(*, user, pk) -> Event:
    queryset = Event.objects.select_related("unit", "station", "task__duty_list__unit", "plan_item")
    return get_scoped_or_404(user, queryset.prefetch_related("photos"), pk)


def duty_lists_for_user(
    *, user, year: int | None = None, unit: OrgUnit | None = None
) -> QuerySet[ResponsibilityList]:
    lists = scope(user, ResponsibilityList.objects.all()).select_related("unit", "unit__parent")
    if year:
        lists = lists.filter(year=year)
    if unit is not None:
        lists = lists.filter(unit__path__startswith=unit.path)
    return lists.annotate(
        task_count=Count("tasks", distinct=True),
        done_count=Count("tasks", filter=Q(tasks__done_on__isnull=False), distinct=True),
    ).order_by("-year", "unit__path")


def duty_list_get_for_user(*, user, pk) -> ResponsibilityList:
    tasks = ResponsibilityTask.objects.annotate(event_count=Count("events"))
    from django.db.models import Prefetch

    queryset = ResponsibilityList.objects.select_related("unit").prefetch_related(
        Prefetch("tasks", queryset=tasks), "tasks__events"
    )
    return get_scoped_or_404(user, queryset, pk)


def task_get_for_user(*, user, duty_list: ResponsibilityList, pk) -> ResponsibilityTask:
    return get_scoped_or_404(
        user,
        ResponsibilityTask.objects.filter(duty_list=duty_list),
        pk,
        unit_field="duty_list__unit",
    )


def plan_items_for_user(*, user, year: int, unit: OrgUnit | None = None) -> QuerySet[PlanItem]:
    items = scope(user, PlanItem.objects.filter(year=year)).select_related("unit")
    if unit is not None:
        items = items.filter(unit__path__startswith=unit.path)
    return items.annotate(held=Count("events")).order_by("unit__path", "due_on", "id")


def plan_item_get_for_user(*, user, pk) -> PlanItem:
    return get_scoped_or_404(
        user, PlanItem.objects.select_related("unit").prefetch_related("events"), pk
    )


def event_units(user) -> QuerySet[OrgUnit]:
    """Units an event may be recorded for: offices and township departments."""
    return visible_units(user).filter(kind__in=(UnitKind.OFFICE, UnitKind.DEPARTMENT))


def tasks_open_for_user(*, user) -> QuerySet[ResponsibilityTask]:
    return (
        scope(user, ResponsibilityTask.objects.all(), unit_field="duty_list__unit")
        .select_related("duty_list__unit")
        .order_by("-duty_list__year", "duty_list__unit__path", "due_on")
    )


def plan_items_open_for_user(*, user) -> QuerySet[PlanItem]:
    return (
        scope(user, PlanItem.objects.all())
        .select_related("unit")
        .order_by("-year", "unit__path", "due_on")
    )
