"""Write services of 行政执法监督: each checks who may act, writes, and audits in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core import deadline_service
from sifasuo.core.actors import is_system
from sifasuo.core.audit import audit_record, snapshot
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.personal_data import normalize_id_number, normalize_phone
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.scoping import can_see_unit, sees_everything
from sifasuo.core.services import require, require_unit, share_record
from sifasuo.core.workflow import expect_status, lock, save_audited
from sifasuo.reviews.models import Review

from . import rules, scoring
from .apps import REVIEW, STANDARDS
from .discretion import Proposal, propose
from .models import (
    CaseDiscussion,
    DiscretionCalculation,
    DiscretionFactor,
    DiscretionStandard,
    DiscretionTier,
    EnforcementCase,
    Enforcer,
    Evaluation,
    Mark,
    Rectification,
    ReviewerSheet,
    ScoringItem,
    ScoringStandard,
    Section,
    StandardStatus,
    Training,
)

REVIEWERS = 3  # the 三合一 team


def _office_of(department: OrgUnit) -> OrgUnit:
    if department.kind != UnitKind.DEPARTMENT or department.parent is None:
        raise ValidationError({"department": "请选择乡镇执法科室。"})
    return department.parent


def _work(actor, unit: OrgUnit) -> None:
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, unit)


# ---------------------------------------------------------------------------------------------
# Enforcers (执法人员) and their cards

ENFORCER_FIELDS = [
    "department",
    "name",
    "id_number",
    "phone",
    "card_number",
    "card_issued_on",
    "card_expires_on",
    "is_active",
]


def _personal(id_number: str, phone: str) -> dict[str, str]:
    values = {}
    try:
        values["id_number"] = normalize_id_number(id_number) if id_number.strip() else ""
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc
    try:
        values["phone"] = normalize_phone(phone) if phone.strip() else ""
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    return values


def _check_card(enforcer: Enforcer) -> None:
    if enforcer.card_expires_on <= enforcer.card_issued_on:
        raise ValidationError({"card_expires_on": "有效期届满日应晚于发证日期。"})
    clash = Enforcer.objects.filter(unit=enforcer.unit, card_number=enforcer.card_number)
    if clash.exclude(pk=enforcer.pk).exists():
        raise ValidationError({"card_number": "该执法证号已登记。"})


@transaction.atomic
def enforcer_create(
    *,
    actor,
    department: OrgUnit,
    name: str,
    card_number: str,
    card_issued_on: dt.date,
    card_expires_on: dt.date,
    id_number: str = "",
    phone: str = "",
) -> Enforcer:
    office = _office_of(department)
    _work(actor, department)
    enforcer = Enforcer(
        unit=office,
        department=department,
        name=name.strip(),
        card_number=card_number.strip(),
        card_issued_on=card_issued_on,
        card_expires_on=card_expires_on,
        **_personal(id_number, phone),
    )
    _check_card(enforcer)
    enforcer.full_clean()
    enforcer.save()
    share_record(actor=actor, obj=enforcer, unit=department)
    audit_record(
        actor=actor,
        action="enforcer.create",
        obj=enforcer,
        changes={
            "name": [None, enforcer.name],
            "card_number": [None, enforcer.card_number],
            "card_expires_on": [None, enforcer.card_expires_on],
        },
    )
    return enforcer


@transaction.atomic
def enforcer_update(
    *,
    actor,
    enforcer: Enforcer,
    version: int | None = None,
    card_number: str,
    card_issued_on: dt.date,
    card_expires_on: dt.date,
    is_active: bool,
    phone: str = "",
) -> Enforcer:
    """A renewed card (换证) or a cancelled registration (注销); an empty phone keeps the old."""
    _work(actor, enforcer.department)
    enforcer = lock(enforcer, version=version)
    before = snapshot(enforcer, ENFORCER_FIELDS)
    enforcer.card_number = card_number.strip()
    enforcer.card_issued_on = card_issued_on
    enforcer.card_expires_on = card_expires_on
    enforcer.is_active = is_active
    if phone.strip():
        enforcer.phone = _personal("", phone)["phone"]
    _check_card(enforcer)
    save_audited(
        enforcer, actor=actor, action="enforcer.update", before=before, fields=ENFORCER_FIELDS
    )
    return enforcer


@transaction.atomic
def training_record(*, actor, enforcer: Enforcer, year: int, hours: Decimal) -> Training:
    """The enforcer's training hours for a year (a second entry for the year replaces the first)."""
    _work(actor, enforcer.department)
    if hours < 0 or hours > 999:
        raise ValidationError({"hours": "培训学时应在0至999之间。"})
    if not 2000 <= year <= deadline_service.today().year + 1:
        raise ValidationError({"year": "年度不正确。"})
    training = Training.objects.filter(enforcer=enforcer, year=year).first()
    old = training.hours if training else None
    training = training or Training(enforcer=enforcer, year=year, hours=hours)
    training.hours = hours
    training.save()
    audit_record(
        actor=actor,
        action="enforcer.training",
        obj=enforcer,
        changes={f"{year}年培训学时": [str(old) if old is not None else None, str(hours)]},
    )
    return training


# ---------------------------------------------------------------------------------------------
# Enforcement cases and the 三项制度


def qualified_enforcers(case: EnforcementCase) -> list[Enforcer]:
    """The case's enforcers whose card was valid on the case's date (行政处罚法 第四十二条)."""
    day = case.case_date
    return [e for e in case.enforcers.all() if e.card_valid_on(day)]


def limitation_end(case: EnforcementCase) -> dt.date | None:
    """The last day a penalty may be given (行政处罚法 第三十六条), when the offence date is known."""
    if case.violation_on is None or case.kind != "penalty":
        return None
    rule = "penalty.limitation_extended" if case.extended_limitation else "penalty.limitation"
    due, _provisional = deadline_service.compute_due(rule, case.violation_on)
    return due.due


def case_flags(case: EnforcementCase) -> list[str]:
    """What the supervisor must look at on this file: too few qualified enforcers, the
    limitation period, a decision without its required legality review."""
    flags = []
    qualified = len(qualified_enforcers(case))
    if qualified < 2:
        flags.append(f"持有效执法证的执法人员仅{qualified}名（行政处罚法第四十二条要求不少于两人）")
    end = limitation_end(case)
    if end is not None and case.case_date > end:
        flags.append(f"超过追责时效（{end:%Y-%m-%d}届满，行政处罚法第三十六条）")
    return flags


def missing_systems(case: EnforcementCase) -> list[str]:
    """The parts of the 三项制度 the file still lacks."""
    missing = []
    if not case.published:
        missing.append("公示")
    if not case.recorded:
        missing.append("全过程记录")
    if case.legal_review_required and not rules.review_passed(case.legal_review):
        missing.append("法制审核")
    return missing


def _enforcers_of(office: OrgUnit, enforcers: Sequence[Enforcer]) -> list[Enforcer]:
    if any(e.unit_id != office.pk for e in enforcers):
        raise ValidationError({"enforcers": "执法人员须为本乡镇登记的执法人员。"})
    return list(enforcers)


@transaction.atomic
def case_create(
    *,
    actor,
    department: OrgUnit,
    kind: str,
    number: str,
    title: str,
    party_name: str,
    opened_on: dt.date,
    enforcers: Sequence[Enforcer],
    violation_on: dt.date | None = None,
    extended_limitation: bool = False,
    major: bool = False,
    legal_review_required: bool = False,
) -> EnforcementCase:
    office = _office_of(department)
    _work(actor, department)
    if EnforcementCase.objects.filter(unit=office, number=number.strip()).exists():
        raise ValidationError({"number": "该案号已登记。"})
    if violation_on and violation_on > opened_on:
        raise ValidationError({"violation_on": "违法行为日期不能晚于立案日期。"})
    if opened_on > deadline_service.today():
        raise ValidationError({"opened_on": "立案日期不能晚于今天。"})
    case = EnforcementCase(
        unit=office,
        department=department,
        kind=kind,
        number=number.strip(),
        title=title.strip(),
        party_name=party_name.strip(),
        opened_on=opened_on,
        violation_on=violation_on,
        extended_limitation=extended_limitation,
        major=major,
        legal_review_required=legal_review_required or major,
    )
    case.full_clean()
    case.save()
    case.enforcers.set(_enforcers_of(office, enforcers))
    share_record(actor=actor, obj=case, unit=department)
    audit_record(
        actor=actor,
        action="enforcement_case.create",
        obj=case,
        changes={
            "number": [None, case.number],
            "title": [None, case.title],
            "enforcers": [None, "、".join(e.name for e in enforcers)],
            "major": [None, major],
        },
    )
    return case


SYSTEM_FIELDS = ["published", "recorded", "legal_review_required"]


@transaction.atomic
def case_update_systems(
    *,
    actor,
    case: EnforcementCase,
    published: bool,
    recorded: bool,
    legal_review_required: bool,
    version: int | None = None,
) -> EnforcementCase:
    _work(actor, case.department)
    case = lock(case, version=version)
    before = snapshot(case, SYSTEM_FIELDS)
    case.published, case.recorded = published, recorded
    case.legal_review_required = legal_review_required or case.major
    save_audited(
        case, actor=actor, action="enforcement_case.systems", before=before, fields=SYSTEM_FIELDS
    )
    return case


@transaction.atomic
def case_link_review(*, actor, case: EnforcementCase, review: Review) -> EnforcementCase:
    """Link the 重大执法决定法制审核 the department sent to the office for this case."""
    _work(actor, case.department)
    case = lock(case)
    expect_status(case, EnforcementCase.Status.OPEN)
    if review.unit_id != case.unit_id or review.kind != rules.REVIEW_KIND:
        raise ValidationError({"review": "请选择本司法所受理的重大行政执法决定法制审核。"})
    if EnforcementCase.objects.filter(legal_review=review).exclude(pk=case.pk).exists():
        raise ValidationError({"review": "该法制审核已关联其他执法案件。"})
    old = case.legal_review_id
    case.legal_review = review
    case.legal_review_required = True
    case.version += 1
    case.save()
    audit_record(
        actor=actor,
        action="enforcement_case.link_review",
        obj=case,
        changes={"legal_review": [old, review.pk], "review_title": [None, review.title]},
    )
    return case


@transaction.atomic
def case_decide(
    *,
    actor,
    case: EnforcementCase,
    decided_on: dt.date,
    decision: str,
    fine: Decimal | None = None,
) -> EnforcementCase:
    """Record the decision. A case needing 法制审核 is refused until that review has passed:
    未经法制审核或者审核未通过的，不得作出决定 (行政处罚法 第五十八条第一款)."""
    _work(actor, case.department)
    case = lock(case)
    expect_status(case, EnforcementCase.Status.OPEN)
    if case.legal_review_required and not rules.review_passed(case.legal_review):
        raise ValidationError(
            "该案件须经法制审核，审核通过前不得作出决定（行政处罚法第五十八条第一款）。"
            "请先关联已通过的重大行政执法决定法制审核。"
        )
    if decided_on < case.opened_on or decided_on > deadline_service.today():
        raise ValidationError({"decided_on": "决定日期应在立案日期与今天之间。"})
    if not decision.strip():
        raise ValidationError({"decision": "请填写决定内容。"})
    if fine is not None and fine < 0:
        raise ValidationError({"fine": "罚款金额不能为负数。"})
    case.status = EnforcementCase.Status.DECIDED
    case.decided_on, case.decision, case.fine = decided_on, decision.strip(), fine
    case.version += 1
    case.full_clean()
    case.save()
    audit_record(
        actor=actor,
        action="enforcement_case.decide",
        obj=case,
        changes={
            "status": ["open", "decided"],
            "decided_on": [None, decided_on],
            "fine": [None, str(fine) if fine is not None else None],
        },
    )
    return case


# ---------------------------------------------------------------------------------------------
# Scoring standards (评查标准): versions, frozen once published


def _may_edit_standard(actor, unit: OrgUnit | None) -> None:
    require(actor, STANDARDS)
    if is_system(actor):
        return
    if unit is None:
        if not sees_everything(actor):
            raise PermissionDenied("平台默认标准只能由系统管理员修订。")
        return
    require_unit(actor, unit)


@transaction.atomic
def standard_create(
    *,
    actor,
    unit: OrgUnit | None,
    family: str,
    title: str,
    kind: str,
    source: str = "",
    form_points: int = 20,
    content_points: int = 80,
    pass_score: int = 60,
    excellent_score: int = 90,
) -> ScoringStandard:
    _may_edit_standard(actor, unit)
    if ScoringStandard.objects.filter(family=family.strip()).exists():
        raise ValidationError({"family": "该标准编码已使用。"})
    standard = ScoringStandard(
        unit=unit,
        family=family.strip(),
        title=title.strip(),
        kind=kind,
        source=source.strip(),
        form_points=form_points,
        content_points=content_points,
        pass_score=pass_score,
        excellent_score=excellent_score,
    )
    standard.full_clean()
    standard.save()
    audit_record(
        actor=actor,
        action="standard.create",
        obj=standard,
        unit=unit,
        changes={"title": [None, standard.title], "version": [None, 1]},
    )
    return standard


def _draft(standard: ScoringStandard) -> ScoringStandard:
    standard = lock(standard)
    if standard.status != StandardStatus.DRAFT:
        raise ValidationError("已发布的评查标准不能修改；请修订为新版本后再编辑。")
    return standard


@transaction.atomic
def standard_item_save(
    *,
    actor,
    standard: ScoringStandard,
    section: str,
    seq: int,
    text: str,
    step: Decimal = Decimal(0),
    cap: Decimal = Decimal(0),
    basis: str = "",
) -> ScoringItem:
    """Add an item, or replace the item with the same number, in a draft standard."""
    _may_edit_standard(actor, standard.unit)
    standard = _draft(standard)
    if section == Section.VETO:
        step = cap = Decimal(0)
    elif step <= 0 or cap < step:
        raise ValidationError({"cap": "每处扣分应大于0，最高扣分不得小于每处扣分。"})
    if not text.strip():
        raise ValidationError({"text": "请填写评查内容。"})
    item = ScoringItem.objects.filter(standard=standard, seq=seq).first() or ScoringItem(
        standard=standard, seq=seq
    )
    old = item.text if item.pk else None
    item.section, item.text, item.step, item.cap, item.basis = (
        section,
        text.strip(),
        step,
        cap,
        basis.strip(),
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="standard.item",
        obj=standard,
        unit=standard.unit,
        changes={f"第{seq}项": [old, item.text]},
    )
    return item


@transaction.atomic
def standard_item_delete(*, actor, item: ScoringItem) -> None:
    _may_edit_standard(actor, item.standard.unit)
    standard = _draft(item.standard)
    audit_record(
        actor=actor,
        action="standard.item",
        obj=standard,
        unit=standard.unit,
        changes={f"第{item.seq}项": [item.text, None]},
    )
    item.delete()


def standard_problems(standard: ScoringStandard) -> list[str]:
    """Why a draft cannot be published yet (empty when it can)."""
    items = list(standard.items.all())
    problems = []
    if not any(i.section == Section.VETO for i in items):
        problems.append("至少应有一个否决项。")
    for section, points in (
        (Section.FORM, standard.form_points),
        (Section.CONTENT, standard.content_points),
    ):
        caps = sum((i.cap for i in items if i.section == section), Decimal(0))
        if caps != points:
            problems.append(
                f"{section.label}各项最高扣分合计{caps.normalize()}分，应等于{section.label}分值{points}分。"
            )
    if (
        not standard.pass_score
        <= standard.excellent_score
        <= standard.form_points + standard.content_points
    ):
        problems.append("合格线、优秀线设置不正确。")
    return problems


@transaction.atomic
def standard_publish(
    *, actor, standard: ScoringStandard, on: dt.date | None = None
) -> ScoringStandard:
    """Publish a draft; it is frozen from now on and replaces the family's earlier version."""
    _may_edit_standard(actor, standard.unit)
    standard = _draft(standard)
    problems = standard_problems(standard)
    if problems:
        raise ValidationError(problems)
    previous = ScoringStandard.objects.filter(
        family=standard.family, status=StandardStatus.PUBLISHED
    ).select_for_update()
    for old in previous:
        old.status = StandardStatus.SUPERSEDED
        old.save(update_fields=["status"])
    standard.status = StandardStatus.PUBLISHED
    standard.published_on = on or deadline_service.today()
    standard.save()
    audit_record(
        actor=actor,
        action="standard.publish",
        obj=standard,
        unit=standard.unit,
        changes={"status": ["draft", "published"], "version": [None, standard.version]},
    )
    return standard


@transaction.atomic
def standard_new_version(*, actor, standard: ScoringStandard) -> ScoringStandard:
    """Editing a published standard: a new draft version with the same items."""
    _may_edit_standard(actor, standard.unit)
    standard = lock(standard)
    if standard.status == StandardStatus.DRAFT:
        return standard
    if ScoringStandard.objects.filter(family=standard.family, status=StandardStatus.DRAFT).exists():
        raise ValidationError("该标准已有待发布的新版本草稿。")
    latest = ScoringStandard.objects.filter(family=standard.family).order_by("-version").first()
    draft = ScoringStandard.objects.create(
        unit=standard.unit,
        family=standard.family,
        title=standard.title,
        kind=standard.kind,
        version=latest.version + 1,
        form_points=standard.form_points,
        content_points=standard.content_points,
        pass_score=standard.pass_score,
        excellent_score=standard.excellent_score,
        source=standard.source,
        based_on=standard,
    )
    ScoringItem.objects.bulk_create(
        ScoringItem(
            standard=draft,
            section=i.section,
            seq=i.seq,
            text=i.text,
            step=i.step,
            cap=i.cap,
            basis=i.basis,
        )
        for i in standard.items.all()
    )
    audit_record(
        actor=actor,
        action="standard.new_version",
        obj=draft,
        unit=draft.unit,
        changes={"version": [standard.version, draft.version]},
    )
    return draft


# ---------------------------------------------------------------------------------------------
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
    standard = evaluation.standard
    cleaned = _clean_hits(standard, hits)
    result = scoring.score(
        _items(standard),
        cleaned,
        form_points=standard.form_points,
        content_points=standard.content_points,
    )
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
    standard = evaluation.standard
    cleaned = _clean_hits(standard, hits)
    result = scoring.score(
        _items(standard),
        cleaned,
        form_points=standard.form_points,
        content_points=standard.content_points,
    )
    _write_marks(evaluation, None, cleaned, notes or {})
    evaluation.vetoed = result.vetoed
    evaluation.form_score, evaluation.content_score = result.form, result.content
    evaluation.total = result.total
    evaluation.grade = scoring.grade(
        result, pass_score=standard.pass_score, excellent_score=standard.excellent_score
    )
    evaluation.agreed_by = None if is_system(actor) else actor
    if is_system(actor):
        evaluation.agreed_by = evaluation.sheets.first().reviewer
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
    OrgUnit.objects.select_for_update().filter(pk=office.pk).first()
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


# ---------------------------------------------------------------------------------------------
# 每月说案


@transaction.atomic
def discussion_create(
    *,
    actor,
    department: OrgUnit,
    held_on: dt.date,
    case_summary: str,
    issue: str,
    conclusion: str,
    attendees: str,
    attendance: int,
    case: EnforcementCase | None = None,
    teaching: bool = False,
    teaching_title: str = "",
    submission_token: uuid.UUID | None = None,
) -> CaseDiscussion:
    office = _office_of(department)
    _work(actor, office)
    if submission_token is not None:
        existing = CaseDiscussion.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if case is not None and case.unit_id != office.pk:
        raise ValidationError({"case": "所说案件须为本乡镇的执法案件。"})
    if held_on > deadline_service.today():
        raise ValidationError({"held_on": "说案日期不能晚于今天。"})
    if attendance < 1:
        raise ValidationError({"attendance": "请填写参加人数。"})
    if teaching and not teaching_title.strip():
        raise ValidationError({"teaching_title": "列为教学案例的，请填写案例标题。"})
    discussion = CaseDiscussion(
        unit=office,
        department=department,
        case=case,
        held_on=held_on,
        case_summary=case_summary.strip(),
        issue=issue.strip(),
        conclusion=conclusion.strip(),
        attendees=attendees.strip(),
        attendance=attendance,
        teaching=teaching,
        teaching_title=teaching_title.strip() if teaching else "",
        submission_token=submission_token,
    )
    discussion.full_clean()
    discussion.save()
    share_record(actor=actor, obj=discussion, unit=department)
    audit_record(
        actor=actor,
        action="discussion.create",
        obj=discussion,
        changes={"held_on": [None, held_on], "issue": [None, discussion.issue[:100]]},
    )
    return discussion


# ---------------------------------------------------------------------------------------------
# 裁量基准 and the calculator


def _benchmark_draft(actor, standard: DiscretionStandard) -> DiscretionStandard:
    require(actor, STANDARDS)
    require_unit(actor, standard.unit)
    standard = lock(standard)
    if standard.published:
        raise ValidationError(
            "已公布的裁量基准不能修改（行政处罚法第三十四条：基准以公布的为准）。"
        )
    return standard


@transaction.atomic
def benchmark_create(
    *,
    actor,
    unit: OrgUnit,
    offence: str,
    violated: str,
    penalty_basis: str,
    statutory_range: str,
) -> DiscretionStandard:
    require(actor, STANDARDS)
    require_unit(actor, unit)
    standard = DiscretionStandard(
        unit=unit,
        offence=offence.strip(),
        violated=violated.strip(),
        penalty_basis=penalty_basis.strip(),
        statutory_range=statutory_range.strip(),
    )
    standard.full_clean()
    standard.save()
    audit_record(
        actor=actor,
        action="benchmark.create",
        obj=standard,
        changes={"offence": [None, standard.offence]},
    )
    return standard


@transaction.atomic
def benchmark_tier_add(
    *,
    actor,
    standard: DiscretionStandard,
    name: str,
    condition: str,
    fine_min: Decimal,
    fine_max: Decimal,
) -> DiscretionTier:
    standard = _benchmark_draft(actor, standard)
    if fine_min < 0 or fine_max < fine_min:
        raise ValidationError({"fine_max": "罚款上限不得低于下限，且均不得为负数。"})
    seq = standard.tiers.count() + 1
    tier = DiscretionTier.objects.create(
        standard=standard,
        seq=seq,
        name=name.strip(),
        condition=condition.strip(),
        fine_min=fine_min,
        fine_max=fine_max,
    )
    audit_record(
        actor=actor,
        action="benchmark.part",
        obj=standard,
        changes={f"阶次{seq}": [None, str(tier)]},
    )
    return tier


@transaction.atomic
def benchmark_factor_add(
    *, actor, standard: DiscretionStandard, kind: str, text: str, basis: str
) -> DiscretionFactor:
    standard = _benchmark_draft(actor, standard)
    factor = DiscretionFactor(standard=standard, kind=kind, text=text.strip(), basis=basis.strip())
    factor.full_clean()
    factor.save()
    audit_record(
        actor=actor,
        action="benchmark.part",
        obj=standard,
        changes={factor.get_kind_display(): [None, factor.text]},
    )
    return factor


@transaction.atomic
def benchmark_publish(
    *, actor, standard: DiscretionStandard, published_on: dt.date, publication: str
) -> DiscretionStandard:
    """行政处罚法 第三十四条: 行政处罚裁量基准应当向社会公布. Only a published benchmark is applied."""
    standard = _benchmark_draft(actor, standard)
    if not standard.tiers.exists():
        raise ValidationError("请先设置至少一个裁量阶次。")
    if not publication.strip():
        raise ValidationError({"publication": "请填写公布载体（文号或网址）。"})
    if published_on > deadline_service.today():
        raise ValidationError({"published_on": "公布日期不能晚于今天。"})
    standard.published = True
    standard.published_on = published_on
    standard.publication = publication.strip()
    standard.save()
    audit_record(
        actor=actor,
        action="benchmark.publish",
        obj=standard,
        changes={"published_on": [None, published_on], "publication": [None, standard.publication]},
    )
    return standard


def calculation_propose(*, tier: DiscretionTier, factors: Sequence[DiscretionFactor]) -> Proposal:
    return propose(
        tier_low=tier.fine_min,
        tier_high=tier.fine_max,
        factor_kinds=[f.kind for f in factors],
        policy=rules.discretion_policy(),
    )


@transaction.atomic
def calculation_create(
    *,
    actor,
    standard: DiscretionStandard,
    tier: DiscretionTier,
    factors: Sequence[DiscretionFactor],
    facts: str,
    decided_amount: Decimal,
    reason: str = "",
    case: EnforcementCase | None = None,
    unit: OrgUnit | None = None,
    submission_token: uuid.UUID | None = None,
) -> DiscretionCalculation:
    """Record a calculation: a decided amount outside the proposed range needs a written reason."""
    require(actor, Capability.MANAGE_WORK)
    unit = case.unit if case is not None else unit
    if unit is None or unit.kind != UnitKind.OFFICE:
        raise ValidationError({"case": "请选择执法案件或所属司法所。"})
    require_unit(actor, unit)
    if submission_token is not None:
        existing = DiscretionCalculation.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    standard = DiscretionStandard.objects.get(pk=standard.pk)
    if not standard.published:
        raise ValidationError("该裁量基准尚未公布，不能适用（行政处罚法第三十四条）。")
    if not standard_visible_to(standard, unit):  # type: ignore[arg-type]
        raise ValidationError("该裁量基准不适用于本乡镇。")
    if tier.standard_id != standard.pk or any(f.standard_id != standard.pk for f in factors):
        raise ValidationError("阶次或情节不属于该裁量基准。")
    if not facts.strip():
        raise ValidationError({"facts": "请填写违法事实。"})
    if decided_amount < 0:
        raise ValidationError({"decided_amount": "罚款金额不能为负数。"})
    proposal = calculation_propose(tier=tier, factors=factors)
    outside = not proposal.contains(decided_amount)
    if outside and not reason.strip():
        raise ValidationError(
            {
                "reason": f"拟决定罚款{decided_amount}元超出建议幅度"
                f"（{proposal.low}—{proposal.high}元），请书面说明理由。"
            }
        )
    calculation = DiscretionCalculation.objects.create(
        unit=unit,
        standard=standard,
        case=case,
        tier=tier,
        facts=facts.strip(),
        outcome=proposal.outcome,
        proposed_min=proposal.low,
        proposed_max=proposal.high,
        rule=proposal.rule[:1000],
        decided_amount=decided_amount,
        outside=outside,
        reason=reason.strip() if outside else "",
        created_by=None if is_system(actor) else actor,
        submission_token=submission_token,
    )
    calculation.factors.set(factors)
    audit_record(
        actor=actor,
        action="calculation.create",
        obj=calculation,
        changes={
            "proposed": [None, f"{proposal.outcome} {proposal.low}—{proposal.high}"],
            "decided_amount": [None, str(decided_amount)],
            "outside": [None, outside],
            **({"reason": [None, calculation.reason]} if outside else {}),
        },
    )
    return calculation
