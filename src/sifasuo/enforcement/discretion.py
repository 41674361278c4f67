"""The 裁量基准 calculator, without Django: from the tier the facts fall in and the circumstances
found, the proposed outcome, the range, and the rule applied.

行政处罚法 第三十三条第一款: minor, promptly corrected and harmless → no penalty (不予处罚); a first
minor offence promptly corrected *may* go unpunished (首违不罚). 第三十二条: 从轻 or 减轻 is
mandatory for its grounds. Where the tier's range is split, 从轻 takes the part below the split
point and 从重 the part above it; the split point, the multiple rule and the maximum-only shares
are settings (rules.md D; README), not constants here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Policy:
    midpoint_percent: int = 50  # the split point, as a share of the tier's range
    multiple_ratio: int = 4  # max ÷ min at or above which the split is taken by multiples
    max_only_lighter: int = 20  # maximum-only fines: 从轻 up to this share of the maximum
    max_only_general: tuple[int, int] = (40, 60)  # …general between these shares


@dataclass(frozen=True)
class Proposal:
    outcome: str  # "不予处罚", "可以不予处罚", "减轻处罚", "从轻处罚", "从重处罚", "一般处罚"
    low: Decimal
    high: Decimal
    rule: str

    def contains(self, amount: Decimal) -> bool:
        return self.low <= amount <= self.high


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def split_point(low: Decimal, high: Decimal, policy: Policy) -> tuple[Decimal, str]:
    """The point dividing 从轻 from 从重 in [low, high], and how it was found."""
    share = Decimal(policy.midpoint_percent) / 100
    if low > 0 and high / low >= policy.multiple_ratio:
        # By multiples: the same share of the way on a scale of multiples of the minimum.
        point = low * (high / low) ** share
        how = (
            f"上下限相差{policy.multiple_ratio}倍以上，按倍数确定分界点"
            f"（下限×(上限÷下限)^{share.normalize()}）"
        )
        return _money(Decimal(str(float(point)))), how
    return _money(low + (high - low) * share), f"按幅度的{policy.midpoint_percent}%确定中间值"


def propose(
    *,
    tier_low: Decimal,
    tier_high: Decimal,
    factor_kinds: Iterable[str],
    policy: Policy,
) -> Proposal:
    kinds = set(factor_kinds)
    if "exempt" in kinds:
        return Proposal(
            "不予处罚",
            Decimal(0),
            Decimal(0),
            "违法行为轻微并及时改正，没有造成危害后果，或者当事人有证据足以证明没有主观过错的，"
            "不予行政处罚，并应当对当事人进行教育（行政处罚法第三十三条）。",
        )
    if "may_exempt" in kinds and not kinds & {"heavier"}:
        return Proposal(
            "可以不予处罚",
            Decimal(0),
            Decimal(0),
            "初次违法且危害后果轻微并及时改正的，可以不予行政处罚（行政处罚法第三十三条第一款）；"
            "决定给予处罚的，应当说明理由。",
        )
    max_only = tier_low == 0
    if max_only:
        lighter_top = _money(tier_high * policy.max_only_lighter / 100)
        general = tuple(_money(tier_high * p / 100) for p in policy.max_only_general)
        basis = "只规定罚款上限的，"
        if "reduced" in kinds:
            return Proposal(
                "减轻处罚",
                Decimal(0),
                lighter_top,
                basis + f"减轻处罚在上限的{policy.max_only_lighter}%以内（行政处罚法第三十二条）。",
            )
        if "lighter" in kinds and "heavier" not in kinds:
            return Proposal(
                "从轻处罚",
                Decimal(0),
                lighter_top,
                basis + f"从轻处罚不超过上限的{policy.max_only_lighter}%（行政处罚法第三十二条）。",
            )
        if "heavier" in kinds and "lighter" not in kinds:
            return Proposal(
                "从重处罚",
                general[1],
                tier_high,
                basis + f"从重处罚不低于上限的{policy.max_only_general[1]}%。",
            )
        return Proposal(
            "一般处罚",
            general[0],
            general[1],
            basis
            + f"一般处罚为上限的{policy.max_only_general[0]}%至{policy.max_only_general[1]}%。",
        )
    if "reduced" in kinds:
        return Proposal(
            "减轻处罚",
            Decimal(0),
            _money(tier_low),
            "有应当减轻处罚情节的，在本阶次下限以下决定（行政处罚法第三十二条）。",
        )
    point, how = split_point(tier_low, tier_high, policy)
    if "lighter" in kinds and "heavier" not in kinds:
        return Proposal(
            "从轻处罚",
            _money(tier_low),
            point,
            f"有从轻处罚情节的，在本阶次下限至分界点之间决定；{how}（行政处罚法第三十二条）。",
        )
    if "heavier" in kinds and "lighter" not in kinds:
        return Proposal(
            "从重处罚",
            point,
            _money(tier_high),
            f"有从重处罚情节的，在本阶次分界点至上限之间决定；{how}。",
        )
    both = "从轻与从重情节并存，综合裁量，" if {"lighter", "heavier"} <= kinds else ""
    return Proposal(
        "一般处罚",
        _money(tier_low),
        _money(tier_high),
        f"{both}在本阶次幅度内决定。",
    )
