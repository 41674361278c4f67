"""Risk grading shared by the lines that screen people (调解 extreme risk, 信访 risk).

A line declares its checklist (key, label, weight) and the narrative words that hint at an item;
the grade is red if any weight-2 item applies or two or more weight-1 items do, yellow for one
weight-1 item, green otherwise. Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Assessment:
    grade: str  # "red" / "yellow" / "green"
    reasons: list[str]
    items: list[str]


def grade(
    checklist: list[tuple[str, str, int]],
    signals: Mapping[str, tuple[str, ...]],
    checked: Iterable[str],
    narrative: str,
    *,
    narrative_name: str,
) -> Assessment:
    """Grade the checked items plus those the narrative's words hint at.

    `narrative_name` names the text in the reasons ("简述", "信访请求").
    """
    labels = {key: label for key, label, _weight in checklist}
    weights_by_key = {key: weight for key, _label, weight in checklist}
    checked = set(checked)
    items = [key for key in labels if key in checked]
    reasons = [f"排查：{labels[key]}" for key in items]
    text = narrative or ""
    for key, words in signals.items():
        hits = [w for w in words if w in text]
        if hits:
            reasons.append(f"{narrative_name}中出现“{'、'.join(hits)}”：{labels[key]}")
            if key not in items:
                items.append(key)
    weights = [weights_by_key[key] for key in items]
    if any(w >= 2 for w in weights) or len(weights) >= 2:
        result = "red"
    elif weights:
        result = "yellow"
    else:
        result = "green"
    return Assessment(grade=result, reasons=reasons, items=items)
