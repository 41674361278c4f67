"""Scoped reads of the core: every record a screen, export or HTMX partial shows comes from here.

Each selector takes the acting user and narrows through `scoping`, so a forbidden record and a
missing one both end in 404.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, TypedDict

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Case, Count, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from . import deadline_service, deadlines, lines
from .models import AuditEntry, OfficePremises, OrgUnit, Party, Staff, User, WorkItem
from .personal_data import normalize_credit_code, normalize_id_number, normalize_phone
from .roles import Capability, Role, has_capability
from .scoping import get_scoped_or_404, scope, sees_everything, visible_units
from .sealed import blind_index

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# ---------------------------------------------------------------------------------------------
# Work items (期限事项)

WORK_STATES = {
    "overdue": _("已超期"),
    "due_soon": _("即将到期"),
    "open": _("办理中"),
    "done": _("已办结"),
}


class DueState(TypedDict):
    due_state: str  # see deadline_service.annotate_due_state


def _work_base(user) -> QuerySet[WithAnnotations[WorkItem, DueState]]:
    queryset = WorkItem.objects.select_related("unit", "assignee")
    return deadline_service.annotate_due_state(scope(user, queryset))


def _urgent_first(queryset: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """Open before closed, overdue before due soon before the rest, then by due date."""
    return queryset.annotate(
        _rank=Case(
            When(~Q(status=WorkItem.Status.OPEN), then=Value(9)),
            When(due_state="overdue", then=Value(0)),
            When(due_state="due_soon", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("_rank", "due_on", "id")


def work_list_for_user(*, user, state: str = "", assignee_id: int | None = None) -> QuerySet:
    queryset = _work_base(user)
    open_items = Q(status=WorkItem.Status.OPEN)
    if state in ("overdue", "due_soon"):
        queryset = queryset.filter(open_items, due_state=state)
    elif state == "open":
        queryset = queryset.filter(open_items)
    elif state == "done":
        queryset = queryset.exclude(open_items)
    if assignee_id is not None:
        queryset = queryset.filter(assignee_id=assignee_id)
    return _urgent_first(queryset)


def home_items_for_user(*, user) -> QuerySet[WorkItem]:
    """我的待办: open items assigned to the user; heads and supervisors also see unassigned ones."""
    mine = Q(assignee=user)
    if user.role in (Role.OFFICE_HEAD, Role.SUPERVISOR, Role.SYSTEM_ADMIN):
        mine |= Q(assignee__isnull=True)
    return _urgent_first(_work_base(user).filter(mine, status=WorkItem.Status.OPEN))


def work_counts(queryset: QuerySet[WorkItem]) -> dict[str, int]:
    return queryset.order_by().aggregate(
        overdue=Count("id", filter=Q(due_state="overdue")),
        due_soon=Count("id", filter=Q(due_state="due_soon")),
        open=Count("id"),
    )


def work_item_get(*, user, pk) -> WorkItem:
    return get_scoped_or_404(user, _work_base(user), pk)


def work_item_extendable(item: WorkItem) -> bool:
    """Whether the item's statutory rule allows one extension (延长) that is still unused."""
    if item.status != WorkItem.Status.OPEN or not item.due_rule or item.due_extended:
        return False
    rule = deadlines.default_rules().get(item.due_rule)
    return rule is not None and rule.extension is not None


def overdue_items_for_user(*, user) -> QuerySet[WorkItem]:
    return (
        _work_base(user)
        .filter(status=WorkItem.Status.OPEN, due_state="overdue")
        .order_by("unit__path", "due_on", "id")
    )


def assignable_accounts(*, user, unit: OrgUnit | None = None) -> QuerySet[User]:
    accounts = scope(user, User.objects.filter(is_active=True)).select_related("unit")
    if unit is not None:
        accounts = accounts.filter(unit__path__startswith=unit.path)
    return accounts.order_by("unit__path", "username")


# ---------------------------------------------------------------------------------------------
# Org units (组织机构)


def unit_tree_for_user(*, user) -> list[OrgUnit]:
    """Visible units in tree order, each with `staff_count` and `indent` (depth below the root)."""
    units: list[OrgUnit] = list(
        visible_units(user)
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True), distinct=True))
        .order_by("path")
    )
    top = min((unit.depth for unit in units), default=0)
    for unit in units:
        unit.indent = unit.depth - top  # type: ignore[attr-defined]  # for the template only
    return units


def unit_get(*, user, pk) -> OrgUnit:
    return get_scoped_or_404(user, OrgUnit.objects.select_related("parent"), pk, unit_field="")


def unit_premises(unit: OrgUnit) -> OfficePremises | None:
    return OfficePremises.objects.filter(unit=unit).first()


def unit_children(*, user, unit: OrgUnit) -> QuerySet[OrgUnit]:
    return (
        scope(user, OrgUnit.objects.filter(parent=unit), unit_field="")
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("path")
    )


def unit_staff(*, user, unit: OrgUnit) -> QuerySet[Staff]:
    return scope(user, Staff.objects.filter(unit=unit)).select_related("unit")


def unit_accounts(*, user, unit: OrgUnit) -> QuerySet[User]:
    return scope(user, User.objects.filter(unit=unit)).order_by("username")


def parent_choices(*, user) -> QuerySet[OrgUnit]:
    return visible_units(user).filter(is_active=True)


# ---------------------------------------------------------------------------------------------
# Staff (工作人员)


@dataclass
class StaffFilters:
    unit: OrgUnit | None = None
    post: str = ""
    employment: str = ""


def staff_list_for_user(*, user, filters: StaffFilters | None = None) -> QuerySet[Staff]:
    filters = filters or StaffFilters()
    queryset = scope(user, Staff.objects.select_related("unit"))
    if filters.unit is not None:
        queryset = queryset.filter(unit__path__startswith=filters.unit.path)
    if filters.post:
        queryset = queryset.filter(post=filters.post)
    if filters.employment:
        queryset = queryset.filter(employment=filters.employment)
    return queryset.order_by("unit__path", "post", "name", "id")


def staff_get(*, user, pk) -> Staff:
    return get_scoped_or_404(user, Staff.objects.select_related("unit", "account"), pk)


# ---------------------------------------------------------------------------------------------
# Parties (当事人)


def party_list_for_user(*, user, query: str = "") -> QuerySet[Party]:
    """Parties by name, or by a whole ID number, phone number or credit code (sealed numbers are
    found through their blind index: only a complete number matches)."""
    queryset = scope(user, Party.objects.select_related("unit"))
    if query.strip():
        queryset = queryset.filter(party_match(query))
    return queryset.order_by("-created_at", "-id")


def party_match(query: str, prefix: str = "") -> Q:
    """A filter for parties named like `query` or holding it as a whole ID number, phone number
    or credit code (sealed numbers through their blind index). `prefix` reaches the party from
    another record, e.g. "requesters__" from an intake matter."""
    query = query.strip()
    match = Q(**{f"{prefix}name__icontains": query})
    for normalize, column, digest in (
        (normalize_id_number, "id_number_digest", True),
        (normalize_phone, "phone_digest", True),
        (normalize_credit_code, "credit_code", False),
    ):
        with contextlib.suppress(ValidationError):
            value = normalize(query)
            match |= Q(**{prefix + column: blind_index(value) if digest else value})
    return match


def party_get(*, user, pk) -> Party:
    return get_scoped_or_404(user, Party.objects.select_related("unit"), pk)


@dataclass
class PartyRecord:
    label: str  # the record's own name, e.g. its case number
    url: str
    created: Any


@dataclass
class PartyRecordGroup:
    line: str  # 人民调解
    kind: str  # 调解案件
    records: list[PartyRecord]


@cache
def _party_lookups() -> list[tuple[lines.RecordType, str, str]]:
    """(record type, lookup reaching a Party, line name) for every declared record type that
    names parties: a foreign key or many-to-many to Party on the record, or a link table (the
    record's reverse relation whose model has a foreign key to Party)."""
    found = []
    for line in lines.lines():
        for record in line.records:
            model = record.model_class()
            if model is Party:
                continue
            lookup = ""
            for model_field in model._meta.get_fields():
                if model_field.concrete and model_field.related_model is Party:
                    lookup = model_field.name
                    break
                if model_field.one_to_many and model_field.auto_created:
                    link = model_field.related_model
                    if link is None or isinstance(link, str):
                        continue
                    to_party = [
                        f.name
                        for f in link._meta.get_fields()
                        if f.many_to_one and f.concrete and f.related_model is Party
                    ]
                    if to_party and not lookup:
                        lookup = f"{model_field.name}__{to_party[0]}"
            if lookup:
                found.append((record, lookup, str(line.name)))
    return found


def party_records_for_user(*, user, party: Party, limit: int = 50) -> list[PartyRecordGroup]:
    """Every record of every line that names this party (intake matters, mediation cases,
    contracts …), each through the scoping gate: one query per kind of record."""
    groups = []
    for record, lookup, line_name in _party_lookups():
        if not record.readable_by(user):
            continue
        model = record.model_class()
        queryset = scope(
            user, model._default_manager.filter(**{lookup: party}), unit_field=record.unit_field
        )
        rows = list(queryset.distinct().order_by("-pk")[:limit])
        if not rows:
            continue
        try:
            reverse(record.detail_url_name(), args=[rows[0].pk])
            url_name = record.detail_url_name()
        except NoReverseMatch:
            url_name = ""
        groups.append(
            PartyRecordGroup(
                line=line_name,
                kind=str(model._meta.verbose_name),
                records=[
                    PartyRecord(
                        label=str(row),
                        url=reverse(url_name, args=[row.pk]) if url_name else "",
                        created=getattr(row, "created_at", None),
                    )
                    for row in rows
                ],
            )
        )
    return groups


# ---------------------------------------------------------------------------------------------
# Accounts (账号)


def accounts_for_user(*, user, query: str = "") -> QuerySet[User]:
    queryset = scope(user, User.objects.select_related("unit"))
    if query.strip():
        term = query.strip()
        queryset = queryset.filter(Q(username__icontains=term) | Q(display_name__icontains=term))
    return queryset.order_by("unit__path", "username")


def account_get(*, user, pk) -> User:
    return get_scoped_or_404(user, User.objects.select_related("unit"), pk)


# ---------------------------------------------------------------------------------------------
# Records addressed by a short name in URLs (reveal, history)


def record_get(*, user, model: str, pk) -> Model:
    """A record addressed by its namespaced key (`mediation.case`), through the scoping gate."""
    record = lines.record_types().get(model)
    if record is None:
        raise Http404
    model_class = record.model_class()
    if not record.readable_by(user):
        raise Http404
    if record.selector:
        return import_string(record.selector)(user=user, pk=pk)
    obj = get_scoped_or_404(
        user, model_class._default_manager.all(), pk, unit_field=record.unit_field
    )
    if model_class is User and not has_capability(user, Capability.MANAGE_ACCOUNTS):
        # Accounts are visible only on the account-management screens.
        raise Http404
    return obj


# ---------------------------------------------------------------------------------------------
# Audit trail (操作日志)


def action_label(action: str) -> str:
    """The Chinese name of an audit action, from the business lines' declarations."""
    label = lines.action_labels().get(action)
    return str(label) if label else action


def audit_entries_for_user(
    *,
    user,
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Rows about the user's unit and everything below it; administrators see every row."""
    queryset = AuditEntry.objects.all()
    if not sees_everything(user):
        if user.unit_id is None:
            return queryset.none()
        queryset = queryset.filter(unit_path__startswith=user.unit.path)
    if action:
        queryset = queryset.filter(action=action)
    if date_from or date_to:
        queryset = queryset.annotate(day=TruncDate("at"))
        if date_from:
            queryset = queryset.filter(day__gte=date_from)
        if date_to:
            queryset = queryset.filter(day__lte=date_to)
    return queryset.order_by("-at", "-id")


@dataclass
class ChangeRow:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    at: dt.datetime
    actor: str
    action: str
    changes: list[ChangeRow] = field(default_factory=list)
    note: str = ""


# Keys some audit rows use that are not model fields.
# A model field of the same name wins over these (see _label_of).
EXTRA_CHANGE_LABELS = {
    "shared_with": _("共享给"),
    "field": _("字段"),
    "shown": _("显示为"),
    "session": _("调解日期"),
    "document": _("文书材料"),
    "people": _("涉及人员"),
    "from": _("来自"),
    "rule": _("规则"),
    "role": _("角色"),
    "point": _("意见序号"),
    "points": _("意见条数"),
    "finding": _("预审发现"),
    "decision": _("处理结果"),
    "reason": _("理由"),
    "reasons": _("理由"),
    "text": _("内容"),
    "answer": _("反馈"),
    "before": _("修改前"),
    "after": _("修改后"),
    "missing": _("缺少"),
    "failures": _("失败次数"),
    "client_ip": _("来源地址"),
    "locked_until": _("锁定至"),
    "visited_on": _("回访日期"),
    "title": _("标题"),
    "opinion": _("意见"),
    "error": _("错误"),
    "rows": _("行数"),
    "created": _("新增"),
    "updated": _("更新"),
    "unchanged": _("未变"),
}


def _history_entries(obj: Model) -> QuerySet[AuditEntry]:
    match = Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    if isinstance(obj, OrgUnit):
        premises = OfficePremises.objects.filter(unit=obj).values_list("pk", flat=True).first()
        if premises is not None:
            match |= Q(object_type="core.officepremises", object_id=str(premises))
    return AuditEntry.objects.filter(match).order_by("-at", "-id")


def _display(model_field, value: Any, related: dict[tuple[type[Model], Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if model_field is None:
        return str(value)
    if model_field.is_relation:
        if not _is_key(value):
            return str(value)
        return related.get((model_field.related_model, int(value)), f"#{value}")
    if model_field.name == "due_rule":
        rule = deadlines.default_rules().get(value)
        return rule.name if rule is not None else str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    return str(value)


@cache
def _model_of(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field_of(model: type[Model] | None, name: str):
    if model is None:
        return None
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A reverse relation (an audit key such as "contracts" or "points") is not a field of the
    # record itself: it has no verbose name and its values are not this record's ids.
    return None if model_field.auto_created and not model_field.concrete else model_field


def _is_key(value: Any) -> bool:
    """Whether an audited value of a relation is a primary key (older rows and some services
    record the related record's name instead)."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        or (isinstance(value, str) and value.isdigit())
    )


def _label_of(model: type[Model] | None, name: str) -> str:
    model_field = _field_of(model, name)
    if model_field is not None:
        return str(model_field.verbose_name)
    return str(EXTRA_CHANGE_LABELS.get(name, name))


def change_labels(object_type: str, changes: dict[str, Any]) -> list[str]:
    """Chinese names of the fields an audit row changed."""
    model = _model_of(object_type)
    return [_label_of(model, name) for name in changes]


def history_for_object(obj: Model) -> list[HistoryRow]:
    """The audit rows of one record, with field labels and readable old → new values.

    Related ids are resolved with one query per related model, so the panel stays O(1).
    """
    entries = list(_history_entries(obj))
    wanted: dict[type[Model], set[Any]] = {}
    for entry in entries:
        model = _model_of(entry.object_type)
        for name, values in (entry.changes or {}).items():
            model_field = _field_of(model, name)
            if model_field is not None and model_field.is_relation and isinstance(values, list):
                wanted.setdefault(model_field.related_model, set()).update(
                    v for v in values if _is_key(v)
                )
    related = {
        (model, pk): str(instance)
        for model, pks in wanted.items()
        for pk, instance in model._default_manager.in_bulk(list(pks)).items()
    }

    rows = []
    for entry in entries:
        model = _model_of(entry.object_type)
        actor = entry.actor_name
        if entry.on_behalf_of_name:
            actor += f"（代表{entry.on_behalf_of_name}）"
        row = HistoryRow(at=entry.at, actor=actor, action=action_label(entry.action))
        changes = entry.changes or {}
        if entry.action == "personal_data.reveal":
            row.note = _label_of(model, changes.get("field", ""))
        else:
            for name, values in changes.items():
                model_field = _field_of(model, name)
                if isinstance(values, list) and len(values) == 2:
                    old, new = values
                    if old is None and new in (None, ""):
                        continue  # a new record's empty fields say nothing
                    old = "" if old is None else _display(model_field, old, related)
                else:
                    old, new = "", values
                row.changes.append(
                    ChangeRow(_label_of(model, name), old, _display(model_field, new, related))
                )
        rows.append(row)
    return rows
