"""村居法律顾问 in 我的待办: an advisor's logs still without content; for the office,
appointments whose contract ends within the warning window."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from sifasuo.core import deadline_service
from sifasuo.core.roles import Role
from sifasuo.core.scoping import scope
from sifasuo.core.todos import Todo, TodoGroup, group_from, works_in_office

from .models import Appointment, ServiceLog


def expiry_window_days() -> int:
    return int(getattr(settings, "SIFASUO_ADVISOR_EXPIRY_ALERT_DAYS", 60))


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    if not works_in_office(user):
        return []
    if user.role == Role.LEGAL_ADVISOR:
        logs = scope(user, ServiceLog.objects.select_related("village")).filter(
            appointment__account=user, content=""
        )
        return [
            group_from(
                "法律顾问工作日志（待补写服务内容）",
                reverse("advisors:log_list"),
                logs.order_by("served_on", "id"),
                lambda log: Todo(
                    title=str(log),
                    url=reverse("advisors:log_detail", args=[log.pk]),
                    step="补写服务内容",
                    unit=log.village.name,
                ),
                limit=limit,
            )
        ]
    today = deadline_service.today()
    ending = scope(user, Appointment.objects.select_related("village")).filter(
        ended_on__isnull=True,  # an appointment ended early is not up for renewal
        serves_until__gte=today,
        serves_until__lte=today + dt.timedelta(days=expiry_window_days()),
    )
    return [
        group_from(
            "村居法律顾问聘期将届满",
            reverse("advisors:appointment_list"),
            ending.order_by("serves_until", "id"),
            lambda a: Todo(
                title=str(a),
                url=reverse("advisors:appointment_detail", args=[a.pk]),
                step="续聘或另行选聘",
                due_on=a.serves_until,
                unit=a.village.name,
            ),
            limit=limit,
        )
    ]
