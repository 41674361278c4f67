"""Scoped reads of legal-aid applications: lists, one application and its timeline, statistics.

An office (and the bureaus above it) sees its own applications; the county 法律援助中心 sees the
applications forwarded to it, through the referral share written when the office forwards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sifasuo.core import deadline_service
from sifasuo.core import statistics as core_statistics
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.scoping import get_scoped_or_404, scope, sees_everything

from . import indicators
from .models import (
    CENTRE_KIND,
    GROUP_FIELDS,
    Application,
    Decision,
    MatterKind,
    MeansBasis,
    Objection,
    Outcome,
    Satisfaction,
    Status,
)


def _base(user) -> QuerySet[Application]:
    return scope(user, Application.objects.all()).select_related("unit", "applicant", "centre")


def application_list_for_user(
    *, user, status: str = "", due: str = "", q: str = ""
) -> QuerySet[Application]:
    apps = deadline_service.annotate_due_state(_base(user))
    if status:
        apps = apps.filter(status=status)
    if due:
        apps = apps.filter(due_state=due)
    if q:
        apps = apps.filter(Q(applicant__name__contains=q) | Q(number__contains=q))
    return apps


def application_get_for_user(*, user, pk) -> Application:
    return get_scoped_or_404(user, _base(user).prefetch_related("objections"), pk)


def objection_get_for_user(*, user, application: Application, pk) -> Objection:
    objection = application.objections.filter(pk=pk).first() if str(pk).isdigit() else None
    if objection is None:
        raise Http404
    return objection


@dataclass(frozen=True)
class Step:
    day: dt.date | None
    title: str
    detail: str = ""
    due_on: dt.date | None = None
    in_time: bool | None = None
    pending: bool = False


def timeline(app: Application) -> list[Step]:
    """Every step of the application, done or awaited, for the office and the centre alike."""
    steps = [
        Step(
            app.received_on,
            "司法所受理申请",
            f"{app.unit.name}；{app.get_means_basis_display()}",
        )
    ]
    if app.forwarded_on:
        steps.append(
            Step(
                app.forwarded_on,
                "转交法律援助中心",
                f"{app.centre.name if app.centre else ''}；{app.get_forward_means_display()}"
                + (f"；回执：{app.forward_receipt}" if app.forward_receipt else ""),
                app.forward_due_on,
                app.forwarded_in_time,
            )
        )
    else:
        steps.append(Step(None, "转交法律援助中心", "", app.forward_due_on, pending=True))
    if app.centre_received_on:
        steps.append(Step(app.centre_received_on, "法律援助中心收到申请"))
    elif app.forwarded_on:
        steps.append(Step(None, "法律援助中心签收", pending=True))
    if app.prior_aid_on:
        steps.append(
            Step(
                app.prior_aid_on, "先行提供法律援助（第四十四条）", app.get_prior_aid_item_display()
            )
        )
    if app.materials_notice_on:
        steps.append(
            Step(
                app.materials_notice_on,
                "一次性告知补充材料（第四十三条第二款）",
                app.materials_requested,
            )
        )
        if app.materials_supplied_on:
            steps.append(Step(app.materials_supplied_on, "申请人补充材料"))
        elif app.withdrawn_on:
            steps.append(Step(app.withdrawn_on, "未补充材料，视为撤回申请", app.outcome_note))
        else:
            steps.append(Step(None, "申请人补充材料", pending=True))
    if app.decision_on:
        steps.append(
            Step(
                app.decision_on,
                f"决定：{app.get_decision_display()}",
                app.decision_reason,
                app.decide_due_on,
                app.decided_in_time,
            )
        )
    elif app.centre_received_on and not app.withdrawn_on:
        steps.append(Step(None, "作出是否给予法律援助的决定", "", app.decide_due_on, pending=True))
    if app.assigned_on:
        steps.append(
            Step(
                app.assigned_on,
                "指派法律援助人员",
                "；".join(x for x in (app.lawyer, app.law_firm) if x),
                app.assign_due_on,
                app.assigned_in_time,
            )
        )
    elif app.decision == Decision.GRANT:
        steps.append(Step(None, "指派法律援助人员", "", app.assign_due_on, pending=True))
    for objection in app.objections.all():
        steps.append(
            Step(
                objection.received_on,
                f"异议（{objection.get_against_display()}）",
                objection.content,
                objection.due_on,
                None
                if not (objection.decided_on and objection.due_on)
                else objection.decided_on <= objection.due_on,
                pending=not objection.result,
            )
        )
        if objection.result:
            steps.append(
                Step(
                    objection.decided_on,
                    f"异议审查：{objection.get_result_display()}",
                    objection.result_note,
                )
            )
    if app.closed_on:
        steps.append(Step(app.closed_on, f"结案：{app.get_outcome_display()}", app.outcome_note))
    if app.visited_on:
        steps.append(
            Step(app.visited_on, f"回访：{app.get_satisfaction_display()}", app.visit_note)
        )
    return steps


# ---------------------------------------------------------------------------------------------
# Statistics


def statistics_units(*, user) -> QuerySet[OrgUnit]:
    """The units a user may pick: their own and those below (a centre: its county's bureau and
    offices — it still counts only the applications forwarded to it)."""
    if user.unit_id is not None and user.unit.kind == CENTRE_KIND:
        bureau = user.unit.parent_id
        return OrgUnit.objects.filter(
            Q(pk=bureau) | Q(parent_id=bureau, kind=UnitKind.OFFICE)
        ).order_by("path")
    return core_statistics.statistics_units(user)


def default_statistics_unit(user) -> OrgUnit | None:
    if user.unit_id is not None and user.unit.kind == CENTRE_KIND:
        return user.unit.parent
    return user.unit


def statistics_for_user(*, user, year: int | None, unit: OrgUnit | None) -> dict:
    apps = scope(user, Application.objects.all())
    if unit is not None and (sees_everything(user) or unit.pk != user.unit_id):
        apps = apps.filter(unit__path__startswith=unit.path)
    start = dt.date(year, 1, 1) if year else None
    end = dt.date(year, 12, 31) if year else None
    received = apps.filter(indicators.condition("received", start, end))

    def tally(field: str, choices) -> list[tuple[str, int]]:
        found = dict(received.values_list(field).annotate(n=Count("id")).order_by())
        return [(str(label), found.get(value, 0)) for value, label in choices]

    counts = {
        name: Count("id", filter=indicators.condition(name, start, end))
        for name in indicators.COUNTS
    }
    by_unit: list[dict[str, Any]] = [
        dict(row)
        for row in apps.order_by().values("unit_id", "unit__name", "unit__path").annotate(**counts)
    ]
    by_unit.sort(key=lambda row: row["unit__path"])
    totals: dict[str, Any] = {name: sum(row[name] for row in by_unit) for name in indicators.COUNTS}
    for row in [*by_unit, totals]:
        row["forward_rate"] = _rate(row["forwarded_in_time"], row["forwarded"])
        row["decide_rate"] = _rate(row["decided_in_time"], row["decided"])
        row["satisfaction_rate"] = _rate(row["satisfied"], row["visited"])
        row["cells"] = [row[key] for key, _label in COLUMNS]
    groups = received.aggregate(
        **{name: Count("id", filter=Q(**{name: True})) for name, _label in GROUP_FIELDS}
    )
    decided = apps.filter(indicators.condition("decided", start, end))
    closed = apps.filter(indicators.condition("closed", start, end))
    visited = apps.filter(indicators.condition("visited", start, end))

    def tally_of(qs, field, choices):
        found = dict(qs.values_list(field).annotate(n=Count("id")).order_by())
        return [(str(label), found.get(value, 0)) for value, label in choices]

    return {
        "totals": totals,
        "by_unit": by_unit,
        "by_kind": tally("matter_kind", MatterKind.choices),
        "by_means": tally("means_basis", MeansBasis.choices),
        "by_group": [(str(label), groups[name]) for name, label in GROUP_FIELDS],
        "by_decision": tally_of(decided, "decision", Decision.choices),
        "by_outcome": tally_of(closed, "outcome", Outcome.choices),
        "by_satisfaction": tally_of(visited, "satisfaction", Satisfaction.choices),
        "by_status": tally("status", Status.choices),
    }


def _rate(numerator: int, denominator: int):
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


COLUMNS = (
    ("received", "受理申请"),
    ("forwarded", "转交"),
    ("forwarded_in_time", "按期转交"),
    ("forward_rate", "按期转交率(%)"),
    ("decided", "作出决定"),
    ("decided_in_time", "七日内决定"),
    ("decide_rate", "按期决定率(%)"),
    ("granted", "给予援助"),
    ("exempt", "免予核查经济状况"),
    ("closed", "结案"),
    ("visited", "回访"),
    ("satisfied", "满意/基本满意"),
    ("satisfaction_rate", "满意率(%)"),
)
