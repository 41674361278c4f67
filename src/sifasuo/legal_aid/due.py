"""The periods of a legal-aid application, all counted by the deadline engine.

- Forwarding (office → county 法律援助中心): a local rule, `SIFASUO_LEGAL_AID_FORWARD_DAYS`
  working days from the day the office received the application. The Act sets no period for a
  司法所; 第三十九条's 24 hours binds detention sites and 值班律师 only.
- Decision: rule `legal_aid.decide`, 7 days from the day the centre received the application
  (法律援助法 第四十三条第一款).
- Assignment: rule `legal_aid.assign`, 3 days from the decision to give aid (第四十三条第一款).
- Objection: rule `legal_aid.objection`, 5 days from the day the 司法行政部门 received it
  (第四十九条第二款), on the Objection itself.

The application's own DeadlineFields hold the period of the step it waits for.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError

from sifasuo.core import deadline_service, deadlines

from .models import Application, Status

FORWARD_RULE = "legal_aid.forward"


def forward_days() -> int:
    return int(getattr(settings, "SIFASUO_LEGAL_AID_FORWARD_DAYS", 3))


def forward_rule() -> deadlines.Rule:
    days = forward_days()
    return deadlines.Rule(
        id=FORWARD_RULE,
        name="司法所转交法律援助申请",
        basis=f"本地规定：{days}个工作日内转交县级法律援助中心（部署设置 SIFASUO_LEGAL_AID_FORWARD_DAYS）",
        article="",
        unit=deadlines.Unit.WORKING_DAYS,
        length=days,
        starts="司法所受理申请之日",
    )


def _count(rule, start: dt.date) -> tuple[dt.date, bool, str]:
    result, provisional = deadline_service.compute_due(rule, start)
    return result.due, provisional, result.basis


def set_forward_due(app: Application) -> None:
    app.forward_due_on, app.forward_due_provisional, _basis = _count(
        forward_rule(), app.received_on
    )


def set_decide_due(app: Application, *, start: dt.date | None = None) -> None:
    """Seven days from the centre's receipt (or from a 责令改正 decision on an objection)."""
    app.decide_due_on, app.decide_due_provisional, _basis = _count(
        "legal_aid.decide", start or app.centre_received_on
    )


def set_assign_due(app: Application) -> None:
    app.assign_due_on, app.assign_due_provisional, _basis = _count(
        "legal_aid.assign", app.decision_on
    )


def set_current(app: Application) -> None:
    """Point the application's DeadlineFields at the step it now waits for (or at none)."""
    if app.status == Status.RECEIVED:
        rule = forward_rule()
        start, due, provisional = app.received_on, app.forward_due_on, app.forward_due_provisional
        basis = rule.basis
    elif app.status == Status.REVIEWING:
        start, due, provisional = (
            app.centre_received_on,
            app.decide_due_on,
            app.decide_due_provisional,
        )
        basis = "法律援助法 第四十三条第一款：自收到申请之日起七日内作出决定"
    elif app.status == Status.GRANTED and app.assigned_on is None:
        start, due, provisional = app.decision_on, app.assign_due_on, app.assign_due_provisional
        basis = "法律援助法 第四十三条第一款：自作出给予决定之日起三日内指派"
    else:
        start, due, provisional, basis = None, None, False, ""
    app.due_rule = ""  # counted here, step by step (see recompute)
    app.due_start = start
    app.due_on = due
    app.due_provisional = provisional
    app.due_basis = basis[:120]


def recompute(app: Application) -> None:
    """Count each step's period again from its start (after a year's holidays are loaded)."""
    try:
        if app.received_on:
            set_forward_due(app)
        if app.centre_received_on:
            set_decide_due(app)
        if app.decision_on and app.decision == "grant":
            set_assign_due(app)
    except ValidationError:
        return
    set_current(app)
