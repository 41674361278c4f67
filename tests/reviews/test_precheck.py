"""The normative-document pre-check engine, alone (no database)."""

import json
from importlib import resources

from sifasuo.reviews.precheck import scan, split_clauses
from sifasuo.reviews.precheck.engine import scan_clause

SAMPLES = json.loads(
    resources.files("sifasuo.reviews.precheck").joinpath("samples.json").read_text("utf-8")
)


def test_penalty_clause_is_flagged_with_its_prohibition_and_basis():
    findings = scan("违反本办法规定乱倒垃圾的，处以二百元罚款。", document_checks=False)
    assert [(f.category, f.law, f.article) for f in findings] == [
        ("penalty", "行政处罚法", "第十六条")
    ]
    assert findings[0].clause == "违反本办法规定乱倒垃圾的，处以二百元罚款。"
    assert findings[0].prohibition == "规范性文件不得设定行政处罚"


def test_clause_citing_the_higher_law_is_not_flagged():
    assert scan_clause("违反本规定乱占耕地的，依照《中华人民共和国土地管理法》有关规定处理。") == []


def test_safeguard_is_not_mistaken_for_a_fee():
    assert scan_clause("办理宅基地申请不得收取任何费用。") == []


def test_competition_restrictions_cite_fair_competition_articles():
    findings = scan("全镇农户建房使用的建材须从镇指定供应商处购买。", document_checks=False)
    assert [(f.law, f.article) for f in findings] == [("公平竞争审查条例", "第八条")]


def test_missing_issuer_and_validity_are_reported_for_the_whole_document():
    categories = [f.category for f in scan("第一条 为改善环境，制定本办法。")]
    assert categories == ["missing_issuer", "missing_validity"]
    complete = "第一条 为改善环境，制定本办法。\n本办法自2026年1月1日起施行，有效期五年。\n秦楼街道办事处\n2026年1月1日"
    assert scan(complete) == []


def test_split_clauses_by_sentence_and_line():
    assert split_clauses("第一条 甲。乙；\n丙") == ["第一条 甲。", "乙；", "丙"]


def test_labeled_samples_precision_and_recall():
    tp = fp = fn = 0
    for sample in SAMPLES:
        got, expected = set(scan_clause(sample["clause"])), set(sample["labels"])
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
    assert len(SAMPLES) >= 40
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.85
