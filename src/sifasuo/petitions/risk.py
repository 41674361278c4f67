"""Risk screening of a petition (信访风险研判): checklist items and narrative signals → a grade.

The grading of core.risk, shared with mediation's extreme-risk screening (a weight-2 item alone,
or two weight-1 items, is red; one weight-1 item is yellow), with the signals of petition work.
Pure Python: no Django, so the rules can be read and tested on their own.
"""

from __future__ import annotations

from sifasuo.core.risk import Assessment, grade

# (key, label, weight)
CHECKLIST: list[tuple[str, str, int]] = [
    ("extreme", "扬言实施自杀、自伤、暴力或报复等极端行为", 2),
    ("leapfrog", "越级上访，或扬言进京、赴省上访", 2),
    ("group", "多人共同信访（五人以上）", 1),
    ("repeated", "同一事项多次信访", 1),
    ("media", "扬言通过网络、媒体炒作", 1),
    ("hardship", "信访人生活困难，或有疾病、残疾", 1),
    ("long_running", "历史遗留、久拖未决", 1),
]
CHECKLIST_LABELS = {key: label for key, label, _weight in CHECKLIST}

SIGNALS: dict[str, tuple[str, ...]] = {
    "extreme": ("自杀", "跳楼", "喝药", "农药", "同归于尽", "报复", "不想活"),
    "leapfrog": ("进京", "去北京", "赴省", "到省里", "越级"),
    "media": ("网上曝光", "找媒体", "找记者", "发抖音", "曝光"),
    "long_running": ("多年未解决", "历史遗留", "一直没有解决"),
}

# Five or more people with a common request: 信访工作条例 第二十条第二款 has many people who
# visit with a common matter choose representatives, no more than five; at five the group item
# applies by itself.
GROUP_SIZE = 5


def assess(
    checked: list[str] | set[str], narrative: str, *, headcount: int = 1, repeat: bool = False
) -> Assessment:
    checked = set(checked)
    if headcount >= GROUP_SIZE:
        checked.add("group")
    if repeat:
        checked.add("repeated")
    return grade(CHECKLIST, SIGNALS, checked, narrative, narrative_name="信访请求")
