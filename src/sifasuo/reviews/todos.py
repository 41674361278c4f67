"""合法性审查 in 我的待办: opinions waiting for the head's 签发, reviews the office must act on, and
opinions or returns the submitting department must answer."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse

from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Capability, Role, has_capability
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
from .models import Review, ReviewKind, ReviewStatus
from .services import ADVISOR_ROLES

OFFICE_STEPS = {
    ReviewStatus.SUBMITTED: "待受理",
    ReviewStatus.ACCEPTED: "待审查",
    ReviewStatus.REVIEWED: "待出具审查意见",
}
ADVISOR_STEPS = {
    ReviewStatus.ACCEPTED: "待提出法律意见",
    ReviewStatus.REVIEWED: "待提出法律意见",
}
HEAD_STEPS = {ReviewStatus.AWAITING_SIGN_OFF: "待签发审查意见"}
DEPARTMENT_STEPS = {
    ReviewStatus.RETURNED: "待补正材料",
    ReviewStatus.OPINION_ISSUED: "待反馈采纳情况",
}


def _rows(steps: dict[str, str]):
    def row(review: Review) -> Todo:
        return Todo(
            title=f"{review.get_kind_display()}：{review.title}",
            url=reverse("reviews:review_detail", args=[review.pk]),
            step=steps[review.status],
            due_on=review.due_on if steps is not DEPARTMENT_STEPS else None,
            due_provisional=review.due_provisional,
            unit=review.department.name,
            due_paused=review.due_paused_since is not None,
        )

    return row


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    reviews = selectors.review_list_for_user(user=user).order_by(
        F("due_on").asc(nulls_last=True), "id"
    )
    more = reverse("reviews:review_list")
    groups = []
    if works_in_office(user) and user.role in ADVISOR_ROLES:
        # 重大行政决策: the review must include their legal opinion (条例 第二十八条).
        groups.append(
            group_from(
                "合法性审查（待提出法律意见）",
                f"{more}?kind={ReviewKind.MAJOR_DECISION}",
                reviews.filter(
                    kind=ReviewKind.MAJOR_DECISION,
                    status__in=ADVISOR_STEPS,
                    advisor_opinion="",
                ),
                _rows(ADVISOR_STEPS),
                limit=limit,
            )
        )
    if works_in_office(user) and user.role == Role.OFFICE_HEAD:
        groups.append(
            group_from(
                "合法性审查（待所长签发）",
                f"{more}?status={ReviewStatus.AWAITING_SIGN_OFF}",
                reviews.filter(status__in=HEAD_STEPS, unit=user.unit),
                _rows(HEAD_STEPS),
                limit=limit,
            )
        )
    if works_in_office(user) and has_capability(user, Capability.LEGALITY_REVIEW):
        groups.append(
            group_from(
                "合法性审查（本所待办）",
                more,
                reviews.filter(status__in=OFFICE_STEPS),
                _rows(OFFICE_STEPS),
                limit=limit,
            )
        )
    elif user.unit is not None and user.unit.kind == UnitKind.DEPARTMENT:
        groups.append(
            group_from(
                "合法性审查（本科室待办）",
                more,
                reviews.filter(status__in=DEPARTMENT_STEPS),
                _rows(DEPARTMENT_STEPS),
                limit=limit,
                due_field=None,  # the department's answer has no statutory date
            )
        )
    return groups


WAITING_FOR_OFFICE = {**OFFICE_STEPS, **HEAD_STEPS}


def due_records(*, user) -> DueRecords:
    """Reviews waiting for the office, as the dashboards count them."""
    reviews = selectors.review_list_for_user(user=user).filter(status__in=WAITING_FOR_OFFICE)
    return DueRecords(reviews)


def due_work(*, user) -> list[UnitDue]:
    """Reviews waiting for the office, by office, for the dashboards."""
    return [
        due_by_unit(
            "合法性审查",
            reverse("reviews:review_list"),
            due_records(user=user),
            _rows(WAITING_FOR_OFFICE),
        )
    ]
