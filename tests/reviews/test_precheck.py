"""The normative-document pre-check engine, alone (no database)."""

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from sifasuo.reviews.precheck import cite, law_title, scan, split_clauses
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


def _article(law: str, number: str) -> str:
    laws = Path(__file__).resolve().parents[3] / "shared" / "laws"  # shared/ beside the checkout
    if not laws.is_dir():
        pytest.skip("the statute texts (shared/laws) are not beside this checkout")
    text = next(laws.glob(f"{law}*.md")).read_text(encoding="utf-8")
    match = re.search(
        rf"^第{number}条 .*?(?=^第[一二三四五六七八九十百零]+条 |\Z)", text, re.M | re.S
    )
    assert match, (law, number)
    return match.group(0)


@pytest.mark.parametrize(
    ("clause", "category", "citation", "law", "number", "words"),
    [
        (
            "对违规搭建的构筑物，镇综合执法队可以强制拆除。",
            "enforcement",
            "《行政强制法》第十三条",
            "行政强制法",
            "十三",
            "行政强制执行由法律设定",
        ),
        (
            "当事人逾期不清除违法堆放物的，由镇政府组织代履行。",
            "substitute_performance",
            "《行政强制法》第十三条、第五十条至第五十二条",
            "行政强制法",
            "五十",
            "行政机关可以代履行",
        ),
        (
            "对拒不配合整治的住户，可以采取断水断电措施。",
            "utility_cutoff",
            "《行政强制法》第四十三条第二款",
            "行政强制法",
            "四十三",
            "行政机关不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行相关行政决定",
        ),
        (
            "对涉嫌违规的车辆，执法人员可以当场扣押。",
            "compulsion",
            "《行政强制法》第十条第四款",
            "行政强制法",
            "十",
            "法律、法规以外的其他规范性文件不得设定行政强制措施",
        ),
        (
            "申请摊位经营审批的，每次收取审批费一百元。",
            "licence_fee",
            "《行政许可法》第五十八条第一款",
            "行政许可法",
            "五十八",
            "行政机关实施行政许可和对行政许可事项进行监督检查，不得收取任何费用",
        ),
    ],
)
def test_enforcement_and_fees_cite_the_article_that_governs_them(
    clause, category, citation, law, number, words
):
    (finding,) = scan(clause, document_checks=False)
    assert (finding.category, finding.citation) == (category, citation)
    assert words in _article(law, number)
    if category in ("utility_cutoff", "licence_fee", "compulsion"):
        assert words in finding.prohibition  # quoted as the statute has it


def test_enforcement_is_no_longer_cited_to_the_article_on_compulsory_measures():
    for clause in ("逾期不拆除的，由镇政府组织强制执行。", "停止供水供电直至整改完毕。"):
        assert all(f.article != "第十条第四款" for f in scan(clause, document_checks=False))
    assert "行政强制措施由法律设定" in _article("行政强制法", "十")


def test_a_fee_outside_licensing_says_no_basis_was_found_and_cites_no_licensing_article():
    (finding,) = scan("入驻市场的商户每月缴纳管理费三百元。", document_checks=False)
    assert finding.category == "fee"
    assert "行政许可法" not in finding.citation
    assert "未找到设定该项收费的法律、法规依据" in finding.prohibition
    assert finding.citation == "国办发〔2018〕37号 一、（一）"


def test_rights_and_powers_cite_the_state_council_notice_that_binds_normative_documents():
    (cut,) = scan("子女违反计生规定的，取消其家庭的低保资格。", document_checks=False)
    (power,) = scan("本办法未尽事宜，由本机关有权作出最终决定。", document_checks=False)
    for finding in (cut, power):
        assert finding.law == "国办发〔2018〕37号" and finding.article == "一、（一）"
        assert "《" not in finding.citation and "立法法" not in finding.citation
    # 国办发〔2018〕37号 一、（一）严禁越权发文, in its published words.
    assert (
        cut.prohibition == "行政规范性文件不得违法减损公民、法人和其他组织的合法权益或者增加其义务"
    )
    assert (
        power.prohibition
        == "行政规范性文件不得增加法律、法规规定之外的行政权力事项或者减少法定职责"
    )
    # 立法法 第九十一条 binds 部门规章, which a township's document is not.
    assert "部门规章不得设定减损公民、法人和其他组织权利" in _article("立法法", "九十一")


def test_a_document_number_is_never_put_in_book_title_marks():
    assert cite("国办发〔2018〕37号", "一、（一）") == "国办发〔2018〕37号 一、（一）"
    assert cite("《国办发〔2018〕37号》", "一、（一）") == "国办发〔2018〕37号 一、（一）"
    assert cite("行政强制法", "第十三条") == "《行政强制法》第十三条"
    assert law_title("行政许可法") == "《行政许可法》"
