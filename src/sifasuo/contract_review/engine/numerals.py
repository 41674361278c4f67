"""Numbers, amounts, areas and dates as contracts write them (二〇二四年五月一日, 壹拾贰万元整, 五十亩).

The usual Chinese numerals (五十, 一千零五十, 壹拾贰万, 二〇二四, 三点五) are converted here; anything
unusual (三万五, where the unit of the last digit is implied) goes to ``cn2an``, imported only then.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from functools import lru_cache

__all__ = [
    "AREA_RE",
    "DATE_RE",
    "MONEY_RE",
    "NUM",
    "MU_PER_HECTARE",
    "SQM_PER_MU",
    "add_years",
    "area_in_unit",
    "normalize_width",
    "parse_date",
    "parse_money",
    "parse_number",
]

MU_PER_HECTARE = 15.0
SQM_PER_MU = 10000.0 / 15.0  # 1 亩 = 666.67 m²

_CN_DIGITS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億廿"
# An Arabic number (thousands separators allowed, optional 万/亿) or a run of Chinese numerals.
NUM = rf"(?:\d[\d,，]*(?:\.\d+)?\s*[万萬亿]?|[{_CN_DIGITS}][{_CN_DIGITS}点]*)"

# dates in 大写 (贰〇贰肆年叁月捌日) are written on some contracts against alteration
_YEAR = r"(?P<y>\d{4}|[〇零○一二三四五六七八九壹贰叁肆伍陆柒捌玖]{4})"
_MONTH = r"(?P<m>\d{1,2}|[一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3})"
_DAY = r"(?P<d>\d{1,2}|[一二三四五六七八九十廿壹贰叁肆伍陆柒捌玖拾]{1,3})"
DATE_RE = re.compile(
    rf"{_YEAR}\s*年\s*{_MONTH}\s*月(?:\s*{_DAY}\s*[日号曰])?"
    r"|(?P<y2>\d{4})\s*[.\-/／]\s*(?P<m2>\d{1,2})\s*[.\-/／]\s*(?P<d2>\d{1,2})(?!\d)"
)
AREA_RE = re.compile(
    rf"(?P<num>{NUM})\s*(?:余|多)?\s*(?P<unit>亩|公顷|平方米|平米|㎡|m2|m²|平方)(?!产)"
    r"(?:(?P<fen>[一二三四五六七八九\d])分(?!之))?"
    # a table cell "面积（亩）：13.5" (see readers: a table's header row labels each value)
    r"|面积[（(](?P<unit2>亩|公顷|平方米|平米|㎡)[）)][：:\s]*(?P<num2>\d[\d,，]*(?:\.\d+)?)"
)
# possessive \s*+ so that a run of spaces is never split between the optional parts
MONEY_RE = re.compile(
    rf"(?:人民币|RMB|￥|¥)?\s*+[（(]?\s*+(?:大写|小写)?[：:]?\s*+(?P<num>{NUM})\s*+(?P<unit>万元|元)"
    r"(?:(?P<jiao>[一二三四五六七八九壹贰叁肆伍陆柒捌玖\d])角)?(?:整)?"
)

_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {"．": ".", "／": "/", "－": "-", "，": "，", "\u3000": " ", "\xa0": " "}
)


_NEEDS_WIDTH = re.compile("[\uff10-\uff19．／－\u3000\xa0]")
# Letters that text recognition reads for digits: 2O19 → 2019, 二O一九 → 二〇一九.
# (the same pairs as "[OolI]\d|\d[OolI]|[〇…九][Oo0]|[Oo0][〇…九]", written to begin with one character
# class so that the regular expression engine skips ahead to candidates in C)
_MAYBE_LOOK_ALIKE = re.compile(
    r"[OolI\d〇零一二三四五六七八九]"
    r"(?:(?<=[OolI])\d|(?<=\d)[OolI]|(?<=[〇零一二三四五六七八九])[Oo0]|(?<=[Oo0])[〇零一二三四五六七八九])"
)
_LATIN_IN_DIGITS = re.compile(r"(?<=\d)[Oo]|[Oo](?=\d)|(?<=\d)[lI]|[lI](?=\d)")
_LATIN_IN_CN_YEAR = re.compile(
    r"(?<=[〇零一二三四五六七八九])[Oo0](?=[〇零一二三四五六七八九Oo0])|"
    r"(?<=[〇零一二三四五六七八九Oo0])[Oo0](?=[〇零一二三四五六七八九])"
)


def normalize_width(text: str) -> str:
    """Full-width digits, a few symbols and digit look-alikes to their plain form, one character
    for one, so offsets into the text still hold."""
    if _NEEDS_WIDTH.search(text):
        text = text.translate(_FULLWIDTH)
    if _MAYBE_LOOK_ALIKE.search(text):
        text = _LATIN_IN_DIGITS.sub(lambda m: "0" if m.group() in "Oo" else "1", text)
        text = _LATIN_IN_CN_YEAR.sub("〇", text)
    return text


_CN_DIGIT = {ch: i % 10 for i, ch in enumerate("〇一二三四五六七八九零壹贰叁肆伍陆柒捌玖")} | {
    "○": 0,
    "两": 2,
}
_CN_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_LARGE_UNIT = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


def _cn_integer(text: str) -> int | None:
    """A Chinese integer written in the usual way, or None (unusual, or not a number).

    Each unit must be the next one down from the unit before it (一千五百), or lower after a 零
    (一千零五十); 三万五 and 一百五, where the unit of the last digit is implied, are left to cn2an.
    """
    if not text:
        return None
    if all(ch in _CN_DIGIT for ch in text):
        if len(text) > 1 and "两" in text:
            return None
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))  # 二〇二四, 一二
    if text[0] in "零〇○" or text[-1] in "零〇○":
        return None
    for large in "亿億":
        if large in text[:-1]:
            return None  # what may follow 亿 is strict (零 or 千万): left to cn2an
    total = section = 0
    number: int | None = None
    pair = False  # 两 stands before 百, 千, 万 and 亿 only
    unit = 0  # the unit just passed
    zero = False

    def fits(next_unit: int) -> bool:
        if not unit:
            return True
        expected = unit // 10 if unit < 10**4 else 1000
        return next_unit < expected if zero else next_unit == expected

    for index, ch in enumerate(text):
        digit = _CN_DIGIT.get(ch)
        if digit is not None:
            if number is not None:
                return None  # two digits in a row beside units
            if digit == 0:
                if zero or unit == 10:
                    return None
                zero = True
            else:
                number, pair = digit, ch == "两"
            continue
        small = _CN_SMALL_UNIT.get(ch)
        if small is not None:
            if number is None and (small != 10 or index > 0):
                return None
            if not fits(small) or (pair and small == 10):
                return None
            section += (1 if number is None else number) * small
            number, unit, zero = None, small, False
            continue
        large = _CN_LARGE_UNIT.get(ch)
        if large is None or (large == 10**4 and total):
            return None
        if number is None and (section == 0 or zero):
            return None
        if number is not None and not fits(1):
            return None  # 伍佰柒万: the unit of the 柒 is implied
        section += number or 0
        if large == 10**8:
            total = (total + section) * large
        else:
            total += section * large
        section, number, unit, zero = 0, None, large, False
    if number is not None:
        if not fits(1):
            return None  # 三万五, 一百五: the unit of the last digit is implied
        section += number
    return total + section


@lru_cache(maxsize=4096)
def _cn_number(text: str) -> float | None:
    if text.startswith("廿"):
        text = "二十" + text[1:]
    whole, point, fraction = text.partition("点")
    integer = _cn_integer(whole)
    if integer is not None and not point:
        return float(integer)
    if integer is not None and fraction and all(ch in _CN_DIGIT and ch != "两" for ch in fraction):
        return float(f"{integer}.{''.join(str(_CN_DIGIT[ch]) for ch in fraction)}")
    return _cn2an(text)


def _cn2an(text: str) -> float | None:
    import cn2an  # unusual forms only: importing it costs a tenth of a second

    text = text.replace("○", "〇").replace("萬", "万").replace("億", "亿")
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def parse_number(text: str) -> float | None:
    """``"12.5"``, ``"1,200"``, ``"3.5万"``, ``"壹拾贰万"``, ``"五十"`` → float; None if not a number."""
    text = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        return None
    multiplier = 1.0
    if text[-1] in "万萬" and text[:-1].replace(".", "", 1).isdigit():
        multiplier, text = 10000.0, text[:-1]
    elif text[-1] in "亿億" and text[:-1].replace(".", "", 1).isdigit():
        multiplier, text = 1e8, text[:-1]
    try:
        return float(text) * multiplier
    except ValueError:
        pass
    return _cn_number(text)


def parse_money(number: str, unit: str, jiao: str | None = None) -> float | None:
    """An amount in yuan from the number, its unit (``元`` or ``万元``) and any 角 (tenths)."""
    value = parse_number(number)
    if value is None:
        return None
    if unit == "万元":
        return value * 10000.0
    if jiao:
        value += (parse_number(jiao) or 0) / 10
    return value


def area_in_unit(value: float, unit: str) -> tuple[float, str]:
    """Land areas in 亩; floor areas stay in 平方米. Returns (value, "亩" | "平方米")."""
    if unit == "亩":
        return value, "亩"
    if unit == "公顷":
        return value * MU_PER_HECTARE, "亩"
    return value, "平方米"


_YEAR_DIGITS = {ch: i % 10 for i, ch in enumerate("〇一二三四五六七八九零壹贰叁肆伍陆柒捌玖")} | {
    "○": 0
}


def _part(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in _YEAR_DIGITS for ch in text):
        return int("".join(str(_YEAR_DIGITS[ch]) for ch in text))
    value = _cn_number(text)
    return int(value) if value is not None else None


def parse_date(match: re.Match[str], *, end_of_month: bool = False) -> date | None:
    """The date a ``DATE_RE`` match names; a date without a day is the month's first (or last) day."""
    if match.group("y2"):
        year, month, day = int(match.group("y2")), int(match.group("m2")), int(match.group("d2"))
    else:
        year, month, day = _part(match.group("y")), _part(match.group("m")), _part(match.group("d"))
        if year is None or month is None:
            return None
        if day is None:
            if not 1 <= month <= 12:
                return None
            day = monthrange(year, month)[1] if end_of_month else 1
    try:
        return date(year, month, day)
    except (ValueError, TypeError):
        return None


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)
