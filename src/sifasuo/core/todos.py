"""我的待办 across the business lines: what is waiting for this person in each of them.

A business line that has steps waiting for people names a provider in its declaration
(`BusinessLine.todos`): `todo_groups(*, user, limit) -> list[TodoGroup]`, reading through its own
scoped selectors; core imports no business app. The home page shows every non-empty
group next to the person's own to-do items.

Below, the open work with a due date that the supervisors' dashboards count per unit
(`BusinessLine.due_work`), and the filter that narrows a line's list to what one count counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from . import deadline_service, lines, scoping
from .models import OrgUnit, UnitKind

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
    due_paused: bool = False  # 中止: the period does not run, so it is neither overdue nor due soon

    @property
    def due_state(self) -> str:
        return deadline_service.state_of(self.due_on, paused=self.due_paused)


@dataclass(frozen=True)
class TodoGroup:
    label: str
    more_url: str
    total: int
    items: list[Todo] = field(default_factory=list)
    # How many of all `total` records (not only the rows shown) are overdue or due soon, for the
    # home page's counters.
    overdue: int = 0
    due_soon: int = 0


def group_from(
    label: str,
    more_url: str,
    queryset: QuerySet,
    row,
    *,
    limit: int,
    due_field: str | None = "due_on",
) -> TodoGroup | None:
    """A group of the first `limit` records of `queryset` turned into Todos by `row(record)`;
    None when there are none. Counts only when the first page is full.

    `due_field` is the date the rows show as their due date (None: the rows show none), so the
    group can say how many of all its records are overdue or due soon."""
    first = list(queryset[:limit])
    if not first:
        return None
    items = [row(r) for r in first]
    if len(first) < limit:
        # Everything is on the page: count what the rows show.
        states = [item.due_state for item in items]
        total, overdue, due_soon = len(items), states.count("overdue"), states.count("due_soon")
    elif due_field is not None and not _has_field(queryset, due_field.split("__")[0]):
        # A line whose rows take their date from elsewhere: count what all its rows would show.
        states = [row(record).due_state for record in queryset]
        total, overdue, due_soon = len(states), states.count("overdue"), states.count("due_soon")
    else:
        total, overdue, due_soon = _counts(queryset, due_field)
    return TodoGroup(
        label=label,
        more_url=more_url,
        total=total,
        items=items,
        overdue=overdue,
        due_soon=due_soon,
    )


def _has_field(queryset: QuerySet, name: str) -> bool:
    return any(f.name == name for f in queryset.model._meta.get_fields())


def _counts(queryset: QuerySet, due_field: str | None) -> tuple[int, int, int]:
    """All records, and those overdue or due soon by `due_field`, in one query."""
    if due_field is None:
        return queryset.count(), 0, 0
    late, soon = due_conditions(queryset, due_field)
    counts = queryset.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=late),
        due_soon=Count("pk", filter=soon),
    )
    return counts["total"], counts["overdue"], counts["due_soon"]


def due_conditions(queryset: QuerySet, due_field: str, *, on: dt.date | None = None) -> tuple[Q, Q]:
    """(overdue, due soon) as filters on `queryset` by `due_field`: the one definition the home
    page's counters, the dashboards' table and the lists it links to share.

    A record whose period is paused (中止) is neither overdue nor due soon."""
    on = on or deadline_service.today()
    running = Q()
    if _has_field(queryset, "due_paused_since"):
        running = Q(due_paused_since__isnull=True)
    late = running & Q(**{f"{due_field}__lt": on})
    soon = running & Q(
        **{f"{due_field}__gte": on, f"{due_field}__lte": deadline_service.due_soon_limit(on)}
    )
    return late, soon


def home_counts(work_counts: dict[str, int], groups: list[TodoGroup]) -> dict[str, int]:
    """The home page's counters: the person's work items and every group listed below them."""
    return {
        "overdue": work_counts["overdue"] + sum(g.overdue for g in groups),
        "due_soon": work_counts["due_soon"] + sum(g.due_soon for g in groups),
        "open": work_counts["open"] + sum(g.total for g in groups),
    }


def works_in_office(user) -> bool:
    """Office steps wait for the office's own staff, not for the bureaus that oversee them."""
    return user.unit is not None and user.unit.kind == UnitKind.OFFICE


def todo_groups_for_user(*, user, limit: int = HOME_LIMIT) -> list[TodoGroup]:
    groups: list[TodoGroup] = []
    for provider in lines.todo_providers():
        groups.extend(g for g in provider(user=user, limit=limit) if g is not None)
    return groups


# ---------------------------------------------------------------------------------------------
# Open work per unit: what the supervisors' dashboards count across their offices.


# What a dashboard cell links to: `?unit=<id>&due=<which>` on the line's list.
DUE_STATES = {"overdue": "已超期", "soon": "即将到期"}


@dataclass(frozen=True)
class DueRecords:
    """A line's open records with a due date, as the dashboards count them and the lists they
    link to filter them: the (already scoped) records, the lookups from a record to its due date
    and to its owning unit, and to the record its list shows (a petition's time limits are listed
    as the petition: each listed record is counted once)."""

    queryset: QuerySet
    due_field: str = "due_on"
    unit_field: str = "unit"
    listed_by: str = "pk"

    def conditions(self) -> tuple[Q, Q]:
        return due_conditions(self.queryset, self.due_field)

    def below(self, unit: OrgUnit) -> Q:
        """Owned by `unit` or a unit below it, as the dashboards roll counts up."""
        return Q(**{f"{self.unit_field}__path__startswith": unit.path})


@dataclass(frozen=True)
class UnitDue:
    """One kind of a line's open work with a due date, counted per owning unit."""

    label: str
    list_url: str
    # Owning unit id → (overdue, due soon); units with neither are left out.
    counts: dict[int, tuple[int, int]]
    # The most overdue few records (the dashboards link down to them).
    overdue_items: list[Todo] = field(default_factory=list)

    def url_for(self, unit: OrgUnit, which: str) -> str:
        """The line's list narrowed to what a dashboard cell counts: `unit`'s subtree, and
        overdue or due soon (`which`, a key of DUE_STATES); the list's own parameters are kept."""
        if which not in DUE_STATES:
            raise ValueError(f"unknown due state {which!r}")
        parts = urlsplit(self.list_url)
        query = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k not in ("unit", "due", "page")
        ]
        query += [("unit", str(unit.pk)), ("due", which)]
        return urlunsplit(parts._replace(query=urlencode(query)))


def due_by_unit(
    label: str,
    list_url: str,
    records: DueRecords,
    row,
    *,
    limit: int = HOME_LIMIT,
) -> UnitDue:
    """Overdue and due-soon records per owning unit, in one grouped query, and the `limit` most
    overdue of them turned into Todos by `row(record)`. Each record the list shows is counted
    once (`DueRecords.listed_by`), so a cell's number is the length of the list it links to."""
    queryset, due_field = records.queryset, records.due_field
    late, soon = records.conditions()
    grouped = (
        queryset.order_by()
        .filter(late | soon)
        .values(owner=F(records.unit_field))
        .annotate(overdue=Count(records.listed_by, distinct=True, filter=late))
        .annotate(due_soon=Count(records.listed_by, distinct=True, filter=soon))
    )
    counts = {r["owner"]: (r["overdue"], r["due_soon"]) for r in grouped if r["owner"]}
    oldest = []
    if any(overdue for overdue, _ in counts.values()):
        oldest = [row(r) for r in queryset.filter(late).order_by(due_field, "pk")[:limit]]
    return UnitDue(label=label, list_url=list_url, counts=counts, overdue_items=oldest)


@dataclass(frozen=True)
class DueFilter:
    """A list narrowed from a dashboard cell, shown above the list with a link that clears it."""

    unit: OrgUnit
    which: str
    clear_url: str

    @property
    def label(self) -> str:
        return f"筛选：{self.unit.name} · {DUE_STATES[self.which]}"


def due_filter(request, listed: QuerySet, records: DueRecords) -> tuple[QuerySet, DueFilter | None]:
    """Narrow a list (`listed`, already scoped) to what a dashboard cell counted when the query
    string says `unit=<id>&due=overdue|soon`: the records of `records` owned by the unit or below
    it and overdue or due soon, by the same conditions `due_by_unit` counts with.

    Both parameters make the filter: one alone is left to the list (a list may have its own
    `unit` or `due`). A unit the reader cannot see, a malformed unit or an unknown state is a 404.
    """
    unit_param, which = request.GET.get("unit", ""), request.GET.get("due", "")
    if not unit_param or not which:
        return listed, None
    if which not in DUE_STATES:
        raise Http404("未知的期限筛选")
    if not unit_param.isdecimal() or len(unit_param) > 18:  # past a bigint
        raise Http404("未知的单位")
    unit = scoping.visible_units(request.user).filter(pk=int(unit_param)).first()
    if unit is None:
        raise Http404("未知的单位")
    late, soon = records.conditions()
    counted = records.queryset.order_by().filter(
        records.below(unit), late if which == "overdue" else soon
    )
    narrowed = listed.filter(pk__in=counted.values(records.listed_by))
    query = request.GET.copy()
    for key in ("unit", "due", "page"):
        query.pop(key, None)
    clear_url = f"{request.path}?{query.urlencode()}" if query else request.path
    return narrowed, DueFilter(unit=unit, which=which, clear_url=clear_url)


def due_work_for_user(*, user) -> list[UnitDue]:
    """Every line's open work with a due date the user sees, per owning unit."""
    return [group for provider in lines.due_work_providers() for group in provider(user=user)]


def work_items_due(*, user) -> list[UnitDue]:
    """The platform's own 期限事项."""
    from django.urls import reverse

    return [
        due_by_unit(
            "期限事项",
            reverse("core:work_list"),
            work_items_due_records(user=user),
            lambda item: Todo(
                title=item.title,
                url=reverse("core:work_detail", args=[item.pk]),
                step=item.category or "期限事项",
                due_on=item.due_on,
                unit=item.unit.name,
            ),
        )
    ]


def work_items_due_records(*, user) -> DueRecords:
    from . import selectors

    return DueRecords(selectors.work_list_for_user(user=user, state="open").select_related("unit"))
