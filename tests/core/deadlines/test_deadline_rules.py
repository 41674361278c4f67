"""The rule table: required rules, their legal basis, and local overrides."""

import json

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
    "petition.handle": (C, 60, 30, "信访工作条例 第三十四条"),
    "penalty.hearing_request": (W, 5, None, "行政处罚法 第六十四条"),
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
