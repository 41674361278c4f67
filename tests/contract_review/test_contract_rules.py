"""Each rule code: a contract that breaks it (with evidence and basis) and hard negatives."""

from __future__ import annotations

from datetime import date

import pytest
from contract_review.contract_cases import AS_OF, BASE, contract, finding, rules_of

from sifasuo.contract_review.engine import Thresholds, ThresholdsError, parse_price_rows
from sifasuo.contract_review.engine.rules import default_rules

BASE_LESSEE = BASE["lessee"]
HOUSEHOLD_TRANSFER = {
    "title": "土地经营权流转合同",
    "lessor": "甲方（流出方）：王建国\n住址：河山镇西村",
    "lessee": "乙方（流入方）：日照丰禾农业发展有限公司",
    "location": (
        "第一条 甲方将其承包的位于河山镇西村村北的耕地的土地经营权流转给乙方。流转土地面积30亩。"
        "二轮土地承包期至2027年12月31日届满。"
    ),
    "term": "第二条 流转期限自2020年1月1日起至2035年12月31日止。",
    "rent": "第四条 流转费为每亩每年300元，乙方于每年12月31日前支付。",
    "consent": None,
    "signature": "甲方（签字）：王建国    乙方（盖章）：日照丰禾农业发展有限公司\n签订日期：2019年12月1日",
}


def test_baseline_contract_has_no_finding(review):
    result = review(contract())
    assert result.status == "ok"
    assert result.findings == []
    assert result.problem is False


# --- term_over_limit ----------------------------------------------------------------------------


def test_farmland_lease_over_twenty_years_says_the_law_is_contested(review):
    result = review(contract(term="第二条 租赁期限自2020年3月1日起至2045年2月28日止。"))
    item = finding(result, "term_over_limit")
    assert item.basis == "民法典 第七百零五条（对土地经营权出租是否适用存在不同认识）"
    assert "超过二十年的，超过部分无效" in item.basis_quote
    assert [e.snippet for e in item.evidence] == ["2020年3月1日", "2045年2月28日"]
    assert "存在不同认识" in item.message and "不径行认定超过部分无效" in item.message
    assert item.severity == "medium"


def test_building_lease_over_twenty_years_cites_civil_code_705(review):
    parts = {
        "title": "厂房租赁合同",
        "location": "第一条 甲方出租的厂房位于河山镇西村工业园，建筑面积1000平方米。",
        "term": "第二条 租赁期限自2020年3月1日起至2045年2月28日止。",
        "use": "第三条 乙方租赁厂房用于机械加工。",
        "rent": "第四条 租金为每平方米每年100元，乙方于每年12月31日前交纳。",
    }
    item = finding(review(contract(**parts)), "term_over_limit")
    assert item.basis == "民法典 第七百零五条"
    assert "2040年2月29日以后的部分无效" in item.message
    assert item.severity == "high"


def test_lease_in_chinese_numerals_over_twenty_years(review):
    term = "第二条 租赁期限自二〇二〇年三月一日起至二〇四五年二月二十八日止。"
    item = finding(review(contract(term=term)), "term_over_limit")
    assert item.evidence[1].snippet == "二〇四五年二月二十八日"


def test_lease_of_exactly_twenty_years_to_the_anniversary_is_not_over(review):
    result = review(contract(term="第二条 租赁期限自2020年3月1日起至2040年3月1日止。"))
    assert "term_over_limit" not in rules_of(result)


def test_lease_stated_only_in_years(review):
    item = finding(review(contract(term="第二条 租赁期限为二十五年。")), "term_over_limit")
    assert item.evidence[0].snippet == "租赁期限为二十五年"


def test_transfer_beyond_the_household_term_cites_article_38(review):
    item = finding(review(contract(**HOUSEHOLD_TRANSFER)), "term_over_limit")
    assert item.basis == "农村土地承包法 第三十八条第（三）项"
    assert {e.snippet for e in item.evidence} == {"2035年12月31日", "2027年12月31日"}
    assert "2027年12月31日" in item.remedy


def test_transfer_within_the_household_term_is_fine(review):
    parts = HOUSEHOLD_TRANSFER | {"term": "第二条 流转期限自2020年1月1日起至2027年12月31日止。"}
    assert "term_over_limit" not in rules_of(review(contract(**parts)))


def test_transfer_checked_against_a_configured_second_round_end(review):
    parts = HOUSEHOLD_TRANSFER | {
        "location": "第一条 甲方将其承包的位于河山镇西村村北的耕地流转给乙方，面积30亩。"
    }
    assert "term_over_limit" not in rules_of(review(contract(**parts)))
    local = Thresholds(transferor_term_end=date(2027, 12, 31))
    assert "term_over_limit" in rules_of(review(contract(**parts), thresholds=local))


FOREST = {
    "title": "林地承包合同",
    "lessee": "乙方（承包方）：李四\n住址：河山镇西村第三村民小组",
    "location": "第一条 承包的林地坐落于河山镇西村北山，面积共计100亩。",
    "term": "第二条 承包期限自2000年1月1日起至2079年12月31日止。",
    "rent": "第四条 承包费为每亩每年200元，乙方于每年12月31日前交纳。",
    "use": "第三条 乙方承包土地用于营造经济林。",
}


def test_family_contracting_of_forest_over_seventy_years(review):
    item = finding(review(contract(**FOREST)), "term_over_limit")
    assert item.basis == "农村土地承包法 第二十一条第一款"
    assert "家庭承包的林地" in item.message and "70年" in item.message


def test_forest_contracted_to_a_company_has_the_term_the_parties_agree(review):
    # 农村土地承包法 第四十九条: land contracted by other means has no statutory term
    parts = FOREST | {"lessee": BASE_LESSEE}
    assert "term_over_limit" not in rules_of(review(contract(**parts)))


def test_wasteland_auction_for_fifty_years_has_no_statutory_cap(review):
    parts = {
        "title": "四荒地拍卖承包合同",
        "location": "第一条 承包的荒山坐落于河山镇西村东山，面积共计100亩。",
        "term": "第二条 承包期限自2000年1月1日起至2049年12月31日止。",
        "rent": "第四条 承包费为每亩每年100元，乙方于每年12月31日前交纳。",
        "use": "第三条 乙方承包土地用于植树造林。",
    }
    assert "term_over_limit" not in rules_of(review(contract(**parts)))


# --- low_price ----------------------------------------------------------------------------------


def test_price_below_seventy_percent_of_the_township_price(review):
    result = review(
        contract(rent="第四条 租金为每亩每年500元，乙方应于每年12月31日前交纳当年租金。")
    )
    item = finding(result, "low_price")
    assert item.evidence[0].snippet == "每亩每年500元"
    assert item.evidence[1].snippet == "伍拾亩"
    assert item.basis.startswith(
        "最高人民法院关于适用《中华人民共和国民法典》合同编通则若干问题的解释 第四十二条"
    )
    assert "百分之七十" in item.basis_quote
    assert "900元/亩/年" in item.message and "河山镇" in item.message
    remaining = ((date(2040, 2, 29) - AS_OF).days + 1) / 365.2425
    assert item.income_gap == pytest.approx((900 - 500) * 50 * remaining, abs=60)
    assert result.income_gap == item.income_gap


def test_price_in_capital_numerals(review):
    rent = "第四条 租金为每亩每年人民币叁佰元整，乙方应于每年12月31日前交纳当年租金。"
    item = finding(review(contract(rent=rent)), "low_price")
    assert "300元/亩/年" in item.message


def test_price_just_above_seventy_percent_is_fine(review):
    rent = "第四条 租金为每亩每年640元，乙方应于每年12月31日前交纳当年租金。"  # 630 = 70% of 900
    assert "low_price" not in rules_of(review(contract(rent=rent)))


def test_price_ratio_is_configurable(review):
    rent = "第四条 租金为每亩每年500元，乙方应于每年12月31日前交纳当年租金。"
    result = review(contract(rent=rent), thresholds=Thresholds(low_price_ratio=0.5))
    assert "low_price" not in rules_of(result)


def test_price_compared_with_the_price_in_force_when_the_lease_began(review):
    rows = [
        ["乡镇", "类型", "价格", "年份"],
        ["河山镇", "耕地", "600", "2015"],
        ["河山镇", "耕地", "900", "2023"],
    ]
    dated = parse_price_rows(rows, "dated.csv")
    rent = "第四条 租金为每亩每年500元，乙方应于每年12月31日前交纳当年租金。"
    assert "low_price" not in rules_of(review(contract(rent=rent), prices=dated))
    later = contract(rent=rent, term="第二条 租赁期限自2024年3月1日起至2034年2月28日止。")
    assert "low_price" in rules_of(review(later, prices=dated))


def test_no_price_table_means_no_price_finding(review):
    rent = "第四条 租金为每亩每年100元，乙方应于每年12月31日前交纳当年租金。"
    assert "low_price" not in rules_of(review(contract(rent=rent), prices=None))


def test_price_derived_from_annual_rent_and_area(review):
    rent = "第四条 年租金为壹万元整，乙方应于每年12月31日前交纳当年租金。"  # 200 per 亩
    item = finding(review(contract(rent=rent)), "low_price")
    assert "200元/亩/年" in item.message
    assert item.evidence[0].snippet == "年租金为壹万元整"


def test_household_transfer_price_is_the_household_business(review):
    parts = HOUSEHOLD_TRANSFER | {"term": "第二条 流转期限自2020年1月1日起至2027年12月31日止。"}
    assert rules_of(review(contract(**parts))) == set()


# --- lump_sum_prepayment ------------------------------------------------------------------------


def test_ten_years_paid_at_once(review):
    rent = "第四条 租金为每亩每年800元，乙方于签订合同时一次性支付前十年租金。"
    item = finding(review(contract(rent=rent)), "lump_sum_prepayment")
    assert item.evidence[0].snippet == "一次性支付前十年"
    assert "10年" in item.message
    assert "非法定标准" in item.basis


def test_whole_term_paid_at_once(review):
    rent = "第四条 租金为每亩每年800元，租金一次性付清，乙方于签订合同时一次性付清全部租金。"
    item = finding(review(contract(rent=rent)), "lump_sum_prepayment")
    assert "20年" in item.message


def test_three_years_paid_at_once_is_within_the_limit(review):
    rent = "第四条 租金为每亩每年800元，乙方于签订合同时一次性支付三年租金，以后每年支付。"
    assert "lump_sum_prepayment" not in rules_of(review(contract(rent=rent)))


def test_one_off_compensation_is_not_a_prepayment(review):
    requisition = "第六条 如遇国家征收，地上附着物补偿费一次性支付给乙方，土地补偿费归甲方。"
    assert "lump_sum_prepayment" not in rules_of(review(contract(requisition=requisition)))


def test_prepayment_limit_is_configurable(review):
    rent = "第四条 租金为每亩每年800元，乙方于签订合同时一次性支付前五年租金。"
    assert "lump_sum_prepayment" in rules_of(review(contract(rent=rent)))
    relaxed = Thresholds(max_prepaid_years=5)
    assert "lump_sum_prepayment" not in rules_of(review(contract(rent=rent), thresholds=relaxed))


# --- no_democratic_procedure --------------------------------------------------------------------


def test_company_without_consent(review):
    item = finding(review(contract(consent=None)), "no_democratic_procedure")
    assert item.basis == "农村土地承包法 第五十二条；村民委员会组织法 第二十四条"
    assert "三分之二以上成员或者三分之二以上村民代表的同意" in item.basis_quote
    assert item.evidence[-1].snippet == "日照绿源农业发展有限公司"
    assert "本集体经济组织以外的单位" in item.message


def test_counted_votes_above_two_thirds_of_all_representatives(review):
    consent = "第九条 经2020年1月10日召开的村民代表会议表决，应到代表45人，实到43人，同意31人。"
    assert rules_of(review(contract(consent=consent))) == set()


def test_counted_votes_below_two_thirds(review):
    consent = "第九条 经村民代表会议表决，应到代表四十五人，实到四十三人，同意二十八人。"
    item = finding(review(contract(consent=consent)), "no_democratic_procedure")
    assert "62.22%" in item.message
    assert item.evidence[0].snippet == consent


def test_village_committee_meeting_is_not_a_villagers_meeting(review):
    result = review(contract(consent="第九条 本合同经村两委会议研究同意。"))
    assert "no_democratic_procedure" in rules_of(result)


def test_meeting_without_a_stated_fraction(review):
    item = finding(
        review(contract(consent="第九条 本合同经村民代表会议讨论通过。")), "no_democratic_procedure"
    )
    assert "未载明同意人数或者比例" in item.message


def test_member_of_the_collective_needs_no_two_thirds_consent(review):
    lessee = "乙方（承租方）：张三\n住址：河山镇西村8号"
    result = review(contract(lessee=lessee, consent=None))
    assert "no_democratic_procedure" not in rules_of(result)
    assert result.fields.lessee_kind.value == "member"


def test_outsider_recognised_by_address_in_another_village(review):
    lessee = "乙方（承租方）：张三\n住址：后村镇东庄12号"
    item = finding(review(contract(lessee=lessee, consent=None)), "no_democratic_procedure")
    assert item.evidence[-1].snippet == "后村镇东庄12号"
    assert "本集体经济组织以外的个人" in item.message


def test_factory_lease_needs_a_meeting_decision_not_two_thirds(review):
    parts = {
        "title": "厂房租赁合同",
        "location": "第一条 甲方出租的厂房位于河山镇西村工业园，建筑面积1000平方米。",
        "use": "第三条 乙方租赁厂房用于机械加工。",
        "rent": "第四条 租金为每平方米每年100元，乙方于每年12月31日前交纳。",
        "requisition": None,
        "rights": "第五条 厂房主体结构的维修由甲方负责。甲乙双方的权利和义务按本合同执行。",
        "consent": "第九条 本合同经村民代表会议讨论通过。",
    }
    assert rules_of(review(contract(**parts))) == set()
    item = finding(review(contract(**(parts | {"consent": None}))), "no_democratic_procedure")
    assert item.basis == "村民委员会组织法 第二十四条第一款第（八）项"


def test_household_transfer_to_a_company_needs_no_village_meeting(review):
    parts = HOUSEHOLD_TRANSFER | {"term": "第二条 流转期限自2020年1月1日起至2027年12月31日止。"}
    assert "no_democratic_procedure" not in rules_of(review(contract(**parts)))


# --- use_change ---------------------------------------------------------------------------------


def test_farmland_used_for_a_factory(review):
    item = finding(review(contract(use="第三条 乙方租赁土地用于建设厂房。")), "use_change")
    assert item.evidence[0].snippet == "第三条 乙方租赁土地用于建设厂房。"
    assert item.basis == "农村土地承包法 第三十八条第（二）项；土地管理法 第四条、第三十七条"
    assert "耕地约定用于“建设厂房”" in item.message


def test_a_ban_on_building_is_not_a_use_change(review):
    use = "第三条 乙方租赁土地用于种植蔬菜，不得在土地上建设厂房、仓库等永久性建筑物。"
    assert rules_of(review(contract(use=use))) == set()


def test_vegetable_greenhouses_are_farming(review):
    use = "第三条 乙方租赁土地用于建设蔬菜大棚，种植反季节蔬菜。"
    assert rules_of(review(contract(use=use))) == set()


# --- missing_clauses ----------------------------------------------------------------------------


def test_clauses_the_law_lists_as_usual_are_not_required(review):
    # "一般包括" lists (民法典 704, 承包法 22/40) are not mandatory: no breach, requisition,
    # rights or use clause is not a problem
    parts = {"requisition": None, "breach": None, "rights": None, "use": None}
    assert "missing_clauses" not in rules_of(review(contract(**parts)))


def test_building_lease_without_maintenance_is_fine(review):
    parts = {
        "title": "厂房租赁合同",
        "location": "第一条 甲方出租的厂房位于河山镇西村工业园，建筑面积1000平方米。",
        "use": "第三条 乙方租赁厂房用于机械加工。",
        "rent": "第四条 租金为每平方米每年100元，乙方于每年12月31日前交纳。",
        "requisition": None,
    }
    assert "missing_clauses" not in rules_of(review(contract(**parts)))


def test_term_stated_in_years_is_a_term(review):
    assert "missing_clauses" not in rules_of(review(contract(term="第二条 租赁期限为二十年。")))


def test_contract_without_price_or_term(review):
    item = finding(review(contract(rent=None, term=None)), "missing_clauses")
    assert item.basis == "民法典 第四百七十条、第五百一十条；合同编通则解释 第三条"
    assert "期限、价款或者支付方式" in item.message
    assert "第五百一十条" in item.remedy


# --- unsigned -----------------------------------------------------------------------------------


def test_blank_signature_of_the_lessee(review):
    signature = "甲方（盖章）：河山镇西村村民委员会\n乙方（签字）：\n签订日期：2020年2月20日"
    item = finding(review(contract(signature=signature)), "unsigned")
    assert item.evidence[0].snippet == "乙方（签字）："
    assert item.basis == "民法典 第四百九十条"
    assert item.severity == "medium"


def test_name_written_on_the_next_line_counts_as_signed(review):
    signature = (
        "甲方（盖章）：\n河山镇西村村民委员会\n乙方（签字）：\n日照绿源农业发展有限公司\n"
        "签订日期：2020年2月20日"
    )
    assert rules_of(review(contract(signature=signature))) == set()


def test_blank_signing_date_is_a_low_severity_finding(review):
    signature = (
        "甲方（盖章）：河山镇西村村民委员会    乙方（签字）：日照绿源农业发展有限公司\n"
        "签订日期：    年   月   日"
    )
    item = finding(review(contract(signature=signature)), "unsigned")
    assert item.severity == "low"
    assert "签订日期空白" in item.message


# --- buyback_clause -----------------------------------------------------------------------------


def test_collective_buys_back_the_investment(review):
    end = "第七条 合同期满后，乙方投资建设的地上附着物由甲方按评估价格收购。"
    item = finding(review(contract(end=end)), "buyback_clause")
    assert item.evidence[0].snippet == end
    assert item.basis == "村民委员会组织法 第二十四条第一款第（八）项；民法典 第一百五十一条"


@pytest.mark.parametrize(
    "end",
    [
        "第七条 合同期满后，乙方应自行拆除地上设施，甲方不予补偿。",
        "第七条 合同期满，地上附着物无偿归甲方所有。",
        "第七条 合同期满，乙方应将土地交还甲方，同等条件下乙方享有优先续租权。",
    ],
)
def test_no_buyback(review, end):
    assert "buyback_clause" not in rules_of(review(contract(end=end)))


# --- the rule table and thresholds --------------------------------------------------------------


def test_every_rule_has_a_basis_quote_and_remedy():
    rules = default_rules()
    assert set(rules) == {
        "term_over_limit",
        "low_price",
        "lump_sum_prepayment",
        "no_democratic_procedure",
        "use_change",
        "missing_clauses",
        "unsigned",
        "buyback_clause",
    }
    for rule in rules.values():
        assert rule.severity in {"high", "medium", "low"}
        for variant in rule.variants.values():
            assert "第" in variant.basis and "条" in variant.basis
            assert variant.quote and variant.remedy and variant.message


def test_thresholds_from_mapping_validate():
    assert Thresholds.from_mapping({"low_price_ratio": 0.6}).low_price_ratio == 0.6
    local = Thresholds.from_mapping({"transferor_term_end": "2027-12-31"})
    assert local.transferor_term_end == date(2027, 12, 31)
    with pytest.raises(ThresholdsError, match="unknown threshold"):
        Thresholds.from_mapping({"low_price": 0.6})
    with pytest.raises(ThresholdsError, match="at most 1"):
        Thresholds.from_mapping({"low_price_ratio": 7})
