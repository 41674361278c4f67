"""Write services of legality review: each checks the actor, writes, and audits in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core import deadline_service
from sifasuo.core.attachments import attachment_add
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, UnitKind, User
from sifasuo.core.roles import Capability, Role
from sifasuo.core.services import require, require_unit, share_record
from sifasuo.core.workflow import expect_status, lock, lock_unit

from . import due, precheck
from .models import (
    Conclusion,
    Finding,
    LawArticle,
    OpinionPoint,
    Review,
    ReviewDocument,
    ReviewKind,
    ReviewStatus,
    SignOffPolicy,
    Urgency,
)

# A request sent again by the same person this soon, with the same content, is the same request.
RESUBMIT_WINDOW = dt.timedelta(minutes=30)

# Whose legal opinion a review takes beside the assistant's: a 法律顾问 or a 公职律师
# (重大行政决策程序暂行条例 第二十八条: 应当组织法律顾问、公职律师提出法律意见).
ADVISOR_ROLES = frozenset({Role.LEGAL_ADVISOR, Role.PUBLIC_LAWYER})

# By default the head issues every kind: each ends in a formal 合法性审查意见书.
DEFAULT_SIGN_OFF_KINDS = frozenset(ReviewKind.values)


def _office_step(actor, review: Review) -> None:
    """Steps only the reviewing office takes."""
    require(actor, Capability.LEGALITY_REVIEW)
    require_unit(actor, review.unit)


def _department_step(actor, review: Review) -> None:
    """Steps the submitting department (or the office on its behalf) takes."""
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, review.department)


def _store_document(*, actor, review: Review, upload, note: str = "") -> ReviewDocument:
    document, text = attachment_add(
        ReviewDocument,
        actor=actor,
        owner_field="review",
        owner=review,
        upload=upload,
        note=note.strip()[:200],
    )
    document.text = text
    document.save(update_fields=["text"])
    if review.kind == ReviewKind.NORMATIVE:
        Finding.objects.bulk_create(
            Finding(
                review=review,
                document=document,
                category=f.category,
                clause=f.clause[:2000],
                prohibition=f.prohibition,
                law=f.law,
                article=f.article,
            )
            for f in precheck.scan(text)
        )
    return document


@transaction.atomic
def review_submit(
    *,
    actor,
    department: OrgUnit,
    title: str,
    kind: str,
    drafting_unit: str,
    upload,
    urgency: str = Urgency.NORMAL,
    requested_on: dt.date | None = None,
    submitted_on: dt.date | None = None,
    submission_token: uuid.UUID | None = None,
) -> Review:
    """A department sends a matter to the office for legality review (送请合法性审查).

    Sent twice in any way, it is one review: a repeated `submission_token` (a double click,
    Back and resubmit) or the same request by the same person within RESUBMIT_WINDOW (a form
    open in two tabs) returns the review already sent, marked `resubmitted`."""
    require(actor, Capability.MANAGE_WORK)
    if department.kind != UnitKind.DEPARTMENT or department.parent is None:
        raise ValidationError({"department": "请选择乡镇业务科室。"})
    require_unit(actor, department)
    if not title.strip():
        raise ValidationError({"title": "请填写审查事项。"})
    submitted_on = submitted_on or deadline_service.today()
    # One submission at a time per department, so racing submits see each other's review.
    lock_unit(department)
    existing = None
    if submission_token is not None:
        existing = Review.objects.filter(submission_token=submission_token).first()
        if existing is not None and existing.submitted_by_id != getattr(actor, "pk", None):
            raise ValidationError("该表单已提交过，请重新打开报送页面填写。")
    if existing is None and isinstance(actor, User):
        existing = (
            Review.objects.filter(
                submitted_by=actor,
                department=department,
                kind=kind,
                title=title.strip(),
                submitted_on=submitted_on,
                created_at__gte=timezone.now() - RESUBMIT_WINDOW,
            )
            .order_by("id")
            .first()
        )
    if existing is not None:
        existing.resubmitted = True  # type: ignore[attr-defined]
        return existing
    review = Review(
        unit=department.parent,
        department=department,
        title=title.strip(),
        kind=kind,
        drafting_unit=drafting_unit.strip(),
        urgency=urgency,
        requested_on=requested_on,
        submitted_on=submitted_on,
        submitted_by=actor,
        submission_token=submission_token,
    )
    due.assign_due(review, start=submitted_on)
    review.full_clean()
    review.save()
    document = _store_document(actor=actor, review=review, upload=upload)
    share_record(actor=actor, obj=review, unit=department)
    audit_record(
        actor=actor,
        action="review.submit",
        obj=review,
        changes={
            "kind": [None, kind],
            "due_on": [None, review.due_on],
            "document": [None, document.original_name],
        },
    )
    return review


@transaction.atomic
def review_add_document(*, actor, review: Review, upload, note: str = "") -> ReviewDocument:
    """A new version of the reviewed text; earlier versions are kept."""
    review = lock(review)
    if not (_can(actor, review.department) or _can(actor, review.unit)):
        raise PermissionDenied("没有执行该操作的权限。")
    expect_status(
        review,
        ReviewStatus.SUBMITTED,
        ReviewStatus.RETURNED,
        ReviewStatus.ACCEPTED,
        ReviewStatus.OPINION_ISSUED,
    )
    document = _store_document(actor=actor, review=review, upload=upload, note=note)
    audit_record(
        actor=actor,
        action="review.document",
        obj=review,
        changes={"document": [None, f"{document.original_name} v{document.version}"]},
    )
    return document


def _can(actor, unit: OrgUnit) -> bool:
    try:
        require(actor, Capability.MANAGE_WORK)
        require_unit(actor, unit)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def review_return(*, actor, review: Review, missing: str) -> Review:
    """退回补正: the office sends the request back, saying what is missing."""
    _office_step(actor, review)
    review = lock(review)
    expect_status(review, ReviewStatus.SUBMITTED)
    if not missing.strip():
        raise ValidationError({"missing": "请写明需要补正的材料。"})
    review.status = ReviewStatus.RETURNED
    review.missing_material = missing.strip()
    review.save(update_fields=["status", "missing_material"])
    audit_record(
        actor=actor,
        action="review.return",
        obj=review,
        changes={"status": ["submitted", "returned"], "missing": review.missing_material},
    )
    return review


@transaction.atomic
def review_resubmit(*, actor, review: Review, on: dt.date | None = None) -> Review:
    """The department sends the completed material again; the review period restarts."""
    _department_step(actor, review)
    review = lock(review)
    expect_status(review, ReviewStatus.RETURNED)
    on = on or deadline_service.today()
    review.status = ReviewStatus.SUBMITTED
    review.submitted_on = on
    due.assign_due(review, start=on)
    review.save()
    audit_record(
        actor=actor,
        action="review.resubmit",
        obj=review,
        changes={"status": ["returned", "submitted"], "due_on": [None, review.due_on]},
    )
    return review


@transaction.atomic
def review_accept(*, actor, review: Review, on: dt.date | None = None) -> Review:
    _office_step(actor, review)
    review = lock(review)
    expect_status(review, ReviewStatus.SUBMITTED)
    review.status = ReviewStatus.ACCEPTED
    review.accepted_on = on or deadline_service.today()
    review.reviewer = actor
    review.save(update_fields=["status", "accepted_on", "reviewer"])
    audit_record(
        actor=actor,
        action="review.accept",
        obj=review,
        changes={"status": ["submitted", "accepted"]},
    )
    return review


@transaction.atomic
def review_advisor_opinion(*, actor, review: Review, text: str) -> Review:
    """The written opinion of the legal advisor or public-sector lawyer (法律顾问、公职律师意见),
    kept beside the assistant's."""
    if actor.role not in ADVISOR_ROLES and not actor.is_superuser:
        raise PermissionDenied("只有法律顾问或公职律师可以出具法律意见。")
    require_unit(actor, review.unit)
    review = lock(review)
    expect_status(review, ReviewStatus.ACCEPTED, ReviewStatus.REVIEWED)
    if not text.strip():
        raise ValidationError({"text": "请填写法律顾问意见。"})
    review.advisor = actor
    review.advisor_opinion = text.strip()
    review.save(update_fields=["advisor", "advisor_opinion"])
    audit_record(
        actor=actor,
        action="review.advisor_opinion",
        obj=review,
        changes={"advisor_opinion": [None, review.advisor_opinion]},
    )
    return review


@transaction.atomic
def review_record_review(
    *, actor, review: Review, assistant_opinion: str, expert_consultation: str = ""
) -> Review:
    """The judicial assistant's review (审查) of authority, procedure and content."""
    _office_step(actor, review)
    review = lock(review)
    expect_status(review, ReviewStatus.ACCEPTED)
    if not assistant_opinion.strip():
        raise ValidationError({"assistant_opinion": "请填写审查意见。"})
    review.status = ReviewStatus.REVIEWED
    review.reviewer = actor
    review.assistant_opinion = assistant_opinion.strip()
    review.expert_consultation = expert_consultation.strip()
    review.save(update_fields=["status", "reviewer", "assistant_opinion", "expert_consultation"])
    audit_record(
        actor=actor,
        action="review.review",
        obj=review,
        changes={"status": ["accepted", "reviewed"]},
    )
    return review


@transaction.atomic
def finding_decide(*, actor, finding: Finding, accept: bool, reason: str = "") -> Finding:
    """The reviewer accepts a pre-check finding (it becomes an opinion point) or dismisses it."""
    review = lock(finding.review)
    _office_step(actor, review)
    expect_status(review, ReviewStatus.ACCEPTED, ReviewStatus.REVIEWED)
    if not accept and not reason.strip():
        raise ValidationError({"reason": "排除预审发现须说明理由。"})
    before = finding.decision
    finding.decision = Finding.Decision.ACCEPTED if accept else Finding.Decision.DISMISSED
    finding.dismiss_reason = "" if accept else reason.strip()[:300]
    finding.save(update_fields=["decision", "dismiss_reason"])
    audit_record(
        actor=actor,
        action="review.finding",
        obj=review,
        changes={
            "finding": finding.pk,
            "decision": [before, finding.decision],
            "reason": finding.dismiss_reason,
        },
    )
    return finding


def _opinion_rows(findings, typed: list[tuple[str, LawArticle]]) -> list[tuple[str, LawArticle]]:
    """The opinion's points, each once: every accepted pre-check finding, then the typed points.

    A typed point that restates an accepted finding (same basis, and it quotes the finding's
    clause or is the only such finding left) takes the finding's place in the reviewer's words;
    a finding copied in as typed, or a point typed twice, is kept once."""
    rows: list[tuple[str, LawArticle]] = []
    clauses: list[str | None] = []  # the finding a row stands for, None for a typed row
    for finding in findings:
        basis, _ = LawArticle.objects.get_or_create(law=finding.law, article=finding.article)
        rows.append((f"{finding.prohibition}：“{finding.clause}”", basis))
        clauses.append(finding.clause)
    generated = {row for row in rows}
    for text, basis in typed:
        if (text, basis) in generated or (text, basis) in rows:
            continue  # the finding copied in again, or a point typed twice
        same_basis = [i for i, (_, b) in enumerate(rows) if b == basis and clauses[i] is not None]
        quoted = [i for i in same_basis if (clause := clauses[i]) and clause in text]
        target = quoted or (same_basis if len(same_basis) == 1 else [])
        if target:
            rows[target[0]] = (text, basis)
            clauses[target[0]] = None  # restated once: a second restatement is a new point
            continue
        rows.append((text, basis))
        clauses.append(None)
    return rows


@transaction.atomic
def review_issue_opinion(
    *,
    actor,
    review: Review,
    conclusion: str,
    points: Sequence[tuple[str, LawArticle]] = (),
    on: dt.date | None = None,
) -> Review:
    """出具合法性审查意见. 修改后合法 lists each required change, 不合法 each reason, every one with
    its legal basis; accepted pre-check findings are added as points."""
    _office_step(actor, review)
    review = lock(review)
    expect_status(review, ReviewStatus.REVIEWED)
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": "请选择审查结论。"})
    if review.findings.filter(decision=Finding.Decision.OPEN).exists():
        raise ValidationError("还有未处理的预审发现，请逐条采纳或排除。")
    if review.kind == ReviewKind.MAJOR_DECISION and not review.advisor_opinion.strip():
        # 条例 第二十八条: 在合法性审查过程中，应当组织法律顾问、公职律师提出法律意见.
        raise ValidationError(
            "重大行政决策的合法性审查须有法律顾问或公职律师提出的法律意见"
            "（《重大行政决策程序暂行条例》第二十八条），请先由法律顾问或公职律师录入意见。"
        )
    typed: list[tuple[str, LawArticle]] = []
    for text, basis in points:
        if not text.strip():
            continue
        if basis is None:
            raise ValidationError({"points": "每条意见都须选择法律依据。"})
        typed.append((text.strip(), basis))
    rows = _opinion_rows(review.findings.filter(decision=Finding.Decision.ACCEPTED), typed)
    if conclusion == Conclusion.LEGAL and rows:
        raise ValidationError({"conclusion": "结论为“合法”时不应列出修改意见。"})
    if conclusion == Conclusion.LEGAL_AFTER_CHANGES and not rows:
        raise ValidationError({"points": "“修改后合法”须逐条列出修改意见。"})
    if conclusion == Conclusion.ILLEGAL and not rows:
        raise ValidationError({"points": "“不合法”须逐条列明理由。"})
    OpinionPoint.objects.bulk_create(
        OpinionPoint(review=review, seq=index, text=text, basis=basis)
        for index, (text, basis) in enumerate(rows, start=1)
    )
    review.conclusion = conclusion
    if review.kind in sign_off_kinds(review.unit):
        # Drafted: the office head issues it (签发); the period runs until then.
        review.status = ReviewStatus.AWAITING_SIGN_OFF
        review.save(update_fields=["conclusion", "status"])
    else:
        _issue(review, on=on or deadline_service.today())
    audit_record(
        actor=actor,
        action="review.opinion",
        obj=review,
        changes={
            "status": ["reviewed", review.status],
            "conclusion": [None, conclusion],
            "points": len(rows),
        },
    )
    return review


def _issue(review: Review, *, on: dt.date) -> None:
    """The opinion goes out: one without changes to answer goes straight to the office's
    confirmation, one with changes waits for the department's answers."""
    review.opinion_on = on
    needs_answer = review.conclusion == Conclusion.LEGAL_AFTER_CHANGES
    review.status = ReviewStatus.OPINION_ISSUED if needs_answer else ReviewStatus.ANSWERED
    review.save(update_fields=["conclusion", "opinion_on", "status", "signer", "signed_on"])


def sign_off_kinds(unit: OrgUnit) -> frozenset[str]:
    """The kinds of review whose opinion the office's head issues (签发) in `unit`."""
    policy = SignOffPolicy.objects.filter(unit=unit).first()
    return DEFAULT_SIGN_OFF_KINDS if policy is None else frozenset(policy.kinds)


def _require_head(actor, unit: OrgUnit) -> None:
    """签发 and its settings belong to the head of that very office."""
    if getattr(actor, "is_superuser", False):
        return
    if (
        getattr(actor, "role", None) != Role.OFFICE_HEAD
        or getattr(actor, "unit_id", None) != unit.pk
    ):
        raise PermissionDenied("只有本所所长可以签发审查意见或修改签发设置。")


@transaction.atomic
def sign_off_policy_set(*, actor, unit: OrgUnit, kinds: Sequence[str]) -> SignOffPolicy:
    """The office head chooses which kinds of review they issue themselves (签发设置)."""
    _require_head(actor, unit)
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError("签发设置只适用于司法所。")
    unknown = set(kinds) - set(ReviewKind.values)
    if unknown:
        raise ValidationError({"kinds": "请选择有效的审查类别。"})
    chosen = [value for value in ReviewKind.values if value in set(kinds)]
    before = sorted(sign_off_kinds(unit), key=ReviewKind.values.index)
    lock_unit(unit)  # one change at a time, the audit chain before the row
    policy, _ = SignOffPolicy.objects.get_or_create(unit=unit)
    policy.kinds = chosen
    policy.save(update_fields=["kinds"])
    if before != chosen:
        audit_record(
            actor=actor,
            action="review.sign_off_policy",
            obj=policy,
            unit=unit,
            changes={"kinds": [before, chosen]},
        )
    return policy


@transaction.atomic
def review_sign_off(*, actor, review: Review, on: dt.date | None = None) -> Review:
    """签发: the office head issues the drafted opinion under the office's name."""
    _require_head(actor, review.unit)
    review = lock(review)
    expect_status(review, ReviewStatus.AWAITING_SIGN_OFF)
    day = on or deadline_service.today()
    review.signer = actor
    review.signed_on = day
    _issue(review, on=day)
    audit_record(
        actor=actor,
        action="review.sign_off",
        obj=review,
        changes={"status": ["awaiting_sign_off", review.status], "signed_on": [None, day]},
    )
    return review


@transaction.atomic
def review_sign_off_return(*, actor, review: Review, reason: str) -> Review:
    """The head sends the draft back to be revised (退回修改): its points are withdrawn and the
    review is drafted again."""
    _require_head(actor, review.unit)
    review = lock(review)
    expect_status(review, ReviewStatus.AWAITING_SIGN_OFF)
    if not reason.strip():
        raise ValidationError({"reason": "请写明退回修改的意见。"})
    withdrawn = [point.text for point in review.points.all()]
    review.points.all().delete()
    before = review.conclusion
    review.conclusion = ""
    review.status = ReviewStatus.REVIEWED
    review.save(update_fields=["conclusion", "status"])
    audit_record(
        actor=actor,
        action="review.sign_off_return",
        obj=review,
        changes={
            "status": ["awaiting_sign_off", "reviewed"],
            "conclusion": [before, ""],
            "reason": reason.strip()[:500],
            "points": withdrawn,
        },
    )
    return review


@transaction.atomic
def point_answer(*, actor, point: OpinionPoint, answer: str, text: str) -> OpinionPoint:
    """The department answers one required change: done (with evidence) or not, with reasons."""
    review = lock(point.review)
    _department_step(actor, review)
    expect_status(review, ReviewStatus.OPINION_ISSUED)
    if answer not in (OpinionPoint.Answer.DONE, OpinionPoint.Answer.EXPLAINED):
        raise ValidationError({"answer": "请选择反馈结果。"})
    if not text.strip():
        raise ValidationError({"text": "请填写修改情况或未修改的理由。"})
    point.answer = answer
    point.answer_text = text.strip()
    point.save(update_fields=["answer", "answer_text"])
    if not review.points.filter(answer=OpinionPoint.Answer.PENDING).exists():
        review.status = ReviewStatus.ANSWERED
        review.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="review.answer",
        obj=review,
        changes={"point": point.seq, "answer": [None, answer], "text": point.answer_text},
    )
    return point


@transaction.atomic
def review_archive(*, actor, review: Review, on: dt.date | None = None) -> Review:
    """The office confirms the department's answers and archives the review (确认归档)."""
    _office_step(actor, review)
    review = lock(review)
    expect_status(review, ReviewStatus.ANSWERED)
    review.status = ReviewStatus.ARCHIVED
    review.archived_on = on or deadline_service.today()
    review.save(update_fields=["status", "archived_on"])
    audit_record(
        actor=actor,
        action="review.archive",
        obj=review,
        changes={"status": ["answered", "archived"]},
    )
    return review


@transaction.atomic
def law_article_save(
    *, actor, law: str, article: str, summary: str = "", is_active: bool = True
) -> LawArticle:
    """Add an entry to the maintained law list, or update / retire an existing one."""
    require(actor, Capability.LEGALITY_REVIEW)
    law, article = law.strip().strip("《》"), article.strip()
    if not law or not article:
        raise ValidationError({"law": "请填写法律法规名称和条款。"})
    entry, created = LawArticle.objects.get_or_create(law=law, article=article)
    before = {} if created else {"summary": entry.summary, "is_active": entry.is_active}
    entry.summary = summary.strip()[:300]
    entry.is_active = is_active
    entry.save()
    audit_record(
        actor=actor,
        action="review.law_article",
        obj=entry,
        unit=actor.unit,
        changes={"before": before, "after": {"summary": entry.summary, "is_active": is_active}},
    )
    return entry
