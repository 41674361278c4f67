"""The local reference-price table (参考价格表): township, land or asset type, yuan per unit per year.

A .csv (UTF-8 or GBK) or .xlsx with a header row. Columns, in any order (Chinese or English):

    乡镇 township      also 镇街, 街道, 地区, 区域, 片区, region; blank, 全县, 默认 or * = every
                       township not listed separately
    类型 type          耕地, 林地, 园地, 草地, 坑塘水面, 四荒地, 集体建设用地, 厂房, 房屋, 设施
                       (or a word that names one, e.g. 水浇地, 鱼塘)
    价格 price         a number, optionally with its unit ("800", "800元/亩/年")
    单位 unit          optional: 元/亩/年, 元/亩·年, 元/公顷/年, 元/平方米/年, 元/平方米/月,
                       斤/亩/年 or 公斤/亩/年 (grain, valued at the configured grain price);
                       the price header may carry the unit instead ("价格（元/亩/年）");
                       default 元/亩/年, for 厂房, 房屋 and 设施 元/平方米/年
    年份 year          optional: the year the price applies from; a contract is compared with
                       the latest price not later than its start (the price "at the time of the
                       transaction", 合同编通则解释 第四十二条)

A table that could be read two ways is refused, naming the rows: two prices for the same
township, type (and year), or several rows for one type with no township column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from .extract import ASSET_TYPES, BUILDINGS, asset_type_of
from .numerals import MU_PER_HECTARE

__all__ = ["PriceFileError", "PriceTable", "ReferencePrice", "load_prices", "parse_price_rows"]

_ANY_TOWNSHIP = {"", "*", "全县", "全区", "全市", "默认", "其他", "所有", "全部", "全县（区）"}
_COLUMNS = {
    "township": (
        "乡镇", "镇街", "街道", "地区", "区域", "片区", "镇", "乡",
        "township", "town", "region", "district",
    ),
    "asset_type": ("类型", "地类", "资产", "土地", "类别", "type", "asset", "land"),
    "price": ("价格", "参考价", "单价", "指导价", "租金", "标准", "price"),
    "unit": ("单位", "unit"),
    "year": ("年份", "年度", "起始年", "year"),
}  # fmt: skip
_GRAINS = ("小麦", "玉米", "稻谷", "水稻", "大米", "大豆", "花生", "粮食")


class PriceFileError(ValueError):
    """The price table cannot be read, has a bad row, or could be read two ways."""


@dataclass(frozen=True, slots=True)
class ReferencePrice:
    township: str  # "" = every township
    asset_type: str
    price: float  # yuan per unit per year
    unit: str  # "亩" | "平方米"
    year: int | None
    source: str  # where the row came from, e.g. "prices.csv 第3行"
    derivation: str = ""  # how a row in another unit became yuan per unit per year

    def describe(self) -> str:
        place = self.township or "全县"
        year = f"{self.year}年起" if self.year else ""
        how = f"，{self.derivation}" if self.derivation else ""
        return f"{place}{self.asset_type}{year}参考价，{self.source}{how}"


class PriceTable:
    """Reference prices looked up by township, asset type and year."""

    def __init__(self, prices: Iterable[ReferencePrice]) -> None:
        self._by_key: dict[tuple[str, str], list[ReferencePrice]] = {}
        for item in prices:
            self._by_key.setdefault((item.township, item.asset_type), []).append(item)
        for rows in self._by_key.values():
            rows.sort(key=lambda p: p.year or 0)
        self._townships = sorted({t for t, _ in self._by_key if t}, key=len, reverse=True)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._by_key.values())

    def lookup(
        self, township: str | None, asset_type: str, year: int | None
    ) -> ReferencePrice | None:
        """The price for the township (else the county default) in force in ``year``."""
        keys = []
        if township:
            name = _normalize_township(township)
            for known in self._townships:
                if known == name or known in name or name in known:
                    keys.append((known, asset_type))
                    break
        keys.append(("", asset_type))
        for key in keys:
            rows = self._by_key.get(key)
            if not rows:
                continue
            if year is None:
                return rows[-1]
            eligible = [row for row in rows if row.year is None or row.year <= year]
            return eligible[-1] if eligible else rows[0]
        return None


def _normalize_township(name: str) -> str:
    name = re.sub(r"^.*[省市县区](?=.)", "", name.strip())
    return re.sub(r"(?:人民政府|政府|办事处)$", "", name)


def _match_columns(header: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = str(cell or "").strip().lower()
        for key, words in _COLUMNS.items():
            if key not in found and any(word in text for word in words):
                found[key] = index
                break
    return found


@dataclass(frozen=True, slots=True)
class _Unit:
    area: str  # "亩" | "平方米"
    per_year: float  # multiply a price in this unit by this to get yuan per area unit per year
    label: str  # as written, normalised, e.g. "元/平方米/月"
    grain: str | None = None  # a grain rent: the grain named (or "粮食"), price per 斤 needed


def _parse_unit(text: str) -> _Unit | None:
    t = re.sub(r"\s", "", text).replace("㎡", "平方米").replace("平米", "平方米")
    t = t.replace("m²", "平方米").replace("m2", "平方米")
    grain = re.search(r"(?P<w>市斤|斤|公斤|千克)", t)
    if grain:
        name = next((g for g in _GRAINS if g in t), "粮食")
        per_jin = 2.0 if grain.group("w") in {"公斤", "千克"} else 1.0
        return _Unit(
            "亩", per_jin, f"{grain.group('w')}{'' if name == '粮食' else name}/亩/年", name
        )
    if "平方米" in t:
        if "月" in t:
            return _Unit("平方米", 12.0, "元/平方米/月")
        if re.search(r"[天日]", t):
            return _Unit("平方米", 365.0, "元/平方米/天")
        return _Unit("平方米", 1.0, "元/平方米/年")
    if "公顷" in t:
        return _Unit("亩", 1 / MU_PER_HECTARE, "元/公顷/年")
    if "亩" in t:
        return _Unit("亩", 1.0, "元/亩/年")
    return None


def parse_price_rows(
    rows: Iterable[Sequence[object]],
    source: str,
    *,
    grain_prices: Mapping[str, float] | None = None,
) -> PriceTable:
    """Build a table from rows whose first non-empty row is the header.

    ``grain_prices`` (yuan per 斤, e.g. ``{"小麦": 1.2}``) values rows given in grain.
    """
    columns: dict[str, int] | None = None
    header_unit: _Unit | None = None
    prices: list[tuple[int, ReferencePrice]] = []
    for number, row in enumerate(rows, start=1):
        if not any(str(cell or "").strip() for cell in row):
            continue
        if columns is None:
            columns = _match_columns(row)
            missing = [k for k in ("asset_type", "price") if k not in columns]
            if missing:
                found = "、".join(str(c) for c in row if str(c or "").strip())
                raise PriceFileError(
                    f"{source}：表头需要“类型”列和“价格”列（可另有乡镇、单位、年份列），"
                    f"现有表头为：{found}"
                )
            header = str(row[columns["price"]] or "")
            areas = {w for w in ("亩", "平方米", "㎡", "公顷") if w in header}
            header_unit = _parse_unit(header) if len(areas) == 1 else None
            continue
        where = f"{source} 第{number}行"
        prices.append((number, _price_row(row, columns, where, header_unit, grain_prices or {})))
    if columns is None or not prices:
        raise PriceFileError(f"{source}：没有价格行")
    _refuse_ambiguity([p for _, p in prices], source, has_township="township" in columns)
    return PriceTable(p for _, p in prices)


def _refuse_ambiguity(prices: list[ReferencePrice], source: str, *, has_township: bool) -> None:
    groups: dict[tuple[str, str, int | None], list[ReferencePrice]] = {}
    for item in prices:
        groups.setdefault((item.township, item.asset_type, item.year), []).append(item)
    problems = []
    for (township, asset_type, year), rows in groups.items():
        if len({(round(r.price, 6), r.unit) for r in rows}) < 2:
            continue
        where = "、".join(r.source.rsplit(" ", 1)[-1] for r in rows)
        if not has_township:
            problems.append(
                f"{asset_type}{f'（{year}年）' if year else ''}有{len(rows)}行价格（{where}），"
                "但表中没有乡镇列，无法判断各行适用于哪个乡镇"
            )
        else:
            place = township or "全县"
            problems.append(
                f"{place}{asset_type}{f'（{year}年）' if year else ''}有两个以上不同价格（{where}）"
            )
    if problems:
        raise PriceFileError(
            f"{source}：参考价格表有歧义，未采用：" + "；".join(problems) + "。请删除或合并重复的行"
            "，或增加乡镇列（列名可为乡镇、镇街、地区、区域）、年份列后再审查。"
        )


def _cell(row: Sequence[object], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _price_row(
    row: Sequence[object],
    columns: dict[str, int],
    where: str,
    header_unit: _Unit | None,
    grain_prices: Mapping[str, float],
) -> ReferencePrice:
    raw_type = _cell(row, columns, "asset_type")
    asset_type = raw_type if raw_type in ASSET_TYPES else asset_type_of(raw_type)
    if asset_type is None:
        known = "、".join(ASSET_TYPES)
        raise PriceFileError(f"{where}：无法识别的类型“{raw_type}”（可用：{known}）")
    raw_price = _cell(row, columns, "price")
    number = re.match(r"\s*(\d[\d,，]*(?:\.\d+)?)", raw_price)
    if not number:
        raise PriceFileError(f"{where}：价格“{raw_price}”不是数字")
    price = float(re.sub(r"[,，]", "", number.group(1)))
    if price <= 0:
        raise PriceFileError(f"{where}：价格必须大于零，现为{raw_price}")
    unit_text = _cell(row, columns, "unit") or raw_price[number.end() :]
    unit = _parse_unit(unit_text) if unit_text.strip() else None
    if unit_text.strip() and unit is None:
        raise PriceFileError(
            f"{where}：无法识别的单位“{unit_text}”（可用：元/亩/年、元/公顷/年、元/平方米/年、"
            "元/平方米/月、斤/亩/年）"
        )
    area = "平方米" if asset_type in BUILDINGS else "亩"
    if unit is None and header_unit is not None and header_unit.area == area:
        unit = header_unit  # "价格（元/平方米/月）" speaks of the rows in that unit
    if unit is None:
        unit = _Unit(area, 1.0, f"元/{area}/年")
    derivation = ""
    value = price * unit.per_year
    if unit.grain is not None:
        per_jin = grain_prices.get(unit.grain) or grain_prices.get("粮食")
        if not per_jin:
            raise PriceFileError(
                f"{where}：价格以粮食计（{_number(price)}{unit.label}），需要配置粮价"
                f'（阈值文件中的 grain_prices，例如 {{"{unit.grain}": 1.2}}，元/斤）'
            )
        value = price * unit.per_year * per_jin
        derivation = (
            f"{_number(price)}{unit.label}×每斤{_number(per_jin)}元，折合{_number(value)}元/亩/年"
        )
    elif unit.per_year != 1.0:
        derivation = f"{_number(price)}{unit.label}，折合{_number(value)}元/{unit.area}/年"
    raw_year = _cell(row, columns, "year")
    year = None
    if raw_year:
        digits = re.match(r"\d{4}", raw_year)
        if not digits:
            raise PriceFileError(f"{where}：年份“{raw_year}”应为四位数字")
        year = int(digits.group())
    township = _cell(row, columns, "township")
    township = "" if township in _ANY_TOWNSHIP else _normalize_township(township)
    return ReferencePrice(township, asset_type, round(value, 4), unit.area, year, where, derivation)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 0.005 else f"{value:,.2f}"


def load_prices(
    path: str | PathLike[str], *, grain_prices: Mapping[str, float] | None = None
) -> PriceTable:
    """Read a reference-price table from a .csv (UTF-8 or GBK) or .xlsx file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise PriceFileError(f"{path.name}：不是可读取的 .xlsx 文件（{exc}）") from None
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            return parse_price_rows(rows, path.name, grain_prices=grain_prices)
        finally:
            workbook.close()
    if suffix in {".csv", ".txt"}:
        data = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise PriceFileError(f"{path.name}：既不是 UTF-8 也不是 GBK 编码的文本")
        rows = csv.reader(io.StringIO(text))
        return parse_price_rows(rows, path.name, grain_prices=grain_prices)
    raise PriceFileError(f"{path.name}：参考价格表应为 .csv 或 .xlsx 文件")
