"""一站式受理 in 我的待办: the person's open matters and, for office staff, those awaiting a handler."""

from __future__ import annotations

from django.urls import reverse

from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.todos import (
    DueRecords,
    Todo,
    TodoGroup,
    UnitDue,
    due_by_unit,
    group_from,
    works_in_office,
)

from . import selectors
from .models import OPEN_STATES, Matter


def _row(matter: Matter) -> Todo:
    return Todo(
        title=f"{matter.tracking_code} {matter.get_matter_type_display()}：{matter.narrative[:40]}",
        url=reverse("intake:detail", args=[matter.pk]),
        step=matter.get_state_display(),
        due_on=matter.due_on,
        due_provisional=matter.due_provisional,
        unit=matter.unit.name,
        due_paused=matter.due_paused_since is not None,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    queue = reverse("intake:queue")
    groups = [
        group_from(
            "受理事项（本人承办）",
            f"{queue}?q=mine",
            selectors.matter_queue_for_user(user=user, which="mine"),
            _row,
            limit=limit,
        )
    ]
    if works_in_office(user) and has_capability(user, Capability.MANAGE_PARTIES):
        groups.append(
            group_from(
                "受理事项（待分派）",
                f"{queue}?q=unassigned",
                selectors.matter_queue_for_user(user=user, which="unassigned"),
                _row,
                limit=limit,
            )
        )
    if user.unit is not None and user.unit.kind == UnitKind.PARTNER:
        groups.append(
            group_from(
                "转入事项（待签收）",
                f"{queue}?q=incoming",
                selectors.matter_queue_for_user(user=user, which="incoming"),
                _row,
                limit=limit,
            )
        )
    return groups


def due_records(*, user) -> DueRecords:
    """Open matters, as the dashboards count them."""
    matters = selectors.matter_queue_for_user(user=user, which="all").filter(state__in=OPEN_STATES)
    return DueRecords(matters)


def due_work(*, user) -> list[UnitDue]:
    """Open matters by office, for the dashboards."""
    return [
        due_by_unit("受理事项", f"{reverse('intake:queue')}?q=all", due_records(user=user), _row)
    ]
