"""What a dispute handed over from 一站式受理 already says, as the opening form's initial values,
so nothing typed at intake is typed again: the 对方当事人 become the 被申请人, the narrative the
纠纷简要情况, and the 标的额 recorded at intake the 涉及金额."""

from __future__ import annotations

import re
from typing import Any

from sifasuo.core.models import PartyKind

_SEPARATORS = re.compile(r"[、，,；;\s]+")
# Name endings that mark a company or body rather than a person.
_ORGANIZATION_ENDINGS = ("公司", "厂", "合作社", "店", "中心", "协会", "医院", "学校", "委员会")


def counterpart_names(text: str) -> list[str]:
    """The names in a matter's 对方当事人 box, in order, each once."""
    names: list[str] = []
    for name in _SEPARATORS.split(text or ""):
        if name and name not in names:
            names.append(name)
    return names


def case_initial_from_matter(matter) -> dict[str, Any]:
    """The opening form's initial values for a case opened from `matter`."""
    initial: dict[str, Any] = {"matter": matter.pk, "summary": matter.narrative}
    if matter.amount is not None:
        initial["amount"] = matter.amount
    for i, name in enumerate(counterpart_names(matter.counterpart_names), start=1):
        initial[f"b{i}_name"] = name
        initial[f"b{i}_kind"] = (
            PartyKind.ORGANIZATION if name.endswith(_ORGANIZATION_ENDINGS) else PartyKind.PERSON
        )
    return initial


def respondent_slots(matter) -> int:
    """Rows for 被申请人 on the opening form: two, or one per named 对方当事人."""
    return max(2, len(counterpart_names(matter.counterpart_names))) if matter else 2
