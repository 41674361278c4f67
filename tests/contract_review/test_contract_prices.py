"""The reference-price table: header words, units, and tables that could be read two ways."""

from __future__ import annotations

import pytest

from sifasuo.contract_review.engine import PriceFileError, load_prices, parse_price_rows


@pytest.mark.parametrize("header", ["乡镇", "镇街", "街道", "地区", "区域", "region"])
def test_usual_township_headers(header):
    table = parse_price_rows(
        [[header, "类型", "价格"], ["东港镇", "耕地", "800"], ["西湖镇", "耕地", "600"]], "p.csv"
    )
    assert table.lookup("东港镇", "耕地", None).price == 800
    assert table.lookup("日照市东港区西湖镇", "耕地", None).price == 600
    assert table.lookup("三庄镇", "耕地", None) is None  # no county default given


def test_two_prices_for_one_township_and_type_are_refused_naming_the_rows():
    rows = [
        ["乡镇", "类型", "价格", "单位"],
        ["东港镇", "耕地", "800", "元/亩/年"],
        ["东港镇", "林地", "200", "元/亩/年"],
        ["东港镇", "耕地", "650", "元/亩/年"],
    ]
    with pytest.raises(PriceFileError) as error:
        parse_price_rows(rows, "prices.csv")
    message = str(error.value)
    assert "东港镇耕地有两个以上不同价格（第2行、第4行）" in message
    assert "林地" not in message


def test_rows_per_type_without_a_township_column_are_refused():
    rows = [["名称", "类型", "价格"], ["东港镇", "耕地", "800"], ["西湖镇", "耕地", "600"]]
    with pytest.raises(PriceFileError, match="耕地有2行价格（第2行、第3行），但表中没有乡镇列"):
        parse_price_rows(rows, "prices.csv")


def test_same_township_and_type_in_different_years_is_fine():
    rows = [
        ["乡镇", "类型", "价格", "年份"],
        ["东港镇", "耕地", "600", "2015"],
        ["东港镇", "耕地", "800", "2020"],
    ]
    table = parse_price_rows(rows, "p.csv")
    assert table.lookup("东港镇", "耕地", 2018).price == 600
    assert table.lookup("东港镇", "耕地", 2022).price == 800


@pytest.mark.parametrize(
    ("price", "unit", "asset", "value", "area", "derivation"),
    [
        ("800", "元/亩/年", "耕地", 800, "亩", ""),
        ("800", "元/亩·年", "耕地", 800, "亩", ""),
        ("12000", "元/公顷/年", "耕地", 800, "亩", "12,000元/公顷/年，折合800元/亩/年"),
        ("96", "元/平方米/年", "厂房", 96, "平方米", ""),
        ("8", "元/平方米/月", "厂房", 96, "平方米", "8元/平方米/月，折合96元/平方米/年"),
        ("8元/㎡/月", "", "厂房", 96, "平方米", "8元/平方米/月，折合96元/平方米/年"),
        ("500", "斤小麦/亩/年", "耕地", 600, "亩", "500斤小麦/亩/年×每斤1.20元，折合600元/亩/年"),
    ],
)
def test_units_are_converted_and_the_derivation_is_kept(
    price, unit, asset, value, area, derivation
):
    rows = [["乡镇", "类型", "价格", "单位"], ["东港镇", asset, price, unit]]
    table = parse_price_rows(rows, "p.csv", grain_prices={"小麦": 1.2})
    found = table.lookup("东港镇", asset, None)
    assert (found.price, found.unit, found.derivation) == (value, area, derivation)
    if derivation:
        assert derivation in found.describe()


def test_grain_prices_need_a_configured_grain_price():
    rows = [["乡镇", "类型", "价格", "单位"], ["东港镇", "耕地", "500", "斤/亩/年"]]
    with pytest.raises(PriceFileError, match="需要配置粮价"):
        parse_price_rows(rows, "p.csv")


def test_unit_in_the_price_header_applies_to_rows_of_that_kind(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("乡镇,类型,价格（元/平方米/月）\n东港镇,厂房,8\n东港镇,耕地,800\n", "utf-8")
    table = load_prices(path)
    assert table.lookup("东港镇", "厂房", None).price == 96
    assert table.lookup("东港镇", "耕地", None).price == 800  # 耕地 is not priced per m²


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["东港镇", "宅基地x", "800", ""], "无法识别的类型"),
        (["东港镇", "耕地", "八百", ""], "不是数字"),
        (["东港镇", "耕地", "800", "元/间/年"], "无法识别的单位"),
    ],
)
def test_bad_rows_name_the_row(row, message):
    with pytest.raises(PriceFileError, match=f"p.csv 第2行：.*{message}"):
        parse_price_rows([["乡镇", "类型", "价格", "单位"], row], "p.csv")
