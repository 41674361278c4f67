"""Indicator queries of 法律明白人与民主法治村 (declared on the line in apps.py).

Standing counts (the registry, 示范村, 村规民约) are taken as at the period's last day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q

from sifasuo.core.models import OrgUnit, UnitKind

from .models import DemoLevel, EarlyReport, Training, Understander, VillageRules, VillageStanding
from .selectors import target_per_village


def villages(*, units: Sequence[int], start: date, end: date) -> int:
    return OrgUnit.objects.filter(pk__in=units, kind=UnitKind.VILLAGE, is_active=True).count()


def _registered(units: Sequence[int], end: date):
    return Understander.objects.filter(
        unit_id__in=units, is_active=True, village__is_active=True
    ).filter(Q(since__isnull=True) | Q(since__lte=end))


def understanders(*, units: Sequence[int], start: date, end: date) -> int:
    return _registered(units, end).count()


def model_households(*, units: Sequence[int], start: date, end: date) -> int:
    return _registered(units, end).filter(model_household=True).count()


def villages_meeting_target(*, units: Sequence[int], start: date, end: date) -> int:
    rows = (
        _registered(units, end)
        .values("village")
        .annotate(n=Count("id"), m=Count("id", filter=Q(model_household=True)))
    )
    return sum(1 for r in rows if r["n"] >= target_per_village() and r["m"] > 0)


def trainings(*, units: Sequence[int], start: date, end: date) -> int:
    return Training.objects.filter(unit_id__in=units, held_on__range=(start, end)).count()


def training_attendance(*, units: Sequence[int], start: date, end: date) -> int:
    return Training.attendees.through.objects.filter(
        training__unit_id__in=units, training__held_on__range=(start, end)
    ).count()


def early_reports(*, units: Sequence[int], start: date, end: date) -> int:
    return EarlyReport.objects.filter(unit_id__in=units, reported_on__range=(start, end)).count()


def villages_with_rules(*, units: Sequence[int], start: date, end: date) -> int:
    return VillageRules.objects.filter(
        unit_id__in=units, village__is_active=True, adopted_on__lte=end
    ).count()


def _level(level: str):
    def count(*, units: Sequence[int], start: date, end: date) -> int:
        return VillageStanding.objects.filter(
            unit_id__in=units, village__is_active=True, level=level, year__lte=end.year
        ).count()

    return count


demo_national = _level(DemoLevel.NATIONAL)
demo_provincial = _level(DemoLevel.PROVINCIAL)
demo_city = _level(DemoLevel.CITY)
demo_county = _level(DemoLevel.COUNTY)
