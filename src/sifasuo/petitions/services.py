"""信访 write services: register, notify, handle, reply, 复查, 复核, close; lead officials, joint
meetings, risk and sharing. Every write is audited with its actor.

A 司法所 is one of the "信访部门以外的其他机关、单位" of 信访工作条例 第二十三条: a petition made
to it directly is answered in writing within 15 days unless the petitioner's name or address is
unclear (第二十三条第二款, rule petition.notify), as intake already counts it. A petition a
党委和政府信访部门 or a higher body of the same system 转送 or 交办 to it is, within its powers,
answered in writing within 15 days of receipt (第二十三条第三款, petition.forwarded_notify);
outside them, the office objects within 5 working days with detailed reasons (petition.objection)
and hands the materials back once the forwarding body has checked and agreed. A 申诉求决类 matter of 第三十一条第六项 is then handled within 60 days of
acceptance, extensible by up to 30 days (第三十四条, petition.handle); the petitioner may ask for
复查 within 30 days of receiving the written reply and the reviewing body answers within 30 days
(第三十五条), and the same again for 复核 (第三十六条).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core import deadline_service
from sifasuo.core import services as core_services
from sifasuo.core.actors import Actor
from sifasuo.core.audit import audit_record, diff, snapshot
from sifasuo.core.models import OrgUnit, Party, Share, UnitKind, User
from sifasuo.core.roles import Capability, Role
from sifasuo.core.scoping import can_see_unit
from sifasuo.core.workflow import lock, lock_unit, save_audited
from sifasuo.intake import services as intake_services

from . import risk
from .models import (
    Channel,
    Kind,
    Meeting,
    Outcome,
    PeriodKind,
    Petition,
    ReplyOpinion,
    ReviewResult,
    RiskGrade,
    Route,
    Satisfaction,
    Source,
    Stage,
    TimeLimit,
)

PETITION_FIELDS = [
    "channel",
    "received_on",
    "source",
    "forwarded_by",
    "forward_reference",
    "contact_unclear",
    "objected_on",
    "objection_reasons",
    "objection_answered_on",
    "objection_agreed",
    "objection_answer",
    "materials_returned_on",
    "materials_note",
    "headcount",
    "kind",
    "route",
    "request",
    "lead_name",
    "lead_post",
    "lead_user",
    "department",
    "handler",
    "stage",
    "notified_on",
    "notice_text",
    "accepted_on",
    "extension_reason",
    "replied_on",
    "reply_opinion",
    "reply_text",
    "reply_delivered_on",
    "review_body",
    "review_requested_on",
    "review_decided_on",
    "review_result",
    "review_text",
    "review_delivered_on",
    "recheck_body",
    "recheck_requested_on",
    "recheck_hearing_from",
    "recheck_hearing_to",
    "recheck_decided_on",
    "recheck_result",
    "recheck_text",
    "outcome",
    "satisfaction",
    "settled",
    "closing_note",
    "closed_on",
    "risk_grade",
    "control_plan",
]

# Intake's channels as the 信访 forms of 信访工作条例 第十七条.
CHANNEL_FROM_INTAKE = {
    "window": Channel.VISIT,
    "phone": Channel.PHONE,
    "hotline": Channel.PHONE,
    "online": Channel.ONLINE,
}

RULES = {kind: f"petition.{kind}" for kind in PeriodKind.values}
# The notice of a 转送/交办 petition is the same step under 第二十三条第三款.
FORWARDED_NOTIFY_RULE = "petition.forwarded_notify"


def _rule(petition: Petition, kind: str) -> str:
    if kind == PeriodKind.NOTIFY and petition.is_forwarded:
        return FORWARDED_NOTIFY_RULE
    return RULES[kind]


def _require_office(actor: Actor, petition_or_unit) -> None:
    core_services.require(actor, Capability.MANAGE_PARTIES)
    unit = petition_or_unit if isinstance(petition_or_unit, OrgUnit) else petition_or_unit.unit
    if not can_see_unit(actor, unit):
        raise PermissionDenied("只有信访件所属司法所可以办理。")


def _locked(petition: Petition, version: int | None) -> Petition:
    fresh = lock(petition, version=version)
    if not fresh.is_open:
        raise ValidationError("信访件已结案，不能再修改。")
    return fresh


def _save(petition: Petition, *, actor: Actor, action: str, before: dict, **extra: Any) -> Petition:
    save_audited(
        petition, actor=actor, action=action, before=before, fields=PETITION_FIELDS, extra=extra
    )
    return petition


def _expect(petition: Petition, *stages: str) -> None:
    if petition.stage not in stages:
        raise ValidationError(
            f"信访件当前为“{petition.get_stage_display()}”，不能进行该操作。", code="state"
        )


def _not_future(day: dt.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天。"})


def _not_before(day: dt.date, earlier: dt.date | None, field: str, text: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError({field: text})


def _start(petition: Petition, kind: str, start: dt.date, *, extended: bool = False) -> TimeLimit:
    """Open (or recount) the petition's period of `kind` from `start`, through the engine."""
    limit = petition.time_limits.filter(kind=kind).first() or TimeLimit(
        petition=petition, kind=kind
    )
    try:
        deadline_service.deadline_assign(
            limit, rule_id=_rule(petition, kind), start=start, extended=extended
        )
    except ValidationError as exc:
        raise ValidationError(
            "无法计算法定期限（节假日数据可能尚未更新）：" + " ".join(exc.messages)
        ) from exc
    limit.full_clean()
    limit.save()
    return limit


def _done(petition: Petition, kind: str, on: dt.date) -> None:
    # Saved through the model (a petition has one open period of a kind), not with a bulk
    # update: the save marks the month of done_on stale in the monthly summaries.
    for limit in petition.time_limits.filter(kind=kind, done_on__isnull=True):
        limit.done_on = on
        limit.save(update_fields=["done_on"])


def time_limit(petition: Petition, kind: str) -> TimeLimit | None:
    return petition.time_limits.filter(kind=kind).first()


def _next_number(unit: OrgUnit, year: int) -> str:
    lock_unit(unit)
    prefix = f"{unit.name}信访〔{year}〕第"
    count = Petition.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1}号"


def _earlier_petition(unit: OrgUnit, petitioner: Party) -> Petition | None:
    return Petition.objects.filter(unit=unit, petitioner=petitioner).order_by("-id").first()


def _assess(petition: Petition, checklist: list[str]) -> None:
    assessment = risk.assess(
        checklist,
        petition.request,
        headcount=petition.headcount,
        repeat=petition.repeat_of_id is not None,
    )
    petition.risk_grade = assessment.grade
    petition.risk_reasons = assessment.reasons
    petition.risk_checklist = assessment.items


@transaction.atomic
def petition_open(
    *,
    actor,
    unit: OrgUnit,
    kind: str,
    request: str,
    received_on: dt.date | None = None,
    channel: str = "",
    petitioner: dict[str, Any] | None = None,
    headcount: int = 1,
    matter=None,
    lead_user: User | None = None,
    lead_name: str = "",
    lead_post: str = "",
    department: OrgUnit | None = None,
    submission_token: uuid.UUID | None = None,
    source: str = Source.DIRECT,
    forwarded_by: str = "",
    forward_reference: str = "",
    within_purview: bool = True,
    contact_unclear: bool = False,
) -> Petition:
    """登记信访件. From an intake petition matter (`matter`) its requester becomes the petitioner,
    and its channel and received day come over, so the 15-day period of 第二十三条第二款 runs from
    the same day as the matter's. Otherwise `petitioner` holds the party values typed.

    A direct petition owes the 15-day written notice of 第二十三条第二款 unless the petitioner's
    name or address is unclear (`contact_unclear`). A petition 转送 or 交办 by `forwarded_by`
    (`source`), received on `received_on`, runs the office's period of 第二十三条第三款 from that
    day: the 15-day notice when the office finds it within its powers (`within_purview`), else the
    5 working days to object.

    A petitioner who petitioned this office before is linked to the latest earlier file (重复信访)."""
    _require_office(actor, unit)
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError("信访件须登记在司法所。")
    if submission_token is not None:
        existing = Petition.objects.filter(submission_token=submission_token, unit=unit).first()
        if existing is not None:
            return existing
    if not (request or "").strip():
        raise ValidationError({"request": "请填写信访请求及事实理由。"})
    if kind not in Kind.values:
        raise ValidationError({"kind": "请选择信访事项类别。"})
    if headcount < 1:
        raise ValidationError({"headcount": "信访人数至少为1人。"})
    forwarded_by, forward_reference = forwarded_by.strip(), forward_reference.strip()
    if source not in Source.values:
        raise ValidationError({"source": "请选择信访事项来源。"})
    if source == Source.DIRECT:
        forwarded_by = forward_reference = ""
        within_purview = True
    else:
        if matter is not None:
            raise ValidationError({"source": "由受理窗口转入的是信访人直接提出的信访事项。"})
        if not forwarded_by:
            raise ValidationError({"forwarded_by": "请填写转送、交办的信访部门或上级机关、单位。"})
        # 第二十三条第三款 has no exception for an unclear name or address.
        contact_unclear = False
    if matter is not None:
        if hasattr(matter, "petition"):
            raise ValidationError("该受理事项已转为信访件。")
        parties = intake_services.matter_hand_over(
            actor=actor, matter=matter, label="转信访件登记", matter_type="petition"
        )
        if not parties:
            raise ValidationError("受理事项没有申请人，不能转为信访件。")
        person = parties[0]
        received_on = matter.received_on or timezone.localtime(matter.created_at).date()
        channel = CHANNEL_FROM_INTAKE.get(matter.channel, Channel.VISIT)
    else:
        if not petitioner or not (petitioner.get("name") or "").strip():
            raise ValidationError({"p1_name": "请填写信访人。"})
        person = core_services.parties_from_entries(
            actor=actor, unit=unit, entries=[petitioner], slot="p"
        )[0]
        received_on = received_on or timezone.localdate()
        if channel not in Channel.values:
            raise ValidationError({"channel": "请选择信访形式。"})
    _not_future(received_on, "received_on", "收到日期")
    earlier = _earlier_petition(unit, person)
    petition = Petition(
        unit=unit,
        number=_next_number(unit, received_on.year),
        intake_matter=matter,
        channel=channel,
        received_on=received_on,
        petitioner=person,
        headcount=headcount,
        repeat_of=earlier,
        visit_number=(earlier.visit_number + 1) if earlier else 1,
        kind=kind,
        request=request.strip(),
        source=source,
        forwarded_by=forwarded_by,
        forward_reference=forward_reference,
        contact_unclear=contact_unclear,
        handler=actor,
        created_by=actor,
        submission_token=submission_token,
    )
    _apply_lead(petition, lead_user=lead_user, lead_name=lead_name, lead_post=lead_post)
    _apply_department(petition, department)
    _assess(petition, [])
    petition.full_clean()
    petition.save()
    if not within_purview:
        _start(petition, PeriodKind.OBJECTION, received_on)
    elif not contact_unclear:
        _start(petition, PeriodKind.NOTIFY, received_on)
    audit_record(
        actor=actor,
        action="petitions.open",
        obj=petition,
        unit=unit,
        changes=diff({}, snapshot(petition, PETITION_FIELDS)),
    )
    return petition


def _apply_lead(
    petition: Petition, *, lead_user: User | None, lead_name: str, lead_post: str
) -> None:
    if lead_user is not None:
        if lead_user.unit is None or not (
            lead_user.unit.is_within(petition.unit) or petition.unit.is_within(lead_user.unit)
        ):
            raise ValidationError({"lead_user": "包案领导账号须为本所或上级单位人员。"})
        lead_name = lead_name.strip() or str(lead_user)
    petition.lead_user = lead_user
    petition.lead_name = lead_name.strip()
    petition.lead_post = lead_post.strip()


def _apply_department(petition: Petition, department: OrgUnit | None) -> None:
    if department is not None and (
        department.kind != UnitKind.DEPARTMENT or not department.is_within(petition.unit)
    ):
        raise ValidationError({"department": "责任部门须为本乡镇的科室或人民政府。"})
    petition.department = department


@transaction.atomic
def petition_set_lead(
    *,
    actor,
    petition: Petition,
    lead_user: User | None = None,
    lead_name: str = "",
    lead_post: str = "",
    department: OrgUnit | None = None,
    version: int | None = None,
) -> Petition:
    """领导包案: the lead official (a name and post, or an account) and the responsible department."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    if lead_user is None and not lead_name.strip():
        raise ValidationError({"lead_name": "请填写包案领导或选择其账号。"})
    before = snapshot(petition, PETITION_FIELDS)
    _apply_lead(petition, lead_user=lead_user, lead_name=lead_name, lead_post=lead_post)
    _apply_department(petition, department)
    return _save(petition, actor=actor, action="petitions.lead", before=before)


@transaction.atomic
def petition_notify(
    *,
    actor,
    petition: Petition,
    notified_on: dt.date,
    accepted: bool,
    notice_text: str,
    route: str = "",
    version: int | None = None,
) -> Petition:
    """书面告知 (第二十三条第一款、第二款): within the office's powers, the petitioner is told it is
    received and how it will be handled, and the matter is accepted; otherwise told to take it to
    the body that may handle it, which ends the file. A 转送/交办 petition (第三款) is only told of
    its receipt and handling; outside the office's powers it goes back through an objection. A 申诉求决类 matter names its route under
    第三十一条; only the sixth starts the 60-day handling period of 第三十四条."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    _expect(petition, Stage.REGISTERED)
    if not accepted and petition.is_forwarded:
        raise ValidationError(
            {
                "accepted": "转送、交办的信访事项不属于本所职权范围的，应当向转送、交办机关提出"
                "异议并详细说明理由，经核实同意后交还相关材料（第二十三条第三款），"
                "不能告知信访人另行提出。"
                if petition.objection_agreed is None
                else "转送、交办机关未同意异议，本件按属于本所职权范围办理。"
            }
        )
    if not notice_text.strip():
        raise ValidationError({"notice_text": "请填写告知内容。"})
    _not_future(notified_on, "notified_on", "告知日期")
    _not_before(notified_on, petition.received_on, "notified_on", "告知日期不能早于收到日期。")
    if accepted and petition.kind == Kind.COMPLAINT and route not in Route.values:
        raise ValidationError({"route": "申诉求决类事项请选择第三十一条规定的办理途径。"})
    before = snapshot(petition, PETITION_FIELDS)
    petition.notified_on = notified_on
    petition.notice_text = notice_text.strip()
    if petition.is_forwarded:
        # Found within its powers after all: the 15 days of 第二十三条第三款 ran from receipt,
        # and the window to object is no longer the office's to use.
        if time_limit(petition, PeriodKind.NOTIFY) is None:
            _start(petition, PeriodKind.NOTIFY, petition.received_on)
        _drop_open(petition, PeriodKind.OBJECTION)
    _done(petition, PeriodKind.NOTIFY, notified_on)
    if not accepted:
        petition.stage = Stage.CLOSED
        petition.outcome = Outcome.REDIRECTED
        petition.satisfaction = Satisfaction.UNKNOWN
        petition.closed_on = notified_on
        _save(petition, actor=actor, action="petitions.redirect", before=before)
        _close_matter(actor, petition)
        return petition
    petition.accepted_on = notified_on
    petition.route = route if petition.kind == Kind.COMPLAINT else ""
    petition.stage = Stage.HANDLING
    if petition.route == Route.OPINION:
        _start(petition, PeriodKind.HANDLE, notified_on)
    return _save(petition, actor=actor, action="petitions.accept", before=before)


def _drop_open(petition: Petition, kind: str) -> None:
    """Remove a period of `kind` still awaited that no longer applies to the petition."""
    petition.time_limits.filter(kind=kind, done_on__isnull=True).delete()


@transaction.atomic
def petition_object(
    *,
    actor,
    petition: Petition,
    objected_on: dt.date,
    reasons: str,
    version: int | None = None,
) -> Petition:
    """提出异议 (第二十三条第三款): a 转送/交办 petition outside the office's powers is objected to
    within 5 working days of receipt, with detailed reasons, to the body that forwarded it. A late
    objection is recorded with its period shown as missed."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    _expect(petition, Stage.REGISTERED)
    if not petition.is_forwarded:
        raise ValidationError("只有转送、交办的信访事项可以提出异议。")
    if petition.objection_agreed is not None:
        raise ValidationError("转送、交办机关已对异议作出答复。")
    if not reasons.strip():
        raise ValidationError({"reasons": "请详细说明不属于本所职权范围的理由。"})
    _not_future(objected_on, "objected_on", "提出异议日期")
    _not_before(objected_on, petition.received_on, "objected_on", "提出异议不能早于收到日期。")
    before = snapshot(petition, PETITION_FIELDS)
    if time_limit(petition, PeriodKind.OBJECTION) is None:
        _start(petition, PeriodKind.OBJECTION, petition.received_on)
    _done(petition, PeriodKind.OBJECTION, objected_on)
    # While the forwarding body checks the objection the office holds that no notice is owed;
    # a refusal opens it again (see petition_answer_objection).
    _drop_open(petition, PeriodKind.NOTIFY)
    petition.objected_on = objected_on
    petition.objection_reasons = reasons.strip()
    petition.stage = Stage.OBJECTED
    return _save(petition, actor=actor, action="petitions.object", before=before)


# 第二十三条第三款 does not say whether the 15 days to notify the petitioner start again when the
# forwarding body does not agree to an objection. The rule counts them "自收到之日起", so a refused
# objection leaves them counted from the day the office received the petition, as the text reads;
# the case file says the text is silent, and no other start day is invented here.
REFUSED_OBJECTION_NOTE = (
    "转送、交办机关未同意异议，本件按属于本所职权范围办理。信访工作条例第二十三条第三款未规定"
    "异议未获同意后书面告知期限是否重新起算，本系统仍按该款“自收到之日起15日内”计算。"
)


@transaction.atomic
def petition_answer_objection(
    *,
    actor,
    petition: Petition,
    answered_on: dt.date,
    agreed: bool,
    answer: str,
    returned_on: dt.date | None = None,
    materials_note: str = "",
    version: int | None = None,
) -> Petition:
    """The forwarding body's answer to the objection (第二十三条第三款). Agreed: the materials are
    handed back (`returned_on`, `materials_note`) and the file closes as returned. Not agreed: the
    petition is handled as within the office's powers, and the written notice is owed again."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    _expect(petition, Stage.OBJECTED)
    if not answer.strip():
        raise ValidationError({"answer": "请填写转送、交办机关的核实意见。"})
    _not_future(answered_on, "answered_on", "答复日期")
    _not_before(answered_on, petition.objected_on, "answered_on", "答复日期不能早于提出异议日期。")
    before = snapshot(petition, PETITION_FIELDS)
    petition.objection_answered_on = answered_on
    petition.objection_agreed = agreed
    petition.objection_answer = answer.strip()
    if not agreed:
        petition.stage = Stage.REGISTERED
        if time_limit(petition, PeriodKind.NOTIFY) is None:
            _start(petition, PeriodKind.NOTIFY, petition.received_on)
        return _save(petition, actor=actor, action="petitions.objection_refused", before=before)
    if returned_on is None:
        raise ValidationError({"returned_on": "请填写交还相关材料的日期。"})
    _not_future(returned_on, "returned_on", "交还材料日期")
    _not_before(returned_on, answered_on, "returned_on", "须经核实同意后交还相关材料。")
    petition.materials_returned_on = returned_on
    petition.materials_note = materials_note.strip()
    petition.stage = Stage.CLOSED
    petition.outcome = Outcome.RETURNED
    petition.satisfaction = Satisfaction.UNKNOWN
    petition.closed_on = returned_on
    return _save(petition, actor=actor, action="petitions.objection_agreed", before=before)


@transaction.atomic
def petition_extend(
    *, actor, petition: Petition, reason: str, version: int | None = None
) -> Petition:
    """延长办理期限 (第三十四条): approved by the head of the office (所长), at most 30 days, and
    the petitioner is told why."""
    _require_office(actor, petition)
    if not (
        getattr(actor, "is_superuser", False) or getattr(actor, "role", "") == Role.OFFICE_HEAD
    ):
        raise PermissionDenied("延长办理期限须经本机关负责人（所长）批准。")
    petition = _locked(petition, version)
    _expect(petition, Stage.HANDLING)
    limit = time_limit(petition, PeriodKind.HANDLE)
    if limit is None:
        raise ValidationError("只有第三十一条第六项事项的六十日办理期限可以延长。")
    if limit.due_extended:
        raise ValidationError("办理期限已经延长过，延长期限不得超过30日。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写延期理由（须告知信访人）。"})
    if limit.due_start is None:
        raise ValidationError("办理期限没有起算日，不能延长。")
    before = snapshot(petition, PETITION_FIELDS)
    extended = _start(petition, PeriodKind.HANDLE, limit.due_start, extended=True)
    petition.extension_reason = reason.strip()
    return _save(
        petition,
        actor=actor,
        action="petitions.extend",
        before=before,
        due=str(extended.due_on),
    )


@transaction.atomic
def petition_reply(
    *,
    actor,
    petition: Petition,
    replied_on: dt.date,
    opinion: str,
    text: str,
    delivered_on: dt.date | None = None,
    version: int | None = None,
) -> Petition:
    """书面答复 (信访处理意见书, 第三十二条): the request, facts, opinion and its legal basis. The
    day the petitioner received it starts the 30 days to ask for 复查 (第三十五条)."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    _expect(petition, Stage.HANDLING)
    if opinion not in ReplyOpinion.values:
        raise ValidationError({"opinion": "请选择处理意见。"})
    if not text.strip():
        raise ValidationError({"text": "请填写处理意见及其法律法规依据。"})
    _not_future(replied_on, "replied_on", "答复日期")
    _not_before(replied_on, petition.accepted_on, "replied_on", "答复日期不能早于受理日期。")
    delivered_on = delivered_on or replied_on
    _not_future(delivered_on, "delivered_on", "收到答复日期")
    _not_before(delivered_on, replied_on, "delivered_on", "收到答复日期不能早于答复日期。")
    before = snapshot(petition, PETITION_FIELDS)
    petition.replied_on = replied_on
    petition.reply_opinion = opinion
    petition.reply_text = text.strip()
    petition.reply_delivered_on = delivered_on
    petition.stage = Stage.REPLIED
    _done(petition, PeriodKind.HANDLE, replied_on)
    _start(petition, PeriodKind.REVIEW_REQUEST, delivered_on)
    return _save(petition, actor=actor, action="petitions.reply", before=before)


def _request(
    petition: Petition, *, window: str, requested_on: dt.date, field: str, what: str
) -> None:
    limit = time_limit(petition, window)
    if limit is not None and limit.due_on is not None and requested_on > limit.due_on:
        raise ValidationError(
            {
                field: f"请求{what}的期限已于{limit.due_on:%Y-%m-%d}届满（{limit.due_basis}），"
                "逾期请求不予登记。"
            }
        )
    _not_future(requested_on, field, f"收到{what}请求日期")


def _ask_upper_body(
    actor, petition: Petition, version, *, step, what, requested_on, body, stages, periods, received
) -> Petition:
    """A request for 复查 or 复核 (`step` "review" / "recheck"): from `stages[0]` to `stages[1]`,
    within the request window `periods[0]`, which starts the upper body's period `periods[1]`;
    not before the day the petitioner received the answer (`received`: field, message)."""
    from_stage, to_stage = stages
    window, period = periods
    _require_office(actor, petition)
    petition = _locked(petition, version)
    _expect(petition, from_stage)
    if not body.strip():
        raise ValidationError({"body": f"请填写{what}机关。"})
    _request(petition, window=window, requested_on=requested_on, field="requested_on", what=what)
    received_field, too_early = received
    _not_before(requested_on, getattr(petition, received_field), "requested_on", too_early)
    before = snapshot(petition, PETITION_FIELDS)
    setattr(petition, f"{step}_body", body.strip())
    setattr(petition, f"{step}_requested_on", requested_on)
    petition.stage = to_stage
    _done(petition, window, requested_on)
    _start(petition, period, requested_on)
    return _save(petition, actor=actor, action=f"petitions.{step}_request", before=before)


@transaction.atomic
def petition_review_request(
    *, actor, petition: Petition, requested_on: dt.date, body: str, version: int | None = None
) -> Petition:
    """请求复查 (第三十五条): the upper body of the office received the request; it answers within
    30 days of receiving it."""
    return _ask_upper_body(
        actor,
        petition,
        version,
        step="review",
        what="复查",
        requested_on=requested_on,
        body=body,
        stages=(Stage.REPLIED, Stage.REVIEW),
        periods=(PeriodKind.REVIEW_REQUEST, PeriodKind.REVIEW),
        received=("reply_delivered_on", "复查请求不能早于收到答复。"),
    )


@transaction.atomic
def petition_review_decision(
    *,
    actor,
    petition: Petition,
    decided_on: dt.date,
    result: str,
    text: str,
    delivered_on: dt.date | None = None,
    version: int | None = None,
) -> Petition:
    """复查意见 (第三十五条), as the reviewing body answered in writing; the day the petitioner
    received it starts the 30 days to ask for 复核 (第三十六条)."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    _expect(petition, Stage.REVIEW)
    if result not in ReviewResult.values:
        raise ValidationError({"result": "请选择复查结果。"})
    if not text.strip():
        raise ValidationError({"text": "请填写复查意见。"})
    _not_future(decided_on, "decided_on", "复查意见日期")
    _not_before(
        decided_on, petition.review_requested_on, "decided_on", "复查意见不能早于复查请求。"
    )
    delivered_on = delivered_on or decided_on
    _not_before(delivered_on, decided_on, "delivered_on", "收到日期不能早于复查意见日期。")
    _not_future(delivered_on, "delivered_on", "收到复查意见日期")
    before = snapshot(petition, PETITION_FIELDS)
    petition.review_decided_on = decided_on
    petition.review_result = result
    petition.review_text = text.strip()
    petition.review_delivered_on = delivered_on
    petition.stage = Stage.REVIEWED
    _done(petition, PeriodKind.REVIEW, decided_on)
    _start(petition, PeriodKind.RECHECK_REQUEST, delivered_on)
    return _save(petition, actor=actor, action="petitions.review", before=before)


@transaction.atomic
def petition_recheck_request(
    *, actor, petition: Petition, requested_on: dt.date, body: str, version: int | None = None
) -> Petition:
    """请求复核 (第三十六条第一款)."""
    return _ask_upper_body(
        actor,
        petition,
        version,
        step="recheck",
        what="复核",
        requested_on=requested_on,
        body=body,
        stages=(Stage.REVIEWED, Stage.RECHECK),
        periods=(PeriodKind.RECHECK_REQUEST, PeriodKind.RECHECK),
        received=("review_delivered_on", "复核请求不能早于收到复查意见。"),
    )


@transaction.atomic
def petition_recheck_hearing(
    *,
    actor,
    petition: Petition,
    held_from: dt.date,
    held_to: dt.date,
    version: int | None = None,
) -> Petition:
    """复核听证 (第三十六条第二款): the time the hearing takes does not count in the 30 days of
    the 复核, so the period stops on its first day and runs again the day after its last."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    _expect(petition, Stage.RECHECK)
    if petition.recheck_hearing_from is not None:
        raise ValidationError("已登记复核听证。")
    _not_before(held_from, petition.recheck_requested_on, "held_from", "听证不能早于收到复核请求。")
    _not_before(held_to, held_from, "held_to", "听证结束日期不能早于开始日期。")
    _not_future(held_to, "held_to", "听证结束日期")
    limit = time_limit(petition, PeriodKind.RECHECK)
    if limit is None or limit.due_on is None or held_from > limit.due_on:
        raise ValidationError({"held_from": "听证须在复核期限内举行。"})
    deadline_service.deadline_pause(limit, on=held_from)
    try:
        deadline_service.deadline_resume(limit, on=held_to + dt.timedelta(days=1))
    except ValidationError as exc:
        raise ValidationError(
            "无法计算法定期限（节假日数据可能尚未更新）：" + " ".join(exc.messages)
        ) from exc
    limit.save()
    before = snapshot(petition, PETITION_FIELDS)
    petition.recheck_hearing_from = held_from
    petition.recheck_hearing_to = held_to
    return _save(
        petition,
        actor=actor,
        action="petitions.recheck_hearing",
        before=before,
        due=str(limit.due_on),
    )


@transaction.atomic
def petition_recheck_decision(
    *,
    actor,
    petition: Petition,
    decided_on: dt.date,
    result: str,
    text: str,
    version: int | None = None,
) -> Petition:
    """复核意见 (第三十六条): after it, the same request on the same facts and reasons is not
    accepted again (第三十六条第三款)."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    _expect(petition, Stage.RECHECK)
    if result not in ReviewResult.values:
        raise ValidationError({"result": "请选择复核结果。"})
    if not text.strip():
        raise ValidationError({"text": "请填写复核意见。"})
    _not_future(decided_on, "decided_on", "复核意见日期")
    _not_before(
        decided_on, petition.recheck_requested_on, "decided_on", "复核意见不能早于复核请求。"
    )
    before = snapshot(petition, PETITION_FIELDS)
    petition.recheck_decided_on = decided_on
    petition.recheck_result = result
    petition.recheck_text = text.strip()
    petition.stage = Stage.RECHECKED
    _done(petition, PeriodKind.RECHECK, decided_on)
    return _save(petition, actor=actor, action="petitions.recheck", before=before)


# Outcomes a file may close with at each stage.
_CLOSING: dict[str, set[str]] = {
    Stage.HANDLING: {
        Outcome.RESOLVED,
        Outcome.MEDIATED,
        Outcome.REFERRED,
        Outcome.WITHDRAWN,
        Outcome.EXPLAINED,
        Outcome.NOT_SUPPORTED,
    },
    Stage.REPLIED: {
        Outcome.RESOLVED,
        Outcome.EXPLAINED,
        Outcome.NOT_SUPPORTED,
        Outcome.MEDIATED,
        Outcome.WITHDRAWN,
    },
    Stage.REVIEWED: {
        Outcome.RESOLVED,
        Outcome.EXPLAINED,
        Outcome.NOT_SUPPORTED,
        Outcome.MEDIATED,
        Outcome.WITHDRAWN,
    },
    Stage.RECHECKED: {Outcome.FINAL, Outcome.RESOLVED, Outcome.MEDIATED, Outcome.WITHDRAWN},
}


@transaction.atomic
def petition_close(
    *,
    actor,
    petition: Petition,
    outcome: str,
    satisfaction: str,
    settled: bool,
    closed_on: dt.date,
    note: str = "",
    version: int | None = None,
) -> Petition:
    """结案: the outcome, the petitioner's satisfaction and whether they stopped petitioning
    (息访息诉). A 第三十一条第六项 matter closes only after its written reply (第三十二条)."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    allowed = _CLOSING.get(petition.stage)
    if allowed is None:
        raise ValidationError(
            f"信访件当前为“{petition.get_stage_display()}”，不能结案。", code="state"
        )
    if outcome not in allowed:
        raise ValidationError({"outcome": "该阶段不能以此结果结案。"})
    if (
        petition.stage == Stage.HANDLING
        and petition.route == Route.OPINION
        and outcome not in (Outcome.WITHDRAWN, Outcome.MEDIATED)
    ):
        raise ValidationError(
            {"outcome": "第三十一条第六项事项须先出具信访处理意见书并书面答复（第三十二条）。"}
        )
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": "请选择信访人评价。"})
    _not_future(closed_on, "closed_on", "结案日期")
    last = (
        petition.recheck_decided_on
        or petition.review_decided_on
        or petition.replied_on
        or petition.accepted_on
    )
    _not_before(closed_on, last, "closed_on", "结案日期不能早于上一办理环节。")
    before = snapshot(petition, PETITION_FIELDS)
    petition.outcome = outcome
    petition.satisfaction = satisfaction
    petition.settled = settled
    petition.closing_note = note.strip()
    petition.closed_on = closed_on
    petition.stage = Stage.CLOSED
    if petition.replied_on is None:
        _done(petition, PeriodKind.HANDLE, closed_on)
    _save(petition, actor=actor, action="petitions.close", before=before)
    _close_matter(actor, petition)
    return petition


def _close_matter(actor, petition: Petition) -> None:
    matter = petition.intake_matter
    if matter is not None and matter.is_open:
        intake_services.matter_record_outcome(
            actor=actor,
            matter=matter,
            result=f"{petition.number}已结案：{petition.get_outcome_display()}",
        )


@transaction.atomic
def meeting_add(
    *,
    actor,
    petition: Petition,
    held_on: dt.date,
    partners: list[OrgUnit],
    attendees: str,
    conclusions: str,
    version: int | None = None,
) -> Meeting:
    """信访工作联席会议 with the partner bodies involved (派出所、妇联、信访办、人民法庭…)."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    errors = {}
    if not attendees.strip():
        errors["attendees"] = "请填写参会人员。"
    if not conclusions.strip():
        errors["conclusions"] = "请填写会议议定事项。"
    if not partners:
        errors["partners"] = "请选择参会的协作单位。"
    if errors:
        raise ValidationError(errors)
    county = petition.unit.parent
    for partner in partners:
        if partner.kind != UnitKind.PARTNER or county is None or not partner.is_within(county):
            raise ValidationError({"partners": "参会单位须为本区县的协作单位。"})
    _not_future(held_on, "held_on", "会议日期")
    _not_before(held_on, petition.received_on, "held_on", "会议日期不能早于收到信访日期。")
    meeting = Meeting(
        petition=petition,
        held_on=held_on,
        attendees=attendees.strip(),
        conclusions=conclusions.strip(),
    )
    meeting.full_clean()
    meeting.save()
    meeting.partners.set(partners)
    before = snapshot(petition, PETITION_FIELDS)
    _save(
        petition,
        actor=actor,
        action="petitions.meeting",
        before=before,
        meeting=str(held_on),
        partners="、".join(p.name for p in partners),
    )
    return meeting


@transaction.atomic
def petition_screen_risk(
    *,
    actor,
    petition: Petition,
    checklist: list[str],
    control_plan: str = "",
    version: int | None = None,
) -> Petition:
    """风险研判: grade from the checklist, the request's words, the headcount and repeat visits;
    a red grade needs 稳控化解措施."""
    _require_office(actor, petition)
    petition = _locked(petition, version)
    before = snapshot(petition, PETITION_FIELDS)
    _assess(petition, checklist)
    petition.control_plan = control_plan.strip() or petition.control_plan
    if petition.risk_grade == RiskGrade.RED and not petition.control_plan:
        raise ValidationError({"control_plan": "红色风险须填写稳控化解措施。"})
    return _save(
        petition, actor=actor, action="petitions.risk", before=before, reasons=petition.risk_reasons
    )


@transaction.atomic
def petition_share_with_partner(*, actor, petition: Petition, partner: OrgUnit) -> Share:
    """信息共享 (五共): a partner body of the county sees this petition and its risk grade on its
    watch list, through the same shares mediation uses."""
    _require_office(actor, petition)
    county = petition.unit.parent
    if partner.kind != UnitKind.PARTNER or county is None or not partner.is_within(county):
        raise ValidationError({"partner": "只能与本区县的协作单位共享。"})
    if petition.risk_grade == RiskGrade.RED and not petition.control_plan:
        raise ValidationError("红色风险信访件须先制定稳控化解措施。")
    return core_services.share_record(
        actor=actor, obj=petition, unit=partner, reason=Share.Reason.SHARED
    )
