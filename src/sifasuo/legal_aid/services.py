"""Legal-aid write services: the office registers and forwards; the county 法律援助中心 receives,
decides, assigns, records objections, the outcome and the visit. Every write is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core import deadline_service
from sifasuo.core import services as core_services
from sifasuo.core.actors import Actor, check_actor, is_system
from sifasuo.core.audit import snapshot
from sifasuo.core.models import OrgUnit, PartyKind, Share, UnitKind
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.scoping import can_see_unit
from sifasuo.core.workflow import expect_status, lock, lock_unit, save_audited
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import MatterState, MatterType

from . import due
from .apps import CENTRE_CAPABILITY
from .models import (
    CENTRE_KIND,
    GROUP_FIELDS,
    Application,
    Art31Item,
    Decision,
    ExemptionItem,
    MatterKind,
    MeansBasis,
    Objection,
    ObjectionResult,
    Outcome,
    Status,
)

APPLICATION_FIELDS = [
    "matter_kind",
    "art31_item",
    "summary",
    "opponent",
    "received_on",
    *(name for name, _label in GROUP_FIELDS),
    "means_basis",
    "exemption_item",
    "art32_item",
    "exemption_proof",
    "household_size",
    "household_income",
    "income_source",
    "declaration",
    "pledge_signed",
    "status",
    "centre",
    "forward_due_on",
    "forwarded_on",
    "forward_means",
    "forward_receipt",
    "centre_received_on",
    "materials_notice_on",
    "materials_requested",
    "materials_supplied_on",
    "withdrawn_on",
    "decide_due_on",
    "decision",
    "decision_on",
    "decision_reason",
    "prior_aid_item",
    "prior_aid_on",
    "assign_due_on",
    "assigned_on",
    "lawyer",
    "law_firm",
    "outcome",
    "closed_on",
    "outcome_note",
    "visited_on",
    "satisfaction",
    "visit_note",
    "due_on",
]
OBJECTION_FIELDS = ["received_on", "against", "content", "result", "decided_on", "result_note"]
# Civil and administrative matters name their 第三十一条 item (unless 第三十二条 applies).
ITEM_KINDS = (MatterKind.CIVIL, MatterKind.ADMINISTRATIVE, MatterKind.STATE_COMPENSATION)


def may_register_application(user) -> bool:
    """Applications are registered at a 司法所 (an office's staff who register matters)."""
    return (
        has_capability(user, Capability.MANAGE_PARTIES)
        and user.unit_id is not None
        and user.unit.kind == UnitKind.OFFICE
    )


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(day: dt.date | None, field: str, label: str) -> None:
    if day is None:
        raise ValidationError({field: f"请填写{label}。"})
    if day > _today():
        raise ValidationError({field: f"{label}不能晚于今天。"})


def _not_before(day: dt.date, earlier: dt.date | None, field: str, message: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError({field: message})


def is_office_staff(actor, app_or_unit) -> bool:
    unit = app_or_unit if isinstance(app_or_unit, OrgUnit) else app_or_unit.unit
    return has_capability(actor, Capability.MANAGE_PARTIES) and can_see_unit(actor, unit)


def is_centre_staff(actor, app: Application) -> bool:
    return (
        has_capability(actor, CENTRE_CAPABILITY)
        and app.centre_id is not None
        and (actor.is_superuser or actor.unit_id == app.centre_id)
    )


def _require_office(actor: Actor, app_or_unit) -> None:
    check_actor(actor)
    if is_system(actor):
        return
    if not is_office_staff(actor, app_or_unit):
        raise PermissionDenied("只有受理申请的司法所可以办理。")


def _require_centre(actor: Actor, app: Application) -> None:
    check_actor(actor)
    if is_system(actor):
        return
    if not is_centre_staff(actor, app):
        raise PermissionDenied("只有接收该申请的法律援助中心可以办理。")


def _save(app: Application, *, actor: Actor, action: str, before: dict, **extra: Any) -> None:
    save_audited(
        app, actor=actor, action=action, before=before, fields=APPLICATION_FIELDS, extra=extra
    )


def _save_current(app: Application, *, actor: Actor, action: str, before: dict) -> Application:
    """Save a step that moved the application on, with its current statutory period."""
    due.set_current(app)
    _save(app, actor=actor, action=action, before=before)
    return app


def centre_for(office: OrgUnit) -> OrgUnit | None:
    """The 法律援助中心 of the office's county: a centre under the office's own bureau."""
    if office.parent_id is None:
        return None
    return (
        OrgUnit.objects.filter(kind=CENTRE_KIND, parent_id=office.parent_id, is_active=True)
        .order_by("pk")
        .first()
    )


def _next_number(unit: OrgUnit, year: int) -> str:
    lock_unit(unit)
    prefix = f"{unit.name}援申〔{year}〕第"
    count = Application.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1}号"


def _check_means(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    basis = values.get("means_basis")
    kind = values.get("matter_kind")
    item = values.get("art31_item") or ""
    if kind == MatterKind.CRIMINAL and item:
        errors["art31_item"] = "刑事案件不适用第三十一条事项，请留空。"
    if kind in ITEM_KINDS and not item and basis != MeansBasis.UNRESTRICTED:
        errors["art31_item"] = "民事、行政、国家赔偿事项请选择法律援助法第三十一条所列事项。"
    if basis == MeansBasis.EXEMPT:
        if not values.get("exemption_item"):
            errors["exemption_item"] = "免予核查经济困难状况的，请选择第四十二条所列情形。"
        if not (values.get("exemption_proof") or "").strip():
            errors["exemption_proof"] = (
                "第四十二条要求申请人有材料证明属于所列人员，请填写证明材料（如低保证、残疾证号）。"
            )
        if values.get("exemption_item") == ExemptionItem.MIGRANT_WORKER and item not in (
            Art31Item.LABOUR,
            Art31Item.INJURY,
        ):
            errors["exemption_item"] = (
                "第四十二条第三项仅适用于申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员。"
            )
    elif basis == MeansBasis.DECLARED:
        if not (values.get("declaration") or "").strip():
            errors["declaration"] = "请如实说明经济困难状况（法律援助法第四十一条第一款）。"
        if not values.get("household_size"):
            errors["household_size"] = "请填写家庭人口。"
    elif basis == MeansBasis.UNRESTRICTED:
        if not values.get("art32_item"):
            errors["art32_item"] = "请选择第三十二条所列情形。"
    else:
        errors["means_basis"] = "请选择经济状况。"
    if errors:
        raise ValidationError(errors)


def _matter_for(actor, matter, unit: OrgUnit):
    """An intake matter of type 法律援助申请 handed over: it is taken into handling and closed
    with the application's number (its requesters are the applicant)."""
    if matter.matter_type != MatterType.LEGAL_AID:
        raise ValidationError("只有“法律援助申请”类受理事项可以转为法律援助申请。")
    if matter.unit_id != unit.pk:
        raise ValidationError("受理事项不属于本所。")
    if Application.objects.filter(intake_matter=matter).exists():
        raise ValidationError("该受理事项已转为法律援助申请。")
    if not matter.is_open:
        raise ValidationError("该受理事项已结束，不能再转为法律援助申请。")
    requester = (
        matter.requester_links.select_related("party")
        .filter(party__kind=PartyKind.PERSON)
        .order_by("pk")
        .first()
    )
    if requester is None:
        raise ValidationError("受理事项没有自然人申请人。")
    return requester.party


def _close_matter(actor, matter, app: Application) -> None:
    if matter.state == MatterState.REGISTERED:
        matter = intake_services.matter_assign(actor=actor, matter=matter, handler=actor)
    if matter.state == MatterState.ASSIGNED:
        matter = intake_services.matter_start(actor=actor, matter=matter)
    intake_services.matter_close(
        actor=actor, matter=matter, result=f"已受理法律援助申请 {app.number}，转县法律援助中心审查"
    )


@transaction.atomic
def application_register(
    *,
    actor: Actor,
    unit: OrgUnit,
    matter_kind: str,
    summary: str,
    received_on: dt.date,
    groups: list[str],
    means_basis: str,
    applicant: dict[str, Any] | None = None,
    matter=None,
    art31_item: str = "",
    opponent: str = "",
    exemption_item: str = "",
    exemption_proof: str = "",
    art32_item: str = "",
    household_size: int | None = None,
    household_income: Decimal | None = None,
    income_source: str = "",
    declaration: str = "",
    pledge_signed: bool = False,
    submission_token: uuid.UUID | None = None,
) -> Application:
    """受理: register the application at the window (or from an intake matter), with the means
    check exemption (第四十二条) or the applicant's declaration (第四十一条)."""
    _require_office(actor, unit)
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError("只有司法所受理法律援助申请。")
    if submission_token is not None:
        existing = Application.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if not (summary or "").strip():
        raise ValidationError({"summary": "请填写案情及申请事项。"})
    _not_future(received_on, "received_on", "受理日期")
    known = {name for name, _label in GROUP_FIELDS}
    groups = [g for g in groups if g in known]
    if not groups:
        raise ValidationError({"groups": "请至少选择一类人群（不属于所列人群的选“其他”）。"})
    values: dict[str, Any] = {
        "matter_kind": matter_kind,
        "art31_item": art31_item or "",
        "means_basis": means_basis,
        "exemption_item": exemption_item or "",
        "exemption_proof": (exemption_proof or "").strip(),
        "art32_item": art32_item or "",
        "household_size": household_size,
        "declaration": (declaration or "").strip(),
    }
    _check_means(values)
    if matter is not None:
        party = _matter_for(actor, matter, unit)
    else:
        if not applicant or not (applicant.get("name") or "").strip():
            raise ValidationError({"applicant_name": "请填写申请人姓名。"})
        fields = {k: v for k, v in applicant.items() if k != "name" and v}
        try:
            party = core_services.party_find_or_create(
                actor=actor, unit=unit, kind=PartyKind.PERSON, name=applicant["name"], **fields
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise ValidationError(
                    {f"applicant_{k}": v for k, v in exc.message_dict.items()}
                ) from exc
            raise
    exempt = means_basis == MeansBasis.EXEMPT
    declared = means_basis == MeansBasis.DECLARED
    app = Application(
        unit=unit,
        number=_next_number(unit, received_on.year),
        intake_matter=matter,
        applicant=party,
        received_on=received_on,
        matter_kind=matter_kind,
        art31_item=values["art31_item"],
        summary=summary.strip(),
        opponent=(opponent or "").strip(),
        means_basis=means_basis,
        exemption_item=values["exemption_item"] if exempt else "",
        exemption_proof=values["exemption_proof"] if means_basis != MeansBasis.DECLARED else "",
        art32_item=values["art32_item"] if means_basis == MeansBasis.UNRESTRICTED else "",
        household_size=household_size if declared else None,
        household_income=household_income if declared else None,
        income_source=(income_source or "").strip() if declared else "",
        declaration=values["declaration"] if declared else "",
        pledge_signed=bool(pledge_signed) if declared else False,
        created_by=None if is_system(actor) else actor,
        submission_token=submission_token,
        **{name: name in groups for name, _label in GROUP_FIELDS},
    )
    if exempt and app.exemption_item == ExemptionItem.MIGRANT_WORKER:
        app.migrant_worker = True
    due.set_forward_due(app)
    due.set_current(app)
    _save(app, actor=actor, action="legal_aid.register", before={})
    if matter is not None:
        _close_matter(actor, matter, app)
    return app


@transaction.atomic
def application_forward(
    *,
    actor: Actor,
    app: Application,
    forwarded_on: dt.date,
    means: str,
    receipt: str,
    version: int | None = None,
) -> Application:
    """转交: send the application to the county 法律援助中心, which sees it from then on."""
    _require_office(actor, app)
    app = lock(app, version=version)
    expect_status(app, Status.RECEIVED)
    centre = centre_for(app.unit)
    if centre is None:
        raise ValidationError("本县（区）尚未登记法律援助中心，无法转交。请联系区县司法局。")
    _not_future(forwarded_on, "forwarded_on", "转交日期")
    _not_before(forwarded_on, app.received_on, "forwarded_on", "转交日期不能早于受理日期。")
    if not means:
        raise ValidationError({"means": "请选择转交方式。"})
    before = snapshot(app, APPLICATION_FIELDS)
    app.centre = centre
    app.forwarded_on = forwarded_on
    app.forward_means = means
    app.forward_receipt = (receipt or "").strip()
    app.status = Status.FORWARDED
    due.set_current(app)
    _save(app, actor=actor, action="legal_aid.forward", before=before)
    core_services.share_record(actor=actor, obj=app, unit=centre, reason=Share.Reason.REFERRED)
    return app


@transaction.atomic
def application_receive(
    *, actor: Actor, app: Application, received_on: dt.date, version: int | None = None
) -> Application:
    """The centre signs for the application: the seven days of 第四十三条 run from this day."""
    _require_centre(actor, app)
    app = lock(app, version=version)
    expect_status(app, Status.FORWARDED)
    _not_future(received_on, "received_on", "收到申请日期")
    _not_before(received_on, app.forwarded_on, "received_on", "收到日期不能早于转交日期。")
    before = snapshot(app, APPLICATION_FIELDS)
    app.centre_received_on = received_on
    due.set_decide_due(app)
    app.status = Status.REVIEWING
    return _save_current(app, actor=actor, action="legal_aid.receive", before=before)


@transaction.atomic
def application_request_materials(
    *,
    actor: Actor,
    app: Application,
    notified_on: dt.date,
    materials: str,
    version: int | None = None,
) -> Application:
    """第四十三条第二款: tell the applicant at one time (一次性告知) every material to add."""
    _require_centre(actor, app)
    app = lock(app, version=version)
    expect_status(app, Status.REVIEWING)
    if app.materials_notice_on is not None:
        raise ValidationError("补充材料应当一次性告知，本申请已告知过。")
    _not_future(notified_on, "notified_on", "告知日期")
    _not_before(
        notified_on, app.centre_received_on, "notified_on", "告知日期不能早于收到申请日期。"
    )
    if not (materials or "").strip():
        raise ValidationError({"materials": "请列明需要补充的全部材料或者需要作出的说明。"})
    before = snapshot(app, APPLICATION_FIELDS)
    app.materials_notice_on = notified_on
    app.materials_requested = materials.strip()
    _save(app, actor=actor, action="legal_aid.materials", before=before)
    return app


@transaction.atomic
def application_materials_supplied(
    *, actor: Actor, app: Application, supplied_on: dt.date, version: int | None = None
) -> Application:
    """The applicant brought what was asked for (to the office window or to the centre)."""
    check_actor(actor)
    if not (is_system(actor) or is_office_staff(actor, app) or is_centre_staff(actor, app)):
        raise PermissionDenied("只有受理司法所或法律援助中心可以登记补充材料。")
    app = lock(app, version=version)
    expect_status(app, Status.REVIEWING)
    if app.materials_notice_on is None or app.materials_supplied_on is not None:
        raise ValidationError("没有待补充的材料。")
    _not_future(supplied_on, "supplied_on", "补充材料日期")
    _not_before(supplied_on, app.materials_notice_on, "supplied_on", "补充日期不能早于告知日期。")
    before = snapshot(app, APPLICATION_FIELDS)
    app.materials_supplied_on = supplied_on
    _save(app, actor=actor, action="legal_aid.materials_supplied", before=before)
    return app


@transaction.atomic
def application_withdrawn(
    *, actor: Actor, app: Application, on: dt.date, note: str, version: int | None = None
) -> Application:
    """第四十三条第二款: materials not supplied (or no explanation) — the application is
    treated as withdrawn."""
    _require_centre(actor, app)
    app = lock(app, version=version)
    expect_status(app, Status.REVIEWING)
    if app.materials_notice_on is None or app.materials_supplied_on is not None:
        raise ValidationError("只有告知补充材料后申请人未补充的，才视为撤回申请。")
    _not_future(on, "on", "日期")
    _not_before(on, app.materials_notice_on, "on", "日期不能早于告知补充材料日期。")
    before = snapshot(app, APPLICATION_FIELDS)
    app.status = Status.WITHDRAWN
    app.outcome_note = (note or "").strip()
    app.withdrawn_on = on
    return _save_current(app, actor=actor, action="legal_aid.withdrawn", before=before)


@transaction.atomic
def application_decide(
    *,
    actor: Actor,
    app: Application,
    decision: str,
    decided_on: dt.date,
    reason: str,
    version: int | None = None,
) -> Application:
    """第四十三条: 给予 or 不予; a refusal is told in writing with its reasons."""
    _require_centre(actor, app)
    app = lock(app, version=version)
    expect_status(app, Status.REVIEWING)
    _not_future(decided_on, "decided_on", "决定日期")
    _not_before(decided_on, app.centre_received_on, "decided_on", "决定日期不能早于收到申请日期。")
    reason = (reason or "").strip()
    if decision == Decision.REFUSE and not reason:
        raise ValidationError(
            {"reason": "决定不给予法律援助的，应当书面告知申请人并说明理由（第四十三条第一款）。"}
        )
    if decision not in Decision.values:
        raise ValidationError({"decision": "请选择审查决定。"})
    before = snapshot(app, APPLICATION_FIELDS)
    app.decision = decision
    app.decision_on = decided_on
    app.decision_reason = reason
    if decision == Decision.GRANT:
        app.status = Status.GRANTED
        due.set_assign_due(app)
    else:
        app.status = Status.REFUSED
    return _save_current(app, actor=actor, action="legal_aid.decide", before=before)


@transaction.atomic
def application_prior_aid(
    *,
    actor: Actor,
    app: Application,
    item: str,
    given_on: dt.date,
    lawyer: str = "",
    version: int | None = None,
) -> Application:
    """第四十四条: aid given before the decision, with the item that allows it."""
    _require_centre(actor, app)
    app = lock(app, version=version)
    expect_status(app, Status.REVIEWING)
    if app.prior_aid_item:
        raise ValidationError("已登记先行提供法律援助。")
    if not item:
        raise ValidationError({"item": "请选择第四十四条所列情形。"})
    _not_future(given_on, "given_on", "先行提供日期")
    _not_before(given_on, app.centre_received_on, "given_on", "先行提供日期不能早于收到申请日期。")
    before = snapshot(app, APPLICATION_FIELDS)
    app.prior_aid_item = item
    app.prior_aid_on = given_on
    if lawyer.strip():
        app.lawyer = lawyer.strip()
    _save(app, actor=actor, action="legal_aid.prior_aid", before=before)
    return app


@transaction.atomic
def application_assign(
    *,
    actor: Actor,
    app: Application,
    assigned_on: dt.date,
    lawyer: str,
    law_firm: str,
    version: int | None = None,
) -> Application:
    """第四十三条: assign a 法律援助人员 within three days of the decision to give aid."""
    _require_centre(actor, app)
    app = lock(app, version=version)
    expect_status(app, Status.GRANTED)
    _not_future(assigned_on, "assigned_on", "指派日期")
    _not_before(assigned_on, app.decision_on, "assigned_on", "指派日期不能早于决定日期。")
    if not (lawyer or "").strip():
        raise ValidationError({"lawyer": "请填写指派的法律援助人员。"})
    before = snapshot(app, APPLICATION_FIELDS)
    app.assigned_on = assigned_on
    app.lawyer = lawyer.strip()
    app.law_firm = (law_firm or "").strip()
    app.status = Status.ASSIGNED
    return _save_current(app, actor=actor, action="legal_aid.assign", before=before)


@transaction.atomic
def application_close(
    *,
    actor: Actor,
    app: Application,
    outcome: str,
    closed_on: dt.date,
    note: str,
    version: int | None = None,
) -> Application:
    """结案 (第五十条) or 终止 (第四十八条): how the case ended."""
    _require_centre(actor, app)
    app = lock(app, version=version)
    expect_status(app, Status.ASSIGNED)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "请选择结案方式。"})
    _not_future(closed_on, "closed_on", "结案日期")
    _not_before(closed_on, app.assigned_on, "closed_on", "结案日期不能早于指派日期。")
    if outcome == Outcome.TERMINATED and not (note or "").strip():
        raise ValidationError({"note": "终止法律援助的，请写明第四十八条所列的终止情形。"})
    before = snapshot(app, APPLICATION_FIELDS)
    app.outcome = outcome
    app.closed_on = closed_on
    app.outcome_note = (note or "").strip()
    app.status = Status.CLOSED
    return _save_current(app, actor=actor, action="legal_aid.close", before=before)


@transaction.atomic
def application_visit(
    *,
    actor: Actor,
    app: Application,
    visited_on: dt.date,
    satisfaction: str,
    note: str,
    version: int | None = None,
) -> Application:
    """回访受援人 (第五十九条): the office or the centre asks how satisfied the applicant is."""
    check_actor(actor)
    if not (is_system(actor) or is_office_staff(actor, app) or is_centre_staff(actor, app)):
        raise PermissionDenied("只有受理司法所或法律援助中心可以回访。")
    app = lock(app, version=version)
    expect_status(app, Status.CLOSED)
    if app.outcome == Outcome.TERMINATED:
        raise ValidationError("终止法律援助的案件不作满意度回访。")
    _not_future(visited_on, "visited_on", "回访日期")
    _not_before(visited_on, app.closed_on, "visited_on", "回访日期不能早于结案日期。")
    if satisfaction not in {"satisfied", "basically", "dissatisfied"}:
        raise ValidationError({"satisfaction": "请选择回访结果。"})
    before = snapshot(app, APPLICATION_FIELDS)
    app.visited_on = visited_on
    app.satisfaction = satisfaction
    app.visit_note = (note or "").strip()
    _save(app, actor=actor, action="legal_aid.visit", before=before)
    return app


@transaction.atomic
def objection_file(
    *,
    actor: Actor,
    app: Application,
    received_on: dt.date,
    content: str,
    version: int | None = None,
) -> Objection:
    """第四十九条第一款: the applicant objects to a refusal or a termination; the 司法行政部门
    decides within five days of receiving it (第二款)."""
    check_actor(actor)
    if not (is_system(actor) or is_office_staff(actor, app) or is_centre_staff(actor, app)):
        raise PermissionDenied("只有受理司法所或法律援助中心可以登记异议。")
    app = lock(app, version=version)
    if app.status == Status.REFUSED:
        against = "refusal"
    elif app.status == Status.CLOSED and app.outcome == Outcome.TERMINATED:
        against = "termination"
    else:
        raise ValidationError("只有不予法律援助或终止法律援助的决定可以提出异议（第四十九条）。")
    if app.objections.filter(result="").exists():
        raise ValidationError("该申请已有正在审查的异议。")
    _not_future(received_on, "received_on", "收到异议日期")
    earlier = app.decision_on if against == "refusal" else app.closed_on
    _not_before(received_on, earlier, "received_on", "收到异议日期不能早于被异议的决定日期。")
    if not (content or "").strip():
        raise ValidationError({"content": "请填写异议理由。"})
    objection = Objection(
        application=app, received_on=received_on, against=against, content=content.strip()
    )
    deadline_service.deadline_assign(objection, rule_id="legal_aid.objection", start=received_on)
    save_audited(
        objection,
        actor=actor,
        action="legal_aid.objection",
        before={},
        fields=OBJECTION_FIELDS,
        unit=app.unit,
    )
    before = snapshot(app, APPLICATION_FIELDS)
    _save(app, actor=actor, action="legal_aid.objection", before=before, objection=against)
    return objection


@transaction.atomic
def objection_decide(
    *,
    actor: Actor,
    objection: Objection,
    result: str,
    decided_on: dt.date,
    note: str,
) -> Objection:
    """The 司法行政部门's decision: 维持, or 责令改正 (the centre then decides again)."""
    app = objection.application
    _require_centre(actor, app)
    objection = lock(objection)
    if objection.result:
        raise ValidationError("该异议已有审查结果。")
    if result not in (ObjectionResult.UPHELD, ObjectionResult.CORRECTED):
        raise ValidationError({"result": "请选择审查结果。"})
    _not_future(decided_on, "decided_on", "审查决定日期")
    _not_before(decided_on, objection.received_on, "decided_on", "决定日期不能早于收到异议日期。")
    before = snapshot(objection, OBJECTION_FIELDS)
    objection.result = result
    objection.decided_on = decided_on
    objection.result_note = (note or "").strip()
    save_audited(
        objection,
        actor=actor,
        action="legal_aid.objection_decide",
        before=before,
        fields=OBJECTION_FIELDS,
        unit=app.unit,
    )
    if result == ObjectionResult.CORRECTED:
        app = lock(app)
        before = snapshot(app, APPLICATION_FIELDS)
        if objection.against == "refusal":
            # The centre decides again: seven days counted anew from the bureau's decision.
            app.status = Status.REVIEWING
            app.decision = ""
            app.decision_on = None
            due.set_decide_due(app, start=decided_on)
        else:
            app.status = Status.ASSIGNED
            app.outcome = ""
            app.closed_on = None
        due.set_current(app)
        _save(app, actor=actor, action="legal_aid.objection_decide", before=before, result=result)
    return objection
