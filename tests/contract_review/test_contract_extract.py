"""Reading numbers, dates and fields out of contract text, each with the span it came from."""

from __future__ import annotations

from datetime import date

import pytest
from contract_review.contract_cases import contract

from sifasuo.contract_review.engine import extract
from sifasuo.contract_review.engine.numerals import (
    DATE_RE,
    MONEY_RE,
    parse_date,
    parse_money,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200", 1200),
        ("12.5", 12.5),
        ("3.5万", 35000),
        ("壹拾贰万", 120000),
        ("一万二千五百", 12500),
        ("五十", 50),
        ("两千", 2000),
        ("零点五", 0.5),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_chinese_numerals_read_here_agree_with_cn2an():
    """The usual forms are read without cn2an (slow to import); every form, usual or not (三万五,
    十零四, 九千零九佰), gives what cn2an gives."""
    import random

    import cn2an

    from sifasuo.contract_review.engine.numerals import _cn_number

    def reference(text):
        try:
            return float(cn2an.cn2an(text.replace("○", "〇"), "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            return None

    rng = random.Random(7)
    cases = {cn2an.an2cn(n, mode) for n in range(0, 1201) for mode in ("low", "up")}
    cases |= {cn2an.an2cn(rng.randrange(10**8), "low") for _ in range(300)}
    cases |= {"二〇二四", "一二", "三万五", "一百五", "十万零三", "三点五", "一万零五百", "两十"}
    digits = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬点"
    cases |= {"".join(rng.choices(digits, k=rng.randint(1, 5))) for _ in range(3000)}
    assert [t for t in sorted(cases) if _cn_number(t) != reference(t)] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("人民币壹拾贰万元整", 120000),
        ("12万元", 120000),
        ("¥15,000.00元", 15000),
        ("叁佰元整", 300),
    ],
)
def test_money(text, value):
    match = MONEY_RE.search(text)
    assert parse_money(match.group("num"), match.group("unit")) == value


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024年5月1日", date(2024, 5, 1)),
        ("二〇二四年五月一日", date(2024, 5, 1)),
        ("二零二四年十二月三十一日", date(2024, 12, 31)),
        ("2024.5.1", date(2024, 5, 1)),
        ("2024-05-01", date(2024, 5, 1)),
        ("2024/5/1", date(2024, 5, 1)),
        ("2024年5月", date(2024, 5, 1)),
    ],
)
def test_dates_in_every_style(text, day):
    assert parse_date(DATE_RE.search(text)) == day


def test_a_month_without_day_ends_on_its_last_day():
    assert parse_date(DATE_RE.search("2024年2月"), end_of_month=True) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "mu"),
    [("面积五十亩", 50), ("面积3.5公顷", 52.5), ("伍拾亩", 50), ("面积共计120亩", 120)],
)
def test_areas_in_mu(text, mu):
    result = extract(f"土地租赁合同\n第一条 租赁土地坐落于西村，{text}。\n")
    assert result.area.value == pytest.approx(mu)
    assert result.area_unit == "亩"


def test_every_field_points_at_its_text():
    text = contract()
    result = extract(text)
    for name in ("lessor", "lessee", "area", "start", "end", "price", "consent", "title"):
        found = getattr(result, name)
        assert " ".join(text[found.start : found.end].split()) == found.snippet, name
    assert result.lessor.value == "河山镇西村村民委员会"
    assert result.lessor_collective.value is True
    assert result.township.value == "河山镇"
    assert result.village.value == "西村"
    assert result.lessee_kind.value == "organization"
    assert result.kind.value == "lease"
    assert result.asset_type.value == "耕地"
    assert (result.start.value, result.end.value) == (date(2020, 3, 1), date(2040, 2, 29))
    assert result.years.value == 20
    assert result.price.value == 800
    assert result.consent.value["fraction"] == pytest.approx(2 / 3)
    assert result.township_approval is not None
    assert (result.lessor_signed.value, result.lessee_signed.value) == (True, True)
    assert result.signed_on.value == date(2020, 2, 20)


def test_aligned_labels_keep_offsets_into_the_original_text():
    text = "土地租赁合同\n甲    方：西村村民委员会\n乙    方：张三\n租 赁 期 限自2019年3月1日起至2045年2月28日止。\n"
    result = extract(text)
    assert result.lessor.value == "西村村民委员会"
    assert text[result.lessor.start : result.lessor.end] == "西村村民委员会"
    assert text[result.end.start : result.end.end] == "2045年2月28日"


def test_full_width_digits():
    result = extract(
        "土地租赁合同\n租赁期限自２０２０年３月１日起至２０３０年２月２８日止，面积１０亩。\n"
    )
    assert result.start.value == date(2020, 3, 1)
    assert result.area.value == 10


def test_handwritten_agreement():
    text = (
        "租地协议\n出租人：西村村委会（王建国）\n承租人：李四（外村村民）\n"
        "今西村村委会将村西耕地五亩租给李四耕种，租期十年，从二〇一八年三月一日起到二〇二八年二月二十九日止，"
        "每亩每年租金四百元，租金一次交清。\n立字为据。\n出租人：西村村委会 王建国（手印）\n"
        "承租人：李四（手印）\n二〇一八年三月一日\n"
    )
    result = extract(text)
    assert result.lessor.value == "西村村委会"
    assert result.lessee.value == "李四"
    assert result.lessee_kind.value == "outsider"
    assert result.area.value == 5
    assert result.price.value == 400
    assert result.prepaid_years.value == pytest.approx(10, abs=0.01)
    assert result.lessee_signed.value is True
    assert result.signed_on.value == date(2018, 3, 1)


def test_buildings_are_measured_in_square_metres_and_monthly_rent_is_annualised():
    text = (
        "厂房租赁合同\n甲方：西村村民委员会\n乙方：日照宏远机械有限公司\n"
        "第一条 厂房位于西村工业园，占地面积3亩，建筑面积1200平方米。\n第二条 月租金为壹万元整。\n"
    )
    result = extract(text)
    assert (result.area.value, result.area_unit) == (1200, "平方米")
    assert result.annual_rent.value == 120000
    assert result.price.value == 100


def test_area_is_not_read_from_a_price_per_mu():
    result = extract("土地租赁合同\n租金为500元/亩/年，每亩产量一千斤。\n")
    assert result.area is None
    assert result.price.value == 500
