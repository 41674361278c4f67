"""The local reference-price table (参考价格表): township, land or asset type, yuan per unit per year.

A .csv (UTF-8 or GBK) or .xlsx with a header row. Columns, in any order (Chinese or English):

    乡镇 township      blank, 全县, 默认 or * = every township not listed separately
    类型 type          耕地, 林地, 园地, 草地, 坑塘水面, 四荒地, 集体建设用地, 厂房, 设施
                       (or a word that names one, e.g. 水浇地, 鱼塘)
    价格 price         yuan per 亩 per year; for 厂房 and 设施 per 平方米 per year
    单位 unit          optional: 亩 or 平方米 (default by type)
    年份 year          optional: the year the price applies from; a contract is compared with
                       the latest price not later than its start (the price "at the time of the
                       transaction", 合同编通则解释 第四十二条)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from .extract import ASSET_TYPES, BUILDINGS, asset_type_of

__all__ = ["PriceFileError", "PriceTable", "ReferencePrice", "load_prices", "parse_price_rows"]

_ANY_TOWNSHIP = {"", "*", "全县", "全区", "全市", "默认", "其他", "所有", "全部"}
_COLUMNS = {
    "township": ("乡镇", "镇街", "街道", "township", "town"),
    "asset_type": ("类型", "地类", "资产", "土地", "type", "asset", "land"),
    "price": ("价格", "参考价", "单价", "指导价", "租金", "price"),
    "unit": ("单位", "unit"),
    "year": ("年份", "年度", "起始年", "year"),
}


class PriceFileError(ValueError):
    """The price table cannot be read or has a bad row."""


@dataclass(frozen=True, slots=True)
class ReferencePrice:
    township: str  # "" = every township
    asset_type: str
    price: float  # yuan per unit per year
    unit: str  # "亩" | "平方米"
    year: int | None
    source: str  # where the row came from, e.g. "prices.csv 第3行"

    def describe(self) -> str:
        place = self.township or "全县"
        year = f"{self.year}年起" if self.year else ""
        return f"{place}{self.asset_type}{year}参考价，{self.source}"


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


def parse_price_rows(rows: Iterable[Sequence[object]], source: str) -> PriceTable:
    """Build a table from rows whose first non-empty row is the header."""
    columns: dict[str, int] | None = None
    prices = []
    for number, row in enumerate(rows, start=1):
        if not any(str(cell or "").strip() for cell in row):
            continue
        if columns is None:
            columns = _match_columns(row)
            missing = [k for k in ("asset_type", "price") if k not in columns]
            if missing:
                raise PriceFileError(
                    f"{source}: the header row needs a type column (类型) and a price column "
                    f"(价格); found {', '.join(str(c) for c in row)}"
                )
            continue
        prices.append(_price_row(row, columns, f"{source} 第{number}行"))
    if not prices:
        raise PriceFileError(f"{source}: no prices")
    return PriceTable(prices)


def _cell(row: Sequence[object], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _price_row(row: Sequence[object], columns: dict[str, int], where: str) -> ReferencePrice:
    raw_type = _cell(row, columns, "asset_type")
    asset_type = raw_type if raw_type in ASSET_TYPES else asset_type_of(raw_type)
    if asset_type is None:
        raise PriceFileError(f"{where}: unknown type {raw_type!r}")
    raw_price = re.sub(r"[元/亩年平方米㎡,，\s]", "", _cell(row, columns, "price"))
    try:
        price = float(raw_price)
    except ValueError:
        raise PriceFileError(f"{where}: bad price {_cell(row, columns, 'price')!r}") from None
    if price <= 0:
        raise PriceFileError(f"{where}: price must be positive, got {price}")
    unit_text = _cell(row, columns, "unit")
    if unit_text:
        unit = "平方米" if re.search(r"平方|㎡|m2|m²", unit_text) else "亩"
    else:
        unit = "平方米" if asset_type in BUILDINGS else "亩"
    raw_year = _cell(row, columns, "year")
    year = None
    if raw_year:
        digits = re.match(r"\d{4}", raw_year)
        if not digits:
            raise PriceFileError(f"{where}: bad year {raw_year!r}")
        year = int(digits.group())
    township = _cell(row, columns, "township")
    township = "" if township in _ANY_TOWNSHIP else _normalize_township(township)
    return ReferencePrice(township, asset_type, price, unit, year, where)


def load_prices(path: str | PathLike[str]) -> PriceTable:
    """Read a reference-price table from a .csv (UTF-8 or GBK) or .xlsx file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise PriceFileError(f"{path.name}: not a readable .xlsx file ({exc})") from None
        try:
            sheet = workbook.worksheets[0]
            return parse_price_rows(sheet.iter_rows(values_only=True), path.name)
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
            raise PriceFileError(f"{path.name}: not UTF-8 or GBK text")
        return parse_price_rows(csv.reader(io.StringIO(text)), path.name)
    raise PriceFileError(f"{path.name}: the price table must be .csv or .xlsx")
