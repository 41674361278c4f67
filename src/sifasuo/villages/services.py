"""Write services of 法律明白人与民主法治村: the registry, trainings, early reports (into
intake), the 示范村 standing and the 村规民约 with their revisions. Each is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core.actors import Actor, is_system
from sifasuo.core.audit import audit_record, diff, hold_chain, snapshot
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.personal_data import normalize_phone
from sifasuo.core.roles import Capability
from sifasuo.core.services import require, require_unit
from sifasuo.core.workflow import lock, save_audited
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Channel, MatterType
from sifasuo.reviews.models import Review, ReviewKind

from .models import (
    DemoLevel,
    EarlyReport,
    ReportKind,
    RulesRevision,
    Training,
    Understander,
    UnderstanderRole,
    VillageRules,
    VillageStanding,
)

UNDERSTANDER_FIELDS = ["village", "name", "role", "model_household", "phone", "since", "is_active"]


def _office_step(actor: Actor, office: OrgUnit) -> None:
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, office)


def _office_of(village: OrgUnit) -> OrgUnit:
    """The 司法所 a village belongs to."""
    if village.kind != UnitKind.VILLAGE or village.parent is None:
        raise ValidationError({"village": "请选择本司法所辖区内的村/社区。"})
    return village.parent


def _check_village(office: OrgUnit, village: OrgUnit) -> None:
    if village.kind != UnitKind.VILLAGE or village.parent_id != office.pk:
        raise ValidationError({"village": "请选择本司法所辖区内的村/社区。"})


def _clean_understander(office: OrgUnit, values: dict[str, Any]) -> dict[str, Any]:
    _check_village(office, values["village"])
    values["name"] = values["name"].strip()
    if not values["name"]:
        raise ValidationError({"name": "请填写姓名。"})
    if values["role"] not in UnderstanderRole.values:
        raise ValidationError({"role": "请选择身份。"})
    if values.get("phone"):
        try:
            values["phone"] = normalize_phone(values["phone"])
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    return values


@transaction.atomic
def understander_create(*, actor: Actor, office: OrgUnit, **values: Any) -> Understander:
    _office_step(actor, office)
    values = _clean_understander(
        office, {"model_household": False, "phone": "", "since": None, **values}
    )
    if Understander.objects.filter(village=values["village"], name=values["name"]).exists():
        raise ValidationError({"name": "该村已登记同名的法律明白人。"})
    person = Understander(unit=office, **values)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action="understander.create",
        obj=person,
        changes=diff({}, snapshot(person, UNDERSTANDER_FIELDS)),
    )
    return person


@transaction.atomic
def understander_update(*, actor: Actor, person: Understander, **values: Any) -> bool:
    """Change a 法律明白人's entry; an empty phone keeps the stored one. Returns whether
    anything changed."""
    _office_step(actor, person.unit)
    person = lock(person)
    if not values.get("phone"):
        values.pop("phone", None)
    merged = {name: getattr(person, name) for name in UNDERSTANDER_FIELDS}
    merged.update(values)
    merged = _clean_understander(person.unit, merged)
    if (
        merged["name"] != person.name or merged["village"] != person.village
    ) and Understander.objects.filter(village=merged["village"], name=merged["name"]).exclude(
        pk=person.pk
    ).exists():
        raise ValidationError({"name": "该村已登记同名的法律明白人。"})
    before = snapshot(person, UNDERSTANDER_FIELDS)
    for name, value in merged.items():
        setattr(person, name, value)
    if snapshot(person, UNDERSTANDER_FIELDS) == before:
        return False
    save_audited(
        person, actor=actor, action="understander.update", before=before, fields=UNDERSTANDER_FIELDS
    )
    return True


@transaction.atomic
def training_record(
    *,
    actor: Actor,
    office: OrgUnit,
    held_on: dt.date,
    topic: str,
    attendees: list[Understander],
    place: str = "",
    speaker: str = "",
    submission_token: uuid.UUID | None = None,
) -> Training:
    """One training session (期) with who attended (人次); a form submitted twice records it
    once."""
    _office_step(actor, office)
    if submission_token is not None:
        existing = Training.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "培训日期不能晚于今天。"})
    if not topic.strip():
        raise ValidationError({"topic": "请填写培训主题。"})
    if not attendees:
        raise ValidationError({"attendees": "请选择参训的法律明白人。"})
    if any(person.unit_id != office.pk for person in attendees):
        raise ValidationError({"attendees": "参训人员须为本所登记的法律明白人。"})
    training = Training(
        unit=office,
        held_on=held_on,
        topic=topic.strip(),
        place=place.strip(),
        speaker=speaker.strip(),
        created_by=None if is_system(actor) else actor,
        submission_token=submission_token,
    )
    training.full_clean()
    training.save()
    training.attendees.set(attendees)
    audit_record(
        actor=actor,
        action="training.record",
        obj=training,
        changes={
            "held_on": [None, held_on],
            "topic": [None, training.topic],
            "attendees": [None, len(attendees)],
        },
    )
    return training


@transaction.atomic
def report_receive(
    *,
    actor: Actor,
    reporter: Understander,
    reported_on: dt.date,
    kind: str,
    summary: str,
    parties: str = "",
    submission_token: uuid.UUID | None = None,
) -> EarlyReport:
    """矛盾纠纷早发现: the 法律明白人's report is kept on their record and registered at once in
    一站式受理 as a matter (channel 法律明白人/网格员上报) with the reporter as requester, so it is
    routed, handled and answered like any other contact."""
    require(actor, Capability.MANAGE_PARTIES)
    require_unit(actor, reporter.unit)
    if submission_token is not None:
        existing = EarlyReport.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if kind not in ReportKind.values:
        raise ValidationError({"kind": "请选择类别。"})
    if not summary.strip():
        raise ValidationError({"summary": "请填写情况简述。"})
    today = timezone.localdate()
    if reported_on > today:
        raise ValidationError({"reported_on": "报告日期不能晚于今天。"})
    # A report written up late still reaches intake today: intake takes a request's day of
    # receipt only within its window, so an older report is registered as received at its edge.
    received_on = max(
        reported_on, today - dt.timedelta(days=intake_services.RECEIVED_ON_MAX_AGE_DAYS)
    )
    requester = {"kind": "person", "name": reporter.name}
    if reporter.phone:
        requester["phone"] = reporter.phone
    label = ReportKind(kind).label
    matter = intake_services.matter_register(
        actor=actor,
        unit=reporter.unit,
        channel=Channel.GRASSROOTS,
        matter_type=MatterType.DISPUTE if kind == ReportKind.DISPUTE else MatterType.OTHER,
        narrative=f"法律明白人{reporter.name}（{reporter.village.name}）报告{label}：{summary.strip()}",
        requesters=[requester],
        counterpart_names=parties.strip(),
        received_on=received_on,
        allow_identical=True,
    )
    report = EarlyReport(
        unit=reporter.unit,
        village=reporter.village,
        reporter=reporter,
        reported_on=reported_on,
        kind=kind,
        summary=summary.strip(),
        parties=parties.strip(),
        matter=matter,
        created_by=None if is_system(actor) else actor,
        submission_token=submission_token,
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="early_report.receive",
        obj=report,
        changes={"kind": [None, kind], "matter": [None, matter.tracking_code]},
    )
    return report


@transaction.atomic
def report_reply(*, actor: Actor, report: EarlyReport, reply: str) -> EarlyReport:
    """答复: what the office tells the 法律明白人 about their report (shown on the report)."""
    _office_step(actor, report.unit)
    report = lock(report)
    if not reply.strip():
        raise ValidationError({"reply": "请填写答复内容。"})
    before = snapshot(report, ["reply", "replied_on"])
    report.reply = reply.strip()
    report.replied_on = timezone.localdate()
    report.replied_by = None if is_system(actor) else actor
    save_audited(
        report,
        actor=actor,
        action="early_report.reply",
        before=before,
        fields=["reply", "replied_on"],
    )
    return report


def _reviews_of(office: OrgUnit):
    return Review.objects.filter(unit=office, kind=ReviewKind.VILLAGE_RULES)


def _check_review(office: OrgUnit, review: Review | None) -> None:
    if review is not None and not _reviews_of(office).filter(pk=review.pk).exists():
        raise ValidationError({"review": "请选择本所的村规民约合法性审查记录。"})


@transaction.atomic
def standing_set(
    *, actor: Actor, village: OrgUnit, level: str, year: int | None = None
) -> VillageStanding:
    """民主法治示范村: the village's level and the year it was named."""
    office = _office_of(village)
    _office_step(actor, office)
    _check_village(office, village)
    if level not in DemoLevel.values:
        raise ValidationError({"level": "请选择示范村级别。"})
    if level != DemoLevel.NONE and not year:
        raise ValidationError({"year": "请填写命名年度。"})
    if year and year > timezone.localdate().year:
        raise ValidationError({"year": "命名年度不能晚于今年。"})
    hold_chain(office)  # the chain before the row, as every audited write takes them
    standing = VillageStanding.objects.select_for_update().filter(
        village=village
    ).first() or VillageStanding(unit=office, village=village)
    before = snapshot(standing, ["level", "year"]) if standing.pk else {}
    standing.level = level
    standing.year = year if level != DemoLevel.NONE else None
    standing.full_clean()
    standing.save()
    audit_record(
        actor=actor,
        action="village.standing",
        obj=village,
        unit=office,
        changes=diff(before, snapshot(standing, ["level", "year"])),
    )
    return standing


@transaction.atomic
def rules_set(
    *,
    actor: Actor,
    village: OrgUnit,
    title: str,
    adopted_on: dt.date,
    review: Review | None = None,
    summary: str = "",
) -> VillageRules:
    """村规民约: record (or correct) the village's rules as adopted by the 村民会议."""
    office = _office_of(village)
    _office_step(actor, office)
    _check_village(office, village)
    _check_review(office, review)
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": "通过日期不能晚于今天。"})
    if not title.strip():
        raise ValidationError({"title": "请填写名称。"})
    hold_chain(office)
    rules = VillageRules.objects.select_for_update().filter(village=village).first() or (
        VillageRules(unit=office, village=village)
    )
    fields = ["title", "adopted_on", "review", "summary"]
    before = snapshot(rules, fields) if rules.pk else {}
    rules.title, rules.adopted_on, rules.review = title.strip(), adopted_on, review
    rules.summary = summary.strip()
    rules.full_clean()
    rules.save()
    audit_record(
        actor=actor,
        action="village.rules",
        obj=rules,
        changes=diff(before, snapshot(rules, fields)),
    )
    return rules


@transaction.atomic
def rules_revise(
    *,
    actor: Actor,
    rules: VillageRules,
    revised_on: dt.date,
    summary: str,
    review: Review | None = None,
) -> RulesRevision:
    """修订: a revision of the 村规民约 adopted on `revised_on`, with its legality review."""
    _office_step(actor, rules.unit)
    rules = lock(rules)
    _check_review(rules.unit, review)
    if revised_on > timezone.localdate():
        raise ValidationError({"revised_on": "修订日期不能晚于今天。"})
    if revised_on < rules.adopted_on:
        raise ValidationError({"revised_on": "修订日期不能早于村规民约通过日期。"})
    if not summary.strip():
        raise ValidationError({"summary": "请填写修订内容。"})
    revision = RulesRevision.objects.create(
        rules=rules,
        revised_on=revised_on,
        summary=summary.strip(),
        review=review,
        recorded_by=None if is_system(actor) else actor,
    )
    audit_record(
        actor=actor,
        action="village.rules_revise",
        obj=rules,
        changes={"revised_on": [None, revised_on], "summary": [None, revision.summary]},
    )
    return revision


def review_choices(office: OrgUnit):
    return _reviews_of(office).order_by("-submitted_on")
