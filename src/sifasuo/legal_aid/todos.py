"""法律援助 in 我的待办: for the office, applications to forward and cases to visit; for the
county 法律援助中心, applications to sign for, decide and assign, and objections awaiting their
answer — each with its period, soonest first."""

from __future__ import annotations

from django.db.models import F, Q
from django.urls import reverse

from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.todos import (
    DueRecords,
    Todo,
    TodoGroup,
    UnitDue,
    due_by_unit,
    group_from,
    works_in_office,
)

from . import selectors
from .apps import CENTRE_CAPABILITY
from .models import CENTRE_KIND, OPEN_STATUSES, Objection, Outcome, Status

STEPS = {
    Status.RECEIVED: "待转交法律援助中心",
    Status.FORWARDED: "待中心签收",
    Status.REVIEWING: "待作出是否给予法律援助的决定",
    Status.GRANTED: "待指派法律援助人员",
    Status.CLOSED: "待回访",
}


def _row(app) -> Todo:
    return Todo(
        title=f"{app.number} {app.applicant.name}：{app.summary[:30]}",
        url=reverse("legal_aid:detail", args=[app.pk]),
        step=(
            "已告知补充材料，待申请人补充"
            if app.status == Status.REVIEWING
            and app.materials_notice_on
            and not app.materials_supplied_on
            else STEPS.get(app.status, app.get_status_display())
        ),
        due_on=app.due_on,
        due_provisional=app.due_provisional,
        unit=app.unit.name,
    )


def _objection_row(objection: Objection) -> Todo:
    app = objection.application
    return Todo(
        title=f"{app.number} {app.applicant.name}：异议（{objection.get_against_display()}）",
        url=reverse("legal_aid:detail", args=[app.pk]),
        step="待司法行政部门审查异议",
        due_on=objection.due_on,
        due_provisional=objection.due_provisional,
        unit=app.unit.name,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    apps = selectors.application_list_for_user(user=user).order_by(
        F("due_on").asc(nulls_last=True), "id"
    )
    more = reverse("legal_aid:list")
    groups: list[TodoGroup | None] = []
    if works_in_office(user) and has_capability(user, Capability.MANAGE_PARTIES):
        waiting = apps.filter(
            Q(status=Status.RECEIVED)
            | (Q(status=Status.CLOSED, visited_on__isnull=True) & ~Q(outcome=Outcome.TERMINATED))
        )
        groups.append(group_from("法律援助（本所待办）", more, waiting, _row, limit=limit))
    elif (
        user.unit is not None
        and user.unit.kind == CENTRE_KIND
        and has_capability(user, CENTRE_CAPABILITY)
    ):
        waiting = apps.filter(
            centre=user.unit, status__in=[Status.FORWARDED, Status.REVIEWING, Status.GRANTED]
        )
        groups.append(group_from("法律援助（中心待办）", more, waiting, _row, limit=limit))
        objections = (
            Objection.objects.filter(
                application__in=apps.values("pk"), application__centre=user.unit, result=""
            )
            .select_related("application__applicant", "application__unit")
            .order_by("due_on", "id")
        )
        groups.append(
            group_from("法律援助异议（待审查）", more, objections, _objection_row, limit=limit)
        )
    return groups


def due_records(*, user) -> DueRecords:
    """Open applications, as the dashboards count them."""
    apps = selectors.application_list_for_user(user=user).filter(status__in=OPEN_STATUSES)
    return DueRecords(apps)


def due_work(*, user) -> list[UnitDue]:
    """Open applications by office, for the dashboards."""
    return [due_by_unit("法律援助申请", reverse("legal_aid:list"), due_records(user=user), _row)]
