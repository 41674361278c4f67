"""Review due dates per kind: configuration fed to the deadline engine.

Every kind uses the number of working days configured here or in the
`SIFASUO_REVIEW_DUE_WORKDAYS` setting. For a 重大行政决策, 条例 第二十六条第二款 ("送请合法性审查，
应当保证必要的审查时间，一般不少于7个工作日") binds the submitter, not the reviewer: the review is
due on the date the submitter asked for, but never before the seventh working day, so a review
given less time than that is not counted overdue for it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError

from sifasuo.core import deadline_service, deadlines

from .models import ReviewKind

# The review time the submitter must allow (条例 第二十六条第二款), a minimum.
MAJOR_DECISION_MINIMUM_RULE = "major_decision.legality_review"
DEFAULT_WORKDAYS = {
    ReviewKind.MAJOR_DECISION: 7,
    ReviewKind.HOMESTEAD: 5,
    ReviewKind.NORMATIVE: 10,
    ReviewKind.CONTRACT: 5,
    ReviewKind.INFO_DISCLOSURE: 3,
    ReviewKind.MAJOR_ENFORCEMENT: 7,
    ReviewKind.COMPLAINT: 5,
    ReviewKind.VILLAGE_RULES: 10,
}
OUT_OF_CALENDAR = "截止日超出节假日数据范围（请管理员更新节假日数据），暂无法计算审查期限。"


def workdays_for(kind: str) -> int:
    configured = getattr(settings, "SIFASUO_REVIEW_DUE_WORKDAYS", None) or {}
    return int(configured.get(kind, DEFAULT_WORKDAYS[kind]))


class MinimumDay(NamedTuple):
    due: dt.date
    provisional: bool


def minimum_review_day(start: dt.date) -> MinimumDay:
    """The seventh working day after `start`: the least review time 条例 第二十六条第二款 asks
    the submitter of a 重大行政决策 to allow."""
    result, provisional = deadline_service.compute_due(MAJOR_DECISION_MINIMUM_RULE, start)
    return MinimumDay(result.due, provisional)


def short_notice(review) -> str:
    """A warning when a 重大行政决策 was sent with less than the statutory review time ("" else)."""
    if review.kind != ReviewKind.MAJOR_DECISION or not review.requested_on:
        return ""
    try:
        minimum = minimum_review_day(review.submitted_on)
    except (ValidationError, deadlines.DeadlineError):
        return ""
    if review.requested_on >= minimum.due:
        return ""
    return (
        f"要求完成日期 {review.requested_on:%Y-%m-%d} 距报送不足7个工作日。"
        "《重大行政决策程序暂行条例》第二十六条第二款：送请合法性审查，应当保证必要的审查时间，"
        f"一般不少于7个工作日。审查期限按 {minimum.due:%Y-%m-%d} 计，不因此计为超期。"
    )


def basis_for(kind: str) -> str:
    """What sets a configured review period, said plainly on the review's deadline."""
    configured = getattr(settings, "SIFASUO_REVIEW_DUE_WORKDAYS", None) or {}
    days = workdays_for(kind)
    if kind in configured:
        return f"本所设定的审查时限：{days}个工作日（部署设置 SIFASUO_REVIEW_DUE_WORKDAYS）"
    return f"本系统默认审查时限：{days}个工作日（可由部署设置 SIFASUO_REVIEW_DUE_WORKDAYS 调整）"


def assign_due(review, *, start: dt.date) -> None:
    """Set the review's DeadlineFields for its kind, counted from `start` (送请审查之日)."""
    try:
        if review.kind == ReviewKind.MAJOR_DECISION and review.requested_on:
            minimum = minimum_review_day(start)
            review.due_rule = ""
            review.due_start = start
            if review.requested_on >= minimum.due:
                review.due_on = review.requested_on
                review.due_basis = "报送单位要求的完成日期"
            else:
                review.due_on = minimum.due
                review.due_basis = (
                    "报送单位要求的日期少于7个工作日，按《重大行政决策程序暂行条例》"
                    "第二十六条第二款计至第7个工作日"
                )
            review.due_provisional = minimum.provisional
            return
        rule = deadlines.Rule(
            id=f"reviews.{review.kind}",
            name=f"{ReviewKind(review.kind).label}合法性审查",
            basis=basis_for(review.kind),
            article="",
            unit=deadlines.Unit.WORKING_DAYS,
            length=workdays_for(review.kind),
            starts="送请合法性审查之日",
        )
        result, provisional = deadline_service.compute_due(rule, start)
    except (ValidationError, deadlines.DeadlineError) as exc:
        raise ValidationError(OUT_OF_CALENDAR) from exc
    review.due_rule = ""  # not a table rule: pausing is not offered for configured periods
    review.due_start = start
    review.due_on = result.due
    review.due_basis = rule.basis
    review.due_provisional = provisional
