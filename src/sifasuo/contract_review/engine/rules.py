"""The review rules (审查规则): thresholds, the rule table in ``rules.json`` and the checks.

Every finding names its rule code, severity, the text it rests on, the article it cites (with
the article's words) and a suggested remedy. Thresholds that are local practice rather than law
(the price ratio, the prepayment limit) live in :class:`Thresholds` and can be changed per locality.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from fractions import Fraction
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

from .extract import BUILDINGS, FARMLAND, Extraction, Found
from .numerals import add_years
from .prices import PriceTable

__all__ = [
    "Finding",
    "Rule",
    "RuleVariant",
    "Thresholds",
    "ThresholdsError",
    "check",
    "default_rules",
    "consent_status",
    "effective_price",
    "limit_bases",
    "load_thresholds",
    "signed_status",
]

SEVERITIES = ("high", "medium", "low")
SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低"}


class ThresholdsError(ValueError):
    """A threshold file or value is malformed."""


@cache
def _rule_table() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("rules.json").read_text(encoding="utf-8")
    return json.loads(text)


def _limit(name: str) -> Any:
    """A default limit from ``rules.json``, where each sits next to the article that sets it."""
    value = _rule_table()["limits"][name]["value"]
    if isinstance(value, str) and "/" in value:
        return float(Fraction(value))
    return dict(value) if isinstance(value, dict) else value


def limit_bases() -> dict[str, str]:
    """Each threshold's legal or practical basis, as ``rules.json`` states it."""
    return {name: item["basis"] for name, item in _rule_table()["limits"].items()}


@dataclass(frozen=True)
class Thresholds:
    """Local review thresholds. Defaults come from the ``limits`` of ``rules.json``."""

    max_lease_years: int = field(default_factory=lambda: int(_limit("max_lease_years")))
    low_price_ratio: float = field(default_factory=lambda: float(_limit("low_price_ratio")))
    max_prepaid_years: float = field(default_factory=lambda: float(_limit("max_prepaid_years")))
    consent_fraction: float = field(default_factory=lambda: float(_limit("consent_fraction")))
    # 家庭承包 terms (农村土地承包法 第二十一条); land contracted otherwise has no statutory cap.
    contracting_max_years: Mapping[str, int] = field(
        default_factory=lambda: _limit("contracting_max_years")
    )
    # 出让 maxima by use, as for state-owned land of the same use (土地管理法 第六十三条第四款).
    grant_max_years: Mapping[str, int] = field(default_factory=lambda: _limit("grant_max_years"))
    # Yuan per 斤 of grain, to value grain rents that do not state a price, e.g. {"小麦": 1.2}.
    grain_prices: Mapping[str, float] = field(default_factory=dict)
    # Where contracts do not state the household's own term end, a local default (e.g. the end
    # of the second-round contracts) lets the 流转 term check still run. None: check only stated.
    transferor_term_end: date | None = None
    flag_blank_signing_date: bool = True

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Thresholds:
        """Defaults overridden by ``data`` (e.g. a parsed JSON file); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ThresholdsError(
                f"unknown threshold(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        values: dict[str, Any] = {}
        for key, value in data.items():
            values[key] = _threshold_value(key, value)
        return replace(cls(), **values)


def _threshold_value(key: str, value: Any) -> Any:
    if key == "transferor_term_end":
        if value is None:
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ThresholdsError(f"{key} must be a date YYYY-MM-DD, got {value!r}") from None
    if key == "grain_prices":
        if not isinstance(value, Mapping) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value.values()
        ):
            raise ThresholdsError(f"{key} must map grains to a positive price per 斤")
        return {str(k): float(v) for k, v in value.items()}
    if key in {"contracting_max_years", "grant_max_years"}:
        if not isinstance(value, Mapping) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value.values()
        ):
            raise ThresholdsError(f"{key} must map types to positive whole years")
        return dict(value)
    if key == "flag_blank_signing_date":
        if not isinstance(value, bool):
            raise ThresholdsError(f"{key} must be true or false, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ThresholdsError(f"{key} must be a positive number, got {value!r}")
    if key in {"low_price_ratio", "consent_fraction"} and value > 1:
        raise ThresholdsError(f"{key} must be at most 1, got {value!r}")
    if key == "max_lease_years" and value != int(value):
        raise ThresholdsError(f"{key} must be whole years, got {value!r}")
    return int(value) if key == "max_lease_years" else float(value)


def load_thresholds(path: str | PathLike[str]) -> Thresholds:
    """Thresholds from a JSON object file, e.g. ``{"low_price_ratio": 0.6}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ThresholdsError(f"{Path(path).name}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ThresholdsError(f"{Path(path).name}: expected a JSON object")
    return Thresholds.from_mapping(data)


@dataclass(frozen=True, slots=True)
class RuleVariant:
    basis: str  # law name + article, e.g. 民法典 第七百零五条
    quote: str  # the article's words
    message: str  # template filled from the contract
    remedy: str  # template


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: str
    applies_to: str  # "all" | "collective"
    variants: Mapping[str, RuleVariant]


@cache
def default_rules() -> dict[str, Rule]:
    """The built-in rule table, keyed by rule code."""
    raw = _rule_table()
    rules = {}
    for item in raw["rules"]:
        variants = {key: RuleVariant(**value) for key, value in item["variants"].items()}
        rules[item["code"]] = Rule(
            item["code"], item["name"], item["severity"], item["applies_to"], variants
        )
    return rules


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one contract, explained and cited."""

    rule: str
    name: str
    severity: str
    message: str
    basis: str
    basis_quote: str
    remedy: str
    evidence: tuple[Found, ...] = ()
    income_gap: float | None = None  # yuan the collective is estimated to lose (low_price)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "basis": self.basis,
            "basis_quote": self.basis_quote,
            "remedy": self.remedy,
            "evidence": [
                {"start": e.start, "end": e.end, "snippet": e.snippet} for e in self.evidence
            ],
        }
        if self.income_gap is not None:
            out["income_gap"] = self.income_gap
        return out


@dataclass(frozen=True, slots=True)
class _Context:
    thresholds: Thresholds
    prices: PriceTable | None
    as_of: date
    rules: Mapping[str, Rule]


def check(
    extraction: Extraction,
    *,
    thresholds: Thresholds | None = None,
    prices: PriceTable | None = None,
    as_of: date | None = None,
    rules: Mapping[str, Rule] | None = None,
) -> list[Finding]:
    """All findings for one contract, in rule-table order."""
    ctx = _Context(
        thresholds or Thresholds(), prices, as_of or date.today(), rules or default_rules()
    )
    # A household's own 流转 (even signed by the village on its behalf) is the household's business:
    # the rules that protect the collective's property do not apply (农村土地承包法 第三十六条).
    collective = bool(
        extraction.lessor_collective
        and extraction.lessor_collective.value
        and _value(extraction.kind) != "transfer"
    )
    findings: list[Finding] = []
    for code, checker in _CHECKS.items():
        rule = ctx.rules.get(code)
        if rule is None or (rule.applies_to == "collective" and not collective):
            continue
        findings.extend(checker(extraction, ctx, rule))
    return findings


def _finding(
    rule: Rule,
    variant: str,
    evidence: list[Found | None],
    values: Mapping[str, Any],
    *,
    severity: str | None = None,
    income_gap: float | None = None,
) -> Finding:
    chosen = rule.variants.get(variant) or next(iter(rule.variants.values()))
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=severity or rule.severity,
        message=chosen.message.format_map(_Values(values)),
        basis=chosen.basis,
        basis_quote=chosen.quote,
        remedy=chosen.remedy.format_map(_Values(values)),
        evidence=tuple(e for e in evidence if e is not None),
        income_gap=income_gap,
    )


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "（不详）"


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "（不详）"


def _number(value: float) -> str:
    if abs(value - round(value)) < 0.005:
        return f"{round(value):,}"
    return f"{value:,.2f}"


def _value(found: Found | None) -> Any:
    return found.value if found is not None else None


_LESSEE_KIND = {
    "organization": "本集体经济组织以外的单位",
    "outsider": "本集体经济组织以外的个人",
    "member": "本集体经济组织成员",
    "unknown": "身份不明的个人",
}


_GRANT_USE_LABELS = {
    "industrial": "工业用地",
    "commercial": "商业、旅游、娱乐用地",
    "residential": "居住用地",
    "other": "综合或者其他用地",
}


def _check_term(x: Extraction, ctx: _Context, rule: Rule) -> list[Finding]:
    kind = _value(x.kind)
    start, end = _value(x.start), _value(x.end)
    years = x.term_years
    stated = _value(x.years)
    asset = _value(x.asset_type)
    base = {
        "start": _day(start),
        "end": _day(end),
        "years": _number(years) if years else "（不详）",
        "asset_type": asset or "土地",
    }
    severity = None
    if kind == "transfer":
        transferor_end = _value(x.transferor_term_end) or ctx.thresholds.transferor_term_end
        if transferor_end and end and end > transferor_end:
            values = base | {"transferor_end": _day(transferor_end)}
            return [_finding(rule, "transfer", [x.end, x.transferor_term_end], values)]
        return []
    if kind == "grant":
        use = _value(x.grant_use) or "other"
        limit = ctx.thresholds.grant_max_years.get(use)
        variant = "grant"
        base["grant_use"] = _GRANT_USE_LABELS.get(use, use)
    elif kind == "contracting" and x.family == "land":
        # Only 家庭承包 has a statutory term (art 21); land contracted by 招标、拍卖、公开协商
        # has the term the parties agree (art 49). Contracting to an outsider is never 家庭承包.
        method = _value(x.contracting_method)
        if not (method == "family" or (method is None and _value(x.lessee_kind) == "member")):
            return []
        limit = ctx.thresholds.contracting_max_years.get(asset or "")
        variant = "contracting"
    elif x.family == "land" and kind == "lease":
        limit = ctx.thresholds.max_lease_years
        variant = "lease_land"
        severity = "medium"  # contested whether 民法典 705 governs 土地经营权出租
    elif kind in {"lease", "contracting"} or x.family != "land":
        limit = ctx.thresholds.max_lease_years
        variant = "lease"
    else:
        return []
    if not limit:
        return []
    over_dates = bool(start and end and end > add_years(start, limit))
    over_stated = bool(not (start and end) and stated and stated > limit)
    if not (over_dates or over_stated):
        return []
    limit_end = add_years(start, limit) - timedelta(days=1) if start else None
    values = base | {"limit": limit, "limit_end": _day(limit_end)}
    if not over_dates:
        values["years"] = _number(stated)
    evidence = [x.start, x.end] if over_dates else [x.years]
    return [_finding(rule, variant, evidence, values, severity=severity)]


def _remaining_years(x: Extraction, as_of: date) -> float | None:
    start, end = _value(x.start), _value(x.end)
    if end is None:
        return None
    begin = max(as_of, start) if start else as_of
    days = (end - begin).days + 1
    return max(0.0, round(days / 365.2425, 2))


def effective_price(
    x: Extraction, thresholds: Thresholds | None = None
) -> tuple[float | None, str | None, Found | None]:
    """The price per unit per year, how it was derived, and the text it rests on.

    A grain rent without a stated grain price is valued at the configured grain price.
    """
    if x.price is not None:
        return float(x.price.value), x.price_note, x.price
    grain = _value(x.grain_rent)
    prices = (thresholds or Thresholds()).grain_prices
    if grain and prices:
        name = grain.get("grain") or ""
        per_jin = prices.get(name) or (prices.get("粮食") if not name else None)
        if per_jin:
            value = round(grain["jin"] * per_jin, 2)
            note = f"每亩每年{_number(grain['jin'])}斤{name or '粮食'}×配置粮价每斤{_number(per_jin)}元"
            return value, note, x.grain_rent
    return None, None, None


def _check_price(x: Extraction, ctx: _Context, rule: Rule) -> list[Finding]:
    if ctx.prices is None or x.asset_type is None:
        return []
    if _value(x.contracting_method) == "family":
        return []  # 家庭承包 is a member's right at the price policy sets (often none), not a sale
    price, note, evidence = effective_price(x, ctx.thresholds)
    if price is None:
        return []
    start = _value(x.start) or _value(x.signed_on)
    reference = ctx.prices.lookup(
        _value(x.township), x.asset_type.value, start.year if start else None
    )
    unit = x.area_unit or ("平方米" if x.asset_type.value in BUILDINGS else "亩")
    if reference is None or reference.unit != unit:
        return []
    ratio = ctx.thresholds.low_price_ratio
    if price >= reference.price * ratio:
        return []
    remaining = _remaining_years(x, ctx.as_of)
    area = _value(x.area)
    gap = None
    gap_sentence = "合同面积或者期限不详，无法估算少收金额。"
    if remaining == 0:
        gap_sentence = f"合同已于{_day(_value(x.end))}到期，未估算少收金额。"
    elif remaining is not None and area:
        gap = round((reference.price - price) * area * remaining, 2)
        gap_sentence = (
            f"按面积{_number(area)}{unit}、剩余约{_number(remaining)}年估算，"
            f"集体少收约{_number(gap)}元。"
        )
    values = {
        "price": _number(price),
        "unit": unit,
        "price_note": note or "合同载明",
        "reference": _number(reference.price),
        "reference_source": reference.describe(),
        "ratio_percent": _number(ratio * 100),
        "actual_percent": _number(price / reference.price * 100),
        "gap_sentence": gap_sentence,
    }
    signed = _value(x.signed_on) or start
    since = date.fromisoformat(_limit("collective_org_law_from"))
    variant = "collective_org_law" if signed is not None and signed >= since else "default"
    return [_finding(rule, variant, [evidence, x.area], values, income_gap=gap)]


def _check_prepayment(x: Extraction, ctx: _Context, rule: Rule) -> list[Finding]:
    if _value(x.kind) == "grant":
        return []  # 出让价款 is paid for the whole term by the nature of a grant
    prepaid = _value(x.prepaid_years)
    limit = ctx.thresholds.max_prepaid_years
    if prepaid is None or prepaid <= limit + 0.01:
        return []
    values = {"prepaid_years": _number(prepaid), "limit": _number(limit)}
    return [_finding(rule, "default", [x.prepaid_years], values)]


def consent_status(x: Extraction, thresholds: Thresholds | None = None) -> str:
    """``"stated"`` when the contract records the villagers' consent in sufficient measure,
    else ``"not_required"`` when none is needed (no collective lessor, a household's 流转, a
    lessee of the collective) or ``"absent"``."""
    consent = _value(x.consent)
    if consent is not None:
        fraction, of = consent.get("fraction"), consent.get("of")
        if x.family == "building":
            # leasing a building is a 村民会议 decision (村民委员会组织法 第二十四条): a majority
            if fraction is None or fraction >= 0.5:
                return "stated"
        else:
            needed = (thresholds or Thresholds()).consent_fraction
            if fraction is not None and of == "all" and fraction + 1e-6 >= needed:
                return "stated"
    collective = bool(x.lessor_collective and x.lessor_collective.value)
    required = (
        collective
        and _value(x.kind) != "transfer"
        and _value(x.lessee_kind) in {"outsider", "organization"}
    )
    if not required:
        # a meeting recorded where none is needed is still a record of consent
        return "stated" if consent is not None else "not_required"
    return "absent"


def signed_status(x: Extraction) -> bool:
    """Whether both sides signed or sealed (a blank signing date alone does not count)."""
    return not (
        x.oral is not None
        or x.unsigned_stated is not None
        or (x.lessor_signed is not None and not x.lessor_signed.value)
        or (x.lessee_signed is not None and not x.lessee_signed.value)
    )


def _check_consent(x: Extraction, ctx: _Context, rule: Rule) -> list[Finding]:
    lessee_kind = _value(x.lessee_kind)
    if lessee_kind not in {"outsider", "organization"}:
        return []
    if consent_status(x, ctx.thresholds) != "absent":
        return []
    family = x.family
    consent = _value(x.consent)
    if consent is None:
        detail = "（合同载明未经村民会议）" if x.consent_negated else ""
    elif consent.get("fraction") is None:
        detail = f"（合同仅载明经{consent['meeting']}讨论，未载明同意人数或者比例）"
    elif consent.get("of") == "attendees":
        detail = (
            f"（合同载明的是到会人员中{_number(consent['fraction'] * 100)}%同意，"
            "不能证明达到全体成员或者全体代表的三分之二）"
        )
    else:
        detail = f"（合同载明的同意比例为{_number(consent['fraction'] * 100)}%）"
    variant = {"building": "asset", "construction_land": "construction_land"}.get(family, "land")
    values = {
        "lessee": _value(x.lessee) or "",
        "lessee_kind": _LESSEE_KIND[lessee_kind],
        "consent_detail": detail,
    }
    evidence = [x.consent or x.consent_negated, x.lessee_kind]
    return [_finding(rule, variant, evidence, values)]


def _check_use(x: Extraction, ctx: _Context, rule: Rule) -> list[Finding]:
    asset = _value(x.asset_type)
    if asset not in FARMLAND or x.non_agricultural_use is None:
        return []
    values = {"asset_type": asset, "use": x.non_agricultural_use.value}
    return [_finding(rule, "default", [x.non_agricultural_use], values)]


def _missing_essentials(x: Extraction) -> list[str]:
    """The items without which a contract cannot be reviewed or performed.

    The longer lists the law introduces with "一般包括" (民法典 第四百七十条、第七百零四条,
    农村土地承包法 第二十二条、第四十条) are not mandatory; their other items are not checked.
    """
    missing = []
    if not (x.lessor and x.lessee):
        missing.append("双方当事人")
    if not (x.location or x.area):
        missing.append("标的（坐落或者面积）")
    if not ((x.start and x.end) or x.years):
        missing.append("期限")
    priced = x.price or x.annual_rent or x.total_rent or x.grain_rent
    if not (priced or (x.payment and not x.price_open)):
        missing.append("价款或者支付方式")  # "租金另行商定" fixes no price
    return missing


def _check_clauses(x: Extraction, ctx: _Context, rule: Rule) -> list[Finding]:
    if x.source != "document":
        return []  # a ledger row does not show the clauses
    missing = _missing_essentials(x)
    if not missing:
        return []
    return [_finding(rule, "default", [x.title], {"missing": "、".join(missing)})]


def _check_signatures(x: Extraction, ctx: _Context, rule: Rule) -> list[Finding]:
    if x.oral is not None:
        detail = f"合同为口头约定，未签订书面合同（“{x.oral.snippet}”）。"
        return [_finding(rule, "oral", [x.oral], {"detail": detail})]
    problems, evidence = [], []
    if x.unsigned_stated is not None:
        problems.append(f"载明“{x.unsigned_stated.snippet}”")
        evidence.append(x.unsigned_stated)
    if x.lessor_signed is not None and not x.lessor_signed.value:
        problems.append("发包方（出租方）签字盖章处空白")
        evidence.append(x.lessor_signed)
    if x.lessee_signed is not None and not x.lessee_signed.value:
        problems.append("承包方（承租方）签字处空白")
        evidence.append(x.lessee_signed)
    severity = None
    if (
        ctx.thresholds.flag_blank_signing_date
        and x.signed_on is not None
        and x.signed_on.value is None
    ):
        problems.append("签订日期空白")
        evidence.append(x.signed_on)
        if len(problems) == 1:
            severity = "low"
    if not problems:
        return []
    detail = "；".join(problems) + "。"
    return [_finding(rule, "default", evidence, {"detail": detail}, severity=severity)]


def _check_buyback(x: Extraction, ctx: _Context, rule: Rule) -> list[Finding]:
    if x.buyback is None:
        return []
    return [_finding(rule, "default", [x.buyback], {})]


_CHECKS: dict[str, Callable[[Extraction, _Context, Rule], list[Finding]]] = {
    "term_over_limit": _check_term,
    "low_price": _check_price,
    "lump_sum_prepayment": _check_prepayment,
    "no_democratic_procedure": _check_consent,
    "use_change": _check_use,
    "missing_clauses": _check_clauses,
    "unsigned": _check_signatures,
    "buyback_clause": _check_buyback,
}
