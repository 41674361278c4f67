"""The 案卷评查 score of one file, without Django: veto items first, then capped deductions.

A veto item found (one or more hits) makes the file 不合格 whatever its points (the 否决项 of the
published provincial standards). Each 卷面 or 内容 item deducts `step` per defect found, at most
its `cap`; a section never goes below 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

VETO, FORM, CONTENT = "veto", "form", "content"


@dataclass(frozen=True)
class Item:
    key: int
    section: str
    step: Decimal
    cap: Decimal


@dataclass(frozen=True)
class Score:
    vetoed: bool
    veto_items: list[int]
    form: Decimal
    content: Decimal
    deductions: dict[int, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.form + self.content


def deduction(item: Item, hits: int) -> Decimal:
    if item.section == VETO or hits <= 0:
        return Decimal(0)
    return min(item.step * hits, item.cap)


def score(
    items: Iterable[Item],
    hits: Mapping[int, int],
    *,
    form_points: int,
    content_points: int,
) -> Score:
    veto_items, deductions = [], {}
    lost = {FORM: Decimal(0), CONTENT: Decimal(0)}
    for item in items:
        found = hits.get(item.key, 0)
        if item.section == VETO:
            if found > 0:
                veto_items.append(item.key)
            continue
        amount = deduction(item, found)
        if amount:
            deductions[item.key] = amount
            lost[item.section] += amount
    return Score(
        vetoed=bool(veto_items),
        veto_items=veto_items,
        form=max(Decimal(form_points) - lost[FORM], Decimal(0)),
        content=max(Decimal(content_points) - lost[CONTENT], Decimal(0)),
        deductions=deductions,
    )


def grade(result: Score, *, pass_score: int, excellent_score: int) -> str:
    """优秀 / 合格 / 不合格 (fail when vetoed or below the pass mark)."""
    if result.vetoed or result.total < pass_score:
        return "fail"
    return "excellent" if result.total >= excellent_score else "pass"
