"""Extreme-risk screening (防范个人极端风险): checklist items and narrative signals → a grade.

Pure Python: no Django, so the rules can be read and tested on their own.
"""

from __future__ import annotations

from sifasuo.core.risk import Assessment, grade

# (key, label, weight): weight 2 is a red signal on its own, 1 a yellow one.
CHECKLIST: list[tuple[str, str, int]] = [
    ("threat_violence", "扬言实施暴力或报复", 2),
    ("threat_suicide", "流露轻生念头或扬言自杀", 2),
    ("weapon", "持有或扬言使用凶器、爆炸物、危险物品", 2),
    ("domestic_violence", "存在家庭暴力", 2),
    ("mental_illness", "当事人有精神疾病或精神异常表现", 1),
    ("police_callouts", "多次报警或派出所多次出警", 1),
    ("prior_conflict", "双方曾有冲突、积怨较深", 1),
    ("repeated_petition", "多次上访或越级上访", 1),
]
CHECKLIST_LABELS = {key: label for key, label, _weight in CHECKLIST}

# Words in the narrative that hint at a checklist item.
SIGNALS: dict[str, tuple[str, ...]] = {
    "threat_violence": ("杀了", "弄死", "砍", "报复", "同归于尽", "打死"),
    "threat_suicide": ("自杀", "跳楼", "喝药", "农药", "不想活", "轻生"),
    "weapon": ("刀", "汽油", "炸药", "枪", "斧头"),
    "domestic_violence": ("家暴", "家庭暴力", "殴打妻子", "打老婆", "殴打丈夫"),
    "mental_illness": ("精神病", "精神疾病", "精神异常", "精神分裂"),
    "police_callouts": ("多次报警", "多次出警", "反复报警"),
    "prior_conflict": ("积怨", "多次冲突", "曾经打架", "矛盾激化"),
    "repeated_petition": ("多次上访", "越级上访", "进京"),
}


# Default follow-up cadence by grade (红色每月、黄色每季度); a deployment may override it with
# the SIFASUO_RISK_CADENCE_DAYS setting.
FOLLOWUP_CADENCE_DAYS = {"red": 30, "yellow": 90}


def assess(checked: list[str] | set[str], narrative: str) -> Assessment:
    """Grade = red if any weight-2 item applies or two or more weight-1 items; yellow for one."""
    return grade(CHECKLIST, SIGNALS, checked, narrative, narrative_name="简述")
