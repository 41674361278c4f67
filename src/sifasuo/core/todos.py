"""我的待办 across the business lines: what is waiting for this person in each of them.

A business line that has steps waiting for people names a provider in its declaration
(`BusinessLine.todos`): `todo_groups(*, user, limit) -> list[TodoGroup]`, reading through its own
scoped selectors; core imports no business app. The home page shows every non-empty
group next to the person's own to-do items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from . import deadline_service, lines
from .models import UnitKind

# How many rows of each group the home page shows; the group links to the full list.
HOME_LIMIT = 5


@dataclass(frozen=True)
class Todo:
    """One waiting step: what it is, what must be done next, and by when."""

    title: str
    url: str
    step: str
    due_on: dt.date | None = None
    due_provisional: bool = False
    unit: str = ""

    @property
    def due_state(self) -> str:
        return deadline_service.state_of(self.due_on)


@dataclass(frozen=True)
class TodoGroup:
    label: str
    more_url: str
    total: int
    items: list[Todo] = field(default_factory=list)


def group_from(
    label: str, more_url: str, queryset: QuerySet, row, *, limit: int
) -> TodoGroup | None:
    """A group of the first `limit` records of `queryset` turned into Todos by `row(record)`;
    None when there are none. Counts only when the first page is full."""
    first = list(queryset[:limit])
    if not first:
        return None
    total = len(first) if len(first) < limit else queryset.count()
    return TodoGroup(label=label, more_url=more_url, total=total, items=[row(r) for r in first])


def works_in_office(user) -> bool:
    """Office steps wait for the office's own staff, not for the bureaus that oversee them."""
    return user.unit is not None and user.unit.kind == UnitKind.OFFICE


def todo_groups_for_user(*, user, limit: int = HOME_LIMIT) -> list[TodoGroup]:
    groups: list[TodoGroup] = []
    for provider in lines.todo_providers():
        groups.extend(g for g in provider(user=user, limit=limit) if g is not None)
    return groups
