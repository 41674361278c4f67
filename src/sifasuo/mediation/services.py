"""Mediation write services: open, investigate, mediate, agree, follow up, archive or terminate."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sifasuo.core import deadline_service
from sifasuo.core import services as core_services
from sifasuo.core.actors import Actor
from sifasuo.core.audit import audit_record, diff, snapshot
from sifasuo.core.models import OrgUnit, Party, Share, UnitKind, User
from sifasuo.core.personal_data import normalize_id_number
from sifasuo.core.roles import Capability
from sifasuo.core.scoping import can_see_unit
from sifasuo.core.sealed import blind_index
from sifasuo.core.workflow import lock, lock_unit, save_audited
from sifasuo.intake import services as intake_services

from . import risk
from .models import (
    Case,
    CaseParty,
    ConfirmationOutcome,
    FollowUp,
    RiskGrade,
    Session,
    Side,
    Stage,
    TerminationReason,
)

CASE_FIELDS = [
    "dispute_type",
    "summary",
    "amount",
    "committee_kind",
    "committee_name",
    "service_mode",
    "stage",
    "termination_reason",
    "termination_text",
    "termination_notified_on",
    "agreement_terms",
    "agreement_oral",
    "agreement_on",
    "agreement_written_on",
    "confirmation",
    "confirmation_court",
    "risk_grade",
    "followup_plan",
    "followup_due",
    "due_on",
]

# The forward path; 终止 is possible from any open stage.
NEXT_STAGE: dict[str, Stage] = {
    Stage.APPLICATION: Stage.INVESTIGATION,
    Stage.INVESTIGATION: Stage.MEDIATING,
    Stage.MEDIATING: Stage.AGREEMENT,
    Stage.AGREEMENT: Stage.FOLLOW_UP,
    Stage.FOLLOW_UP: Stage.ARCHIVED,
}


def _require_office(actor, case_or_unit) -> None:
    core_services.require(actor, Capability.MANAGE_PARTIES)
    unit = case_or_unit if isinstance(case_or_unit, OrgUnit) else case_or_unit.unit
    if not can_see_unit(actor, unit):
        raise PermissionDenied("只有案件所属司法所可以办理。")


def _locked(case: Case, version: int | None) -> Case:
    fresh = lock(case, version=version)
    if not fresh.is_open:
        raise ValidationError("案件已归档或终止，不能再修改。")
    return fresh


def _save(case: Case, *, actor: Actor, action: str, before: dict[str, Any], **extra: Any) -> Case:
    save_audited(case, actor=actor, action=action, before=before, fields=CASE_FIELDS, extra=extra)
    return case


def _next_number(unit: OrgUnit) -> str:
    # Two cases opened at once do not draw the same number.
    lock_unit(unit)
    year = timezone.localdate().year
    prefix = f"{unit.name}调字〔{year}〕第"
    count = Case.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1}号"


def _parties(
    actor, unit: OrgUnit, values: list[dict[str, Any]], slot: str
) -> list[tuple[Party, str]]:
    """The parties of a form's rows, each with the 民族 typed for this case (kept on the case's
    link, not in the party register)."""
    entries = [{k: v for k, v in row.items() if k != "ethnicity"} for row in values]
    parties = core_services.parties_from_entries(actor=actor, unit=unit, entries=entries, slot=slot)
    return [
        (party, (row.get("ethnicity") or "").strip())
        for party, row in zip(parties, values, strict=True)
    ]


def _resubmitted(actor, case: Case) -> Case:
    """The case a repeated submit finds, for the person who opened it and no one else: a token
    or form replayed from another office reveals nothing of that office's case."""
    if case.created_by_id is None or case.created_by_id != getattr(actor, "pk", None):
        raise ValidationError("该表单已提交过，请重新打开立案页面填写。")
    case.resubmitted = True  # type: ignore[attr-defined]
    return case


def _identical_recent(
    *,
    actor,
    unit: OrgUnit,
    dispute_type: str,
    summary: str,
    matter,
    applicants: list[dict[str, Any]],
) -> Case | None:
    """A case the same person opened moments ago with the same content (another tab's submit)."""
    if not isinstance(actor, User):
        return None
    candidates = Case.objects.filter(
        created_by=actor,
        unit=unit,
        created_at__gte=timezone.now() - intake_services.RESUBMIT_WINDOW,
        dispute_type=dispute_type,
        summary=summary.strip(),
        intake_matter=matter,
    ).prefetch_related("party_links__party")
    wanted = sorted(_applicant_key(row) for row in applicants)
    for candidate in candidates:
        if matter is not None:
            return candidate
        keys = sorted(
            link.party.id_number_digest or link.party.name
            for link in candidate.party_links.all()
            if link.side == Side.APPLICANT
        )
        if keys == wanted:
            return candidate
    return None


def _applicant_key(row: dict[str, Any]) -> str:
    """Who an applicant is: the ID number's blind index when given, else the name."""
    with contextlib.suppress(ValidationError):
        if row.get("id_number"):
            return blind_index(normalize_id_number(row["id_number"]))
    return (row.get("name") or "").strip()


@transaction.atomic
def case_open(
    *,
    actor,
    unit: OrgUnit,
    dispute_type: str,
    summary: str,
    committee_kind: str,
    committee_name: str,
    mediators: list[User],
    applicants: list[dict[str, Any]] | None = None,
    respondents: list[dict[str, Any]] | None = None,
    amount: Decimal = Decimal(0),
    service_mode: str = "clinic",
    matter=None,
    submission_token: uuid.UUID | None = None,
) -> Case:
    """立案. From an intake matter its requesters become the applicants; otherwise the given
    `applicants` are registered as parties. Respondents are registered as parties.
    A case submitted twice is opened once: a repeated `submission_token` (a double click, Back
    and resubmit) or the same opening by the same actor within RESUBMIT_WINDOW (a form open in
    two tabs) returns the case already opened, marked `resubmitted`."""
    _require_office(actor, unit)
    # One opening at a time per office, so two submits racing each other see each other's case.
    lock_unit(unit)
    if submission_token is not None:
        # By token alone, as intake does: the token is unique across offices, so a lookup scoped
        # to one unit would miss a case opened for another and fail on the unique token.
        existing = Case.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return _resubmitted(actor, existing)
    existing = _identical_recent(
        actor=actor,
        unit=unit,
        dispute_type=dispute_type,
        summary=summary,
        matter=matter,
        applicants=applicants or [],
    )
    if existing is not None:
        return _resubmitted(actor, existing)
    if not summary.strip():
        raise ValidationError({"summary": "请填写纠纷简要情况。"})
    if not mediators:
        raise ValidationError({"mediators": "请至少选择一名调解员。"})
    for mediator in mediators:
        if mediator.unit is None or not (
            mediator.unit.is_within(unit)
            or unit.is_within(mediator.unit)
            or (
                mediator.unit.kind == UnitKind.PARTNER
                and unit.parent is not None
                and mediator.unit.is_within(unit.parent)
            )
        ):
            raise ValidationError({"mediators": "调解员须为本所或本区县协作单位人员。"})
    if matter is not None:
        applicant_parties = [
            (party, "")
            for party in intake_services.matter_hand_to_mediation(actor=actor, matter=matter)
        ]
    else:
        applicant_parties = _parties(actor, unit, applicants or [], "a")
    if not applicant_parties:
        raise ValidationError("请至少填写一名申请人。")
    respondent_parties = _parties(actor, unit, respondents or [], "b")
    case = Case(
        unit=unit,
        number=_next_number(unit),
        intake_matter=matter,
        channel=matter.channel if matter is not None else "",
        dispute_type=dispute_type,
        summary=summary.strip(),
        amount=Decimal(amount or 0),
        committee_kind=committee_kind,
        committee_name=committee_name.strip(),
        service_mode=service_mode,
        created_by=actor,
        submission_token=submission_token,
    )
    assessment = risk.assess([], case.summary)
    case.risk_grade, case.risk_reasons, case.risk_checklist = (
        assessment.grade,
        assessment.reasons,
        assessment.items,
    )
    case.full_clean()
    case.save()
    case.mediators.set(mediators)
    # A partner's staff joining as co-mediators (联合调解) see the case through a share.
    for partner in {m.unit for m in mediators if m.unit and m.unit.kind == UnitKind.PARTNER}:
        core_services.share_record(actor=actor, obj=case, unit=partner)
    CaseParty.objects.bulk_create(
        [
            CaseParty(case=case, party=party, side=side, ethnicity=ethnicity)
            for side, rows in (
                (Side.APPLICANT, applicant_parties),
                (Side.RESPONDENT, respondent_parties),
            )
            for party, ethnicity in rows
        ]
    )
    audit_record(
        actor=actor,
        action="mediation.open",
        obj=case,
        unit=unit,
        changes=diff({}, snapshot(case, CASE_FIELDS)),
    )
    return case


@transaction.atomic
def case_party_set_ethnicity(
    *, actor, case: Case, party_id: int, ethnicity: str, version: int | None = None
) -> CaseParty:
    """民族 of one of the case's parties, for the 协议书's party details (第二十九条第一项)."""
    _require_office(actor, case)
    case = _locked(case, version)
    link = case.party_links.select_related("party").filter(party_id=party_id).first()
    if link is None:
        raise ValidationError({"party_id": "请选择本案的当事人。"})
    before = snapshot(case, CASE_FIELDS)
    link.ethnicity = ethnicity.strip()
    link.full_clean()
    link.save(update_fields=["ethnicity"])
    _save(
        case,
        actor=actor,
        action="mediation.party_details",
        before=before,
        party=link.party.name,
        ethnicity=link.ethnicity,
    )
    return link


@transaction.atomic
def case_advance(*, actor, case: Case, version: int | None = None) -> Case:
    """Move to the next stage. 协议 is reached through `case_record_agreement`, 归档 through
    `case_archive`, so each carries what it needs."""
    _require_office(actor, case)
    case = _locked(case, version)
    target = NEXT_STAGE.get(case.stage)
    if target is None or target in (Stage.AGREEMENT, Stage.ARCHIVED):
        raise ValidationError("请通过“记录协议”或“归档”进入下一阶段。")
    before = snapshot(case, CASE_FIELDS)
    case.stage = target
    return _save(case, actor=actor, action="mediation.advance", before=before)


@transaction.atomic
def session_add(
    *,
    actor,
    case: Case,
    held_on: dt.date,
    place: str,
    attendees: str,
    record: str,
    version: int | None = None,
) -> Session:
    _require_office(actor, case)
    case = _locked(case, version)
    if case.stage not in (Stage.INVESTIGATION, Stage.MEDIATING):
        raise ValidationError("调查或调解阶段才能登记调解记录。")
    errors = {
        k: "请填写此项。"
        for k, v in (("place", place), ("attendees", attendees), ("record", record))
        if not v.strip()
    }
    if errors:
        raise ValidationError(errors)
    session = Session(
        case=case,
        held_on=held_on,
        place=place.strip(),
        attendees=attendees.strip(),
        record=record.strip(),
    )
    session.full_clean()
    session.save()
    before = snapshot(case, CASE_FIELDS)
    if case.stage == Stage.INVESTIGATION:
        case.stage = Stage.MEDIATING
    _save(case, actor=actor, action="mediation.session", before=before, session=str(held_on))
    return session


@transaction.atomic
def case_record_agreement(
    *,
    actor,
    case: Case,
    terms: str,
    agreed_on: dt.date,
    oral: bool = False,
    version: int | None = None,
) -> Case:
    """协议: the terms of a written agreement, or the content of an oral one as the mediator
    records it (人民调解法 第二十八条). Either takes effect on `agreed_on` (an oral one when it is
    reached, 第三十条), so both start the 30-day window for jointly applying for 司法确认
    (第三十三条, rule mediation.judicial_confirmation)."""
    _require_office(actor, case)
    case = _locked(case, version)
    if case.stage != Stage.MEDIATING:
        raise ValidationError("调解阶段才能记录协议。")
    if not case.sessions.exists():
        raise ValidationError("尚无调解记录，不能记录协议。")
    if not terms.strip():
        raise ValidationError({"terms": "请填写协议内容。"})
    before = snapshot(case, CASE_FIELDS)
    case.agreement_terms = terms.strip()
    case.agreement_oral = oral
    case.agreement_on = agreed_on
    case.stage = Stage.AGREEMENT
    _assign_confirmation_window(case)
    return _save(case, actor=actor, action="mediation.agreement", before=before)


def _assign_confirmation_window(case: Case) -> None:
    if case.agreement_on is None:
        return
    try:
        deadline_service.deadline_assign(
            case, rule_id="mediation.judicial_confirmation", start=case.agreement_on
        )
    except ValidationError as exc:
        raise ValidationError(
            "无法计算司法确认期限（节假日数据可能尚未更新）：" + " ".join(exc.messages)
        ) from exc


@transaction.atomic
def case_write_oral_agreement(
    *,
    actor,
    case: Case,
    terms: str,
    written_on: dt.date,
    version: int | None = None,
) -> Case:
    """制作书面协议书 for an oral agreement (人民调解法 第二十八条), so the parties can jointly
    apply for 司法确认 with it. The agreement took effect when it was reached (第三十条): the
    30-day window of 第三十三条 still runs from that day, and the written version must be made
    within it."""
    _require_office(actor, case)
    case = _locked(case, version)
    if case.agreement_on is None or not case.agreement_oral:
        raise ValidationError("只有口头调解协议需要制作书面协议书。")
    if case.agreement_written_on is not None:
        raise ValidationError("该口头协议已制作书面协议书。")
    if not terms.strip():
        raise ValidationError({"terms": "请填写协议内容。"})
    if written_on < case.agreement_on:
        raise ValidationError({"written_on": "制作日期不能早于口头协议达成之日。"})
    if case.due_on is not None and written_on > case.due_on:
        raise ValidationError(
            {
                "written_on": f"口头协议自{case.agreement_on:%Y-%m-%d}达成之日起生效（人民调解法"
                f"第三十条），申请司法确认的三十日期限已于{case.due_on:%Y-%m-%d}届满（第三十三条）。"
            }
        )
    before = snapshot(case, CASE_FIELDS)
    case.agreement_terms = terms.strip()
    case.agreement_written_on = written_on
    return _save(case, actor=actor, action="mediation.agreement_written", before=before)


@transaction.atomic
def case_record_confirmation(
    *, actor, case: Case, outcome: str, court: str = "", version: int | None = None
) -> Case:
    """司法确认: the joint application and the court's ruling."""
    _require_office(actor, case)
    case = _locked(case, version)
    if case.agreement_on is None:
        raise ValidationError("尚未达成调解协议。")
    if not case.has_written_agreement:
        raise ValidationError(
            "口头调解协议须先制作书面协议书（人民调解法第二十八条），再共同申请司法确认"
            "（第三十三条）。"
        )
    if outcome not in ConfirmationOutcome.values or not outcome:
        raise ValidationError({"outcome": "请选择司法确认结果。"})
    before = snapshot(case, CASE_FIELDS)
    case.confirmation = outcome
    case.confirmation_court = court.strip()
    return _save(case, actor=actor, action="mediation.confirmation", before=before)


@transaction.atomic
def followup_add(
    *,
    actor,
    case: Case,
    visited_on: dt.date,
    fulfilled: bool,
    note: str,
    version: int | None = None,
) -> FollowUp:
    _require_office(actor, case)
    case = _locked(case, version)
    if case.stage not in (Stage.AGREEMENT, Stage.FOLLOW_UP):
        raise ValidationError("达成协议后才能回访。")
    if not note.strip():
        raise ValidationError({"note": "请填写回访情况。"})
    visit = FollowUp(case=case, visited_on=visited_on, fulfilled=fulfilled, note=note.strip())
    visit.full_clean()
    visit.save()
    before = snapshot(case, CASE_FIELDS)
    case.stage = Stage.FOLLOW_UP
    _save(case, actor=actor, action="mediation.followup", before=before, visited_on=str(visited_on))
    return visit


def _close_matter(actor, case: Case, result: str) -> None:
    if case.intake_matter is not None and case.intake_matter.is_open:
        intake_services.matter_record_outcome(actor=actor, matter=case.intake_matter, result=result)


@transaction.atomic
def case_archive(*, actor, case: Case, version: int | None = None) -> Case:
    _require_office(actor, case)
    case = _locked(case, version)
    if case.stage != Stage.FOLLOW_UP:
        raise ValidationError("回访后才能归档。")
    before = snapshot(case, CASE_FIELDS)
    case.stage = Stage.ARCHIVED
    case.closed_at = timezone.now()
    _save(case, actor=actor, action="mediation.archive", before=before)
    _close_matter(actor, case, f"调解成功，{case.number}已归档。")
    return case


def _end(
    case: Case, *, actor, action: str, reason: str, text: str, notified_on: dt.date, **extra: Any
) -> Case:
    before = snapshot(case, CASE_FIELDS)
    case.stage = Stage.TERMINATED
    case.termination_reason = reason
    case.termination_text = text
    case.termination_notified_on = notified_on
    case.closed_at = timezone.now()
    _save(
        case,
        actor=actor,
        action=action,
        before=before,
        notice="已告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（人民调解法第二十六条）",
        **extra,
    )
    _close_matter(actor, case, f"调解终止：{case.get_termination_reason_display()}")
    return case


@transaction.atomic
def case_terminate(
    *,
    actor,
    case: Case,
    reason: str,
    text: str,
    notified_on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """终止调解. 人民调解法 第二十六条: the mediator tells the parties they may use 仲裁、行政、
    司法 routes; `notified_on` (today unless given) records when, and the 终止调解告知书 is
    printed from the case. A party's express refusal goes through `case_record_refusal`."""
    _require_office(actor, case)
    errors = {}
    if not reason:
        errors["reason"] = "请选择终止原因。"
    elif reason == TerminationReason.PARTY_REFUSED:
        errors["reason"] = "当事人一方明确拒绝调解的，请通过“当事人拒绝调解”登记拒绝的当事人。"
    if not text.strip():
        errors["text"] = "请填写终止说明。"
    if errors:
        raise ValidationError(errors)
    case = _locked(case, version)
    return _end(
        case,
        actor=actor,
        action="mediation.terminate",
        reason=reason,
        text=text.strip(),
        notified_on=notified_on or timezone.localdate(),
    )


@transaction.atomic
def case_record_refusal(
    *,
    actor,
    case: Case,
    party_id: int,
    statement: str,
    refused_on: dt.date,
    version: int | None = None,
) -> Case:
    """人民调解法 第十七条: 当事人一方明确拒绝调解的，不得调解. Records who refused, when and in
    what words, and ends the case with its own reason (counted apart in the statistics). The
    parties are told of the other routes as at any 终止 (第二十六条)."""
    _require_office(actor, case)
    case = _locked(case, version)
    if case.stage not in (Stage.APPLICATION, Stage.INVESTIGATION, Stage.MEDIATING):
        raise ValidationError("已达成调解协议的案件不能登记拒绝调解。")
    link = case.party_links.select_related("party").filter(party_id=party_id).first()
    if link is None:
        raise ValidationError({"party_id": "请选择本案的当事人。"})
    if not statement.strip():
        raise ValidationError({"statement": "请填写当事人拒绝调解的表示。"})
    text = (
        f"{link.get_side_display()}{link.party.name}于{refused_on:%Y-%m-%d}明确拒绝调解："
        f"{statement.strip()}（人民调解法第十七条，不得调解）"
    )
    return _end(
        case,
        actor=actor,
        action="mediation.refused",
        reason=TerminationReason.PARTY_REFUSED,
        text=text,
        notified_on=refused_on,
        refused_by=link.party.name,
    )


@transaction.atomic
def case_screen_risk(
    *, actor, case: Case, checklist: list[str], version: int | None = None
) -> Case:
    """排查: grade from the checklist and the narrative; the reasons are stored to be shown."""
    _require_office(actor, case)
    case = _locked(case, version)
    assessment = risk.assess(checklist, case.summary)
    before = snapshot(case, CASE_FIELDS)
    case.risk_grade = assessment.grade
    case.risk_reasons = assessment.reasons
    case.risk_checklist = assessment.items
    return _save(
        case, actor=actor, action="mediation.risk", before=before, reasons=assessment.reasons
    )


def followup_cadence_days(grade: str) -> int | None:
    cadence = {**risk.FOLLOWUP_CADENCE_DAYS, **settings.SIFASUO_RISK_CADENCE_DAYS}
    return cadence.get(grade)


@transaction.atomic
def case_set_followup_plan(
    *, actor, case: Case, plan: str, due: dt.date | None = None, version: int | None = None
) -> Case:
    """稳控跟进计划 (required for red cases). Without a date the next follow-up falls after the
    grade's cadence; the follow-up goes on the actor's to-do list."""
    _require_office(actor, case)
    case = _locked(case, version)
    if not plan.strip():
        raise ValidationError({"plan": "请填写跟进计划。"})
    if due is None:
        days = followup_cadence_days(case.risk_grade)
        if days is None:
            raise ValidationError({"due": "请填写下次跟进日期。"})
        due = timezone.localdate() + dt.timedelta(days=days)
    before = snapshot(case, CASE_FIELDS)
    case.followup_plan = plan.strip()
    case.followup_due = due
    _save(case, actor=actor, action="mediation.followup_plan", before=before)
    core_services.work_item_create(
        actor=actor,
        unit=case.unit,
        title=f"风险稳控跟进：{case.number}",
        category="人民调解",
        description=case.followup_plan,
        assignee=actor,
        due_on=due,
        source=case,
    )
    return case


@transaction.atomic
def case_share_with_partner(*, actor, case: Case, partner: OrgUnit) -> Share:
    """信息共享: a linked partner body (派出所/妇联/法庭) sees this case on its watch list."""
    _require_office(actor, case)
    if partner.kind != UnitKind.PARTNER:
        raise ValidationError({"partner": "只能与协作单位共享。"})
    if case.risk_grade == RiskGrade.RED and not case.followup_plan:
        raise ValidationError("红色风险案件须先制定跟进计划。")
    return core_services.share_record(
        actor=actor, obj=case, unit=partner, reason=Share.Reason.SHARED
    )


def last_session_date(case: Case) -> dt.date | None:
    return case.sessions.aggregate(last=Max("held_on"))["last"]
