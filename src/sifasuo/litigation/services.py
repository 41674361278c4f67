"""Write services of 复议应诉: each checks the actor, writes, and audits in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max

from sifasuo.core import deadline_service
from sifasuo.core.attachments import attachment_add
from sifasuo.core.audit import audit_record, diff, hold_chain, snapshot
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.roles import Capability, Role
from sifasuo.core.services import parties_from_entries, require, require_unit, share_record
from sifasuo.core.workflow import expect_status, lock, lock_unit, save_audited

from . import documents
from .models import (
    ADVERSE,
    OUTCOMES,
    PROCEDURES,
    Appeal,
    Case,
    CaseKind,
    CaseStatus,
    Compliance,
    EvidenceItem,
    FollowUp,
    Hearing,
    HearingForm,
    HearingStatus,
    OutcomeDocument,
    Period,
    PeriodPurpose,
    Procedure,
    ReplyTemplate,
    ReplyVersion,
)

# The capability of working 复议应诉 cases (granted in apps.py to the office head and the
# judicial assistant).
WORK = "litigation_work"

# The reply period per kind and procedure (rules.json): 行政复议法 第四十八条 / 第五十四条,
# 行政诉讼法 第六十七条, and on appeal 民事诉讼法 第一百七十四条 via 行政诉讼法 第一百零一条.
REPLY_RULES = {
    (CaseKind.RECONSIDERATION, Procedure.ORDINARY): "reconsideration.reply",
    (CaseKind.RECONSIDERATION, Procedure.SIMPLE): "reconsideration.reply_simple",
    (CaseKind.LAWSUIT, Procedure.FIRST_INSTANCE): "litigation.answer",
    (CaseKind.LAWSUIT, Procedure.SECOND_INSTANCE): "litigation.appeal_answer",
}
# The 复议机关's decision period (行政复议法 第六十二条), counted from its acceptance.
DECISION_RULES = {
    Procedure.ORDINARY: "reconsideration.decide",
    Procedure.SIMPLE: "reconsideration.decide_simple",
}
# The appeal period after a first-instance judgment or ruling (行政诉讼法 第八十五条).
APPEAL_RULES = {
    OutcomeDocument.JUDGMENT: "litigation.appeal_judgment",
    OutcomeDocument.RULING: "litigation.appeal_ruling",
}

CASE_FIELDS = [
    "status",
    "facts",
    "legal_basis",
    "signed_version",
    "signed_by",
    "signed_on",
    "filed_on",
    "filed_in_time",
    "outcome",
    "outcome_document",
    "outcome_on",
    "outcome_text",
    "appeal",
    "appeal_note",
    "compliance",
    "compliance_note",
    "accepted_on",
]


def _office_step(actor, case: Case) -> None:
    require(actor, WORK)
    require_unit(actor, case.unit)


def _today() -> dt.date:
    return deadline_service.today()


def _not_future(day: dt.date | None, field: str, label: str) -> None:
    if day is not None and day > _today():
        raise ValidationError({field: f"{label}不能晚于今天。"})


def _next_number(unit: OrgUnit, year: int) -> str:
    # The caller holds lock_unit(unit): two cases registered at once draw different numbers.
    prefix = f"{unit.name}应诉〔{year}〕第"
    count = Case.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1}号"


def _set_period(case: Case, purpose: str, *, rule_id: str, start: dt.date) -> Period:
    period = Period.objects.filter(case=case, purpose=purpose).first() or Period(
        case=case, purpose=purpose
    )
    deadline_service.deadline_assign(period, rule_id=rule_id, start=start)
    period.done_on = None
    period.save()
    return period


def _close_periods(case: Case, on: dt.date, *purposes: str) -> None:
    case.periods.filter(purpose__in=purposes, done_on__isnull=True).update(done_on=on)


@transaction.atomic
def case_register(
    *,
    actor,
    unit: OrgUnit,
    kind: str,
    procedure: str,
    applicant: dict[str, Any],
    department: OrgUnit,
    respondent: str,
    contested_act: str,
    act_kind: str,
    authority: str,
    documents_received: str,
    served_on: dt.date,
    act_document: str = "",
    external_number: str = "",
    accepted_on: dt.date | None = None,
    handler=None,
    submission_token: uuid.UUID | None = None,
) -> Case:
    """收案: the copy of the application or complaint was served on the township; the reply
    period (and, for a 复议 whose acceptance date is known, the decision period) starts.

    A repeated `submission_token` (a double-clicked submit) returns the case already registered."""
    require(actor, WORK)
    require_unit(actor, unit)
    lock_unit(unit)  # a double submit waits here and then finds the first one's case
    if submission_token is not None:
        existing = Case.objects.filter(submission_token=submission_token, unit=unit).first()
        if existing is not None:
            return existing
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError("复议应诉案件登记在司法所。")
    if department.kind != UnitKind.DEPARTMENT or department.parent_id != unit.pk:
        raise ValidationError({"department": "请选择本乡镇（街道）的科室。"})
    allowed = PROCEDURES.get(CaseKind(kind), ()) if kind in CaseKind.values else ()
    if procedure not in allowed:
        raise ValidationError({"procedure": "程序与案件类型不符。"})
    _not_future(served_on, "served_on", "送达日期")
    _not_future(accepted_on, "accepted_on", "受理日期")
    if accepted_on is not None and kind != CaseKind.RECONSIDERATION:
        accepted_on = None
    if accepted_on is not None and accepted_on > served_on:
        raise ValidationError({"accepted_on": "复议机关受理日期不能晚于申请书副本送达日期。"})
    for field, value, label in (
        ("respondent", respondent, "被申请人/被告"),
        ("contested_act", contested_act, "被复议/被诉行为"),
        ("authority", authority, "复议机关/人民法院"),
        ("documents_received", documents_received, "收到的文书"),
    ):
        if not value.strip():
            raise ValidationError({field: f"请填写{label}。"})
    (party,) = parties_from_entries(actor=actor, unit=unit, entries=[applicant], slot="a")
    case = Case(
        unit=unit,
        number=_next_number(unit, _today().year),
        kind=kind,
        procedure=procedure,
        applicant=party,
        department=department,
        respondent=respondent.strip(),
        contested_act=contested_act.strip(),
        act_document=act_document.strip(),
        act_kind=act_kind,
        authority=authority.strip(),
        external_number=external_number.strip(),
        documents_received=documents_received.strip(),
        served_on=served_on,
        accepted_on=accepted_on,
        handler=handler or actor,
        submission_token=submission_token,
    )
    case.full_clean()
    case.save()
    reply = _set_period(
        case,
        PeriodPurpose.REPLY,
        rule_id=REPLY_RULES[(CaseKind(kind), Procedure(procedure))],
        start=served_on,
    )
    if accepted_on is not None:
        _set_period(
            case,
            PeriodPurpose.DECISION,
            rule_id=DECISION_RULES[Procedure(procedure)],
            start=accepted_on,
        )
    share_record(actor=actor, obj=case, unit=department)
    audit_record(
        actor=actor,
        action="litigation.register",
        obj=case,
        changes={
            "kind": [None, kind],
            "procedure": [None, procedure],
            "served_on": [None, served_on],
            "text": f"答复/答辩期限届满日 {reply.due_on:%Y-%m-%d}（{reply.due_basis}）",
        },
    )
    return case


@transaction.atomic
def case_set_accepted(
    *, actor, case: Case, accepted_on: dt.date, version: int | None = None
) -> Case:
    """The 复议机关's acceptance date, once known: the decision period (第六十二条) runs from it."""
    _office_step(actor, case)
    case = lock(case, version=version)
    if case.kind != CaseKind.RECONSIDERATION:
        raise ValidationError("只有行政复议案件有复议决定期限。")
    expect_status(case, CaseStatus.RECEIVED, CaseStatus.FILED)
    _not_future(accepted_on, "accepted_on", "受理日期")
    if accepted_on > case.served_on:
        raise ValidationError({"accepted_on": "复议机关受理日期不能晚于申请书副本送达日期。"})
    before = snapshot(case, CASE_FIELDS)
    case.accepted_on = accepted_on
    period = _set_period(
        case,
        PeriodPurpose.DECISION,
        rule_id=DECISION_RULES[Procedure(case.procedure)],
        start=accepted_on,
    )
    save_audited(
        case,
        actor=actor,
        action="litigation.accepted",
        before=before,
        fields=CASE_FIELDS,
        extra={"text": f"复议决定期限届满日 {period.due_on:%Y-%m-%d}（{period.due_basis}）"},
    )
    return case


def _reply_in_hand(actor, case: Case, version: int | None = None) -> Case:
    """The case locked for work on its reply: the office's step, while the reply is unsigned."""
    _office_step(actor, case)
    case = lock(case, version=version)
    expect_status(case, CaseStatus.RECEIVED)
    if case.signed_version_id is not None:
        raise ValidationError("答复/答辩已签发，如需修改请先由所长撤回签发。")
    return case


@transaction.atomic
def evidence_add(
    *, actor, case: Case, name: str, source: str, purpose: str, pages: int
) -> EvidenceItem:
    """One more entry of the 证据目录."""
    case = _reply_in_hand(actor, case)
    if not (name.strip() and source.strip() and purpose.strip()):
        raise ValidationError("请填写证据名称、来源和证明目的。")
    if pages < 1:
        raise ValidationError({"pages": "页数至少为1。"})
    seq = (case.evidence.aggregate(m=Max("seq"))["m"] or 0) + 1
    item = EvidenceItem.objects.create(
        case=case,
        seq=seq,
        name=name.strip(),
        source=source.strip(),
        purpose=purpose.strip(),
        pages=pages,
    )
    audit_record(
        actor=actor,
        action="litigation.evidence",
        obj=case,
        changes={"text": [None, f"证据{seq}. {item.name}（{item.source}，{pages}页）"]},
    )
    return item


@transaction.atomic
def evidence_remove(*, actor, case: Case, item: EvidenceItem) -> None:
    case = _reply_in_hand(actor, case)
    if item.case_id != case.pk:
        raise PermissionDenied("没有执行该操作的权限。")
    label = str(item)
    item.delete()
    # Keep the list numbered 1, 2, 3… as it is printed.
    for index, rest in enumerate(case.evidence.order_by("seq"), start=1):
        if rest.seq != index:
            EvidenceItem.objects.filter(pk=rest.pk).update(seq=index)
    audit_record(
        actor=actor,
        action="litigation.evidence",
        obj=case,
        changes={"text": [f"证据{label}", None]},
    )


@transaction.atomic
def reply_save_text(
    *, actor, case: Case, facts: str, legal_basis: str, version: int | None = None
) -> Case:
    """The reply's 事实和理由 and 法律依据, as the template prints them."""
    case = _reply_in_hand(actor, case, version=version)
    before = snapshot(case, CASE_FIELDS)
    case.facts = facts.strip()
    case.legal_basis = legal_basis.strip()
    save_audited(
        case, actor=actor, action="litigation.reply_text", before=before, fields=CASE_FIELDS
    )
    return case


def _store_reply(*, actor, case: Case, upload, generated: bool, note: str) -> ReplyVersion:
    reply, _text = attachment_add(
        ReplyVersion,
        actor=actor,
        owner_field="case",
        owner=case,
        upload=upload,
        generated=generated,
        note=note.strip()[:200],
    )
    audit_record(
        actor=actor,
        action="litigation.reply_version",
        obj=case,
        changes={"document": [None, f"{reply.original_name} v{reply.version}"]},
    )
    return reply


@transaction.atomic
def reply_generate(*, actor, case: Case) -> ReplyVersion:
    """A new version of the 答复书 / 答辩状 from the office's template (or the built-in one),
    with the evidence list and the legal basis as they stand."""
    case = _reply_in_hand(actor, case)
    if not case.facts or not case.legal_basis:
        raise ValidationError("请先填写答复/答辩的事实和理由及法律依据。")
    if not case.evidence.exists():
        raise ValidationError("请先登记证据目录。")
    content = documents.reply_docx(case, template=template_for(case.unit, case.kind))
    upload = SimpleUploadedFile(f"{case.reply_name}.docx", content)
    return _store_reply(actor=actor, case=case, upload=upload, generated=True, note="按模板生成")


@transaction.atomic
def reply_upload(*, actor, case: Case, upload, note: str = "") -> ReplyVersion:
    """A version edited outside the platform (.docx / .pdf); earlier versions are kept."""
    case = _reply_in_hand(actor, case)
    if upload is None:
        raise ValidationError({"file": "请选择文件。"})
    return _store_reply(actor=actor, case=case, upload=upload, generated=False, note=note)


def _require_head(actor, case: Case) -> None:
    require_unit(actor, case.unit)
    if not (
        getattr(actor, "is_superuser", False) or getattr(actor, "role", "") == Role.OFFICE_HEAD
    ):
        raise PermissionDenied("答复/答辩须由所长签发。")


@transaction.atomic
def reply_sign(*, actor, case: Case, reply: ReplyVersion, on: dt.date | None = None) -> Case:
    """签发: the office head approves one version; only a signed reply may be filed."""
    _require_head(actor, case)
    case = lock(case)
    expect_status(case, CaseStatus.RECEIVED)
    if reply.case_id != case.pk:
        raise PermissionDenied("没有执行该操作的权限。")
    before = snapshot(case, CASE_FIELDS)
    case.signed_version = reply
    case.signed_by = actor
    case.signed_on = on or _today()
    save_audited(
        case,
        actor=actor,
        action="litigation.sign",
        before=before,
        fields=CASE_FIELDS,
        extra={"document": f"{reply.original_name} v{reply.version}"},
    )
    return case


@transaction.atomic
def reply_unsign(*, actor, case: Case) -> Case:
    """The office head withdraws the sign-off before filing, so the reply can be changed."""
    _require_head(actor, case)
    case = lock(case)
    expect_status(case, CaseStatus.RECEIVED)
    if case.signed_version_id is None:
        raise ValidationError("答复/答辩尚未签发。")
    before = snapshot(case, CASE_FIELDS)
    case.signed_version = None
    case.signed_by = None
    case.signed_on = None
    save_audited(case, actor=actor, action="litigation.unsign", before=before, fields=CASE_FIELDS)
    return case


@transaction.atomic
def reply_file(*, actor, case: Case, filed_on: dt.date) -> Case:
    """提交答复/答辩: the signed reply and its evidence reached the 复议机关 or court; whether that
    was within the period is kept with it."""
    _office_step(actor, case)
    case = lock(case)
    expect_status(case, CaseStatus.RECEIVED)
    if case.signed_version_id is None:
        raise ValidationError("答复/答辩须经所长签发后才能提交。")
    _not_future(filed_on, "filed_on", "提交日期")
    if filed_on < case.served_on:
        raise ValidationError({"filed_on": "提交日期不能早于送达日期。"})
    period = case.periods.filter(purpose=PeriodPurpose.REPLY).first()
    before = snapshot(case, CASE_FIELDS)
    case.filed_on = filed_on
    case.filed_in_time = period is None or period.due_on is None or filed_on <= period.due_on
    case.status = CaseStatus.FILED
    _close_periods(case, filed_on, PeriodPurpose.REPLY)
    save_audited(case, actor=actor, action="litigation.file", before=before, fields=CASE_FIELDS)
    return case


def _attendance(
    *,
    status: str,
    form: str,
    held_on: dt.date,
    appeared: str,
    head_in_person: bool,
    head_name: str,
    absence_reason: str,
    entrusted: str,
) -> dict[str, Any]:
    """Who appeared, checked: when the head did not appear in person at a hearing held with the
    parties, the reason and the person entrusted are required (行政诉讼法 第三条第三款;
    行政复议法 第五十一条第三款). A scheduled or cancelled hearing has no attendance yet."""
    if status != HearingStatus.HELD or form == HearingForm.WRITTEN:
        if status == HearingStatus.HELD:
            _not_future(held_on, "held_on", "审理日期")
        return {
            "appeared": appeared.strip() if status == HearingStatus.HELD else "",
            "head_in_person": False,
            "head_name": "",
            "absence_reason": "",
            "entrusted": "",
        }
    _not_future(held_on, "held_on", "开庭/听证日期")
    if not appeared.strip():
        raise ValidationError({"appeared": "请填写代表本机关出庭/参加的人员。"})
    if head_in_person and not head_name.strip():
        raise ValidationError({"head_name": "请填写出庭的行政机关负责人。"})
    if not head_in_person and not (absence_reason.strip() and entrusted.strip()):
        raise ValidationError(
            {
                "absence_reason": "负责人未出庭的，须说明理由并写明受委托出庭的工作人员"
                "（行政诉讼法第三条第三款、行政复议法第五十一条第三款）。"
            }
        )
    return {
        "appeared": appeared.strip(),
        "head_in_person": head_in_person,
        "head_name": head_name.strip() if head_in_person else "",
        "absence_reason": "" if head_in_person else absence_reason.strip(),
        "entrusted": "" if head_in_person else entrusted.strip(),
    }


def _audit_hearing(actor, case: Case, hearing: Hearing) -> None:
    if hearing.status != HearingStatus.HELD or not hearing.counts_for_appearance:
        attendance = ""
    elif hearing.head_in_person:
        attendance = f"；负责人出庭：{hearing.head_name}"
    else:
        attendance = f"；负责人未出庭，理由：{hearing.absence_reason}；委托：{hearing.entrusted}"
    audit_record(
        actor=actor,
        action="litigation.hearing",
        obj=case,
        changes={
            "text": f"{hearing.held_on:%Y-%m-%d} {hearing.body}{hearing.get_form_display()}"
            f"（{hearing.get_status_display()}）{attendance}"
        },
    )


@transaction.atomic
def hearing_add(
    *,
    actor,
    case: Case,
    held_on: dt.date,
    body: str,
    form: str,
    status: str = HearingStatus.HELD,
    appeared: str = "",
    head_in_person: bool = False,
    head_name: str = "",
    absence_reason: str = "",
    entrusted: str = "",
) -> Hearing:
    """A hearing: scheduled (the notice came; the head is reminded to appear), or held with who
    appeared, or cancelled."""
    _office_step(actor, case)
    case = lock(case)
    expect_status(case, CaseStatus.RECEIVED, CaseStatus.FILED, CaseStatus.CONCLUDED)
    if not body.strip():
        raise ValidationError({"body": "请填写人民法院或复议机关。"})
    if form not in HearingForm.values:
        raise ValidationError({"form": "请选择审理方式。"})
    if status not in HearingStatus.values:
        raise ValidationError({"status": "请选择状态。"})
    attendance = _attendance(
        status=status,
        form=form,
        held_on=held_on,
        appeared=appeared,
        head_in_person=head_in_person,
        head_name=head_name,
        absence_reason=absence_reason,
        entrusted=entrusted,
    )
    hearing = Hearing(
        case=case, held_on=held_on, body=body.strip(), form=form, status=status, **attendance
    )
    hearing.full_clean()
    hearing.save()
    _audit_hearing(actor, case, hearing)
    return hearing


@transaction.atomic
def hearing_record(
    *,
    actor,
    hearing: Hearing,
    cancelled: bool = False,
    appeared: str = "",
    head_in_person: bool = False,
    head_name: str = "",
    absence_reason: str = "",
    entrusted: str = "",
) -> Hearing:
    """After a scheduled hearing: who appeared for the township, or that it was cancelled."""
    case = hearing.case
    _office_step(actor, case)
    case = lock(case)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    expect_status(hearing, HearingStatus.SCHEDULED)
    status = HearingStatus.CANCELLED if cancelled else HearingStatus.HELD
    attendance = _attendance(
        status=status,
        form=hearing.form,
        held_on=hearing.held_on,
        appeared=appeared,
        head_in_person=head_in_person,
        head_name=head_name,
        absence_reason=absence_reason,
        entrusted=entrusted,
    )
    hearing.status = status
    for field, value in attendance.items():
        setattr(hearing, field, value)
    hearing.full_clean()
    hearing.save()
    _audit_hearing(actor, case, hearing)
    return hearing


@transaction.atomic
def case_conclude(
    *,
    actor,
    case: Case,
    outcome: str,
    outcome_document: str,
    outcome_on: dt.date,
    outcome_text: str = "",
    version: int | None = None,
) -> Case:
    """审结: the decision, judgment, ruling or settlement. An adverse outcome opens the 整改
    follow-up for the department; a first-instance judgment or ruling opens the appeal period."""
    _office_step(actor, case)
    case = lock(case, version=version)
    expect_status(case, CaseStatus.RECEIVED, CaseStatus.FILED)
    if outcome not in OUTCOMES[CaseKind(case.kind)]:
        raise ValidationError({"outcome": "该结果不适用于此类案件。"})
    if outcome_document not in OutcomeDocument.values:
        raise ValidationError({"outcome_document": "请选择结案文书。"})
    _not_future(outcome_on, "outcome_on", "送达日期")
    if outcome_on < case.served_on:
        raise ValidationError({"outcome_on": "结案文书送达日期不能早于收案送达日期。"})
    before = snapshot(case, CASE_FIELDS)
    case.outcome = outcome
    case.outcome_document = outcome_document
    case.outcome_on = outcome_on
    case.outcome_text = outcome_text.strip()
    case.status = CaseStatus.CONCLUDED
    case.compliance = Compliance.PENDING if outcome in ADVERSE else Compliance.NOT_REQUIRED
    _close_periods(case, outcome_on, PeriodPurpose.REPLY, PeriodPurpose.DECISION)
    extra: dict[str, Any] = {}
    rule = APPEAL_RULES.get(OutcomeDocument(outcome_document))
    if case.procedure == Procedure.FIRST_INSTANCE and rule:
        period = _set_period(case, PeriodPurpose.APPEAL, rule_id=rule, start=outcome_on)
        extra["text"] = f"上诉期限届满日 {period.due_on:%Y-%m-%d}（{period.due_basis}）"
    save_audited(
        case,
        actor=actor,
        action="litigation.conclude",
        before=before,
        fields=CASE_FIELDS,
        extra=extra,
    )
    if outcome in ADVERSE:
        follow_up = FollowUp.objects.create(
            case=case,
            department=case.department,
            problem=(
                f"{case.get_kind_display()}{case.external_number or case.number}："
                f"{case.contested_act}被{case.get_outcome_display()}。"
            )[:1000],
        )
        audit_record(
            actor=actor,
            action="litigation.follow_up",
            obj=case,
            changes={"text": f"生成整改跟进（{case.department.name}）：{follow_up.problem}"},
        )
    return case


@transaction.atomic
def case_appeal(
    *, actor, case: Case, appeal: str, note: str = "", on: dt.date | None = None
) -> Case:
    """上诉 or not, and by whom; the appeal period closes once it is decided."""
    _office_step(actor, case)
    case = lock(case)
    expect_status(case, CaseStatus.CONCLUDED)
    if case.kind != CaseKind.LAWSUIT or case.procedure != Procedure.FIRST_INSTANCE:
        raise ValidationError("只有一审行政诉讼可以登记上诉情况。")
    if appeal not in (Appeal.NOT_APPEALED, Appeal.BY_TOWNSHIP, Appeal.BY_OTHER):
        raise ValidationError({"appeal": "请选择上诉情况。"})
    before = snapshot(case, CASE_FIELDS)
    case.appeal = appeal
    case.appeal_note = note.strip()[:300]
    _close_periods(case, on or _today(), PeriodPurpose.APPEAL)
    save_audited(case, actor=actor, action="litigation.appeal", before=before, fields=CASE_FIELDS)
    return case


@transaction.atomic
def case_compliance(*, actor, case: Case, compliance: str, note: str = "") -> Case:
    """履行情况: whether the township carried out the decision or judgment."""
    _office_step(actor, case)
    case = lock(case)
    expect_status(case, CaseStatus.CONCLUDED)
    if compliance not in Compliance.values:
        raise ValidationError({"compliance": "请选择履行情况。"})
    if compliance == Compliance.REFUSED and not note.strip():
        raise ValidationError({"note": "未履行的，请说明原因。"})
    before = snapshot(case, CASE_FIELDS)
    case.compliance = compliance
    case.compliance_note = note.strip()[:300]
    save_audited(
        case, actor=actor, action="litigation.compliance", before=before, fields=CASE_FIELDS
    )
    return case


FOLLOW_UP_FIELDS = ["plan", "due_on", "done_on", "done_note", "for_case_talk", "case_talk_note"]


@transaction.atomic
def follow_up_update(
    *,
    actor,
    follow_up: FollowUp,
    plan: str,
    due_on: dt.date | None,
    done_on: dt.date | None = None,
    done_note: str = "",
    for_case_talk: bool = True,
    case_talk_note: str = "",
) -> FollowUp:
    """The department's 整改 plan and its completion, and the note for the next 每月说案. The office
    or the department's own clerk may write it."""
    require(actor, Capability.MANAGE_WORK)
    case = follow_up.case
    if not (_within(actor, case.unit, WORK) or _within(actor, follow_up.department, None)):
        raise PermissionDenied("没有执行该操作的权限。")
    hold_chain(case.unit)  # the chain before the row, as every audited write takes them
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if not plan.strip():
        raise ValidationError({"plan": "请填写整改方案。"})
    if due_on is None:
        raise ValidationError({"due_on": "请填写整改期限。"})
    if done_on is not None:
        _not_future(done_on, "done_on", "整改完成日期")
        if not done_note.strip():
            raise ValidationError({"done_note": "请填写整改情况。"})
    if for_case_talk and not case_talk_note.strip():
        raise ValidationError({"case_talk_note": "列入每月说案的，请写明说案要点。"})
    before = snapshot(follow_up, FOLLOW_UP_FIELDS)
    follow_up.plan = plan.strip()
    follow_up.due_on = due_on
    follow_up.done_on = done_on
    follow_up.done_note = done_note.strip() if done_on else ""
    follow_up.for_case_talk = for_case_talk
    follow_up.case_talk_note = case_talk_note.strip()
    follow_up.full_clean()
    follow_up.save()
    audit_record(
        actor=actor,
        action="litigation.follow_up",
        obj=case,
        changes={
            str(getattr(FollowUp._meta.get_field(name), "verbose_name", name)): values
            for name, values in diff(before, snapshot(follow_up, FOLLOW_UP_FIELDS)).items()
        },
    )
    return follow_up


def _within(actor, unit: OrgUnit, capability: str | None) -> bool:
    try:
        if capability:
            require(actor, capability)
        require_unit(actor, unit)
    except PermissionDenied:
        return False
    return True


def template_for(unit: OrgUnit, kind: str) -> ReplyTemplate | None:
    """The office's newest uploaded template for the reply of this kind of case, if any."""
    return ReplyTemplate.objects.filter(unit=unit, kind=kind).order_by("-version").first()


@transaction.atomic
def template_upload(*, actor, unit: OrgUnit, kind: str, upload) -> ReplyTemplate:
    """The office's own .docx template; it must carry at least the placeholders of the body."""
    require(actor, WORK)
    require_unit(actor, unit)
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError("模板由司法所上传。")
    if upload is None or not upload.name.lower().endswith(".docx"):
        raise ValidationError({"file": "请上传 .docx 格式的模板。"})
    lock_unit(unit)
    template, text = attachment_add(
        ReplyTemplate, actor=actor, owner_field="unit", owner=unit, upload=upload, kind=kind
    )
    missing = documents.missing_placeholders(text)
    if missing:
        raise ValidationError(
            {"file": "模板缺少以下占位符：" + "、".join("{{" + m + "}}" for m in missing)}
        )
    # Versions count per unit and kind, not per unit.
    template.version = (
        ReplyTemplate.objects.filter(unit=unit, kind=kind)
        .exclude(pk=template.pk)
        .aggregate(m=Max("version"))["m"]
        or 0
    ) + 1
    template.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action="litigation.template",
        obj=unit,
        unit=unit,
        changes={"document": [None, f"{template.get_kind_display()}模板 v{template.version}"]},
    )
    return template
