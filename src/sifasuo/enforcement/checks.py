"""Refuse discretion settings that cannot describe a range (the settings fail loudly)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def discretion_settings(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    midpoint = settings.SIFASUO_DISCRETION_MIDPOINT_PERCENT
    if not 0 < midpoint < 100:
        errors.append(
            Error(
                "SIFASUO_DISCRETION_MIDPOINT_PERCENT must lie between 1 and 99.",
                id="enforcement.E001",
            )
        )
    shares = settings.SIFASUO_DISCRETION_MAX_ONLY_PERCENT
    unknown = set(shares) - {"lighter", "general_low", "general_high"}
    lighter = shares.get("lighter", 20)
    low, high = shares.get("general_low", 40), shares.get("general_high", 60)
    if unknown or not 0 < lighter <= low <= high <= 100:
        errors.append(
            Error(
                "SIFASUO_DISCRETION_MAX_ONLY_PERCENT takes lighter=…,general_low=…,general_high=… "
                "with 0 < lighter ≤ general_low ≤ general_high ≤ 100.",
                id="enforcement.E002",
            )
        )
    return errors
