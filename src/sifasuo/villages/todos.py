"""法律明白人 in 我的待办: early reports still waiting for the office's reply."""

from __future__ import annotations

from django.urls import reverse

from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.scoping import scope
from sifasuo.core.todos import Todo, TodoGroup, group_from, works_in_office

from .models import EarlyReport


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    if (
        not works_in_office(user)
        or user.role == Role.LEGAL_ADVISOR
        or not has_capability(user, Capability.MANAGE_WORK)
    ):
        return []
    waiting = scope(user, EarlyReport.objects.select_related("village", "reporter")).filter(
        reply=""
    )
    return [
        group_from(
            "法律明白人报告（待答复）",
            reverse("villages:report_list") + "?answered=no",
            waiting.order_by("reported_on", "id"),
            lambda r: Todo(
                title=f"{r.reporter.name}：{r.summary[:30]}",
                url=reverse("villages:report_detail", args=[r.pk]),
                step="答复报告人",
                unit=r.village.name,
            ),
            limit=limit,
        )
    ]
