"""Intake write services: register, route, handle, refuse and transfer a matter, each audited."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import secrets
import uuid
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from sifasuo.core import deadline_service
from sifasuo.core import services as core_services
from sifasuo.core.actors import ROUTING, Actor, actor_label, is_system
from sifasuo.core.audit import audit_record, diff, snapshot
from sifasuo.core.models import OrgUnit, Share, UnitKind, User
from sifasuo.core.personal_data import (
    normalize_id_number,
    normalize_phone,
)
from sifasuo.core.roles import Capability
from sifasuo.core.scoping import can_see_unit
from sifasuo.core.sealed import blind_index
from sifasuo.core.workflow import lock, lock_unit, save_audited

from .models import (
    OPEN_STATES,
    Channel,
    Matter,
    MatterRequester,
    MatterState,
    MatterStep,
    MatterType,
    RoutingRule,
)

# For other apps' statistics (they use intake through this module only).
CHANNEL_CHOICES = Channel.choices

# Sent with `matter=` once the transaction that closes or refuses a matter has committed, so a
# partner that handed the matter in (the integration API's clients) can be told the outcome.
matter_finished = Signal()


def _tell_finished(matter: Matter) -> None:
    # robust: a receiver's failure is logged and never turns the committed close into an error.
    transaction.on_commit(
        functools.partial(matter_finished.send, sender=Matter, matter=matter), robust=True
    )


# Which statutory deadline starts when a matter of a type is registered (none: set by the handler).
# A 司法所 is one of the "信访部门以外的其他机关、单位" of 信访工作条例 第二十三条: a petition made
# to it directly is to be answered in writing within 15 days (第二十三条第二款), not handled under
# the 信访部门's 第二十二条.
DUE_RULES: dict[str, str] = {
    MatterType.LEGAL_AID: "legal_aid.decide",
    MatterType.PETITION: "petition.notify",
}

MATTER_FIELDS = [
    "channel",
    "matter_type",
    "narrative",
    "counterpart_names",
    "amount",
    "received_on",
    "state",
    "handler",
    "reason_type",
    "reason_text",
    "result",
    "transfer_unit",
    "transfer_accepted",
    "due_on",
    "contact_unclear",
]

# The alphabet avoids look-alikes (0/O, 1/I) because citizens type the code from a slip.
_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _new_tracking_code() -> str:
    stamp = timezone.localdate().strftime("%y%m%d")
    while True:
        code = stamp + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if not Matter.objects.filter(tracking_code=code).exists():
            return code


def _step(matter: Matter, actor: Actor, action: str, note: str = "") -> None:
    MatterStep.objects.create(
        matter=matter,
        actor_name=actor_label(actor),
        unit_name=str(actor.unit) if actor.unit_id else "",
        action=action,
        note=note,
    )


def _save(
    matter: Matter, *, actor: Actor, action: str, before: dict[str, Any], note: str = ""
) -> None:
    save_audited(matter, actor=actor, action=action, before=before, fields=MATTER_FIELDS)
    _step(matter, actor, action_label(action), note)


ACTION_LABELS = {
    "matter.register": "登记",
    "matter.assign": "分派",
    "matter.start": "开始办理",
    "matter.close": "办结",
    "matter.refuse": "不予受理",
    "matter.transfer": "转出",
    "matter.transfer_accept": "对方签收",
    "matter.transfer_refuse": "对方退回",
    "matter.to_mediation": "转调解",
    "matter.hand_over": "转入业务条线",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def _normalized_id(key: str) -> str:
    try:
        return normalize_id_number(key)
    except ValidationError:
        return key


def matter_duplicates(
    *, unit: OrgUnit, matter_type: str, requester_keys: list[str], counterpart_names: str
) -> list[Matter]:
    """Open matters of the same type with the same requester (ID/credit code or name) and
    counterpart, in the same office: shown as a warning before a second one is registered."""
    keys = [k for k in requester_keys if k]
    if not keys or not counterpart_names.strip():
        return []
    # ID numbers are sealed at rest: compare their blind-index digests.
    digests = [blind_index(_normalized_id(k)) for k in keys]
    requester_q = Q(requesters__id_number_digest__in=digests) | Q(requesters__credit_code__in=keys)
    requester_q |= Q(requesters__name__in=keys)
    return list(
        Matter.objects.filter(
            requester_q,
            unit=unit,
            matter_type=matter_type,
            state__in=OPEN_STATES,
            counterpart_names=counterpart_names.strip(),
        ).distinct()[:5]
    )


# How long an identical registration by the same person counts as the same submission.
RESUBMIT_WINDOW = dt.timedelta(minutes=30)


def _identical_recent(
    *,
    actor,
    channel: str,
    matter_type: str,
    narrative: str,
    counterpart_names: str,
    requesters: list[dict[str, Any]],
) -> Matter | None:
    if is_system(actor):
        return None
    candidates = Matter.objects.filter(
        created_by=actor,
        created_at__gte=timezone.now() - RESUBMIT_WINDOW,
        channel=channel,
        matter_type=matter_type,
        narrative=narrative.strip(),
        counterpart_names=counterpart_names.strip(),
    ).prefetch_related("requesters")
    wanted = sorted(_requester_key(r) for r in requesters)
    for candidate in candidates:
        keys = sorted(
            _requester_key(
                {"name": p.name, "credit_code": p.credit_code, "phone": p.phone},
                digest=p.id_number_digest,
            )
            for p in candidate.requesters.all()
        )
        if keys == wanted:
            return candidate
    return None


def _requester_key(entry: dict[str, Any], digest: str = "") -> str:
    """Who a requester is: the ID number's digest, else the credit code, else name and phone."""
    if not digest and entry.get("id_number"):
        digest = blind_index(_normalized_id(entry["id_number"]))
    if digest:
        return digest
    if entry.get("credit_code"):
        return entry["credit_code"].strip().upper()
    phone = entry.get("phone") or ""
    with contextlib.suppress(ValidationError):
        phone = normalize_phone(phone)
    return f"{entry['name'].strip()}|{phone}"


# The largest 标的额 a registration accepts (10亿元): beyond it a figure is a typing slip.
AMOUNT_MAX = Decimal("1000000000")


def _checked_amount(amount: Decimal | None) -> Decimal | None:
    """The 标的额 rounded to the fen, or a Chinese message naming what is wrong with it."""
    if amount is None or amount == "":
        return None
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"amount": "标的额须为数字（元）。"}) from None
    if not value.is_finite():
        raise ValidationError({"amount": "标的额须为数字（元）。"})
    if value < 0:
        raise ValidationError({"amount": "标的额不能为负数。"})
    if value > AMOUNT_MAX:
        raise ValidationError({"amount": "标的额不能超过10亿元，请核对。"})
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# How far back a request's day of receipt may lie (a referral entered late, not a backlog).
RECEIVED_ON_MAX_AGE_DAYS = 30


@transaction.atomic
def matter_register(
    *,
    actor,
    unit: OrgUnit,
    channel: str,
    matter_type: str,
    narrative: str,
    requesters: list[dict[str, Any]],
    counterpart_names: str = "",
    amount: Decimal | None = None,
    link_to: Matter | None = None,
    submission_token: uuid.UUID | None = None,
    received_on: dt.date | None = None,
    on_behalf_of: OrgUnit | None = None,
    allow_identical: bool = False,
    contact_unclear: bool = False,
) -> Matter:
    """Register a matter with its requesters: a person or organization already in the office's
    register (same ID number or credit code) is reused, others are created as core parties with
    validated numbers. `received_on` (default today) is the day the request reached the office;
    statutory periods count from it.

    A registration submitted twice creates one matter: a repeated `submission_token` (a double
    click, Back and resubmit) or the same registration by the same actor within
    RESUBMIT_WINDOW (a form reloaded or open in two tabs) returns the matter already registered,
    marked `resubmitted`. `allow_identical` is the user's explicit "register it again anyway".
    `on_behalf_of`: the partner body through whose channel the actor registers (部门转来).
    `contact_unclear`: a petition whose petitioner's name or address is unclear, which 第二十三条
    第二款 excepts from the 15-day written notice (ignored for other types)."""
    if on_behalf_of is not None:
        core_services.require_channel(actor, on_behalf_of=on_behalf_of, unit=unit)
    else:
        core_services.require(actor, Capability.MANAGE_PARTIES)
        core_services.require_unit(actor, unit)
    # One registration at a time per office, so two submits racing each other (a double click,
    # two tabs) see each other's matter instead of both creating one.
    lock_unit(unit)
    if submission_token is not None:
        # By token alone: a routed matter's unit is no longer the registering office.
        existing = Matter.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            if existing.created_by_id is None or existing.created_by_id != getattr(
                actor, "pk", None
            ):
                # Replayed by someone else: say nothing of the matter it belongs to.
                raise ValidationError("该表单已提交过，请重新打开登记页面填写。")
            existing.resubmitted = True
            return existing
    if not allow_identical:
        existing = _identical_recent(
            actor=actor,
            channel=channel,
            matter_type=matter_type,
            narrative=narrative,
            counterpart_names=counterpart_names,
            requesters=requesters,
        )
        if existing is not None:
            existing.resubmitted = True
            return existing
    if not narrative.strip():
        raise ValidationError({"narrative": "请填写事项简述。"})
    amount = _checked_amount(amount)
    if not requesters:
        raise ValidationError("请至少填写一名申请人。")
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise ValidationError({"received_on": "收到日期不能晚于今天。"})
    if received_on < today - dt.timedelta(days=RECEIVED_ON_MAX_AGE_DAYS):
        raise ValidationError(
            {"received_on": f"收到日期早于{RECEIVED_ON_MAX_AGE_DAYS}天前，请核对。"}
        )
    # Errors name the requester's row ("r1_id_number") so the form shows them in place.
    parties = core_services.parties_from_entries(
        actor=actor, unit=unit, entries=requesters, slot="r", on_behalf_of=on_behalf_of
    )
    matter = Matter(
        unit=unit,
        received_on=received_on,
        tracking_code=_new_tracking_code(),
        channel=channel,
        matter_type=matter_type,
        narrative=narrative.strip(),
        counterpart_names=counterpart_names.strip(),
        amount=amount,
        created_by=None if is_system(actor) else actor,
        linked_to=link_to,
        submission_token=submission_token,
        contact_unclear=contact_unclear and matter_type == MatterType.PETITION,
    )
    target, role = route(unit=unit, matter_type=matter_type)
    matter.unit = target
    rule = None if matter.contact_unclear else DUE_RULES.get(matter_type)
    if rule:
        try:
            deadline_service.deadline_assign(matter, rule_id=rule, start=received_on)
        except ValidationError as exc:
            raise ValidationError(
                "无法计算法定期限（节假日数据可能尚未更新）：" + " ".join(exc.messages)
            ) from exc
    matter.full_clean()
    matter.save()
    MatterRequester.objects.bulk_create(
        [MatterRequester(matter=matter, party=party) for party in parties]
    )
    audit_record(
        actor=actor,
        action="matter.register",
        obj=matter,
        unit=unit,
        changes=diff({}, snapshot(matter, MATTER_FIELDS)),
        on_behalf_of=on_behalf_of,
    )
    _step(matter, actor, action_label("matter.register"), matter.get_matter_type_display())
    if target != unit:
        # Routed elsewhere: the front desk keeps sight of what it registered (闭环).
        core_services.share_record(
            actor=actor,
            obj=matter,
            unit=unit,
            reason=Share.Reason.REFERRED,
            on_behalf_of=on_behalf_of,
        )
        _step(matter, actor, "分流", f"{unit} → {target}")
    if role:
        candidates = list(
            User.objects.filter(unit=target, role=role, is_active=True).order_by("pk")[:2]
        )
        if len(candidates) == 1:
            matter = matter_assign(actor=ROUTING, matter=matter, handler=candidates[0])
    return matter


def route(*, unit: OrgUnit, matter_type: str) -> tuple[OrgUnit, str]:
    """The handling office and role for a matter registered at `unit`: the county's rule for this
    office, else its rule for every office, else `unit` itself (the requester's township)."""
    county_ids = unit.ancestor_ids()
    rules = (
        RoutingRule.objects.filter(county_id__in=county_ids, matter_type=matter_type)
        .filter(Q(township=unit) | Q(township__isnull=True))
        .select_related("target")
    )
    best = sorted(rules, key=lambda r: r.township_id is None)
    if not best:
        return unit, ""
    return best[0].target, best[0].handler_role


@transaction.atomic
def routing_rule_set(
    *,
    actor,
    county: OrgUnit,
    matter_type: str,
    target: OrgUnit,
    township: OrgUnit | None = None,
    handler_role: str = "",
) -> RoutingRule:
    """Create or replace a county's routing rule (county bureau accounts only)."""
    core_services.require(actor, Capability.MANAGE_ORG)
    core_services.require_unit(actor, county)
    if county.kind != UnitKind.BUREAU:
        raise ValidationError({"county": "分流规则由区县司法局设置。"})
    for field, office in (("target", target), ("township", township)):
        if office is not None and (office.kind != UnitKind.OFFICE or not office.is_within(county)):
            raise ValidationError({field: "请选择本区县的司法所。"})
    rule, created = RoutingRule.objects.update_or_create(
        county=county,
        matter_type=matter_type,
        township=township,
        defaults={"target": target, "handler_role": handler_role},
    )
    audit_record(
        actor=actor,
        action="routing.set",
        obj=rule,
        unit=county,
        changes={
            "rule": [None, f"{rule.get_matter_type_display()}:{township or '全部'}→{target}"],
            "role": [None, handler_role],
        },
    )
    return rule


@transaction.atomic
def routing_rule_delete(*, actor, rule: RoutingRule) -> None:
    core_services.require(actor, Capability.MANAGE_ORG)
    core_services.require_unit(actor, rule.county)
    audit_record(
        actor=actor,
        action="routing.delete",
        obj=rule,
        unit=rule.county,
        changes={"rule": [str(rule), None]},
    )
    rule.delete()


def _require_office(actor: Actor, matter: Matter) -> None:
    if is_system(actor):  # the platform itself, e.g. routing a new matter to its handler
        return
    core_services.require(actor, Capability.MANAGE_PARTIES)
    if not can_see_unit(actor, matter.unit):
        raise PermissionDenied("只有受理单位可以办理该事项。")


@transaction.atomic
def matter_assign(*, actor, matter: Matter, handler: User, version: int | None = None) -> Matter:
    _require_office(actor, matter)
    matter = lock(matter, version=version)
    if matter.state not in (MatterState.REGISTERED, MatterState.ASSIGNED):
        raise ValidationError("该事项当前状态不能分派。")
    if handler.unit is None or not handler.unit.is_within(matter.unit) or not handler.is_active:
        raise ValidationError({"handler": "承办人须为受理单位的在岗人员。"})
    before = snapshot(matter, MATTER_FIELDS)
    matter.handler = handler
    matter.state = MatterState.ASSIGNED
    _save(matter, actor=actor, action="matter.assign", before=before, note=str(handler))
    return matter


@transaction.atomic
def matter_assign_batch(*, actor, matters: list[Matter], handler: User) -> int:
    for matter in matters:
        matter_assign(actor=actor, matter=matter, handler=handler)
    return len(matters)


@transaction.atomic
def matter_start(*, actor, matter: Matter, version: int | None = None) -> Matter:
    _require_office(actor, matter)
    matter = lock(matter, version=version)
    if matter.state != MatterState.ASSIGNED:
        raise ValidationError("只有已分派的事项可以开始办理。")
    before = snapshot(matter, MATTER_FIELDS)
    matter.state = MatterState.IN_PROGRESS
    _save(matter, actor=actor, action="matter.start", before=before)
    return matter


@transaction.atomic
def matter_close(*, actor, matter: Matter, result: str, version: int | None = None) -> Matter:
    _require_office(actor, matter)
    matter = lock(matter, version=version)
    if matter.state not in (MatterState.ASSIGNED, MatterState.IN_PROGRESS):
        raise ValidationError("只有办理中的事项可以办结。")
    if not result.strip():
        raise ValidationError({"result": "请填写办理结果。"})
    before = snapshot(matter, MATTER_FIELDS)
    matter.state = MatterState.CLOSED
    matter.result = result.strip()
    matter.closed_at = timezone.now()
    _save(matter, actor=actor, action="matter.close", before=before, note=matter.result)
    _tell_finished(matter)
    return matter


def _require_reason(reason_type: str, reason_text: str) -> None:
    errors = {}
    if not reason_type:
        errors["reason_type"] = "请选择原因类型。"
    if not reason_text.strip():
        errors["reason_text"] = "请填写原因说明。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def matter_refuse(
    *, actor, matter: Matter, reason_type: str, reason_text: str, version: int | None = None
) -> Matter:
    """不予受理, with a reason type and text the citizen can be told."""
    _require_office(actor, matter)
    _require_reason(reason_type, reason_text)
    matter = lock(matter, version=version)
    if not matter.is_open:
        raise ValidationError("该事项已结束，不能再作不予受理。")
    before = snapshot(matter, MATTER_FIELDS)
    matter.state = MatterState.REFUSED
    matter.reason_type = reason_type
    matter.reason_text = reason_text.strip()
    matter.closed_at = timezone.now()
    _save(matter, actor=actor, action="matter.refuse", before=before, note=matter.reason_text)
    _tell_finished(matter)
    return matter


@transaction.atomic
def matter_transfer(
    *,
    actor,
    matter: Matter,
    to_unit: OrgUnit,
    reason_type: str,
    reason_text: str,
    version: int | None = None,
) -> Matter:
    """转出 to a partner body: shared with it as a referral, waiting for its receipt."""
    _require_office(actor, matter)
    _require_reason(reason_type, reason_text)
    if to_unit.kind != UnitKind.PARTNER or not to_unit.is_active:
        raise ValidationError({"to_unit": "请选择协作单位。"})
    matter = lock(matter, version=version)
    if not matter.is_open:
        raise ValidationError("该事项已结束，不能转出。")
    before = snapshot(matter, MATTER_FIELDS)
    matter.state = MatterState.TRANSFERRED
    matter.reason_type = reason_type
    matter.reason_text = reason_text.strip()
    matter.transfer_unit = to_unit
    matter.transfer_accepted = False
    _save(
        matter,
        actor=actor,
        action="matter.transfer",
        before=before,
        note=f"{to_unit}：{matter.reason_text}",
    )
    core_services.share_record(actor=actor, obj=matter, unit=to_unit, reason=Share.Reason.REFERRED)
    return matter


def _require_receiver(actor, matter: Matter) -> None:
    if (
        matter.state != MatterState.TRANSFERRED
        or matter.transfer_unit_id is None
        or actor.unit_id is None
        or not actor.unit.is_within(matter.transfer_unit)
    ):
        raise PermissionDenied("只有接收单位可以签收或退回。")


@transaction.atomic
def matter_transfer_accept(*, actor, matter: Matter) -> Matter:
    matter = lock(matter)
    _require_receiver(actor, matter)
    if matter.transfer_accepted:
        raise ValidationError("该事项已签收。")
    before = snapshot(matter, MATTER_FIELDS)
    matter.transfer_accepted = True
    matter.closed_at = timezone.now()
    _save(matter, actor=actor, action="matter.transfer_accept", before=before)
    return matter


@transaction.atomic
def matter_transfer_refuse(*, actor, matter: Matter, reason_text: str) -> Matter:
    """The partner sends the matter back: it returns to the office's queue (闭环)."""
    matter = lock(matter)
    _require_receiver(actor, matter)
    if matter.transfer_accepted:
        raise ValidationError("该事项已签收，不能退回。")
    if not reason_text.strip():
        raise ValidationError({"reason_text": "请填写退回原因。"})
    before = snapshot(matter, MATTER_FIELDS)
    partner = matter.transfer_unit
    matter.state = MatterState.ASSIGNED if matter.handler_id else MatterState.REGISTERED
    matter.transfer_unit = None
    matter.reason_type = ""
    matter.reason_text = ""
    _save(
        matter,
        actor=actor,
        action="matter.transfer_refuse",
        before=before,
        note=f"{partner}：{reason_text.strip()}",
    )
    # The partner no longer sees the record once it has sent it back.
    Share.objects.filter(
        object_id=matter.pk,
        unit=partner,
        reason=Share.Reason.REFERRED,
        content_type__model="matter",
        content_type__app_label="intake",
    ).delete()
    return matter


def matter_public_status(*, tracking_code: str, phone: str) -> dict[str, Any] | None:
    """What the public status page may show: no names, numbers or narrative.

    A wrong code and a wrong phone give the same None, so the page reveals nothing."""
    code = (tracking_code or "").strip().upper()
    try:
        phone = normalize_phone(phone or "")
    except ValidationError:
        return None
    matter = (
        Matter.objects.filter(tracking_code=code, requesters__phone_digest=blind_index(phone))
        .select_related("unit")
        .first()
    )
    if matter is None:
        return None
    return {
        "tracking_code": matter.tracking_code,
        "matter_type": matter.get_matter_type_display(),
        "state": matter.get_state_display(),
        "unit": matter.unit.name,
        "registered_on": timezone.localtime(matter.created_at).date(),
        "due_on": matter.due_on,
        "steps": [(timezone.localtime(s.at), s.action) for s in matter.steps.all()],
    }


@transaction.atomic
def matter_hand_to_mediation(*, actor, matter: Matter) -> list:
    """Take a dispute matter into a mediation case: it becomes 办理中 with the actor as handler
    (if nobody had it yet). Returns the requesters (core parties) for the case's applicant side."""
    _require_office(actor, matter)
    matter = lock(matter)
    if not matter.is_open:
        raise ValidationError("该事项已结束，不能再立案调解。")
    before = snapshot(matter, MATTER_FIELDS)
    if matter.handler_id is None:
        matter.handler = actor
    matter.state = MatterState.IN_PROGRESS
    _save(matter, actor=actor, action="matter.to_mediation", before=before, note="转人民调解立案")
    return [link.party for link in matter.requester_links.select_related("party")]


@transaction.atomic
def matter_hand_over(*, actor, matter: Matter, label: str, matter_type: str) -> list:
    """Take a matter of `matter_type` into another line's record (转入业务条线, e.g. a 信访件):
    it becomes 办理中 with the actor as handler (if nobody had it yet), and the handling sheet
    says where it went. Its statutory period, if it has one, moves with it: the new record counts
    the same rule from the same day, so the matter stops showing a due date the record's own
    steps now meet (its rule and start remain). Returns the requesters (core parties)."""
    _require_office(actor, matter)
    matter = lock(matter)
    if matter.matter_type != matter_type:
        raise ValidationError("该事项的类型不能转入此业务。")
    if not matter.is_open:
        raise ValidationError("该事项已结束，不能再转入。")
    before = snapshot(matter, MATTER_FIELDS)
    if matter.handler_id is None:
        matter.handler = actor
    matter.state = MatterState.IN_PROGRESS
    if matter.due_on is not None:
        # The rule and its start stay as the record of how the period was counted; the due date
        # is now the new record's to keep, and the matter's queues stop warning about it.
        matter.due_on, matter.due_provisional = None, False
    _save(matter, actor=actor, action="matter.hand_over", before=before, note=label)
    return [link.party for link in matter.requester_links.select_related("party")]


def matter_record_outcome(*, actor, matter: Matter, result: str) -> Matter:
    """Close the matter with the mediation's outcome (called when the case is archived)."""
    return matter_close(actor=actor, matter=matter, result=result)


def partner_office(partner_unit: OrgUnit) -> OrgUnit | None:
    """The 司法所 a partner body works with: its nearest office ancestor."""
    offices = OrgUnit.objects.filter(
        pk__in=partner_unit.ancestor_ids(), kind=UnitKind.OFFICE
    ).order_by("-depth")
    return offices.first()


@transaction.atomic
def matter_refer_in(
    *,
    actor: Actor,
    matter_type: str,
    narrative: str,
    requesters: list[dict[str, Any]],
    counterpart_names: str = "",
    amount: Decimal | None = None,
    submission_token: uuid.UUID | None = None,
) -> Matter:
    """部门转来: a partner body (派出所/妇联/法庭…) refers a matter to its 司法所. The partner's
    person registers it in the office's register on the partner's behalf (`on_behalf_of`), and
    the partner keeps sight of it through a referral share."""
    unit = actor.unit
    if unit is None or unit.kind != UnitKind.PARTNER:
        raise PermissionDenied("只有协作单位可以移送事项。")
    office = partner_office(unit)
    if office is None:
        raise ValidationError("本单位未挂靠司法所，不能移送。")
    if submission_token is not None:
        existing = Matter.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            if existing.created_by_id != getattr(actor, "pk", None):
                raise ValidationError("该表单已提交过，请重新打开登记页面填写。")
            return existing
    matter = matter_register(
        actor=actor,
        on_behalf_of=unit,
        unit=office,
        channel=Channel.DEPARTMENT,
        matter_type=matter_type,
        narrative=narrative,
        requesters=requesters,
        counterpart_names=counterpart_names,
        amount=amount,
        submission_token=submission_token,
    )
    if getattr(matter, "resubmitted", False):
        return matter
    core_services.share_record(actor=actor, obj=matter, unit=unit, reason=Share.Reason.REFERRED)
    audit_record(
        actor=actor,
        action="matter.refer_in",
        obj=matter,
        unit=office,
        changes={"from": [None, unit.name]},
        on_behalf_of=unit,
    )
    return matter
