"""Write services of the core: each validates, writes, and appends its audit row in one transaction."""

from __future__ import annotations

import contextlib
import copy as copy_module
import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from . import deadline_service, lines
from .actors import LOGIN, Actor, check_actor, is_system
from .audit import audit_record, diff, hold_chain, snapshot
from .models import (
    OfficePremises,
    OrgUnit,
    Party,
    PartyKind,
    Share,
    Staff,
    UnitKind,
    User,
    WorkItem,
)
from .personal_data import (
    mask,
    normalize_credit_code,
    normalize_id_number,
    normalize_phone,
    sealed_fields,
)
from .roles import Capability, Role, has_capability
from .scoping import can_see_unit
from .sealed import blind_index

M = TypeVar("M", bound=models.Model)

# Which kinds of unit may sit under which (市 → 区县司法局 → 司法所 → 村/社区 + partners).
ALLOWED_PARENTS: dict[str, set[str]] = {
    UnitKind.CITY: set(),
    UnitKind.BUREAU: {UnitKind.CITY},
    UnitKind.OFFICE: {UnitKind.BUREAU},
    UnitKind.VILLAGE: {UnitKind.OFFICE},
    UnitKind.PARTNER: {UnitKind.OFFICE, UnitKind.BUREAU, UnitKind.CITY},
    UnitKind.DEPARTMENT: {UnitKind.OFFICE},
}

UNIT_FIELDS = [
    "name",
    "kind",
    "parent",
    "division_code",
    "township_name",
    "township_kind",
    "partner_type",
    "department_type",
    "address",
    "phone",
    "is_active",
]
PREMISES_FIELDS = ["area_m2", "street_front", "standardization", "standardized_year"]
STAFF_FIELDS = [
    "unit",
    "name",
    "gender",
    "birth_year",
    "post",
    "employment",
    "education",
    "law_major",
    "legal_qualification",
    "id_number",
    "phone",
    "joined_on",
    "is_active",
    "account",
]
PARTY_FIELDS = ["unit", "kind", "name", "gender", "id_number", "credit_code", "phone", "address"]
USER_FIELDS = ["username", "display_name", "unit", "role", "is_active"]


def require(actor: Actor, capability: str) -> None:
    """Refuse an account without `capability`; a named system actor does what its program does.
    A missing actor is a programming error (TypeError), never a way around the check."""
    check_actor(actor)
    if not is_system(actor) and not has_capability(actor, capability):
        raise PermissionDenied("没有执行该操作的权限。")


def require_unit(actor: Actor, unit: OrgUnit) -> None:
    check_actor(actor)
    if not is_system(actor) and not can_see_unit(actor, unit):
        raise PermissionDenied("不能在本单位管辖范围以外登记。")


def require_channel(actor: Actor, *, on_behalf_of: OrgUnit, unit: OrgUnit) -> None:
    """A write into `unit`'s records through another unit's channel (a partner's referral, an API
    client): the actor works for `on_behalf_of`, which lies under `unit` (a partner body attached
    to the office). The audit rows name the actor and the unit on whose behalf it wrote."""
    check_actor(actor)
    if is_system(actor):
        return
    if actor.unit_id != on_behalf_of.pk or not on_behalf_of.is_within(unit):
        raise PermissionDenied("不能代表该单位在此登记。")


def _require_write(actor: Actor, capability: str, unit: OrgUnit, on_behalf_of) -> None:
    if on_behalf_of is not None:
        require_channel(actor, on_behalf_of=on_behalf_of, unit=unit)
    else:
        require(actor, capability)
        require_unit(actor, unit)


def _apply(obj: models.Model, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(obj, key, value)


# ---------------------------------------------------------------------------------------------
# Org units


def _kind_label(kind: str) -> str:
    return str(dict(lines.unit_kind_choices()).get(kind, kind))


def _validate_parent(kind: str, parent: OrgUnit | None) -> None:
    allowed = (
        ALLOWED_PARENTS[kind] if kind in ALLOWED_PARENTS else lines.unit_kind_parents().get(kind)
    )
    if allowed is None:
        raise ValidationError({"kind": "未知的单位类别。"})
    if not allowed:
        if parent is not None:
            raise ValidationError({"parent": "市级单位不设上级单位。"})
        return
    if parent is None or parent.kind not in allowed:
        names = "、".join(_kind_label(k) for k in sorted(allowed))
        raise ValidationError({"parent": f"{_kind_label(kind)}的上级单位应为：{names}。"})


def _set_path(unit: OrgUnit) -> None:
    # Zero-padded segments keep the string order of paths equal to the tree order.
    parent_path = unit.parent.path if unit.parent is not None else "/"
    unit.path = f"{parent_path}{unit.pk:09d}/"
    unit.depth = unit.path.count("/") - 2


@transaction.atomic
def unit_create(*, actor, name: str, kind: str, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
    """Create an org unit under `parent`."""
    require(actor, Capability.MANAGE_ORG)
    if parent is not None:
        require_unit(actor, parent)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写单位名称。"})
    _validate_parent(kind, parent)
    if OrgUnit.objects.filter(parent=parent, name=name).exists():
        raise ValidationError({"name": f"上级单位下已有名为“{name}”的单位。"})
    unit = OrgUnit(name=name, kind=kind, parent=parent, **fields)
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        action="unit.create",
        obj=unit,
        unit=unit,
        changes=diff({}, snapshot(unit, UNIT_FIELDS)),
    )
    return unit


@transaction.atomic
def unit_update(*, actor, unit: OrgUnit, **values: Any) -> OrgUnit:
    """Change a unit's attributes. Moving a unit to another parent is not offered: records keep
    their owning subtree."""
    require(actor, Capability.MANAGE_ORG)
    require_unit(actor, unit)
    values.pop("parent", None)
    values.pop("kind", None)
    hold_chain(unit)  # the chain before the row (see core.audit.hold_chain)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    _apply(unit, values)
    if "name" in values:
        unit.name = unit.name.strip()
        if OrgUnit.objects.filter(parent=unit.parent, name=unit.name).exclude(pk=unit.pk).exists():
            raise ValidationError({"name": f"上级单位下已有名为“{unit.name}”的单位。"})
    unit.full_clean(exclude=["path"])
    unit.save()
    changes = diff(before, snapshot(unit, UNIT_FIELDS))
    if changes:
        audit_record(actor=actor, action="unit.update", obj=unit, unit=unit, changes=changes)
    return unit


@transaction.atomic
def premises_set(
    *,
    actor,
    unit: OrgUnit,
    area_m2: Decimal,
    street_front: bool,
    standardization: str,
    standardized_year: int | None = None,
) -> OfficePremises:
    require(actor, Capability.MANAGE_ORG)
    require_unit(actor, unit)
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError("只有司法所登记业务用房。")
    premises, created = OfficePremises.objects.select_for_update().get_or_create(unit=unit)
    before = {} if created else snapshot(premises, PREMISES_FIELDS)
    previous = None if created else copy_module.copy(premises)
    _apply(
        premises,
        {
            "area_m2": Decimal(area_m2),
            "street_front": street_front,
            "standardization": standardization,
            "standardized_year": standardized_year,
        },
    )
    premises.full_clean()
    premises.save()
    changes = diff(before, snapshot(premises, PREMISES_FIELDS))
    if changes:
        audit_record(
            actor=actor,
            action="premises.set",
            obj=premises,
            unit=unit,
            changes=changes,
            object_repr=f"{unit.name} 业务用房",
        )
        # A line keeping a dated history of the premises records the edit there too.
        for hook in lines.premises_update_hooks():
            hook(actor=actor, premises=premises, previous=previous)
    return premises


# ---------------------------------------------------------------------------------------------
# Staff


def _clean_person_numbers(values: dict[str, Any]) -> dict[str, Any]:
    errors = {}
    for key, normalize in (("id_number", normalize_id_number), ("phone", normalize_phone)):
        raw = values.get(key)
        if raw:
            try:
                values[key] = normalize(raw)
            except ValidationError as exc:
                errors[key] = exc.messages
    raw_code = values.get("credit_code")
    if raw_code:
        try:
            values["credit_code"] = normalize_credit_code(raw_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def staff_create(*, actor, unit: OrgUnit, **values: Any) -> Staff:
    require(actor, Capability.MANAGE_STAFF)
    require_unit(actor, unit)
    values = _clean_person_numbers(values)
    staff = Staff(unit=unit, **values)
    staff.full_clean()
    staff.save()
    audit_record(
        actor=actor,
        action="staff.create",
        obj=staff,
        changes=diff({}, snapshot(staff, STAFF_FIELDS)),
    )
    return staff


@transaction.atomic
def staff_update(*, actor, staff: Staff, **values: Any) -> Staff:
    require(actor, Capability.MANAGE_STAFF)
    require_unit(actor, staff.unit)
    if "unit" in values:
        require_unit(actor, values["unit"])
    values = _clean_person_numbers(values)
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    before = snapshot(staff, STAFF_FIELDS)
    previous = copy_module.copy(staff)
    _apply(staff, values)
    staff.full_clean()
    staff.save()
    changes = diff(before, snapshot(staff, STAFF_FIELDS))
    if changes:
        audit_record(actor=actor, action="staff.update", obj=staff, changes=changes)
        # A line keeping a dated history of the staffing records the edit there too.
        for hook in lines.staff_update_hooks():
            hook(actor=actor, staff=staff, previous=previous)
    return staff


@transaction.atomic
def staff_delete(*, actor, staff: Staff) -> None:
    require(actor, Capability.MANAGE_STAFF)
    require_unit(actor, staff.unit)
    before = snapshot(staff, STAFF_FIELDS)
    audit_record(
        actor=actor,
        action="staff.delete",
        obj=staff,
        changes={k: [v, None] for k, v in before.items()},
    )
    staff.delete()


# ---------------------------------------------------------------------------------------------
# Parties


@transaction.atomic
def party_find_or_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    kind: str,
    name: str,
    on_behalf_of: OrgUnit | None = None,
    **values: Any,
) -> Party:
    """The unit's party with this ID number (found through its blind index) or credit code, else
    a new one: a person who comes back is one record, not one per visit. A new phone or address
    given this time updates the record (audited) when an actor is named.

    An actor that does not verify identity (the public portal, a partner system) always gets a
    new record: whoever knows a person's ID number could otherwise attach a matter to that
    person's record or change their phone and address. Staff link the two when they meet."""
    if not getattr(actor, "verifies_identity", True):
        return party_create(
            actor=actor, unit=unit, kind=kind, name=name, on_behalf_of=on_behalf_of, **values
        )
    existing = Party.objects.filter(unit=unit, kind=kind)
    found = None
    with contextlib.suppress(ValidationError):
        if kind == PartyKind.PERSON and values.get("id_number"):
            digest = blind_index(normalize_id_number(values["id_number"]))
            found = existing.filter(id_number_digest=digest).first()
        elif kind != PartyKind.PERSON and values.get("credit_code"):
            found = existing.filter(
                credit_code=normalize_credit_code(values["credit_code"])
            ).first()
    if found is None:
        return party_create(
            actor=actor, unit=unit, kind=kind, name=name, on_behalf_of=on_behalf_of, **values
        )
    changes = {
        field: values[field]
        for field in ("phone", "address")
        if values.get(field) and values[field] != getattr(found, field)
    }
    if changes:
        found = party_update(actor=actor, party=found, on_behalf_of=on_behalf_of, **changes)
    return found


def parties_from_entries(
    *,
    actor: Actor,
    unit: OrgUnit,
    entries: list[dict[str, Any]],
    slot: str,
    on_behalf_of: OrgUnit | None = None,
) -> list[Party]:
    """The parties a form's repeated person rows name (申请人、被申请人…), each found in the
    unit's register or created. An invalid value is reported in place: the error's key is the
    row's field name (`<slot><n>_<field>`, e.g. "r1_id_number"), so the form shows it beside the
    box that holds it and keeps everything typed."""
    parties = []
    for index, raw in enumerate(entries, start=1):
        values = dict(raw)
        try:
            with transaction.atomic():
                parties.append(
                    party_find_or_create(
                        actor=actor,
                        unit=unit,
                        kind=values.pop("kind"),
                        name=values.pop("name"),
                        on_behalf_of=on_behalf_of,
                        **values,
                    )
                )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise ValidationError(
                    {f"{slot}{index}_{field}": errors for field, errors in exc.message_dict.items()}
                ) from exc
            raise
    return parties


@transaction.atomic
def party_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    kind: str,
    name: str,
    on_behalf_of: OrgUnit | None = None,
    **values: Any,
) -> Party:
    _require_write(actor, Capability.MANAGE_PARTIES, unit, on_behalf_of)
    values = _clean_person_numbers(values)
    if kind == PartyKind.PERSON and values.get("credit_code"):
        raise ValidationError({"credit_code": "自然人不填写统一社会信用代码。"})
    if kind != PartyKind.PERSON and values.get("id_number"):
        raise ValidationError({"id_number": "组织请填写统一社会信用代码，不填身份证号。"})
    if kind == PartyKind.PERSON and values.get("id_number") and not values.get("gender"):
        # GB 11643: the 17th digit of a resident ID number is odd for men (a form that does not
        # ask, such as the public portal's, still records it).
        values["gender"] = "male" if int(values["id_number"][16]) % 2 else "female"
    party = Party(unit=unit, kind=kind, name=name.strip(), **values)
    party.full_clean()
    party.save()
    audit_record(
        actor=actor,
        action="party.create",
        obj=party,
        changes=diff({}, snapshot(party, PARTY_FIELDS)),
        on_behalf_of=on_behalf_of,
    )
    return party


@transaction.atomic
def party_update(
    *, actor: Actor, party: Party, on_behalf_of: OrgUnit | None = None, **values: Any
) -> Party:
    _require_write(actor, Capability.MANAGE_PARTIES, party.unit, on_behalf_of)
    values.pop("unit", None)
    values = _clean_person_numbers(values)
    party = Party.objects.select_for_update().get(pk=party.pk)
    before = snapshot(party, PARTY_FIELDS)
    _apply(party, values)
    party.full_clean()
    party.save()
    changes = diff(before, snapshot(party, PARTY_FIELDS))
    if changes:
        audit_record(
            actor=actor,
            action="party.update",
            obj=party,
            changes=changes,
            on_behalf_of=on_behalf_of,
        )
    return party


# ---------------------------------------------------------------------------------------------
# Personal data reveal


@transaction.atomic
def personal_data_reveal(*, actor, obj: models.Model, field: str) -> str:
    """Return the clear value of a sensitive field, writing the reveal to the audit trail.

    The caller has already fetched `obj` through the scoping layer.
    """
    require(actor, Capability.REVEAL_PERSONAL_DATA)
    kind = sealed_fields(obj.__class__).get(field)
    if kind is None:
        raise PermissionDenied("该字段不可查看。")
    value = getattr(obj, field) or ""
    audit_record(
        actor=actor,
        action="personal_data.reveal",
        obj=obj,
        changes={"field": field, "shown": mask(kind, value)},
    )
    return value


def masked_copy(obj: M) -> M:
    """A copy of `obj` whose sealed personal-data fields hold their masked form (never saved)."""
    copy = copy_module.copy(obj)
    for name, kind in sealed_fields(obj.__class__).items():
        setattr(copy, name, mask(kind, getattr(obj, name) or ""))
    copy.pk = None  # a copy that reaches save() is refused rather than overwriting the record
    return copy


def personal_data_for_output(
    *, actor: Actor, record: models.Model, people: list[M], output: str, include: bool = True
) -> tuple[list[M], bool]:
    """The people a document or export of `record` names, as it may print them: in clear for an
    account allowed to reveal personal data that asked for it (`include`), with one audit row on
    the record naming the output; otherwise masked copies. Returns (people, printed in clear)."""
    check_actor(actor)
    clear = include and has_capability(actor, Capability.REVEAL_PERSONAL_DATA)
    if not clear:
        return [masked_copy(p) for p in people], False
    if any(getattr(p, f) for p in people for f in sealed_fields(p.__class__)):
        action = "personal_data.export" if output.endswith(".xlsx") else "personal_data.print"
        audit_record(
            actor=actor,
            action=action,
            obj=record,
            changes={"document": output, "people": "、".join(str(p) for p in people)[:500]},
        )
    return people, True


# ---------------------------------------------------------------------------------------------
# Accounts


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    unit: OrgUnit | None,
    role: str,
    display_name: str = "",
    staff: Staff | None = None,
    check_password: bool = True,
    password_hash: str | None = None,
) -> User:
    """Open an account. `password_hash` (system setup only) stores an already hashed password,
    so a batch of accounts sharing one password is hashed once."""
    require(actor, Capability.MANAGE_ACCOUNTS)
    if unit is None:
        raise ValidationError({"unit": "请选择所属单位。"})
    require_unit(actor, unit)
    _check_role_grant(actor, role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用。"})
    user = User(username=username, unit=unit, role=role, display_name=display_name)
    if password_hash is not None and is_system(actor):
        user.password = password_hash
    else:
        if check_password:
            validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if staff is not None:
        Staff.objects.filter(pk=staff.pk).update(account=user)
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        unit=unit,
        changes=diff({}, snapshot(user, USER_FIELDS)),
    )
    return user


# Roles an office-level account manager may hand out: never the bureau's or the system's.
OFFICE_GRANTABLE_ROLES = {
    Role.OFFICE_HEAD,
    Role.JUDICIAL_ASSISTANT,
    Role.MEDIATOR,
    Role.LEGAL_ADVISOR,
    Role.PUBLIC_LAWYER,
    Role.DEPARTMENT_CLERK,
    Role.PARTNER_LIAISON,
}


def _check_role_grant(actor: Actor, role: str) -> None:
    if is_system(actor) or actor.is_superuser or actor.role == Role.SYSTEM_ADMIN:
        return
    if role == Role.SYSTEM_ADMIN:
        raise PermissionDenied("只有系统管理员可以设立系统管理员账号。")
    if role == Role.SUPERVISOR and actor.role != Role.SUPERVISOR:
        raise PermissionDenied("只有上级司法局可以设立督导账号。")
    if actor.role not in (Role.SUPERVISOR,) and role not in OFFICE_GRANTABLE_ROLES:
        raise PermissionDenied("不能授予该角色。")


@transaction.atomic
def user_update(*, actor, user: User, **values: Any) -> User:
    require(actor, Capability.MANAGE_ACCOUNTS)
    if "role" in values:
        _check_role_grant(actor, values["role"])
    if user.unit is not None:
        require_unit(actor, user.unit)
    if "unit" in values and values["unit"] is not None:
        require_unit(actor, values["unit"])
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, USER_FIELDS)
    _apply(user, values)
    user.full_clean(exclude=["password"])
    user.save()
    changes = diff(before, snapshot(user, USER_FIELDS))
    if changes:
        audit_record(actor=actor, action="user.update", obj=user, unit=user.unit, changes=changes)
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> None:
    if actor.pk != user.pk:
        require(actor, Capability.MANAGE_ACCOUNTS)
        if user.unit is not None:
            require_unit(actor, user.unit)
    validate_password(password, user)
    user.set_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["password", "failed_logins", "locked_until"])
    audit_record(actor=actor, action="user.password", obj=user, unit=user.unit)


def login_failed(*, user: User, max_failures: int, lock_minutes: int, address: str) -> bool:
    """Count and audit a failed login; lock the account when the limit is reached. Returns True if
    locked. Called only by the login gate (core/login_gate.py)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.failed_logins += 1
        locked = user.failed_logins >= max_failures
        audit_record(
            actor=LOGIN,
            action="user.login_failed",
            obj=user,
            unit=user.unit,
            changes={"client_ip": [None, address], "failures": [None, user.failed_logins]},
        )
        if locked:
            user.locked_until = timezone.now() + dt.timedelta(minutes=lock_minutes)
            user.failed_logins = 0
            audit_record(
                actor=LOGIN,
                action="user.locked",
                obj=user,
                unit=user.unit,
                changes={"locked_until": [None, user.locked_until]},
            )
        user.save(update_fields=["failed_logins", "locked_until"])
    return locked


def login_succeeded(*, user: User, address: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        audit_record(
            actor=user,
            action="user.login",
            obj=user,
            unit=user.unit,
            changes={"client_ip": [None, address]},
        )


# ---------------------------------------------------------------------------------------------
# Sharing


@transaction.atomic
def share_record(
    *,
    actor,
    obj: models.Model,
    unit: OrgUnit,
    reason: str = Share.Reason.SHARED,
    on_behalf_of: OrgUnit | None = None,
) -> Share:
    """Make one record visible to another unit (信息共享 / 转办). `on_behalf_of`: the partner
    body through whose channel the actor writes, recorded in the audit entry."""
    share, created = Share.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        unit=unit,
        defaults={"reason": reason, "created_by": None if is_system(actor) else actor},
    )
    if created:
        audit_record(
            actor=actor,
            action=f"share.{reason}",
            obj=obj,
            changes={"shared_with": [None, unit.name]},
            on_behalf_of=on_behalf_of,
        )
    return share


# ---------------------------------------------------------------------------------------------
# Work items (待办事项)


WORK_FIELDS = [
    "title",
    "category",
    "description",
    "assignee",
    "status",
    "due_rule",
    "due_start",
    "due_on",
    "due_extended",
    "due_paused_since",
    "result",
]


@transaction.atomic
def work_item_create(
    *,
    actor,
    unit: OrgUnit,
    title: str,
    category: str = "",
    description: str = "",
    assignee: User | None = None,
    due_rule: str = "",
    due_start: dt.date | None = None,
    due_on: dt.date | None = None,
    source: models.Model | None = None,
) -> WorkItem:
    """Open a to-do. With `due_rule` and `due_start` the due date comes from the deadline engine;
    otherwise an explicit `due_on` (a date set by a person, not a statute) may be given."""
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, unit)
    # The handler works in the item's unit, below it, or above it (an office head for a village).
    if assignee is not None and not (
        assignee.unit is not None
        and (assignee.unit.is_within(unit) or unit.is_within(assignee.unit))
    ):
        raise ValidationError({"assignee": "承办人须为本单位人员。"})
    title = title.strip()
    if not title:
        raise ValidationError({"title": "请填写事项名称。"})
    item = WorkItem(
        unit=unit,
        title=title,
        category=category,
        description=description,
        assignee=assignee,
        created_by=None if is_system(actor) else actor,
    )
    if source is not None:
        item.source_type = ContentType.objects.get_for_model(source)
        item.source_id = source.pk
    if due_rule:
        if due_start is None:
            raise ValidationError({"due_start": "按法定期限计算时须填写起算日。"})
        deadline_service.deadline_assign(item, rule_id=due_rule, start=due_start)
    elif due_on is not None:
        item.due_on = due_on
    item.full_clean()
    item.save()
    audit_record(
        actor=actor, action="work.create", obj=item, changes=diff({}, snapshot(item, WORK_FIELDS))
    )
    return item


@transaction.atomic
def work_item_extend(*, actor, item: WorkItem) -> WorkItem:
    """Apply the rule's statutory extension (延长) to an open item."""
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, item.unit)
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    if item.status != WorkItem.Status.OPEN:
        raise ValidationError("事项已办结，不能延长期限。")
    if item.due_extended:
        raise ValidationError("该期限已经延长过一次。")
    if not item.due_rule or item.due_start is None:
        raise ValidationError("该事项未按法定期限计算，不能延长。")
    before = snapshot(item, WORK_FIELDS)
    deadline_service.deadline_assign(
        item, rule_id=item.due_rule, start=item.due_start, extended=True
    )
    item.save()
    audit_record(
        actor=actor,
        action="work.extend",
        obj=item,
        changes=diff(before, snapshot(item, WORK_FIELDS)),
    )
    return item


@transaction.atomic
def work_item_close(*, actor, item: WorkItem, result: str, cancelled: bool = False) -> WorkItem:
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, item.unit)
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    if item.status != WorkItem.Status.OPEN:
        raise ValidationError("该事项已经办结，无需重复提交。")
    if not result.strip():
        raise ValidationError({"result": "请填写办理结果。"})
    before = snapshot(item, WORK_FIELDS)
    item.status = WorkItem.Status.CANCELLED if cancelled else WorkItem.Status.DONE
    item.result = result.strip()
    item.closed_at = timezone.now()
    item.save()
    audit_record(
        actor=actor,
        action="work.close",
        obj=item,
        changes=diff(before, snapshot(item, WORK_FIELDS)),
    )
    return item


@transaction.atomic
def work_item_pause(*, actor, item: WorkItem, on: dt.date, reason: str) -> WorkItem:
    """中止: stop the statutory clock (e.g. awaiting a third party's opinion)."""
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, item.unit)
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    if item.status != WorkItem.Status.OPEN:
        raise ValidationError("事项已办结，不能中止。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写中止原因。"})
    before = snapshot(item, WORK_FIELDS)
    deadline_service.deadline_pause(item, on=on)
    item.save()
    changes: dict[str, Any] = diff(before, snapshot(item, WORK_FIELDS))
    changes["reason"] = reason.strip()
    audit_record(actor=actor, action="work.pause", obj=item, changes=changes)
    return item


@transaction.atomic
def work_item_resume(*, actor, item: WorkItem, on: dt.date) -> WorkItem:
    """Restart the clock; the due date moves by the paused days."""
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, item.unit)
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, WORK_FIELDS)
    deadline_service.deadline_resume(item, on=on)
    item.save()
    audit_record(
        actor=actor,
        action="work.resume",
        obj=item,
        changes=diff(before, snapshot(item, WORK_FIELDS)),
    )
    return item
