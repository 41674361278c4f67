"""人民调解 in 我的待办: the open cases the person mediates."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse

from sifasuo.core.todos import DueRecords, Todo, TodoGroup, UnitDue, due_by_unit, group_from

from . import selectors
from .models import Case, Stage


def _row(case: Case) -> Todo:
    return Todo(
        title=f"{case.number} {case.get_dispute_type_display()}：{case.summary[:40]}",
        url=reverse("mediation:case_detail", args=[case.pk]),
        step=case.get_stage_display(),
        due_on=case.due_on,
        due_provisional=case.due_provisional,
        unit=case.unit.name,
        due_paused=case.due_paused_since is not None,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    cases = (
        selectors.case_list_for_user(user=user)
        .filter(mediators=user)
        .exclude(stage__in=[Stage.ARCHIVED, Stage.TERMINATED])
        .order_by(F("due_on").asc(nulls_last=True), "created_at", "id")
    )
    return [
        group_from("调解案件（本人调解）", reverse("mediation:case_list"), cases, _row, limit=limit)
    ]


def due_records(*, user) -> DueRecords:
    """Open cases, as the dashboards count them."""
    cases = (
        selectors.case_list_for_user(user=user)
        .exclude(stage__in=[Stage.ARCHIVED, Stage.TERMINATED])
        .select_related("unit")
    )
    return DueRecords(cases)


def due_work(*, user) -> list[UnitDue]:
    """Open cases by office, for the dashboards."""
    return [due_by_unit("调解案件", reverse("mediation:case_list"), due_records(user=user), _row)]
