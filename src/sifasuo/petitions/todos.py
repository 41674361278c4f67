"""信访 in 我的待办: the running periods of the office's own steps (书面告知, 办结) on the
petitions the person handles."""

from __future__ import annotations

from django.urls import reverse

from sifasuo.core.todos import DueRecords, Todo, TodoGroup, UnitDue, due_by_unit, group_from

from . import selectors
from .models import OFFICE_DUTIES, OPEN_STAGES, TimeLimit


def _row(limit: TimeLimit) -> Todo:
    petition = limit.petition
    return Todo(
        title=f"{petition.number}：{petition.request[:40]}",
        url=reverse("petitions:detail", args=[petition.pk]),
        step=limit.get_kind_display(),
        due_on=limit.due_on,
        due_provisional=limit.due_provisional,
        unit=petition.unit.name,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    limits = selectors.open_duty_limits_for_user(user=user)
    return [group_from("信访件（本人承办）", reverse("petitions:list"), limits, _row, limit=limit)]


def due_records(*, user) -> DueRecords:
    """The office's running periods of open petitions, listed (and counted) as their petitions."""
    petitions = selectors.petition_list_for_user(user=user).filter(stage__in=OPEN_STAGES)
    limits = TimeLimit.objects.filter(
        petition__in=petitions.values("pk"), kind__in=OFFICE_DUTIES, done_on__isnull=True
    ).select_related("petition", "petition__unit")
    return DueRecords(limits, unit_field="petition__unit", listed_by="petition")


def due_work(*, user) -> list[UnitDue]:
    """Open petitions with a running period of the office, by office, for the dashboards."""
    return [due_by_unit("信访件", reverse("petitions:list"), due_records(user=user), _row)]
