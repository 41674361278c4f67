"""What the line reads from settings and from other lines: the card alert window, the discretion
policy, and whether a legality review (法制审核) has passed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from sifasuo.core import deadline_service
from sifasuo.reviews.models import Conclusion, ReviewKind, ReviewStatus

from .discretion import Policy


def card_alert_days() -> int:
    return int(settings.SIFASUO_ENFORCER_CARD_ALERT_DAYS)


def card_alert_limit(on: dt.date | None = None) -> dt.date:
    """Cards expiring on or before this day are flagged (60 days ahead by default)."""
    return (on or deadline_service.today()) + dt.timedelta(days=card_alert_days())


def discretion_policy() -> Policy:
    shares = settings.SIFASUO_DISCRETION_MAX_ONLY_PERCENT
    policy = Policy(
        midpoint_percent=int(settings.SIFASUO_DISCRETION_MIDPOINT_PERCENT),
        multiple_ratio=int(settings.SIFASUO_DISCRETION_MULTIPLE_RATIO),
        max_only_lighter=shares.get("lighter", 20),
        max_only_general=(shares.get("general_low", 40), shares.get("general_high", 60)),
    )
    if not 0 < policy.midpoint_percent < 100:
        raise ValueError("SIFASUO_DISCRETION_MIDPOINT_PERCENT must lie between 1 and 99")
    return policy


# The review of a 重大执法决定 has passed when its opinion says 合法, or 修改后合法 and the
# department has answered the changes.
PASSED = {
    Conclusion.LEGAL: {ReviewStatus.OPINION_ISSUED, ReviewStatus.ANSWERED, ReviewStatus.ARCHIVED},
    Conclusion.LEGAL_AFTER_CHANGES: {ReviewStatus.ANSWERED, ReviewStatus.ARCHIVED},
}
REVIEW_KIND = ReviewKind.MAJOR_ENFORCEMENT


def review_passed(review) -> bool:
    return review is not None and review.status in PASSED.get(review.conclusion, set())
