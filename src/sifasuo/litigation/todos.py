"""复议应诉 in 我的待办: each open statutory period with its owner (the case's handler), the
office head's early warning before every reply deadline, and the department's 整改 items.

Missing the reply period loses a 复议 by default (行政复议法 第七十条), so the head is warned
SIFASUO_LITIGATION_WARN_WORKING_DAYS working days before it, whoever handles the case."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from sifasuo.core import deadline_service
from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Role, has_capability
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
from .models import Period, PeriodPurpose

STEP = {
    PeriodPurpose.REPLY: "提交答复/答辩",
    PeriodPurpose.DECISION: "关注复议决定期限",
    PeriodPurpose.APPEAL: "决定是否上诉",
}


def warn_limit(on: dt.date | None = None) -> dt.date:
    """The last due date the head is warned about today: today plus the configured working days."""
    on = on or deadline_service.today()
    days = settings.SIFASUO_LITIGATION_WARN_WORKING_DAYS
    return deadline_service.add_working_days(on, days)[0] if days else on


def _row(period: Period) -> Todo:
    case = period.case
    return Todo(
        title=f"{case.get_kind_display()}：{case.applicant.name}诉{case.contested_act}",
        url=reverse("litigation:case_detail", args=[case.pk]),
        step=STEP[period.purpose],
        due_on=period.due_on,
        due_provisional=period.due_provisional,
        unit=case.department.name,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    groups: list[TodoGroup | None] = []
    more = reverse("litigation:case_list")
    if works_in_office(user) and has_capability(user, "litigation_work"):
        periods = selectors.open_periods_for_user(user=user).select_related("case__applicant")
        groups.append(
            group_from(
                "复议应诉期限（本人承办）",
                more,
                periods.filter(case__handler=user),
                _row,
                limit=limit,
            )
        )
        hearings = selectors.scheduled_hearings_for_user(user=user)
        if user.role != Role.OFFICE_HEAD:
            hearings = hearings.filter(case__handler=user)
        groups.append(
            group_from(
                "开庭/听证（待出庭应诉）",
                more,
                hearings,
                lambda h: Todo(
                    title=f"{h.case.get_kind_display()}：{h.case.applicant.name}诉{h.case.contested_act}",
                    url=reverse("litigation:case_detail", args=[h.case_id]),
                    step=f"{h.get_form_display()}，{h.body}；负责人出庭应诉",
                    due_on=h.held_on,
                    unit=h.case.department.name,
                ),
                limit=limit,
            )
        )
        if user.role == Role.OFFICE_HEAD:
            days = settings.SIFASUO_LITIGATION_WARN_WORKING_DAYS
            groups.append(
                group_from(
                    f"答复/答辩期限预警（{days}个工作日内届满或已超期）",
                    more,
                    periods.filter(purpose=PeriodPurpose.REPLY, due_on__lte=warn_limit()),
                    _row,
                    limit=limit,
                )
            )
    elif (
        user.unit is not None and user.unit.kind == UnitKind.DEPARTMENT and selectors.can_read(user)
    ):
        follow_ups = selectors.follow_ups_for_user(user=user, open_only=True)
        groups.append(
            group_from(
                "应诉整改（本科室）",
                reverse("litigation:follow_up_list"),
                follow_ups.order_by("due_on", "id"),
                lambda f: Todo(
                    title=f.problem,
                    url=reverse("litigation:follow_up_list"),
                    step="落实整改" if f.plan else "制定整改方案",
                    due_on=f.due_on,
                    unit=f.department.name,
                ),
                limit=limit,
            )
        )
    return groups


def due_records(*, user) -> DueRecords:
    """Open statutory periods, listed (and counted) as their cases."""
    periods = selectors.open_periods_for_user(user=user).select_related("case__applicant")
    return DueRecords(periods, unit_field="case__unit", listed_by="case")


def due_work(*, user) -> list[UnitDue]:
    """Cases with an open statutory period by office, for the dashboards."""
    return [
        due_by_unit("复议应诉期限", reverse("litigation:case_list"), due_records(user=user), _row)
    ]
