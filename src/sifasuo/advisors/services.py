"""Write services of 一村（居）一法律顾问: appointments, service logs with their attachments,
the hand-off of a consultation to intake, the month close and the villages' rating."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core.actors import Actor, is_system
from sifasuo.core.attachments import attachment_add
from sifasuo.core.audit import audit_record, diff, hold_chain, snapshot
from sifasuo.core.models import OrgUnit, UnitKind, User
from sifasuo.core.personal_data import normalize_phone
from sifasuo.core.roles import Capability, Role
from sifasuo.core.services import require, require_unit
from sifasuo.core.uploads import read_photo_or_document
from sifasuo.core.workflow import lock, lock_unit, save_audited
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Channel, Matter

from . import checks
from .models import (
    Appointment,
    AttachmentKind,
    EndReason,
    Grade,
    LogAttachment,
    LogKind,
    MonthClose,
    ServiceLog,
    VillageRating,
)

APPOINTMENT_FIELDS = [
    "village",
    "lawyer_name",
    "firm",
    "license_no",
    "phone",
    "account",
    "starts_on",
    "ends_on",
    "fee",
    "note",
]
END_FIELDS = ["ended_on", "end_reason", "end_note"]
LOG_FIELDS = ["served_on", "kind", "people_served", "content", "request", "consulter_name"]


def _office_step(actor: Actor, office: OrgUnit) -> None:
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, office)


def _check_village(office: OrgUnit, village: OrgUnit) -> None:
    if village.kind != UnitKind.VILLAGE or village.parent_id != office.pk:
        raise ValidationError({"village": "请选择本司法所辖区内的村/社区。"})


def _clean_appointment(office: OrgUnit, values: dict[str, Any]) -> dict[str, Any]:
    _check_village(office, values["village"])
    values["lawyer_name"] = values["lawyer_name"].strip()
    values["firm"] = values["firm"].strip()
    values["license_no"] = values["license_no"].strip()
    if not values["lawyer_name"] or not values["license_no"]:
        raise ValidationError({"license_no": "请填写法律顾问姓名和执业证号。"})
    if values["ends_on"] < values["starts_on"]:
        raise ValidationError({"ends_on": "聘期届满日不能早于起始日。"})
    if values.get("phone"):
        try:
            values["phone"] = normalize_phone(values["phone"])
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    account = values.get("account")
    if account is not None and (
        account.role != Role.LEGAL_ADVISOR
        or account.unit is None
        or not account.unit.is_within(office)
    ):
        raise ValidationError({"account": "关联账号须为本司法所的法律顾问账号。"})
    if values.get("fee") is not None and values["fee"] < 0:
        raise ValidationError({"fee": "服务费不能为负数。"})
    return values


@transaction.atomic
def appointment_create(*, actor: Actor, office: OrgUnit, **values: Any) -> Appointment:
    """聘任: a lawyer for one village for a contract period and a fee."""
    _office_step(actor, office)
    values = _clean_appointment(office, {"fee": Decimal(0), "phone": "", "note": "", **values})
    if Appointment.objects.filter(
        village=values["village"], license_no=values["license_no"], starts_on=values["starts_on"]
    ).exists():
        raise ValidationError({"license_no": "该法律顾问在该村同一聘期起始日的聘任已登记。"})
    appointment = Appointment(unit=office, **values)
    appointment.full_clean()
    appointment.save()
    audit_record(
        actor=actor,
        action="advisor.appoint",
        obj=appointment,
        changes=diff({}, snapshot(appointment, APPOINTMENT_FIELDS)),
    )
    return appointment


@transaction.atomic
def appointment_update(*, actor: Actor, appointment: Appointment, **values: Any) -> bool:
    """Change an appointment (the period, the fee, the firm…); returns whether anything changed.
    An empty phone keeps the stored one."""
    _office_step(actor, appointment.unit)
    appointment = lock(appointment)
    if not values.get("phone"):
        values.pop("phone", None)
    merged = {name: getattr(appointment, name) for name in APPOINTMENT_FIELDS}
    merged.update(values)
    merged = _clean_appointment(appointment.unit, merged)
    ended_on = appointment.ended_on
    if ended_on is not None and not merged["starts_on"] <= ended_on <= merged["ends_on"]:
        raise ValidationError(
            {"ends_on": f"该聘任已于{ended_on:%Y-%m-%d}提前终止，聘期须包含终止日期。"}
        )
    before = snapshot(appointment, APPOINTMENT_FIELDS)
    for name, value in merged.items():
        setattr(appointment, name, value)
    if snapshot(appointment, APPOINTMENT_FIELDS) == before:
        return False
    save_audited(
        appointment,
        actor=actor,
        action="advisor.appointment_update",
        before=before,
        fields=APPOINTMENT_FIELDS,
    )
    return True


@transaction.atomic
def appointment_end_early(
    *,
    actor: Actor,
    appointment: Appointment,
    ended_on: dt.date,
    reason: str,
    note: str = "",
) -> Appointment:
    """提前终止: the advisor resigned (辞任), was dismissed (解聘) or replaced before the planned
    end. `ended_on` is the last day served; the village counts as uncovered from the next day.
    The planned end (`ends_on`) is kept."""
    _office_step(actor, appointment.unit)
    if not is_system(actor) and actor.role == Role.LEGAL_ADVISOR:
        raise PermissionDenied("聘任的提前终止由司法所办理。")
    appointment = lock(appointment)
    if appointment.ended_on is not None:
        raise ValidationError(
            f"该聘任已于{appointment.ended_on:%Y-%m-%d}提前终止，不能重复终止。", code="ended"
        )
    if reason not in EndReason.values:
        raise ValidationError({"reason": "请选择终止原因。"})
    note = note.strip()
    if reason == EndReason.OTHER and not note:
        raise ValidationError({"note": "终止原因为“其他”时，请在说明中写明原因。"})
    if ended_on < appointment.starts_on:
        raise ValidationError(
            {"ended_on": f"终止日期不能早于聘期起始日（{appointment.starts_on:%Y-%m-%d}）。"}
        )
    if ended_on > appointment.ends_on:
        raise ValidationError(
            {"ended_on": f"终止日期不能晚于聘期届满日（{appointment.ends_on:%Y-%m-%d}）。"}
        )
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "终止日期不能晚于今天。"})
    later = appointment.logs.filter(served_on__gt=ended_on).order_by("-served_on")
    if later.exists():
        raise ValidationError(
            {
                "ended_on": f"终止日期之后还登记有 {later.count()} 条工作日志"
                f"（最近一条为{later[0].served_on:%Y-%m-%d}），请先核对日志或改选终止日期。"
            }
        )
    before = snapshot(appointment, END_FIELDS)
    appointment.ended_on, appointment.end_reason, appointment.end_note = ended_on, reason, note
    save_audited(
        appointment, actor=actor, action="advisor.appointment_end", before=before, fields=END_FIELDS
    )
    appointment.refresh_from_db(fields=["serves_until"])
    return appointment


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _check_month_open(appointment: Appointment, day: dt.date) -> None:
    if MonthClose.objects.filter(
        unit=appointment.unit, license_no=appointment.license_no, month=_month_start(day)
    ).exists():
        raise ValidationError(
            {"served_on": f"{day:%Y年%m月}的工作日志已结账，不能再登记或修改该月的日志。"}
        )


def _log_actor(actor: Actor, appointment: Appointment) -> None:
    _office_step(actor, appointment.unit)
    # An advisor's own account writes only the logs of their own appointments.
    if (
        not is_system(actor)
        and actor.role == Role.LEGAL_ADVISOR
        and appointment.account_id not in (None, actor.pk)
    ):
        raise PermissionDenied("只能登记本人聘任村（居）的工作日志。")


def _clean_log(appointment: Appointment, values: dict[str, Any]) -> dict[str, Any]:
    served_on = values["served_on"]
    if served_on > timezone.localdate():
        raise ValidationError({"served_on": "服务日期不能晚于今天。"})
    if not appointment.starts_on <= served_on <= appointment.serves_until:
        raise ValidationError(
            {
                "served_on": f"服务日期不在聘期内（{appointment.starts_on:%Y-%m-%d}至"
                f"{appointment.serves_until:%Y-%m-%d}）。"
            }
        )
    if values["kind"] not in LogKind.values:
        raise ValidationError({"kind": "请选择服务类型。"})
    for name in ("content", "request", "consulter_name"):
        values[name] = (values.get(name) or "").strip()
    return values


@transaction.atomic
def log_create(
    *,
    actor: Actor,
    appointment: Appointment,
    served_on: dt.date,
    kind: str,
    people_served: int = 0,
    content: str = "",
    request: str = "",
    consulter_name: str = "",
    submission_token: uuid.UUID | None = None,
) -> ServiceLog:
    """工作日志: one service on one day. A log may be saved without its content (written up
    later); the month's completeness check lists it until it is filled in."""
    _log_actor(actor, appointment)
    if submission_token is not None:
        existing = ServiceLog.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    # The appointment as it stands now (an early end may have come since the form was opened),
    # held so that an end and a log of a later day cannot pass each other.
    appointment = lock(appointment)
    values = _clean_log(
        appointment,
        {
            "served_on": served_on,
            "kind": kind,
            "people_served": people_served,
            "content": content,
            "request": request,
            "consulter_name": consulter_name,
        },
    )
    _check_month_open(appointment, served_on)
    log = ServiceLog(
        unit=appointment.unit,
        appointment=appointment,
        village=appointment.village,
        created_by=None if is_system(actor) else actor,
        submission_token=submission_token,
        **values,
    )
    log.full_clean()
    log.save()
    audit_record(
        actor=actor, action="advisor.log", obj=log, changes=diff({}, snapshot(log, LOG_FIELDS))
    )
    return log


@transaction.atomic
def log_update(*, actor: Actor, log: ServiceLog, **values: Any) -> ServiceLog:
    """Fill in or correct a log of a month not yet closed."""
    _log_actor(actor, log.appointment)
    log = lock(log)
    _check_month_open(log.appointment, log.served_on)
    merged = {name: getattr(log, name) for name in LOG_FIELDS}
    merged.update(values)
    merged = _clean_log(log.appointment, merged)
    _check_month_open(log.appointment, merged["served_on"])
    before = snapshot(log, LOG_FIELDS)
    for name, value in merged.items():
        setattr(log, name, value)
    save_audited(log, actor=actor, action="advisor.log_update", before=before, fields=LOG_FIELDS)
    return log


@transaction.atomic
def log_attach(*, actor: Actor, log: ServiceLog, kind: str, upload) -> LogAttachment:
    """A photo (.jpg/.png), the signed sheet or the written opinion (.pdf/.docx, or a photo of
    the signed paper) of a log; each upload is a new version."""
    _log_actor(actor, log.appointment)
    log = lock(log)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": "请选择附件类别。"})
    attachment, _text = attachment_add(
        LogAttachment,
        actor=actor,
        owner_field="log",
        owner=log,
        upload=upload,
        reader=read_photo_or_document,
        kind=kind,
    )
    audit_record(
        actor=actor,
        action="advisor.attachment",
        obj=log,
        changes={"attachment": [None, f"{attachment.get_kind_display()} {attachment}"]},
    )
    return attachment


@transaction.atomic
def log_report_to_intake(
    *,
    actor: Actor,
    log: ServiceLog,
    matter_type: str,
    requester_name: str,
    requester_phone: str = "",
    counterpart_names: str = "",
    narrative: str = "",
) -> Matter:
    """村居法律顾问上报: a consultation the advisor could not settle on the spot becomes an intake
    matter (channel ADVISOR) with the log's content, registered once; a dispute can then be
    opened as a mediation case from the matter (intake's hand-over), without retyping."""
    require(actor, Capability.MANAGE_PARTIES)
    require_unit(actor, log.unit)
    log = lock(log)
    if log.matter_id is not None:
        raise ValidationError("该日志已上报为受理事项，不能重复上报。")
    narrative = (narrative or log.content).strip()
    if not narrative:
        raise ValidationError({"narrative": "请填写事项简述（日志的服务内容为空）。"})
    if not requester_name.strip():
        raise ValidationError({"requester_name": "请填写申请人（咨询人）姓名。"})
    requester = {"kind": "person", "name": requester_name.strip()}
    if requester_phone.strip():
        requester["phone"] = requester_phone.strip()
    try:
        matter = intake_services.matter_register(
            actor=actor,
            unit=log.unit,
            channel=Channel.ADVISOR,
            matter_type=matter_type,
            narrative=f"{log.village.name}：{narrative}",
            requesters=[requester],
            counterpart_names=counterpart_names,
            received_on=max(log.served_on, timezone.localdate() - dt.timedelta(days=30)),
            allow_identical=True,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            renamed = {
                {"r1_name": "requester_name", "r1_phone": "requester_phone"}.get(k, k): v
                for k, v in exc.message_dict.items()
            }
            raise ValidationError(renamed) from exc
        raise
    log.matter = matter
    log.save(update_fields=["matter"])
    audit_record(
        actor=actor,
        action="advisor.report",
        obj=log,
        changes={"matter": [None, matter.tracking_code]},
    )
    return matter


@transaction.atomic
def month_close(
    *, actor: Actor, office: OrgUnit, license_no: str, month: dt.date, note: str = ""
) -> MonthClose:
    """月度结账 of one advisor's logs: refused while the completeness check lists gaps, unless a
    note says why it is closed with them (the gaps are kept with the close)."""
    _office_step(actor, office)
    if not is_system(actor) and actor.role == Role.LEGAL_ADVISOR:
        raise PermissionDenied("月度结账由司法所办理。")
    month = _month_start(month)
    if month > _month_start(timezone.localdate()):
        raise ValidationError("不能对尚未开始的月份结账。")
    lock_unit(office)
    if MonthClose.objects.filter(unit=office, license_no=license_no, month=month).exists():
        raise ValidationError(f"{month:%Y年%m月}已结账。")
    report = checks.month_report(office=office, month=month, license_no=license_no)
    if not report:
        raise ValidationError("该法律顾问本月没有在聘的村（居）。")
    advisor = report[0]
    note = note.strip()
    if advisor.gaps and not note:
        raise ValidationError(
            [f"{advisor.name}{month:%Y年%m月}尚有 {len(advisor.gaps)} 处缺漏，不能结账："]
            + advisor.gaps
            + ["如确需带缺漏结账，请在“说明”中写明原因。"]
        )
    close = MonthClose.objects.create(
        unit=office,
        license_no=license_no,
        lawyer_name=advisor.name,
        month=month,
        gaps=advisor.gaps,
        note=note,
        closed_by=None if is_system(actor) else actor,
    )
    audit_record(
        actor=actor,
        action="advisor.month_close",
        obj=close,
        changes={"gaps": len(advisor.gaps), **({"note": [None, note]} if note else {})},
    )
    return close


@transaction.atomic
def rating_set(
    *,
    actor: Actor,
    appointment: Appointment,
    year: int,
    score: int | None = None,
    grade: str = "",
    comment: str = "",
) -> VillageRating:
    """村居评议: the village's rating of its advisor for a year (a score 1–5, a grade, or both)."""
    _office_step(actor, appointment.unit)
    if not is_system(actor) and actor.role == Role.LEGAL_ADVISOR:
        raise PermissionDenied("法律顾问不能为本人评议。")
    if score is None and not grade:
        raise ValidationError({"score": "请填写评分或选择等次。"})
    if score is not None and not 1 <= score <= 5:
        raise ValidationError({"score": "评分应为 1 至 5。"})
    if grade and grade not in Grade.values:
        raise ValidationError({"grade": "请选择等次。"})
    if not appointment.starts_on.year <= year <= appointment.serves_until.year:
        raise ValidationError({"year": "评议年度不在聘期内。"})
    hold_chain(appointment.unit)  # the chain before the row, as every audited write takes them
    rating = VillageRating.objects.select_for_update().filter(
        appointment=appointment, year=year
    ).first() or VillageRating(unit=appointment.unit, appointment=appointment, year=year)
    before = snapshot(rating, ["score", "grade", "comment"]) if rating.pk else {}
    rating.score, rating.grade, rating.comment = score, grade, comment.strip()
    rating.rated_by = None if is_system(actor) else actor
    rating.full_clean()
    rating.save()
    audit_record(
        actor=actor,
        action="advisor.rating",
        obj=appointment,
        changes={"year": year, **diff(before, snapshot(rating, ["score", "grade", "comment"]))},
    )
    return rating


def account_choices(office: OrgUnit):
    return User.objects.filter(
        role=Role.LEGAL_ADVISOR, is_active=True, unit__path__startswith=office.path
    )
