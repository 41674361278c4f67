"""The rule table: required rules, their legal basis, and local overrides."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from sifasuo.core.deadlines import (
    RuleTableError,
    Unit,
    UnknownRule,
    default_rules,
    load_rule_overrides,
    load_rules,
)

C, W, M, Y = Unit.CALENDAR_DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.YEARS

REQUIRED = {
    # id: (unit, length, extension, basis)
    "reconsideration.apply": (C, 60, None, "行政复议法 第二十条"),
    "reconsideration.accept": (W, 5, None, "行政复议法 第三十条"),
    "reconsideration.correction_notice": (W, 5, None, "行政复议法 第三十一条第一款"),
    "reconsideration.copy": (W, 7, None, "行政复议法 第四十八条"),
    "reconsideration.reply": (W, 10, None, "行政复议法 第四十八条"),
    "reconsideration.decide": (C, 60, 30, "行政复议法 第六十二条第一款"),
    "reconsideration.decide_simple": (C, 30, None, "行政复议法 第六十二条第二款"),
    "litigation.answer": (C, 15, None, "行政诉讼法 第六十七条"),
    "litigation.sue": (M, 6, None, "行政诉讼法 第四十六条"),
    "litigation.sue_after_reconsideration": (C, 15, None, "行政诉讼法 第四十五条"),
    "mediation.judicial_confirmation": (C, 30, None, "人民调解法 第三十三条"),
    "legal_aid.decide": (C, 7, None, "法律援助法 第四十三条"),
    "legal_aid.assign": (C, 3, None, "法律援助法 第四十三条"),
    "info_disclosure.reply": (W, 20, 20, "政府信息公开条例 第三十三条第二款"),
    "info_disclosure.correction": (W, 7, None, "政府信息公开条例 第三十条"),
    "petition.accept": (C, 15, None, "信访工作条例 第二十二条"),
    "petition.objection": (W, 5, None, "信访工作条例 第二十三条第三款"),
    "petition.notify": (C, 15, None, "信访工作条例 第二十三条第二款"),
    "petition.forwarded_notify": (C, 15, None, "信访工作条例 第二十三条第三款"),
    "petition.handle": (C, 60, 30, "信访工作条例 第三十四条"),
    "penalty.hearing_request": (W, 5, None, "行政处罚法 第六十四条第一项"),
    "penalty.hearing_notice": (W, 7, None, "行政处罚法 第六十四条第二项"),
    "litigation.sue_after_required_reconsideration": (C, 15, None, "行政复议法 第三十四条"),
    "coercion.apply_court_enforcement": (M, 3, None, "行政强制法 第五十三条"),
    "civil.limitation": (Y, 3, None, "民法典 第一百八十八条第一款"),
    "penalty.decide": (C, 90, None, "行政处罚法 第六十条"),
    "penalty.limitation": (Y, 2, None, "行政处罚法 第三十六条"),
    "major_decision.legality_review": (W, 7, None, "重大行政决策程序暂行条例 第二十六条第二款"),
}


@pytest.mark.parametrize("rule_id", sorted(REQUIRED))
def test_required_rules(rule_id):
    unit, length, extension, basis = REQUIRED[rule_id]
    rule = default_rules()[rule_id]
    assert (rule.unit, rule.length, rule.extension, rule.basis) == (unit, length, extension, basis)


def test_every_working_day_rule_names_the_clause_that_makes_it_so():
    for rule in default_rules().values():
        assert rule.name and rule.article and rule.starts
        if rule.unit is Unit.WORKING_DAYS:
            assert rule.unit_basis, rule.id


def test_unverified_units_are_flagged_with_a_note():
    flagged = {r.id for r in default_rules().values() if r.unverified_unit}
    assert flagged == {"legal_aid.decide", "legal_aid.assign"}
    assert "工作日" in default_rules()["legal_aid.decide"].note


def test_unknown_rule():
    with pytest.raises(UnknownRule, match="no.such"):
        default_rules()["no.such"]


def test_overrides_are_validated():
    rules = default_rules()
    changed = rules.with_overrides({"legal_aid.assign": {"unit": "working_days", "length": 3}})
    assert changed["legal_aid.assign"].unit is W and changed["legal_aid.assign"].overridden
    assert rules["legal_aid.assign"].unit is C  # the original table is untouched
    with pytest.raises(RuleTableError, match="cannot change basis"):
        rules.with_overrides({"legal_aid.assign": {"basis": "x"}})
    with pytest.raises(RuleTableError, match="must be one of"):
        rules.with_overrides({"legal_aid.assign": {"unit": "weeks"}})
    with pytest.raises(RuleTableError, match="positive integer"):
        rules.with_overrides({"legal_aid.assign": {"length": 0}})
    with pytest.raises(UnknownRule):
        rules.with_overrides({"legal_aid.nope": {"length": 3}})


def test_load_rule_table_and_overrides_from_files(tmp_path):
    table = tmp_path / "rules.json"
    row = {"id": "x", "name": "测试", "basis": "某法 第一条", "article": "art. 1"}
    table.write_text(json.dumps({"rules": [{**row, "unit": "months", "length": 1}]}))
    assert load_rules(table)["x"].unit is M
    table.write_text(json.dumps({"rules": [{**row, "unit": "months", "length": 1}] * 2}))
    with pytest.raises(RuleTableError, match="duplicate"):
        load_rules(table)
    table.write_text(json.dumps({"rules": [{**row, "unit": "days", "length": 1}]}))
    with pytest.raises(RuleTableError, match="unit must be one of"):
        load_rules(table)
    table.write_text(
        json.dumps({"rules": [{**row, "unit": "months", "length": 1, "unverified_unit": True}]})
    )
    with pytest.raises(RuleTableError, match="needs a note"):
        load_rules(table)
    overrides = tmp_path / "local.json"
    overrides.write_text('{"legal_aid.decide": {"unit": "working_days"}}')
    assert load_rule_overrides(overrides) == {"legal_aid.decide": {"unit": "working_days"}}


def _article(law: str, number: str) -> str:
    """The text of one article of a statute in the shared law texts."""
    laws = Path(__file__).resolve().parents[4] / "shared" / "laws"  # shared/ beside the checkout
    if not laws.is_dir():
        pytest.skip("the statute texts (shared/laws) are not beside this checkout")
    text = next(laws.glob(f"{law}*.md")).read_text(encoding="utf-8")
    match = re.search(
        rf"^第{number}条 .*?(?=^第[一二三四五六七八九十百零]+条 |\Z)", text, re.M | re.S
    )
    assert match, (law, number)
    return match.group(0)


# Each new rule against the words of its article: (law file, article, words that set the period
# and its start, as the statute has them).
STATUTE_WORDS = {
    "litigation.sue_after_required_reconsideration": (
        "行政复议法",
        "三十四",
        ["自收到决定书之日起或者行政复议期限届满之日起十五日内", "不予受理、驳回申请"],
    ),
    "penalty.hearing_notice": ("行政处罚法", "六十四", ["应当在举行听证的七日前，通知当事人"]),
    "penalty.hearing_request": ("行政处罚法", "六十四", ["应当在行政机关告知后五日内提出"]),
    "coercion.apply_court_enforcement": (
        "行政强制法",
        "五十三",
        ["可以自期限届满之日起三个月内", "申请人民法院强制执行"],
    ),
    "civil.limitation": (
        "民法典-总则",
        "一百八十八",
        ["诉讼时效期间为三年", "知道或者应当知道权利受到损害以及义务人之日"],
    ),
    "petition.notify": (
        "信访工作条例",
        "二十三",
        ["信访部门以外的其他机关、单位", "应当自收到信访事项之日起15日内书面告知信访人"],
    ),
    "petition.forwarded_notify": (
        "信访工作条例",
        "二十三",
        ["本系统上级机关、单位转送、交办的信访事项", "应当自收到之日起15日内书面告知信访人"],
    ),
    "petition.objection": (
        "信访工作条例",
        "二十三",
        ["应当自收到之日起5个工作日内提出异议，并详细说明理由", "核实同意后，交还相关材料"],
    ),
    "petition.handle": (
        "信访工作条例",
        "三十四",
        ["对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结"],
    ),
}


@pytest.mark.parametrize("rule_id", sorted(STATUTE_WORDS))
def test_new_and_corrected_rules_match_the_statute_text(rule_id):
    law, number, words = STATUTE_WORDS[rule_id]
    article = _article(law, number)
    for phrase in words:
        assert phrase in article, (rule_id, phrase)
    assert default_rules()[rule_id].basis.startswith(f"{law.split('-')[0]} 第{number}条")


def test_hearing_notice_is_counted_back_from_the_hearing():
    from sifasuo.core.deadlines import compute

    rule = default_rules()["penalty.hearing_notice"]
    assert rule.direction.value == "before" and rule.unit_basis == "行政处罚法 第八十五条"
    assert "七日是工作日" in rule.note
    assert "“七日”的规定是指工作日" in _article("行政处罚法", "八十五")
    # Hearing on Mon 2026-10-12; back over Sun 11, then Sat 10 (a 调休 working day) (1), Fri 09
    # (2), Thu 08 (3), the National Day holiday 01..07, Wed 09-30 (4), 29 (5), 28 (6), the 中秋
    # weekend 25..27, Thu 09-24 (7): the notice must go out on 24 September at the latest.
    result = compute("penalty.hearing_notice", date(2026, 10, 12))
    assert result.due == date(2026, 9, 24)
    text = result.explain()
    assert "基准日：2026-10-12（星期一），即举行听证之日" in text
    assert "最迟日：2026-09-24（星期四），应当在此日或者此前完成" in text
    assert "届满日" not in text.split("说明")[0]


def test_petition_handle_says_it_covers_only_the_sixth_item_of_article_31():
    handle = default_rules()["petition.handle"]
    assert "第三十一条第六项" in handle.name and "仅适用于第三十一条第六项" in handle.note
    assert "（六）不属于以上情形的" in _article("信访工作条例", "三十一")
    notify = default_rules()["petition.notify"]
    assert "信访部门以外的其他机关、单位" in notify.note


def test_limitation_and_court_enforcement_periods():
    from sifasuo.core.deadlines import compute

    # 3 years after Fri 2021-03-05 = Tue 2024-03-05 (民法典 第一百八十八条 and 第二百零二条).
    assert compute("civil.limitation", date(2021, 3, 5)).due == date(2024, 3, 5)
    # 3 months after Sat 2025-07-05 = Sun 2025-10-05, in the National Day holiday -> Thu 10-09.
    assert compute("coercion.apply_court_enforcement", date(2025, 7, 5)).due == date(2025, 10, 9)
    # 15 days after Thu 2026-09-17 = Fri 10-02 (国庆节) -> Thu 10-08 (民事诉讼法 第八十五条第三款).
    sue = compute("litigation.sue_after_required_reconsideration", date(2026, 9, 17))
    assert sue.due == date(2026, 10, 8)
    assert "依行政诉讼法 第一百零一条适用" in sue.explain()
