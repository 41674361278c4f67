"""案卷评查: three independent sheets, the agreed score, the 评查意见 and its 整改 items."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core import deadline_service
from sifasuo.core.actors import is_system
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit
from sifasuo.core.roles import has_capability
from sifasuo.core.scoping import can_see_unit
from sifasuo.core.services import require, require_unit, share_record
from sifasuo.core.workflow import expect_status, lock, lock_unit

from .. import scoring
from ..apps import REVIEW
from ..models import (
    EnforcementCase,
    Evaluation,
    Mark,
    Rectification,
    ReviewerSheet,
    ScoringStandard,
    StandardStatus,
)
from ._common import REVIEWERS, _work

# 案卷评查: three independent sheets, the agreed score, the opinion and its 整改 items


def may_review(user, unit: OrgUnit) -> bool:
    """Whether `user` may sit on the team scoring a file of `unit` (a county's staff score the
    files of every office below them)."""
    return has_capability(user, REVIEW) and can_see_unit(user, unit)


def standard_visible_to(standard: ScoringStandard, unit: OrgUnit) -> bool:
    return standard.unit is None or unit.is_within(standard.unit) or standard.unit.is_within(unit)


@transaction.atomic
def evaluation_create(
    *,
    actor,
    case: EnforcementCase,
    standard: ScoringStandard,
    reviewers: Sequence,
    submission_token: uuid.UUID | None = None,
) -> Evaluation:
    require(actor, REVIEW)
    require_unit(actor, case.unit)
    if submission_token is not None:
        existing = Evaluation.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if standard.status != StandardStatus.PUBLISHED or standard.kind != case.kind:
        raise ValidationError({"standard": "请选择与案件类别相同的、已发布的评查标准。"})
    if not standard_visible_to(standard, case.unit):
        raise ValidationError({"standard": "该评查标准不适用于本乡镇。"})
    if case.status != EnforcementCase.Status.DECIDED:
        raise ValidationError({"case": "只能评查已作出决定的案卷。"})
    people = list(dict.fromkeys(reviewers))
    if len(people) != REVIEWERS:
        raise ValidationError({"reviewers": "请选择三名不同的评查人员（三合一评查组）。"})
    for person in people:
        if not may_review(person, case.unit):
            raise ValidationError({"reviewers": f"{person}不能评查该乡镇的案卷。"})
    evaluation = Evaluation.objects.create(
        unit=case.unit,
        case=case,
        standard=standard,
        created_by=None if is_system(actor) else actor,
        submission_token=submission_token,
    )
    for seq, person in enumerate(people, start=1):
        ReviewerSheet.objects.create(evaluation=evaluation, reviewer=person, seq=seq)
    share_record(actor=actor, obj=evaluation, unit=case.department)
    audit_record(
        actor=actor,
        action="evaluation.create",
        obj=evaluation,
        changes={
            "case": [None, case.number],
            "standard": [None, str(standard)],
            "reviewers": [None, "、".join(str(p) for p in people)],
        },
    )
    return evaluation


def _items(standard: ScoringStandard) -> list[scoring.Item]:
    return [scoring.Item(i.pk, i.section, i.step, i.cap) for i in standard.items.all()]


def _scored(standard, hits: Mapping[int, int]):
    """The hits checked against the standard, and the score they make under it."""
    cleaned = _clean_hits(standard, hits)
    result = scoring.score(
        _items(standard),
        cleaned,
        form_points=standard.form_points,
        content_points=standard.content_points,
    )
    return cleaned, result


def _clean_hits(standard: ScoringStandard, hits: Mapping[int, int]) -> dict[int, int]:
    known = set(standard.items.values_list("pk", flat=True))
    cleaned = {}
    for key, value in hits.items():
        if int(key) not in known:
            raise ValidationError("评分项目不属于该评查标准。")
        if value < 0 or value > 99:
            raise ValidationError("问题处数应在0至99之间。")
        if value:
            cleaned[int(key)] = int(value)
    return cleaned


def _write_marks(evaluation, sheet, hits, notes) -> None:
    Mark.objects.filter(evaluation=evaluation, sheet=sheet).delete()
    Mark.objects.bulk_create(
        Mark(
            evaluation=evaluation,
            sheet=sheet,
            item_id=key,
            hits=count,
            note=(notes.get(key) or "").strip()[:300],
        )
        for key, count in hits.items()
    )


def sheet_of(evaluation: Evaluation, user) -> ReviewerSheet | None:
    if is_system(user):
        return None
    return next((s for s in evaluation.sheets.all() if s.reviewer_id == user.pk), None)


@transaction.atomic
def evaluation_score(
    *,
    actor,
    evaluation: Evaluation,
    hits: Mapping[int, int],
    notes: Mapping[int, str] | None = None,
    note: str = "",
    reviewer=None,
) -> ReviewerSheet:
    """One reviewer's independent score. The audit row says that a sheet came in, not its
    figures: the other reviewers must not see them before all three have scored."""
    person = reviewer if is_system(actor) and reviewer is not None else actor
    evaluation = lock(evaluation)
    expect_status(evaluation, Evaluation.Status.SCORING)
    sheet = (
        ReviewerSheet.objects.select_for_update()
        .filter(evaluation=evaluation, reviewer=person)
        .first()
    )
    if sheet is None:
        raise PermissionDenied("您不是该案卷的评查人员。")
    if sheet.submitted_at is not None:
        raise ValidationError("您已提交评分，合议前不能修改。")
    cleaned, result = _scored(evaluation.standard, hits)
    _write_marks(evaluation, sheet, cleaned, notes or {})
    sheet.total, sheet.vetoed = result.total, result.vetoed
    sheet.note = note.strip()[:1000]
    sheet.submitted_at = timezone.now()
    sheet.save()
    waiting = evaluation.sheets.filter(submitted_at__isnull=True).count()
    changes = {f"评查人{sheet.seq}": [None, "已提交评分"]}
    if waiting == 0:
        evaluation.status = Evaluation.Status.AGREEING
        evaluation.version += 1
        evaluation.save(update_fields=["status", "version"])
        changes["status"] = ["scoring", "agreeing"]
    audit_record(actor=actor, action="evaluation.score", obj=evaluation, changes=changes)
    return sheet


@transaction.atomic
def evaluation_agree(
    *,
    actor,
    evaluation: Evaluation,
    hits: Mapping[int, int],
    notes: Mapping[int, str] | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> Evaluation:
    """The team's agreed finding, recorded by one of the three reviewers (合议确认人)."""
    evaluation = lock(evaluation)
    expect_status(evaluation, Evaluation.Status.AGREEING)
    if not is_system(actor) and sheet_of(evaluation, actor) is None:
        raise PermissionDenied("合议分数须由评查组成员确认。")
    cleaned, result = _scored(evaluation.standard, hits)
    _write_marks(evaluation, None, cleaned, notes or {})
    evaluation.vetoed = result.vetoed
    evaluation.form_score, evaluation.content_score = result.form, result.content
    evaluation.total = result.total
    evaluation.grade = scoring.grade(
        result,
        pass_score=evaluation.standard.pass_score,
        excellent_score=evaluation.standard.excellent_score,
    )
    if is_system(actor):
        first_sheet = evaluation.sheets.order_by("pk").first()
        evaluation.agreed_by = first_sheet.reviewer if first_sheet else None
    else:
        evaluation.agreed_by = actor
    evaluation.agreed_on = on or deadline_service.today()
    evaluation.agreement_note = note.strip()[:1000]
    evaluation.status = Evaluation.Status.AGREED
    evaluation.version += 1
    evaluation.save()
    sheets = {f"评查人{s.seq}": [None, str(s.total)] for s in evaluation.sheets.all()}
    audit_record(
        actor=actor,
        action="evaluation.agree",
        obj=evaluation,
        changes={
            **sheets,
            "total": [None, str(result.total)],
            "vetoed": [None, result.vetoed],
            "grade": [None, evaluation.get_grade_display()],
        },
    )
    return evaluation


def _opinion_number(office: OrgUnit, year: int) -> str:
    lock_unit(office)
    prefix = f"{office.name}执法评查〔{year}〕第"
    count = Evaluation.objects.filter(opinion_number__startswith=prefix).count()
    return f"{prefix}{count + 1}号"


@transaction.atomic
def evaluation_issue(
    *,
    actor,
    evaluation: Evaluation,
    opinion: str,
    rectifications: Sequence[tuple[str, dt.date]],
    on: dt.date | None = None,
) -> Evaluation:
    """Issue the 评查意见 to the department with its 整改 items and their due dates."""
    require(actor, REVIEW)
    require_unit(actor, evaluation.unit)
    evaluation = lock(evaluation)
    expect_status(evaluation, Evaluation.Status.AGREED)
    on = on or deadline_service.today()
    if not opinion.strip():
        raise ValidationError({"opinion": "请填写评查意见。"})
    items = [(text.strip(), due) for text, due in rectifications if text.strip()]
    if evaluation.grade == Evaluation.Grade.FAIL and not items:
        raise ValidationError({"rectifications": "不合格案卷须列明整改事项。"})
    for _text, due in items:
        if due is None or due <= on:
            raise ValidationError({"rectifications": "每项整改事项须有晚于出具日期的整改期限。"})
    evaluation.opinion_number = _opinion_number(evaluation.unit, on.year)
    evaluation.opinion_text = opinion.strip()
    evaluation.issued_on = on
    evaluation.status = Evaluation.Status.ISSUED if items else Evaluation.Status.CLOSED
    evaluation.version += 1
    evaluation.save()
    for seq, (text, due) in enumerate(items, start=1):
        Rectification.objects.create(evaluation=evaluation, seq=seq, text=text[:500], due_on=due)
    audit_record(
        actor=actor,
        action="evaluation.issue",
        obj=evaluation,
        changes={
            "opinion_number": [None, evaluation.opinion_number],
            "rectifications": [None, len(items)],
            "status": ["agreed", evaluation.status],
        },
    )
    return evaluation


@transaction.atomic
def rectification_close(
    *, actor, rectification: Rectification, result: str, on: dt.date | None = None
) -> Rectification:
    """The department reports an item done (销号); the last one closes the evaluation."""
    evaluation = rectification.evaluation
    _work(actor, evaluation.case.department)
    evaluation = lock(evaluation)
    expect_status(evaluation, Evaluation.Status.ISSUED)
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rectification.closed_on is not None:
        raise ValidationError("该整改事项已销号。")
    if not result.strip():
        raise ValidationError({"result": "请填写整改情况。"})
    rectification.closed_on = on or deadline_service.today()
    rectification.result = result.strip()
    rectification.save()
    changes = {f"整改事项{rectification.seq}": ["未完成", "已销号"]}
    if not evaluation.rectifications.filter(closed_on__isnull=True).exists():
        evaluation.status = Evaluation.Status.CLOSED
        evaluation.version += 1
        evaluation.save(update_fields=["status", "version"])
        changes["status"] = ["issued", "closed"]
    audit_record(actor=actor, action="rectification.close", obj=evaluation, changes=changes)
    return rectification
