"""Split a contract into its clauses (条款) and say what each clause is about.

Contracts number their clauses in many ways (第X条, 一、, （一）, 1., 1.1, 1、, ①) or not at all (a
hand-written 协议 of bare paragraphs). The numbering style used most at the top level marks the
clauses; lower levels stay inside their clause. Each clause gets one or more roles from its
heading (or, without a heading, from its first sentence), so a field is read from the clause that
holds it: the term from the term clause, the rent from the rent clause, never the household's
own 承包期 quoted in the parties clause or the damages of the breach clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["ROLES", "Section", "sections_of"]

# Numbering styles, from the highest level down.
_MARKERS = (
    ("article", r"第[一二三四五六七八九十百零〇\d]{1,4}条"),
    ("chinese", r"[一二三四五六七八九十]{1,3}\s*[、.．]"),
    ("paren", r"[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]"),
    ("arabic", r"\d{1,2}\s*(?:[、]|[.．](?!\d))"),
    ("paren_arabic", r"[（(]\s*\d{1,2}\s*[）)]"),
    ("dotted", r"\d{1,2}[.．]\d{1,2}(?:[.．]\d{1,2})*"),
    ("circled", r"[①-⑳]"),
)
_MARKER_RE = re.compile(
    r"^[ \t\u3000]*(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _MARKERS) + ")",
    re.M,
)
_RANK = {name: rank for rank, (name, _) in enumerate(_MARKERS)}

# Role and the words of a heading (or first sentence) that give it, most specific first.
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("consent", re.compile(r"村民会议|村民代表会议|代表大会|成员大会|民主议定|民主程序|民主决策|表决")),
    ("requisition", re.compile(r"征收|征用|征地|国家建设占用")),
    ("breach", re.compile(r"违约|赔偿责任|法律责任|罚则|逾期")),
    ("dispute", re.compile(r"争议|纠纷|仲裁|诉讼")),
    # "续租期限", "续租租金" head a renewal's own term and rent, not what happens at expiry
    ("expiry", re.compile(r"期满|到期|届满|终止后|合同终止|合同的终止|续(?:约|租|包)(?!期限|租金|价格|费用|期间|承包费)|附着物|资产处置|移交")),
    ("payment", re.compile(r"支付|付款|交纳|缴纳|交付方式|结算|收取")),
    ("price", re.compile(r"租金|价款|承包费|流转费|租赁费|使用费|费用|价格|出让金|金额|地租|标准")),
    ("term", re.compile(r"期限|租期|年限|起止|起讫|承包期|流转期|租赁期|出让期")),
    ("use", re.compile(r"用途|使用要求|经营项目|经营范围|土地利用|利用方式")),
    ("subject", re.compile(r"坐落|位置|面积|四至|地块|标的|基本情况|土地情况|房屋情况|概况|范围|宗地")),
    ("rights", re.compile(r"权利|义务")),
    ("signatures", re.compile(r"签字|签章|盖章|签名|以下无正文")),
    ("annex", re.compile(r"^附[件表图]|^附[:：]")),
    ("parties", re.compile(r"当事人|合同双方|双方(?:基本)?情况|[甲乙]方(?:基本)?(?:情况|信息)")),
)  # fmt: skip
_SIGNATURE_LINE = re.compile(
    r"^[ \t\u3000]*(?:甲方|乙方|发包方|承包方|出租方|承租方|出租人|承租人|转出方|转入方|流出方|流入方"
    r"|出让方|受让方)[^\n]{0,12}?[（(]\s*(?:签字|签章|盖章|签名|公章|章)|^[ \t\u3000]*[（(]?以下无正文",
    re.M,
)
_HEADING_END = re.compile(r"[：:。；;，,\n]")


@dataclass(frozen=True, slots=True)
class Section:
    """One clause: its span in the text, its heading and its roles (may be empty)."""

    start: int
    end: int
    heading: str
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


# all role patterns in one, so a heading is searched once: (?P<consent>…)|(?P<requisition>…)|…
_ROLES_RE = re.compile("|".join(f"(?P<{role}>{pattern.pattern})" for role, pattern in ROLES))
_ROLE_CACHE: dict[str, frozenset[str]] = {}


def _roles_of(words: str) -> frozenset[str]:
    cached = _ROLE_CACHE.get(words)
    if cached is not None:
        return cached
    roles = set()
    pos = 0
    # overlapping words ("租金支付" is price and payment): look again after each role's match
    while match := _ROLES_RE.search(words, pos):
        roles.add(match.lastgroup or "")
        pos = match.start() + 1
    result = frozenset(roles)
    if len(_ROLE_CACHE) < 20000:
        _ROLE_CACHE[words] = result
    return result


def sections_of(text: str) -> list[Section]:
    """The clauses of ``text`` in order, covering it from the first to the last character."""
    markers = list(_MARKER_RE.finditer(text))
    counts: dict[str, int] = {}
    for match in markers:
        counts[match.lastgroup or ""] = counts.get(match.lastgroup or "", 0) + 1
    levels = sorted((name for name, n in counts.items() if n >= 2), key=_RANK.__getitem__)
    if levels:
        top = levels[0]
        starts = [(m.start(), m.end()) for m in markers if m.lastgroup == top]
    else:  # bare paragraphs: each line is a clause
        starts = [(m.start(), m.start()) for m in re.finditer(r"^(?=[^\n]*\S)", text, re.M)]
    # the signature block after the last clause is a clause of its own
    tail_from = starts[-1][0] if starts else 0
    signature = _SIGNATURE_LINE.search(text, tail_from)
    if signature and signature.start() > tail_from:
        starts.append((signature.start(), signature.start()))
    out: list[Section] = []
    if not starts or starts[0][0] > 0:
        first = starts[0][0] if starts else len(text)
        out.append(Section(0, first, "", frozenset({"parties"})))
    for i, (start, body) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        head_match = _HEADING_END.search(text, body, end)
        heading = text[body : head_match.start() if head_match else end].strip()[:30]
        roles = _roles_of(heading) if heading else frozenset()
        if not roles or heading == text[body:end].strip():
            # no telling heading: the clause's first sentence says what it is about
            sentence_end = re.search(r"[。；;\n]", text[body:end])
            first = text[body : body + (sentence_end.end() if sentence_end else end - body)]
            roles = roles | _roles_of(first[:80])
        out.append(Section(start, end, heading, roles))
    return out


class SectionIndex:
    """Which section holds a position, and text with only some roles' sections kept."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sections = sections_of(text)
        self._starts = [s.start for s in self.sections]
        self._cache: dict[tuple[frozenset[str], bool], str] = {}
        self._blank: str | None = None

    def at(self, pos: int) -> Section:
        return self.sections[max(0, bisect_right(self._starts, pos) - 1)]

    def keep(self, roles: frozenset[str], *, exclude: bool = False) -> str:
        """The text with every other section blanked out with NULs (offsets unchanged; a blanked
        clause keeps its line breaks).

        With ``exclude=True`` the sections having any of ``roles`` are blanked instead.
        """
        key = (roles, exclude)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if self._blank is None:
            self._blank = "\n".join("\x00" * len(line) for line in self.text.split("\n"))
        parts: list[str] = []
        for section in self.sections:
            kept = bool(section.roles & roles) != exclude
            parts.append((self.text if kept else self._blank)[section.start : section.end])
        out = "".join(parts)
        self._cache[key] = out
        return out
