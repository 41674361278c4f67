"""Review due dates per kind: configuration fed to the deadline engine.

重大行政决策 uses the statutory rule (at least 7 working days); the other kinds use the number of
working days configured here or in the `SIFASUO_REVIEW_DUE_WORKDAYS` setting.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError

from sifasuo.core import deadline_service, deadlines

from .models import ReviewKind

STATUTORY_RULES = {ReviewKind.MAJOR_DECISION: "major_decision.legality_review"}
DEFAULT_WORKDAYS = {
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


def basis_for(kind: str) -> str:
    """What sets a configured review period, said plainly on the review's deadline."""
    configured = getattr(settings, "SIFASUO_REVIEW_DUE_WORKDAYS", None) or {}
    days = workdays_for(kind)
    if kind in configured:
        return f"本所设定的审查时限：{days}个工作日（部署设置 SIFASUO_REVIEW_DUE_WORKDAYS）"
    return f"本系统默认审查时限：{days}个工作日（可由部署设置 SIFASUO_REVIEW_DUE_WORKDAYS 调整）"


def assign_due(review, *, start: dt.date) -> None:
    """Set the review's DeadlineFields for its kind, counted from `start` (送请审查之日)."""
    rule_id = STATUTORY_RULES.get(review.kind)
    try:
        if rule_id:
            deadline_service.deadline_assign(review, rule_id=rule_id, start=start)
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
