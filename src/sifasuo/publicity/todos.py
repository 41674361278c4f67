"""普法宣传 in 我的待办: 谁执法谁普法 tasks whose planned month has passed and that are not done."""

from __future__ import annotations

from django.urls import reverse

from sifasuo.core import deadline_service
from sifasuo.core.roles import Role
from sifasuo.core.scoping import scope
from sifasuo.core.todos import DueRecords, Todo, TodoGroup, UnitDue, due_by_unit, group_from

from .models import ResponsibilityTask


def _row(task: ResponsibilityTask) -> Todo:
    return Todo(
        title=task.title,
        url=reverse("publicity:duty_list_detail", args=[task.duty_list_id]),
        step="普法责任任务未完成",
        due_on=task.due_on,
        unit=task.duty_list.unit.name,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    # The department that owns the list and the office that tracks it; not the bureaus above.
    if user.role not in (Role.OFFICE_HEAD, Role.JUDICIAL_ASSISTANT, Role.DEPARTMENT_CLERK):
        return []
    tasks = (
        scope(user, ResponsibilityTask.objects.all(), unit_field="duty_list__unit")
        .filter(done_on__isnull=True, due_on__lt=deadline_service.today())
        .select_related("duty_list__unit")
        .order_by("due_on", "id")
    )
    return [
        group_from(
            "普法责任任务（逾期未完成）",
            reverse("publicity:duty_list_index"),
            tasks,
            _row,
            limit=limit,
        )
    ]


def due_records(*, user) -> DueRecords:
    """Unfinished responsibility tasks, as the dashboards count them."""
    tasks = scope(
        user,
        ResponsibilityTask.objects.select_related("duty_list__unit"),
        unit_field="duty_list__unit",
    ).filter(done_on__isnull=True)
    return DueRecords(tasks, unit_field="duty_list__unit")


def due_work(*, user) -> list[UnitDue]:
    """Unfinished responsibility tasks by unit, for the dashboards."""
    return [
        due_by_unit(
            "普法责任任务",
            reverse("publicity:duty_list_index"),
            due_records(user=user),
            _row,
        )
    ]
