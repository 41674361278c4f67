"""Every write of 网上法律咨询: consultant profiles, the duty rota, response targets, questions
(asked by a citizen through the portal, claimed, answered, rated, turned into an intake matter)
and the FAQ. Each write is audited in its own transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core import deadline_service, text_limits
from sifasuo.core import services as core_services
from sifasuo.core.actors import Actor, SystemActor, check_actor, is_system
from sifasuo.core.audit import audit_record, diff, snapshot
from sifasuo.core.deadlines import CalendarDataMissing
from sifasuo.core.models import OrgUnit, UnitKind, User
from sifasuo.core.personal_data import normalize_phone
from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.scoping import can_see_unit
from sifasuo.core.sealed import blind_index
from sifasuo.core.workflow import lock, lock_unit, save_audited
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Channel, Matter, MatterType

from . import worktime
from .models import (
    Consultant,
    DutySlot,
    FaqEntry,
    Question,
    QuestionState,
    ResponseTarget,
    Specialty,
)

# The citizen who asks through the portal has no account: the question, its rating and its
# consent are written by this named actor.
CITIZEN = SystemActor("consult_public", "网上法律咨询", verifies_identity=False)

MANAGE = "consultations.manage"  # capability: keep profiles, rota, targets and the FAQ
CONSULTANT_ROLES = frozenset({Role.LEGAL_ADVISOR, Role.PUBLIC_LAWYER})
PROFILE_FIELDS = [
    "public_name",
    "organization",
    "specialties",
    "license_no",
    "introduction",
    "listed",
    "is_active",
]
FAQ_FIELDS = ["specialty", "question", "answer", "published"]
# A claim holds a question for its consultant this long; after that another may answer.
CLAIM_HOLD = dt.timedelta(minutes=30)


def _require_manager(actor: Actor, unit: OrgUnit) -> None:
    core_services.require(actor, MANAGE)
    if not is_system(actor) and not can_see_unit(actor, unit):
        raise PermissionDenied("不能管理本单位以外的咨询工作。")


def _clean_text(value: str, *, field: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"请填写{label}。"})
    if len(value) > limit:
        raise ValidationError({field: f"{label}不能超过{limit}字。"})
    return value


# -- profiles and rota ------------------------------------------------------------------------


@transaction.atomic
def consultant_save(
    *,
    actor: Actor,
    user: User,
    public_name: str,
    organization: str,
    specialties: list[str],
    license_no: str = "",
    introduction: str = "",
    listed: bool = True,
    is_active: bool = True,
    version: int | None = None,
) -> Consultant:
    """Create or update the consultation profile of a lawyer or legal advisor of the office."""
    if user.unit is None:
        raise ValidationError({"user": "该账号没有所属单位。"})
    _require_manager(actor, user.unit)
    if user.role not in CONSULTANT_ROLES:
        raise ValidationError({"user": "只有法律顾问或公职律师可以登记为咨询律师。"})
    unknown = [s for s in specialties if s not in Specialty.values]
    if unknown or not specialties:
        raise ValidationError({"specialties": "请至少选择一个擅长领域。"})
    existing = Consultant.objects.filter(user=user).first()
    if existing is not None:
        consultant = lock(existing, version=version)
        before = snapshot(consultant, PROFILE_FIELDS)
    else:
        consultant, before = Consultant(user=user, unit=user.unit), {}
    consultant.public_name = _clean_text(
        public_name, field="public_name", label="公开姓名", limit=50
    )
    consultant.organization = _clean_text(
        organization, field="organization", label="执业机构/工作单位", limit=100
    )
    consultant.specialties = [s for s in Specialty.values if s in specialties]
    consultant.license_no = (license_no or "").strip()
    consultant.introduction = (introduction or "").strip()
    consultant.listed = listed
    consultant.is_active = is_active
    save_audited(
        consultant,
        actor=actor,
        action="consult.consultant_save",
        before=before,
        fields=PROFILE_FIELDS,
    )
    return consultant


@transaction.atomic
def duty_slot_add(
    *, actor: Actor, consultant: Consultant, day: dt.date, starts: dt.time, ends: dt.time
) -> DutySlot:
    """Put a consultant on duty (值班) on `day` from `starts` to `ends`."""
    _require_manager(actor, consultant.unit)
    if ends <= starts:
        raise ValidationError({"ends": "结束时间应晚于开始时间。"})
    if not consultant.is_active:
        raise ValidationError({"consultant": "该律师已停止接受咨询。"})
    clash = DutySlot.objects.filter(
        consultant=consultant, day=day, starts__lt=ends, ends__gt=starts
    ).exists()
    if clash:
        raise ValidationError("该律师在这一时段已有值班安排。")
    slot = DutySlot(unit=consultant.unit, consultant=consultant, day=day, starts=starts, ends=ends)
    slot.full_clean()
    slot.save()
    audit_record(
        actor=actor,
        action="consult.duty_add",
        obj=slot,
        unit=slot.unit,
        changes={"值班": [None, str(slot)]},
    )
    return slot


@transaction.atomic
def duty_slot_remove(*, actor: Actor, slot: DutySlot) -> None:
    _require_manager(actor, slot.unit)
    audit_record(
        actor=actor,
        action="consult.duty_remove",
        obj=slot,
        unit=slot.unit,
        changes={"值班": [str(slot), None]},
    )
    slot.delete()


# -- response targets and working time ----------------------------------------------------------


def target_minutes(*, unit: OrgUnit, specialty: str) -> int:
    """The office's response target for the specialty, else SIFASUO_CONSULT_TARGET_MINUTES."""
    row = ResponseTarget.objects.filter(unit=unit, specialty=specialty).first()
    return row.minutes if row else settings.SIFASUO_CONSULT_TARGET_MINUTES


@transaction.atomic
def target_set(*, actor: Actor, unit: OrgUnit, specialty: str, minutes: int) -> ResponseTarget:
    _require_manager(actor, unit)
    if specialty not in Specialty.values:
        raise ValidationError({"specialty": "请选择咨询类别。"})
    if not 1 <= minutes <= 10000:
        raise ValidationError({"minutes": "响应时限应在1至10000工作分钟之间。"})
    before = target_minutes(unit=unit, specialty=specialty)
    row = ResponseTarget.objects.select_for_update().filter(unit=unit, specialty=specialty).first()
    if row is None:
        row = ResponseTarget(unit=unit, specialty=specialty, minutes=minutes)
    if before == minutes and row.pk is None:
        return row  # the default already applies: nothing to record
    if row.pk is None or row.minutes != minutes:
        row.minutes = minutes
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action="consult.target_set",
            obj=row,
            unit=unit,
            changes={str(row.get_specialty_display()): [before, minutes]},
        )
    return row


def _is_workday(day: dt.date) -> bool:
    try:
        return deadline_service.calendar().is_workday(day)
    except CalendarDataMissing:
        # A year the holiday data does not cover yet: weekends and the statutory holidays.
        return deadline_service.provisional_calendar().is_workday(day)


def working_minutes(start: dt.datetime, end: dt.datetime) -> int:
    """Working minutes between two moments (SIFASUO_CONSULT_WORKING_HOURS of working days)."""
    opens, closes = settings.SIFASUO_CONSULT_WORKING_HOURS
    zone = timezone.get_current_timezone()
    return worktime.working_minutes(
        start.astimezone(zone),
        end.astimezone(zone),
        is_workday=_is_workday,
        opens=opens,
        closes=closes,
    )


def is_overdue(question: Question, *, now: dt.datetime | None = None) -> bool:
    if question.state == QuestionState.ANSWERED:
        return not question.within_target
    return working_minutes(question.asked_at, now or timezone.now()) > question.target_minutes


# -- questions ----------------------------------------------------------------------------------


def _county(unit: OrgUnit) -> OrgUnit:
    if unit.kind == UnitKind.OFFICE and unit.parent is not None:
        return unit.parent
    return unit


def consultants_for(*, unit: OrgUnit, specialty: str, at: dt.datetime) -> list[Consultant]:
    """Who a question of `unit` in `specialty` goes to: the consultants of the specialty on duty
    now in the office's county; if none is on duty, every consultant of the specialty in the
    county; if the county has none of the specialty, every consultant of the county."""
    county = _county(unit)
    pool = list(
        Consultant.objects.filter(
            is_active=True, unit__path__startswith=county.path, user__is_active=True
        ).order_by("pk")
    )
    of_specialty = [c for c in pool if specialty in c.specialties]
    local = timezone.localtime(at)
    on_duty = set(
        DutySlot.objects.filter(
            consultant__in=of_specialty,
            day=local.date(),
            starts__lte=local.time(),
            ends__gt=local.time(),
        ).values_list("consultant_id", flat=True)
    )
    return [c for c in of_specialty if c.pk in on_duty] or of_specialty or pool


def _new_tracking_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    stamp = timezone.localdate().strftime("%y%m%d")
    while True:
        code = "Z" + stamp + "".join(secrets.choice(alphabet) for _ in range(6))
        if not Question.objects.filter(tracking_code=code).exists():
            return code


@transaction.atomic
def question_ask(
    *,
    actor: Actor,
    unit: OrgUnit,
    specialty: str,
    text: str,
    phone: str,
    asker_name: str = "",
    consent: bool,
) -> Question:
    """A citizen's question, sent to the office of the township chosen and offered to its
    county's consultants (see `consultants_for`). Only the portal's actor asks."""
    check_actor(actor)
    if actor != CITIZEN:
        raise PermissionDenied("网上咨询只能由公众在门户提交。")
    if not consent:
        raise ValidationError({"consent": "请阅读并同意个人信息处理说明后再提交。"})
    if unit.kind != UnitKind.OFFICE or not unit.is_active:
        raise ValidationError({"unit": "请选择所在乡镇（街道）。"})
    if specialty not in Specialty.values:
        raise ValidationError({"specialty": "请选择咨询类别。"})
    text = _clean_text(text, field="text", label="咨询内容", limit=text_limits.NARRATIVE_MAX)
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    asker_name = (asker_name or "").strip()
    if len(asker_name) > 50:
        raise ValidationError({"asker_name": "称呼不能超过50字。"})
    lock_unit(unit)
    now = timezone.now()
    question = Question(
        unit=unit,
        tracking_code=_new_tracking_code(),
        specialty=specialty,
        text=text,
        asker_name=asker_name,
        phone=phone,
        consented_at=now,
        asked_at=now,
        target_minutes=target_minutes(unit=unit, specialty=specialty),
    )
    question.full_clean()
    question.save()
    consultants = consultants_for(unit=unit, specialty=specialty, at=now)
    question.offered_to.set(consultants)
    audit_record(
        actor=actor,
        action="consult.question_ask",
        obj=question,
        unit=unit,
        changes={
            **diff({}, snapshot(question, ["specialty", "phone", "asker_name", "target_minutes"])),
            "推送律师": [None, [c.public_name for c in consultants]],
            "同意个人信息处理": [None, timezone.localtime(now).isoformat(timespec="seconds")],
        },
    )
    return question


def _consultant_of(actor: Actor, question: Question) -> Consultant:
    consultant = getattr(actor, "consultant", None) if not is_system(actor) else None
    if consultant is None or not consultant.is_active:
        raise PermissionDenied("只有登记的咨询律师可以解答。")
    if not question.offered_to.filter(pk=consultant.pk).exists():
        raise PermissionDenied("该咨询未推送给您。")
    return consultant


def held_by_another(question: Question, consultant: Consultant, now: dt.datetime) -> bool:
    """Whether another consultant's claim still holds the question."""
    return (
        question.state == QuestionState.CLAIMED
        and question.claimed_by_id != consultant.pk
        and question.claimed_at is not None
        and now - question.claimed_at < CLAIM_HOLD
    )


def _refuse_taken(question: Question, consultant: Consultant, now: dt.datetime) -> None:
    if question.state == QuestionState.ANSWERED:
        raise ValidationError(f"已由{_public_name(question.answered_by)}解答。", code="taken")
    if held_by_another(question, consultant, now):
        raise ValidationError(f"已由{_public_name(question.claimed_by)}认领解答。", code="taken")


def _public_name(consultant: Consultant | None) -> str:
    return consultant.public_name if consultant is not None else "其他律师"


@transaction.atomic
def question_claim(*, actor: Actor, question: Question) -> Question:
    """认领: the consultant tells the others they are answering (held for CLAIM_HOLD)."""
    consultant = _consultant_of(actor, question)
    question = lock(question)
    now = timezone.now()
    _refuse_taken(question, consultant, now)
    before = snapshot(question, ["state", "claimed_by"])
    question.state = QuestionState.CLAIMED
    question.claimed_by = consultant
    question.claimed_at = now
    save_audited(
        question,
        actor=actor,
        action="consult.question_claim",
        before=before,
        fields=["state", "claimed_by"],
    )
    return question


@transaction.atomic
def question_answer(*, actor: Actor, question: Question, answer: str) -> Question:
    """The first answer wins: the row is locked, and a question already answered (or claimed
    by another consultant within the hold) is refused, naming who has it."""
    consultant = _consultant_of(actor, question)
    answer = _clean_text(answer, field="answer", label="解答", limit=text_limits.DOCUMENT_MAX)
    question = lock(question)
    now = timezone.now()
    _refuse_taken(question, consultant, now)
    before = snapshot(question, ["state", "answered_by", "answer"])
    question.state = QuestionState.ANSWERED
    question.answer = answer
    question.answered_by = consultant
    question.answered_at = now
    question.response_minutes = working_minutes(question.asked_at, now)
    question.within_target = question.response_minutes <= question.target_minutes
    save_audited(
        question,
        actor=actor,
        action="consult.question_answer",
        before=before,
        fields=["state", "answered_by", "answer"],
        extra={"响应用时（工作分钟）": [None, question.response_minutes]},
    )
    return question


def question_lookup(*, tracking_code: str, phone: str) -> Question | None:
    """The question with this code asked from this phone; a wrong code and a wrong phone both
    give None, so the portal reveals nothing."""
    code = (tracking_code or "").strip().upper()
    try:
        phone = normalize_phone(phone or "")
    except ValidationError:
        return None
    return (
        Question.objects.filter(tracking_code=code, phone_digest=blind_index(phone))
        .select_related("answered_by")
        .first()
    )


@transaction.atomic
def question_rate(*, actor: Actor, question: Question, rating: int, comment: str = "") -> Question:
    """The citizen's rating of the answer (1–5 and a comment), once."""
    check_actor(actor)
    if actor != CITIZEN:
        raise PermissionDenied("评价只能由咨询人在门户提交。")
    question = lock(question)
    if question.state != QuestionState.ANSWERED:
        raise ValidationError("律师解答后才能评价。")
    if question.rating is not None:
        raise ValidationError("您已评价过该咨询。")
    if rating not in range(1, 6):
        raise ValidationError({"rating": "请选择1至5分。"})
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError({"rating_comment": "评价意见不能超过300字。"})
    before = snapshot(question, ["rating", "rating_comment"])
    question.rating, question.rating_comment = rating, comment
    question.rated_at = timezone.now()
    save_audited(
        question,
        actor=actor,
        action="consult.question_rate",
        before=before,
        fields=["rating", "rating_comment"],
    )
    return question


@transaction.atomic
def question_to_matter(*, actor: Actor, question: Question) -> Matter:
    """A question that needs more (调解、法律援助…) becomes an intake matter of the office with
    the 网上申请 channel, carrying the question, the answer and the asker's contact: nobody
    retypes them. The question keeps its matter and the matter its question."""
    core_services.require(actor, Capability.MANAGE_PARTIES)
    core_services.require_unit(actor, question.unit)
    question = lock(question)
    if question.matter is not None:
        raise ValidationError(f"该咨询已转为受理事项（查询码{question.matter.tracking_code}）。")
    narrative = (
        f"网上法律咨询（查询码{question.tracking_code}，{question.get_specialty_display()}）："
        f"{question.text}"
    )
    if question.answer:
        narrative += f"\n律师解答（{_public_name(question.answered_by)}）：{question.answer}"
    matter = intake_services.matter_register(
        actor=actor,
        unit=question.unit,
        channel=Channel.ONLINE,
        matter_type=MatterType.CONSULTATION,
        narrative=narrative[: text_limits.DOCUMENT_MAX],
        requesters=[
            {"kind": "person", "name": question.asker_name or "网上咨询人", "phone": question.phone}
        ],
        received_on=max(
            timezone.localtime(question.asked_at).date(),
            timezone.localdate() - dt.timedelta(days=intake_services.RECEIVED_ON_MAX_AGE_DAYS),
        ),
        allow_identical=True,
    )
    before = snapshot(question, ["matter"])
    question.matter = matter
    save_audited(
        question,
        actor=actor,
        action="consult.question_to_matter",
        before=before,
        fields=["matter"],
        extra={"受理事项查询码": [None, matter.tracking_code]},
    )
    return matter


@transaction.atomic
def questions_erase_expired(*, actor: Actor, today: dt.date | None = None) -> int:
    """Erase the asker's name and phone from questions asked more than
    SIFASUO_CONSULT_KEEP_YEARS years ago (the period the privacy notice states); the question,
    answer and rating stay for the statistics. Returns how many were erased."""
    check_actor(actor)
    today = today or timezone.localdate()
    years = settings.SIFASUO_CONSULT_KEEP_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    expired = Question.objects.filter(asked_at__date__lt=cutoff).exclude(phone="")
    count = 0
    for question in expired.iterator():
        question.asker_name, question.phone = "", ""
        question.phone_digest = ""
        # A bulk update skips the summaries' signals: no indicator counts these fields.
        Question.objects.filter(pk=question.pk).update(asker_name="", phone="", phone_digest="")
        audit_record(
            actor=actor,
            action="consult.question_erase",
            obj=question,
            unit=question.unit,
            changes={"个人信息": ["保存期满", "已删除"]},
        )
        count += 1
    return count


# -- FAQ -------------------------------------------------------------------------------------


@transaction.atomic
def faq_save(
    *,
    actor: Actor,
    unit: OrgUnit,
    specialty: str,
    question: str,
    answer: str,
    sources: Sequence[Question] = (),
    entry: FaqEntry | None = None,
    version: int | None = None,
) -> FaqEntry:
    """Write or edit a 高频涉法难点 entry from answered questions (edited so that no one can be
    recognised: the staff member rewrites the text, nothing is copied to the portal unread)."""
    _require_manager(actor, unit if entry is None else entry.unit)
    if specialty not in Specialty.values:
        raise ValidationError({"specialty": "请选择咨询类别。"})
    for source in sources:
        if (
            source.unit_id != unit.pk
            and not can_see_unit(actor, source.unit)
            and not is_system(actor)
        ):
            raise PermissionDenied("来源咨询不属于本单位。")
    if entry is not None:
        entry = lock(entry, version=version)
        before = snapshot(entry, FAQ_FIELDS)
    else:
        entry = FaqEntry(unit=unit, created_by=None if is_system(actor) else actor)
        before = {}
    entry.specialty = specialty
    entry.question = _clean_text(
        question, field="question", label="问题", limit=text_limits.NARRATIVE_MAX
    )
    entry.answer = _clean_text(answer, field="answer", label="解答", limit=text_limits.DOCUMENT_MAX)
    save_audited(entry, actor=actor, action="consult.faq_save", before=before, fields=FAQ_FIELDS)
    if sources:
        entry.sources.add(*sources)
    return entry


@transaction.atomic
def faq_publish(*, actor: Actor, entry: FaqEntry, published: bool) -> FaqEntry:
    """Publish the entry on the portal's FAQ page, or take it down."""
    _require_manager(actor, entry.unit)
    entry = lock(entry)
    before = snapshot(entry, FAQ_FIELDS)
    entry.published = published
    entry.published_at = timezone.now() if published else None
    save_audited(
        entry,
        actor=actor,
        action="consult.faq_publish" if published else "consult.faq_unpublish",
        before=before,
        fields=FAQ_FIELDS,
    )
    return entry


def can_manage(user) -> bool:
    return has_capability(user, MANAGE)
