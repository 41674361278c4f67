"""网上法律咨询 in 我的待办: for a consultant, the questions offered to them still waiting for an
answer (not held by another consultant's claim), those past the response target first."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from sifasuo.core.todos import Todo, TodoGroup

from . import services
from .models import Question, QuestionState


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    consultant = getattr(user, "consultant", None) if user.is_authenticated else None
    if consultant is None or not consultant.is_active:
        return []
    now = timezone.now()
    offered = (
        Question.objects.filter(
            offered_to=consultant, state__in=[QuestionState.WAITING, QuestionState.CLAIMED]
        )
        .select_related("unit")
        .order_by("asked_at", "id")[:500]
    )
    waiting = [q for q in offered if not services.held_by_another(q, consultant, now)]
    if not waiting:
        return []
    overdue = {q.pk for q in waiting if services.is_overdue(q, now=now)}
    waiting.sort(key=lambda q: (q.pk not in overdue, q.asked_at))
    items = [
        Todo(
            title=f"{q.get_specialty_display()}：{q.text[:30]}",
            url=reverse("consultations:question_detail", args=[q.pk]),
            step="已超过响应时限，请尽快解答" if q.pk in overdue else "解答咨询",
            unit=q.unit.name,
        )
        for q in waiting[:limit]
    ]
    return [
        TodoGroup(
            label="网上法律咨询（待解答）",
            more_url=reverse("consultations:question_list") + "?which=mine",
            total=len(waiting),
            items=items,
            overdue=len(overdue),
        )
    ]
