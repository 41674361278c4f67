"""Drafting the engine was not written against: each class of error seen on contracts written by
strangers, and the legal scope of each rule (出让, household 流转, 其他方式承包, farm facilities)."""

from __future__ import annotations

from datetime import date

import pytest
from contract_review.contract_cases import AS_OF, PRICE_ROWS, finding, rules_of

from sifasuo.contract_review.engine import Thresholds, extract, parse_price_rows, review_text
from sifasuo.contract_review.engine.sections import sections_of

PRICES = parse_price_rows([*PRICE_ROWS, ["河山镇", "房屋", "100"]], "参考价")


def review(text: str, **kwargs):
    kwargs.setdefault("prices", PRICES)
    kwargs.setdefault("as_of", AS_OF)
    return review_text(text, **kwargs)


HOUSEHOLD = (
    "农村土地经营权出租合同\n"
    "出租方（甲方）：王建国，住河山镇西村\n"
    "承租方（乙方）：日照丰禾农业发展有限公司\n"
    "一、甲方家庭承包的耕地20亩，二轮承包期为2000年1月1日至2029年12月31日，"
    "现将其中土地经营权出租给乙方。\n"
    "二、出租期限：自2016年10月1日起至2029年9月30日止。\n"
    "三、土地租金及支付方式：租金每亩每年捌佰元，乙方应于每年6月30日前一次性交清当年租赁费。\n"
    "四、乙方另交履约保证金2万元，合同期满无违约的无息退还。\n"
    "五、乙方可以建设存放自产蔬菜的冷库和晾晒场。\n"
    "六、因甲方原因致使本合同提前解除的，甲方应赔偿乙方投资损失。\n"
    "甲方（签字）：王建国    乙方（盖章）：日照丰禾农业发展有限公司\n"
    "签订日期：2016年9月20日\n"
)


def test_household_lease_reads_the_term_from_its_own_clause():
    x = extract(HOUSEHOLD)
    assert x.kind.value == "transfer"
    assert (x.start.value, x.end.value) == (date(2016, 10, 1), date(2029, 9, 30))
    assert x.transferor_term_end.value == date(2029, 12, 31)


def test_household_lease_has_no_finding_at_all():
    # not a 30-year lease, not prepaid, deposit is not rent, cold store is a farm facility,
    # early-termination damages are not a buyback, and no village meeting is needed (承包法 36)
    result = review(HOUSEHOLD)
    assert result.findings == [], [f.rule for f in result.findings]
    x = result.fields
    assert x.prepaid_years is None
    assert x.price.value == 800
    assert x.non_agricultural_use is None
    assert x.buyback is None


def _village_lease(*clauses: str, title: str = "土地租赁合同", lessee: str | None = None) -> str:
    lessee = lessee or "乙方：日照绿源农业发展有限公司"
    return "\n".join(
        [
            title,
            "甲方：河山镇西村村民委员会",
            lessee,
            *clauses,
            "本合同经西村村民代表会议三分之二以上村民代表同意。",
            "甲方（盖章）：河山镇西村村民委员会    乙方（签字）：日照绿源农业发展有限公司",
            "签订日期：2020年2月20日",
        ]
    )


LAND = "1. 出租土地位于河山镇西村村南，面积50亩，地类为耕地。"
TERM = "2. 租赁期限自2020年3月1日起至2030年2月28日止。"


@pytest.mark.parametrize(
    ("rent", "price"),
    [
        ("3. 租金：500元/年/亩，每年12月31日前交清当年租金。", 500),
        ("3. 租金标准为每亩伍佰元整，每年交纳一次。", 500),
        ("3. 年租金总额为人民币贰万伍仟元整，于每年12月31日前支付。", 500),
        ("3. 租金为每年25000元，按年支付。", 500),
        ("3. 每公顷每年7500元，每年支付一次。", 500),
        ("3. 租金按每亩每年500斤小麦计，小麦按每斤1.2元折款，每年交纳。", 600),
        ("3. 租金每亩每年500元，每三年递增5%，每年支付。", 500),
    ],
)
def test_prices_in_other_wordings(rent, price):
    x = extract(_village_lease(LAND, TERM, rent))
    assert x.price.value == pytest.approx(price)
    assert x.price_note


def test_a_deposit_is_not_the_rent():
    rent = "3. 乙方交纳保证金每亩100元，租金为每亩每年600元，每年支付。"
    assert extract(_village_lease(LAND, TERM, rent)).price.value == 600


def test_grain_rent_at_a_configured_grain_price():
    rent = "3. 租金为每亩每年500斤小麦，按当年市场价折款，每年12月交清。"
    text = _village_lease(LAND, TERM, rent)
    assert extract(text).price is None
    cheap = Thresholds(grain_prices={"小麦": 1.0})  # 500 per 亩 < 70% of 900
    item = finding(review(text, thresholds=cheap), "low_price")
    assert "500斤小麦×配置粮价每斤1元" in item.message


def test_building_rent_per_square_metre_per_month():
    text = _village_lease(
        "1. 甲方将村委会临街门市房出租给乙方，建筑面积200平方米。",
        TERM,
        "3. 租金按每平方米每月5元计算，按季度支付。",
        title="门市房租赁合同",
    )
    x = extract(text)
    assert (x.price.value, x.area_unit) == (60, "平方米")
    item = finding(review(text), "low_price")  # 60 < 70% of 100 per m² per year
    assert "每平方米每月5元，折合每年60元" in item.message


def test_one_off_prepayment_of_exactly_three_years_is_within_the_limit():
    rent = "3. 租金每亩每年900元，签订合同时一次性预付前三年租金，以后每年支付。"
    x = extract(_village_lease(LAND, TERM, rent))
    assert x.prepaid_years.value == 3
    assert "lump_sum_prepayment" not in rules_of(review(_village_lease(LAND, TERM, rent)))


def test_a_year_number_is_not_a_number_of_years():
    rent = "3. 租金每亩每年900元，乙方于2020年3月1日一次性支付2020年度租金。"
    assert extract(_village_lease(LAND, TERM, rent)).prepaid_years is None


def test_rent_clause_headed_in_chinese_numbering_is_recognised():
    text = "\n".join(
        [
            "土地承包合同",
            "发包方（甲方）：河山镇西村村民委员会",
            "承包方（乙方）：李四，住本村第八村民小组",
            "一、土地位置及面积：村北机动地30亩。",
            "二、承包期限：2020年1月1日至2029年12月31日。",
            "三、土地租金及支付方式：每亩每年承包费900元，每年年底前交清。",
            "甲方（盖章）：河山镇西村村民委员会    乙方（签字）：李四",
        ]
    )
    roles = [sorted(s.roles) for s in sections_of(text)]
    assert ["payment", "price"] in roles
    result = review(text)
    assert result.fields.lessee_kind.value == "member"
    assert result.findings == []


@pytest.mark.parametrize(
    "numbering",
    [
        ("第一条 ", "第二条 ", "第三条 "),
        ("1.", "2.", "3."),
        ("1、", "2、", "3、"),
        ("（一）", "（二）", "（三）"),
        ("①", "②", "③"),
        ("", "", ""),
    ],
)
def test_term_is_read_from_the_term_clause_whatever_the_numbering(numbering):
    a, b, c = numbering
    text = "\n".join(
        [
            "土地流转协议",
            "甲方：张三",
            "乙方：李四",
            f"{a}甲方二轮土地承包期自1998年1月1日至2027年12月31日，承包地10亩。",
            f"{b}流转期限自2018年3月1日至2026年2月28日。",
            f"{c}流转费每亩每年600元，每年交一次。",
        ]
    )
    x = extract(text)
    assert (x.start.value, x.end.value) == (date(2018, 3, 1), date(2026, 2, 28))
    assert x.transferor_term_end.value == date(2027, 12, 31)


def test_early_termination_damages_are_not_a_buyback():
    clause = "6. 因甲方原因致使本合同提前解除的，甲方应赔偿乙方投资损失。"
    text = _village_lease(LAND, TERM, "3. 租金每亩每年900元，每年支付。", clause)
    assert "buyback_clause" not in rules_of(review(text))
    buyback = "6. 合同期满后，乙方建设的大棚等设施由甲方按评估价收购。"
    text = _village_lease(LAND, TERM, "3. 租金每亩每年900元，每年支付。", buyback)
    assert "buyback_clause" in rules_of(review(text))


GRANT = "\n".join(
    [
        "集体经营性建设用地使用权出让合同",
        "出让方（甲方）：河山镇西村股份经济合作社",
        "受让方（乙方）：日照宏远机械有限公司",
        "第一条 出让宗地位于河山镇西村工业园，面积20亩，土地用途为工业用地。",
        "第二条 出让年限50年，自2021年1月1日起至2070年12月31日止。",
        "第三条 出让价款总额为人民币肆佰万元整，乙方于合同签订之日起30日内一次性付清。",
        "第四条 本次出让经西村村民代表会议三分之二以上村民代表同意。",
        "出让方（盖章）：河山镇西村股份经济合作社    受让方（盖章）：日照宏远机械有限公司",
        "签订日期：2020年12月1日",
    ]
)


def test_a_fifty_year_industrial_grant_is_within_its_maximum():
    result = review(GRANT)
    assert result.fields.kind.value == "grant"
    assert result.fields.grant_use.value == "industrial"
    assert result.findings == [], [f.message for f in result.findings]


def test_a_grant_beyond_the_maximum_for_its_use_cites_land_law_63():
    text = GRANT.replace("工业用地", "商业用地")
    item = finding(review(text), "term_over_limit")
    assert item.basis == "土地管理法 第六十三条第四款"
    assert "40年" in item.message


def test_contracting_by_public_negotiation_has_no_statutory_cap():
    text = "\n".join(
        [
            "农村土地承包合同",
            "发包方：河山镇西村村民委员会",
            "承包方：日照绿源农业发展有限公司",
            "第一条 经公开协商，甲方将村南耕地100亩发包给乙方。",
            "第二条 承包期限40年，自2020年1月1日起至2059年12月31日止。",
            "第三条 承包费每亩每年900元，每年12月31日前交纳。",
            "第四条 本合同经西村村民会议三分之二以上成员同意，并报河山镇人民政府批准。",
            "发包方（盖章）：河山镇西村村民委员会    承包方（盖章）：日照绿源农业发展有限公司",
        ]
    )
    result = review(text)
    assert result.fields.contracting_method.value == "other"
    assert "term_over_limit" not in rules_of(result)


def test_low_price_remedy_is_rescission_within_the_limits_of_article_152():
    text = _village_lease(LAND, TERM, "3. 租金每亩每年300元，每年支付。")
    item = finding(review(text), "low_price")
    assert "撤销" in item.remedy and "变更或者撤销" not in item.remedy
    assert "一年内" in item.remedy and "五年" in item.remedy
    assert "农村集体经济组织法" not in item.basis  # signed in 2020, before it took effect
    recent = text.replace("2020年2月20日", "2025年6月1日").replace("2020年3月1日", "2025年7月1日")
    recent = recent.replace("2030年2月28日", "2035年6月30日")
    item = finding(review(recent, as_of=date(2025, 8, 1)), "low_price")
    assert "农村集体经济组织法 第三十五条第二款第（六）项" in item.basis


def test_prepayment_finding_does_not_cite_the_contracting_disputes_interpretation():
    rent = "3. 租金每亩每年900元，乙方于签订合同时一次性支付十年租金。"
    item = finding(review(_village_lease(LAND, TERM, rent)), "lump_sum_prepayment")
    assert "纠纷" not in item.basis and "第九条" not in item.basis_quote


def test_a_table_flattened_by_the_reader_keeps_its_cells_apart():
    text = (
        "村集体机动地承包合同\n发包方\t河山镇西村经济合作社\n承包方\t赵五（西村第二村民小组村民）\n"
        "承包地块\t西村南洼耕地8亩\n承包期限\t2024年1月1日至2026年12月31日\n"
        "承包费\t每亩每年柒佰元\n交费方式\t每年1月5日前交清当年承包费\n"
        "发包方（盖章）\t\t负责人（签字）\t\n承包方（签字）\t\t日期\t\n"
    )
    x = extract(text)
    assert (x.lessor.value, x.lessee.value) == ("河山镇西村经济合作社", "赵五")
    assert x.lessee_kind.value == "member"
    assert x.price.value == 700
    assert (x.lessor_signed.value, x.lessee_signed.value) == (False, False)


def test_dates_written_in_capital_numerals():
    x = extract("土地租赁合同\n租赁期限：自贰〇贰肆年肆月壹日起至贰〇叁贰年叁月叁拾壹日止。\n")
    assert (x.start.value, x.end.value) == (date(2024, 4, 1), date(2032, 3, 31))


def test_parties_named_in_prose_with_their_roles():
    text = (
        "土地出租协议\n河山镇东村股份经济合作社（出租方）与日照禾丰种植专业合作社（承租方）"
        "经协商订立本协议。\n租期从2024年3月1日开始，到2027年2月28日结束。\n"
    )
    x = extract(text)
    assert x.lessor.value == "河山镇东村股份经济合作社"
    assert x.lessee.value == "日照禾丰种植专业合作社"
    assert (x.start.value, x.end.value) == (date(2024, 3, 1), date(2027, 2, 28))


def test_a_contract_quoted_in_a_judgment_names_the_litigants():
    text = (
        "民事判决书（节录）\n原告：河山镇北村村民委员会。\n被告：周某，男，住日照市东港区。\n"
        "经审理查明：原告（甲方）与被告（乙方）签订《土地租赁合同》，约定甲方将本村耕地30亩"
        "出租给乙方，租赁期限自2010年1月1日至2035年12月31日，租金每亩每年500元。\n"
    )
    x = extract(text)
    assert x.lessor.value == "河山镇北村村民委员会"
    assert x.lessee.value == "周某"
    assert x.lessee_kind.value == "outsider"  # lives in a district town, not in the village


def test_a_hand_written_agreement_in_plain_words_has_a_price_and_a_term():
    text = (
        "租地协议\n甲方：吴大有（南村三组村民）\n乙方：郑小满（北村村民）\n"
        "甲方把自家承包地两亩租给乙方种，从2024年秋收后开始，到2027年秋收为止，一共三年。"
        "每年给甲方经营费一千元，秋收后给清。\n甲方：吴大有（手印）\n乙方：郑小满（手印）\n"
    )
    result = review(text)
    assert result.fields.years.value == 3
    assert result.fields.lessee_kind.value == "outsider"
    assert "missing_clauses" not in rules_of(result)


@pytest.mark.parametrize(
    ("words", "area", "unit"),
    [
        ("自家承包地三亩六分", 3.6, "亩"),
        ("门面房8间（每间约30平方米，共240平方米）", 240, "平方米"),
        ("大棚3个，每个1.5亩，共4.5亩", 4.5, "亩"),
    ],
)
def test_areas_by_the_piece_and_in_mu_and_fen(words, area, unit):
    x = extract(f"租赁协议\n甲方将{words}出租给乙方。\n")
    assert (x.area.value, x.area_unit) == (pytest.approx(area), unit)


@pytest.mark.parametrize(
    "rent",
    ["三、承包费：每年肆万元整，每年4月1日前交清。", "成交价格：每年肆万元整（¥40000元）。"],
)
def test_annual_amounts_after_a_label(rent):
    text = f"水面承包合同\n一、承包范围：水库养殖水面，面积约100亩。\n{rent}\n"
    x = extract(text)
    assert x.annual_rent.value == 40000
    assert x.price.value == 400


def test_a_price_left_to_be_agreed_is_no_price():
    rent = "3. 租金另行商定，每年年底前交纳。"
    item = finding(review(_village_lease(LAND, TERM, rent)), "missing_clauses")
    assert "价款或者支付方式" in item.message


def test_the_village_named_plainly_as_the_lessor_is_the_collective():
    text = "租地条子\n村里把西洼那块地租给外村的老周种菜，一年给村里五千块，年底前交。\n"
    result = review(text)
    assert result.fields.lessor_collective.value is True
    assert "no_democratic_procedure" in rules_of(result)


def test_a_ban_does_not_set_the_use_of_a_grant():
    text = GRANT.replace("土地用途为工业用地", "规划用途为商业用地，不得建设商品住宅")
    result = review(text)
    assert result.fields.grant_use.value == "commercial"
    assert "40年" in finding(result, "term_over_limit").message


@pytest.mark.parametrize(
    ("clause", "rule"),
    [
        ("6. 合同期满，甲方按乙方投入的百分之八十向乙方支付堤坝修建费用。", "buyback_clause"),
        ("4. 乙方租用该地块用于挖沙并设沙场。", "use_change"),
    ],
)
def test_other_words_for_a_buyback_and_for_quarrying(clause, rule):
    text = _village_lease(LAND, TERM, "3. 租金每亩每年900元，每年支付。", clause)
    assert rule in rules_of(review(text))


def test_jiao_are_tenths_of_a_yuan():
    text = _village_lease(
        "1. 甲方将村集体厂房出租给乙方，建筑面积300平方米。",
        TERM,
        "3. 租金标准为每平方米每月陆元伍角，每半年支付一次。",
        title="厂房租赁合同",
    )
    assert extract(text).price.value == 78


def test_family_contracting_without_a_fee_is_not_a_low_price():
    text = "\n".join(
        [
            "集体林地家庭承包合同",
            "发包方：河山镇西村经济合作社",
            "承包方：西村村民 李守田",
            "一、林地坐落于西村北山，面积12亩。",
            "二、承包期限自2020年1月1日起至2069年12月31日止。",
            "三、承包费：依照国家政策，集体林地家庭承包不收取承包费。",
            "发包方（盖章）：河山镇西村经济合作社    承包方（签字）：李守田",
        ]
    )
    prices = parse_price_rows([["乡镇", "类型", "价格"], ["河山镇", "林地", "200"]], "p")
    result = review(text, prices=prices)
    assert result.fields.contracting_method.value == "family"
    assert result.fields.lessee.value == "李守田"
    assert result.findings == []


def test_a_table_header_naming_its_unit_is_not_an_area():
    x = extract(
        "草场承包合同\n草场名称\t面积（亩）\t四至\n北梁草场\t420\t东至沟\n面积（亩）：420\n"
    )
    assert x.area.value == 420


def test_labels_run_into_names_in_a_flattened_table_or_a_notice():
    table = (
        "农村产权交易鉴证书\n转出方赵德明（河山镇西村农户）\n受让方日照禾丰种植专业合作社\n"
        "流转期限 2025年3月1日至2028年2月29日\n"
    )
    x = extract(table)
    assert (x.lessor.value, x.lessee.value) == ("赵德明", "日照禾丰种植专业合作社")
    notice = (
        "关于西村集体厂房出租结果的公示\n承租人：日照宏远机械有限公司\n"
        "租赁合同已签订，出租方河山镇西村股份经济合作社（盖章）。\n"
    )
    assert extract(notice).lessor.value == "河山镇西村股份经济合作社"
    # a clause that begins with a party's label is not a name
    assert extract("租赁合同\n承租方应当按时交纳租金。\n").lessee is None


@pytest.mark.parametrize(
    ("term", "start", "end"),
    [
        ("从2024年秋收以后开始，到2027年秋收为止", date(2024, 10, 1), date(2027, 10, 31)),
        ("2024年秋种到2025年夏收这一季", date(2024, 10, 1), date(2025, 6, 30)),
        ("自2024年3月1日起至2026年麦收", date(2024, 3, 1), date(2026, 6, 30)),
    ],
)
def test_a_term_dated_by_farming_seasons_is_a_term(term, start, end):
    # 民法典 第七百零四条 lists the term among what a lease "一般包括"; a note between farmers dates it
    # by the season, and that is a term all the same (its month, first or last day)
    text = (
        "租地协议\n甲方：韩玉兰（河山镇西村二组）\n乙方：韩立春（河山镇西村二组）\n"
        f"甲方家西岭地1.8亩租给乙方种，{term}，每亩每年四百元，收完麦子给清。\n"
        "甲方：韩玉兰（手印）\n乙方：韩立春（手印）\n2024年9月20日\n"
    )
    result = review(text)
    assert (result.fields.start.value, result.fields.end.value) == (start, end)
    assert "missing_clauses" not in rules_of(result)


def test_a_fee_paid_once_in_plain_words_is_the_price_for_the_whole_term():
    text = (
        "转让协议\n甲方：高广田（河山镇西村村民）\n乙方：石永庆（县城居民）\n"
        "甲方将自家承包地二亩转给乙方使用，乙方在此地上盖房居住。使用期限十年，"
        "从2021年5月1日到2031年4月30日。乙方一次付给甲方使用费两万元。\n"
        "甲方：高广田（手印）\n乙方：石永庆\n2021年4月20日\n"
    )
    result = review(text)
    x = result.fields
    assert x.total_rent.value == 20000
    assert x.price.value == 1000  # 20,000 ÷ 10 years ÷ 2 亩
    assert x.payment_schedule.value == "lump_sum"
    assert rules_of(result) == {"use_change"}  # a house on cropland; a household's own price


def test_a_yearly_payment_made_in_one_go_is_not_the_whole_terms_price():
    text = _village_lease(
        "一、甲方将西岭耕地30亩出租给乙方，租期自2024年1月1日至2028年12月31日。",
        "二、租金每亩每年八百元，乙方每年12月1日前一次性交清当年租金24000元。",
    )
    x = extract(text)
    assert x.total_rent is None
    assert x.price.value == 800


def test_a_notice_names_the_parties_where_it_records_who_signed():
    text = (
        "河山镇西村鱼塘竞价承包结果公告\n"
        "根据西村村民代表会议决定，村集体鱼塘限本村成员竞价承包。结果如下：\n"
        "村西鱼塘，水面15亩，竞得人：西村第三村民小组 宋玉山，成交价每亩每年六百元，"
        "承包期2025年1月1日至2029年12月31日，每年1月15日前交纳当年承包费。\n"
        "承包合同已于2024年12月20日由西村股份经济合作社（盖章）与宋玉山（签字）签订。\n"
        "特此公告。\n河山镇西村股份经济合作社\n2024年12月21日\n"
    )
    x = extract(text)
    assert x.lessor.value == "西村股份经济合作社"
    assert x.lessor_collective.value is True
    assert "missing_clauses" not in rules_of(review(text))


def test_a_renewal_reads_its_new_rent_not_the_old_one_it_recites():
    text = (
        "续租协议\n甲方：河山镇西村股份经济合作社\n乙方：宋玉山（河山镇西村村民）\n"
        "双方2014年签订的鱼塘租赁合同（水面20亩，年租金每亩400元）将于2024年底到期，"
        "经村民代表会议讨论同意续租。\n"
        "一、续租期限：自2025年1月1日起至2034年12月31日止。\n"
        "二、续租租金：每亩每年捌佰元，乙方于每年1月15日前交清当年租金。\n"
        "甲方（章）：河山镇西村股份经济合作社\n乙方（签字）：宋玉山\n2024年12月1日\n"
    )
    x = extract(text)
    assert x.price.value == 800
    assert (x.start.value, x.end.value) == (date(2025, 1, 1), date(2034, 12, 31))


def test_family_contracting_stated_in_the_recital_has_no_price_to_compare():
    # 农村土地承包法 第二十一条: a member household's contract; no fee is not a low price
    text = (
        "耕地承包合同\n发包方（甲方）：河山镇西村经济合作社\n承包方（乙方）：宋玉山（西村村民）\n"
        "经西村村民会议通过的承包方案，甲方将集体耕地以家庭承包方式承包给乙方，订立本合同。\n"
        "一、承包期限：三十年，自2028年1月1日至2057年12月31日，面积6亩。\n"
        "二、承包费：不收取承包费。\n"
        "甲方（章）：河山镇西村经济合作社\n乙方（签字）：宋玉山\n2027年12月20日\n"
    )
    result = review(text)
    assert result.fields.contracting_method.value == "family"
    assert "low_price" not in rules_of(result)
