"""One typed declaration per business line (业务条线), read by core without importing the line.

Each business app sets `line = BusinessLine(...)` on its AppConfig. Core reads every line's
navigation, history records, audit action names, 我的待办 provider, demo loader, indicators,
capabilities, roles, unit kinds, intake hand-over targets and staff-edit hook from here, and the system checks in
`core.checks` refuse a declaration that does not resolve. Callables are named by dotted path so a
declaration can be read before the line's models are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import Model, Q
from django.utils.module_loading import import_string

from .roles import Role


@dataclass(frozen=True)
class NavEntry:
    """A sidebar entry. `capability`: only accounts holding it see the entry. `roles`: only these
    roles see it (None: every role). Supervisors see what their offices do through the same lists,
    so an entry for office work usually names the office roles and the supervisor. `shown_if`:
    the dotted path of `(user) -> bool`, the page's own access rule, for a page whose rule a role
    and a capability do not express (the entry is shown only to whom the page opens)."""

    label: Any
    url_name: str
    capability: str | None = None
    roles: frozenset[str] | None = None
    shown_if: str = ""

    def shown_to(self, user) -> bool:
        from .roles import has_capability

        if self.capability is not None and not has_capability(user, self.capability):
            return False
        if self.shown_if and not import_string(self.shown_if)(user):
            return False
        return self.roles is None or user.is_superuser or user.role in self.roles


@dataclass(frozen=True)
class RecordType:
    """A record the shared history panel and the personal-data reveal may address in a URL.

    `key` is namespaced by the line (`mediation.case`); `unit_field` is the lookup from the
    record to the unit that owns it ("" for a unit itself). `selector`: the dotted path of the
    line's own `(*, user, pk) -> record` (raising 404), for a record read more widely than its
    unit's subtree (a city's catalogue, read by every office below it), so the panels open for
    whoever opens the record's page. `readable_if`: the dotted path of `(user) -> bool` for a
    line only some roles read at all (复议应诉): others are not shown its records on a party's
    page and get 404 from the panels."""

    key: str
    model: str
    unit_field: str = "unit"
    # The URL name of the record's page (taking `pk`); by default `<app>:<model>_detail`.
    detail_url: str = ""
    selector: str = ""
    readable_if: str = ""

    def readable_by(self, user) -> bool:
        return not self.readable_if or import_string(self.readable_if)(user)

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def detail_url_name(self) -> str:
        if self.detail_url:
            return self.detail_url
        app_label, model_name = self.model.lower().split(".")
        return f"{app_label}:{model_name}_detail"


@dataclass(frozen=True)
class Indicator:
    """A number the reports compute: its code, name, written definition, unit and query.

    A count or sum names `query`, the dotted path of
    `f(*, units: Sequence[int], start: date, end: date) -> int | Decimal | float`: the total
    over the records owned by exactly those unit ids (the caller expands a county into every
    unit below it) counted on a date in [start, end], both ends included. Its `definition` says
    what is counted, what is excluded and which date places a record in a period.

    A rate names `ratio = (numerator code, denominator code)` instead: its value is
    100 × numerator ÷ denominator, computed after both are rolled up (rates are never averaged),
    and it has no value when the denominator is 0.

    `revisions` lists the dates its definition changed, with what changed, so a number from
    before that date can say it was counted differently.

    `better` says which way is good, "higher" (a rate of cases handled on time) or "lower"
    (overdue cases), so a comparison of units can flag the worst value; "" (a plain volume such
    as cases received) flags nothing.

    `additive`: the value for a period is the sum of its months' values and the sum of its
    units' values (a count of records dated in the period, a sum of amounts). Such a count can
    be kept in the per-office monthly summaries. A stock ("standing on the period's last day")
    or a count of distinct things ("villages visited at least once") is not additive.

    `headline`: one of the line's key numbers, shown on the dashboards.

    `group`: the heading over this column in the line's statistical report sheet (columns of a
    group stand together, in declaration order).

    `phrase`: how a 工作总结 quotes the number, with `{}` where it goes, e.g. "列席有关会议{}次"."""

    code: str
    name: Any
    definition: Any
    unit: Any
    query: str = ""
    ratio: tuple[str, str] | None = None
    revisions: tuple[tuple[str, Any], ...] = ()
    better: str = ""
    additive: bool = False
    headline: bool = False
    group: Any = ""
    phrase: Any = ""


def indicator_maker(line: str, queries: str, **defaults: Any) -> Callable[..., Indicator]:
    """A line's shorthand for its counts: `make(code, name, definition[, unit[, query]],
    **options)` declares `Indicator("line.code", …)` whose query is `queries + (query or code)`,
    with `defaults` (unit, additive, group, …) under the given options."""

    def make(
        code: str, name: Any, definition: Any, unit: Any = None, query: str = "", **options: Any
    ) -> Indicator:
        fields = {**defaults, **options}
        if unit is not None:
            fields["unit"] = unit
        return Indicator(
            code=f"{line}.{code}",
            name=name,
            definition=definition,
            query=queries + (query or code),
            **fields,
        )

    return make


@dataclass(frozen=True)
class SummarySource:
    """A model whose rows an additive indicator's query reads, beyond the line's `records`: a
    change to a row marks the per-office monthly summaries of its unit stale for the months of
    its dates (before and after the change). `unit_field` is the lookup from the row to the unit
    the query counts it for; `dates` the lookups of the dates that place it in a month (empty:
    every date and date-time field of the model itself); `only` the (field, values) pairs a row
    must match to be counted at all (the audit rows of two actions among all the others)."""

    model: str
    unit_field: str = "unit"
    dates: tuple[str, ...] = ()
    only: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    def only_q(self) -> Q:
        return Q(*(Q(**{f"{name}__in": list(values)}) for name, values in self.only))

    def matches(self, instance) -> bool:
        return all(getattr(instance, name) in values for name, values in self.only)


@dataclass(frozen=True)
class CapabilityGrant:
    """A capability a line adds, with the roles that hold it."""

    code: str
    label: Any
    roles: frozenset[str]


@dataclass(frozen=True)
class UnitKindSpec:
    """A kind of unit a line adds (e.g. a 法律援助中心), with the kinds it may sit under."""

    value: str
    label: Any
    parents: frozenset[str]


@dataclass(frozen=True)
class HandOver:
    """A line an intake matter can be handed to (转入): the page of that line that opens its
    record from a matter (`?matter=<pk>`) and the matter types it accepts (empty: every type)."""

    key: str
    label: Any
    url_name: str
    matter_types: frozenset[str] = frozenset()
    # The matter's reverse accessor of the record it became (e.g. "petition"): intake offers the
    # hand-over only while the matter has none ("" : always while the matter is open).
    record_accessor: str = ""
    # The dotted path of `(user) -> bool`, the target page's own rule where it asks more than
    # that the user acts for the matter's office (e.g. that the user works in an office).
    shown_if: str = ""

    def done_for(self, matter) -> bool:
        if not self.record_accessor:
            return False
        try:
            return getattr(matter, self.record_accessor) is not None
        except AttributeError:  # a reverse one-to-one without its record raises DoesNotExist
            return False

    def accepts(self, matter_type: str) -> bool:
        return not self.matter_types or matter_type in self.matter_types

    def opens_for(self, user) -> bool:
        return not self.shown_if or import_string(self.shown_if)(user)


@dataclass(frozen=True)
class BusinessLine:
    """Everything core needs to know about one business line."""

    label: str  # the app label, e.g. "mediation"
    name: Any  # 人民调解
    navigation: tuple[NavEntry, ...] = ()
    records: tuple[RecordType, ...] = ()
    actions: Mapping[str, Any] = field(default_factory=dict)
    todos: str = ""  # dotted path of todo_groups(*, user, limit) -> list[TodoGroup | None]
    demo_loader: str = ""  # dotted path of load(office: DemoOffice) -> None
    indicators: tuple[Indicator, ...] = ()
    capabilities: tuple[CapabilityGrant, ...] = ()
    roles: tuple[tuple[str, Any], ...] = ()  # extra account roles (value, label)
    unit_kinds: tuple[UnitKindSpec, ...] = ()  # extra kinds of unit
    hand_overs: tuple[HandOver, ...] = ()
    # Dotted path of due_work(*, user) -> list[UnitDue]: the line's open work with a due date that
    # the user sees, counted per owning unit (core.todos.due_by_unit), for the dashboards. The list
    # it links to narrows to a count's records by `?unit=<id>&due=overdue|soon` through
    # core.todos.due_filter over the same DueRecords.
    due_work: str = ""
    # Models the additive indicators read besides `records` (see `core.summaries`).
    summary_models: tuple[SummarySource, ...] = ()
    # Dotted path of staff_updated(*, actor, staff, previous) -> None: core's staff form saved
    # an edit of `staff` (`previous`: the row as it was), inside the editing transaction, so a
    # line keeping a dated history of the staffing records the edit.
    staff_updated: str = ""
    # Dotted path of premises_updated(*, actor, premises, previous) -> None: the same for core's
    # premises form (`previous`: the OfficePremises row as it was, None when it is new).
    premises_updated: str = ""


def lines() -> list[BusinessLine]:
    """Every installed line, core first, then in INSTALLED_APPS order."""
    return [
        line
        for config in apps.get_app_configs()
        if isinstance(line := getattr(config, "line", None), BusinessLine)
    ]


# ---------------------------------------------------------------------------------------------
# Merged views of the declarations (cached: declarations do not change at run time)


@cache
def record_types() -> dict[str, RecordType]:
    return {record.key: record for line in lines() for record in line.records}


def record_type_for(model: type[Model]) -> RecordType | None:
    label = model._meta.label_lower
    for record in record_types().values():
        if record.model.lower() == label:
            return record
    return None


@cache
def action_labels() -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for line in lines():
        labels.update(line.actions)
    return labels


def navigation() -> Iterator[NavEntry]:
    for line in lines():
        yield from line.navigation


@cache
def todo_providers() -> list[Callable[..., list]]:
    return [import_string(line.todos) for line in lines() if line.todos]


@cache
def due_work_providers() -> list[Callable[..., list]]:
    return [import_string(line.due_work) for line in lines() if line.due_work]


@cache
def staff_update_hooks() -> list[Callable[..., None]]:
    return [import_string(line.staff_updated) for line in lines() if line.staff_updated]


@cache
def premises_update_hooks() -> list[Callable[..., None]]:
    return [import_string(line.premises_updated) for line in lines() if line.premises_updated]


def demo_loaders() -> list[Callable[..., None]]:
    return [import_string(line.demo_loader) for line in lines() if line.demo_loader]


@cache
def indicators() -> dict[str, Indicator]:
    return {ind.code: ind for line in lines() for ind in line.indicators}


@cache
def indicator_lines() -> dict[str, BusinessLine]:
    """Indicator code → the line that declares it."""
    return {ind.code: line for line in lines() for ind in line.indicators}


@cache
def capability_grants() -> dict[str, frozenset[str]]:
    """Capability code → roles holding it, for the capabilities lines add."""
    grants: dict[str, set[str]] = {}
    for line in lines():
        for grant in line.capabilities:
            grants.setdefault(grant.code, set()).update(grant.roles)
    return {code: frozenset(roles) for code, roles in grants.items()}


def role_choices() -> list[tuple[str, Any]]:
    """Core's roles and those lines add (the User.role field's choices)."""
    extra = [choice for line in lines() for choice in line.roles]
    return [*Role.choices, *extra]


def unit_kind_choices() -> list[tuple[str, Any]]:
    """Core's kinds of unit and those lines add (the OrgUnit.kind field's choices)."""
    from .models import UnitKind

    extra = [(spec.value, spec.label) for line in lines() for spec in line.unit_kinds]
    return [*UnitKind.choices, *extra]


def unit_kind_parents() -> dict[str, frozenset[str]]:
    """For each kind of unit a line adds, the kinds it may sit under."""
    return {spec.value: spec.parents for line in lines() for spec in line.unit_kinds}


def role_label(role: str) -> str:
    return str(dict(role_choices()).get(role, role))


def hand_overs() -> dict[str, HandOver]:
    return {target.key: target for line in lines() for target in line.hand_overs}


def hand_overs_for(*, user, matter) -> list[HandOver]:
    """The lines `user` may hand the open intake `matter` over to now: the user registers
    matters (MANAGE_PARTIES) for the matter's office or above it, the line takes the matter's
    type, has not taken this matter yet, and its page opens for the user. Every page that offers
    a hand-over asks this, so none links to a page that refuses."""
    from .roles import Capability, has_capability

    acts_for_office = (
        has_capability(user, Capability.MANAGE_PARTIES)
        and user.unit_id is not None
        and (user.is_superuser or matter.unit.is_within(user.unit))
    )
    if not acts_for_office or not matter.is_open:
        return []
    return [
        target
        for target in hand_overs().values()
        if target.accepts(matter.matter_type)
        and not target.done_for(matter)
        and target.opens_for(user)
    ]


@cache
def summary_sources() -> dict[str, list[tuple[str, SummarySource]]]:
    """Lower-case model label → (line label, source) for every model whose changes make a
    line's per-office monthly summaries stale: the line's records and its `summary_models`,
    for the lines that declare an additive indicator."""
    found: dict[str, list[tuple[str, SummarySource]]] = {}
    for line in lines():
        if not any(ind.additive and ind.query for ind in line.indicators):
            continue
        declared = [
            SummarySource(record.model, record.unit_field)
            for record in line.records
            if record.unit_field
        ]
        for source in (*declared, *line.summary_models):
            entries = found.setdefault(source.model.lower(), [])
            if all(existing != (line.label, source) for existing in entries):
                entries.append((line.label, source))
    return found


def clear_caches() -> None:
    for function in (
        summary_sources,
        record_types,
        action_labels,
        todo_providers,
        due_work_providers,
        staff_update_hooks,
        indicators,
        indicator_lines,
        capability_grants,
    ):
        function.cache_clear()
