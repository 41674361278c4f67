"""Enforcers (执法人员) with their cards, and enforcement cases with the 三项制度."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import deadline_service
from sifasuo.core.audit import audit_record, snapshot
from sifasuo.core.models import OrgUnit
from sifasuo.core.personal_data import normalize_id_number, normalize_phone
from sifasuo.core.services import share_record
from sifasuo.core.workflow import expect_status, lock, save_audited
from sifasuo.reviews.models import Review

from .. import rules
from ..models import (
    EnforcementCase,
    Enforcer,
    Training,
)
from ._common import _office_of, _work

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


def limitation_period(case: EnforcementCase) -> tuple[dt.date, bool] | None:
    """The last day a penalty may be given (行政处罚法 第三十六条), when the offence date is
    known, and whether it is provisional (counted without a year's holiday data)."""
    if case.violation_on is None or case.kind != "penalty":
        return None
    rule = "penalty.limitation_extended" if case.extended_limitation else "penalty.limitation"
    due, provisional = deadline_service.compute_due(rule, case.violation_on)
    return due.due, provisional


def limitation_end(case: EnforcementCase) -> dt.date | None:
    period = limitation_period(case)
    return period[0] if period else None


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
