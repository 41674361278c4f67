"""行政执法监督 in 我的待办: sheets waiting for the reviewer's score or the team's agreement,
overdue 整改 items, and enforcers' cards expiring within the alert window."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse

from sifasuo.core import deadline_service
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.scoping import scope
from sifasuo.core.todos import DueRecords, Todo, TodoGroup, UnitDue, due_by_unit, group_from

from . import rules
from .models import Enforcer, Evaluation, Rectification, ReviewerSheet


def _evaluation_row(step: str):
    def row(evaluation: Evaluation) -> Todo:
        return Todo(
            title=f"{evaluation.case.number} {evaluation.case.title}",
            url=reverse("enforcement:evaluation_detail", args=[evaluation.pk]),
            step=step,
            unit=evaluation.unit.name,
        )

    return row


def _rectification_row(item: Rectification) -> Todo:
    return Todo(
        title=f"{item.evaluation.opinion_number} 整改：{item.text}",
        url=reverse("enforcement:evaluation_detail", args=[item.evaluation_id]),
        step="整改逾期未销号",
        due_on=item.due_on,
        unit=item.evaluation.case.department.name,
    )


def _enforcer_row(enforcer: Enforcer) -> Todo:
    return Todo(
        title=f"{enforcer.name}（执法证{enforcer.card_number}）",
        url=reverse("enforcement:enforcer_detail", args=[enforcer.pk]),
        step="执法证即将到期，请办理换证"
        if enforcer.card_expires_on >= deadline_service.today()
        else "执法证已过期",
        due_on=enforcer.card_expires_on,
        unit=enforcer.department.name,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    if not getattr(user, "is_authenticated", False):
        return []
    list_url = reverse("enforcement:evaluation_list")
    mine = ReviewerSheet.objects.filter(evaluation=OuterRef("pk"), reviewer=user)
    unscored = mine.filter(submitted_at__isnull=True)
    evaluations = Evaluation.objects.select_related("case", "unit").order_by("created_at", "id")
    groups: list[TodoGroup | None] = [
        group_from(
            "案卷评查（待评分）",
            list_url,
            evaluations.filter(status=Evaluation.Status.SCORING).filter(Exists(unscored)),
            _evaluation_row("待提交独立评分"),
            limit=limit,
        ),
        group_from(
            "案卷评查（待合议）",
            list_url,
            evaluations.filter(status=Evaluation.Status.AGREEING).filter(Exists(mine)),
            _evaluation_row("三人评分已齐，待确定合议分数"),
            limit=limit,
        ),
    ]
    if has_capability(user, Capability.MANAGE_WORK):
        today = deadline_service.today()
        overdue = Rectification.objects.filter(
            evaluation__in=scope(user, Evaluation.objects.all()).values("pk"),
            evaluation__status=Evaluation.Status.ISSUED,
            closed_on__isnull=True,
            due_on__lt=today,
        ).select_related("evaluation", "evaluation__case__department")
        groups.append(
            group_from(
                "执法案卷整改（已逾期）",
                reverse("enforcement:rectification_list"),
                overdue.order_by("due_on", "id"),
                _rectification_row,
                limit=limit,
            )
        )
        expiring = scope(user, Enforcer.objects.select_related("department")).filter(
            is_active=True, card_expires_on__lte=rules.card_alert_limit(today)
        )
        groups.append(
            group_from(
                "执法证到期提醒",
                reverse("enforcement:enforcer_list") + "?alert=expiring",
                expiring.order_by("card_expires_on", "id"),
                _enforcer_row,
                limit=limit,
            )
        )
    return groups


def due_records(*, user) -> DueRecords:
    """Unfinished rectifications of issued evaluations, as the dashboards count them."""
    open_items = Rectification.objects.filter(
        evaluation__in=scope(user, Evaluation.objects.all()).values("pk"),
        evaluation__status=Evaluation.Status.ISSUED,
        closed_on__isnull=True,
    ).select_related("evaluation", "evaluation__case__department")
    return DueRecords(open_items, unit_field="evaluation__unit")


def due_work(*, user) -> list[UnitDue]:
    """Unfinished rectifications of issued evaluations, by unit, for the dashboards."""
    return [
        due_by_unit(
            "执法案卷整改",
            reverse("enforcement:rectification_list"),
            due_records(user=user),
            _rectification_row,
        )
    ]
