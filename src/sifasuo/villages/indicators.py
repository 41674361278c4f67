"""Indicator queries of 法律明白人与民主法治村 (declared on the line in apps.py).

Standing counts (the registry, 示范村, 村规民约) are taken as at the period's last day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q

from sifasuo.core.indicators import count_by_unit, per_unit
from sifasuo.core.models import OrgUnit, UnitKind

from .models import DemoLevel, EarlyReport, Training, Understander, VillageRules, VillageStanding
from .selectors import target_per_village


@per_unit
def villages(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    villages = OrgUnit.objects.filter(pk__in=units, kind=UnitKind.VILLAGE, is_active=True)
    return count_by_unit(villages, "pk")


def _registered(units: Sequence[int], end: date):
    return Understander.objects.filter(
        unit_id__in=units, is_active=True, village__is_active=True
    ).filter(Q(since__isnull=True) | Q(since__lte=end))


@per_unit
def understanders(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_registered(units, end))


@per_unit
def model_households(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_registered(units, end).filter(model_household=True))


@per_unit
def villages_meeting_target(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    rows = (
        _registered(units, end)
        .values("unit_id", "village")
        .annotate(n=Count("id"), m=Count("id", filter=Q(model_household=True)))
        .order_by()
    )
    meeting: dict[int, int] = {}
    for row in rows:
        if row["n"] >= target_per_village() and row["m"] > 0:
            meeting[row["unit_id"]] = meeting.get(row["unit_id"], 0) + 1
    return meeting


@per_unit
def trainings(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(Training.objects.filter(unit_id__in=units, held_on__range=(start, end)))


@per_unit
def training_attendance(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        Training.attendees.through.objects.filter(
            training__unit_id__in=units, training__held_on__range=(start, end)
        ),
        "training__unit_id",
    )


@per_unit
def early_reports(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        EarlyReport.objects.filter(unit_id__in=units, reported_on__range=(start, end))
    )


@per_unit
def villages_with_rules(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        VillageRules.objects.filter(unit_id__in=units, village__is_active=True, adopted_on__lte=end)
    )


def _level(level: str):
    def count(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
        return count_by_unit(
            VillageStanding.objects.filter(
                unit_id__in=units, village__is_active=True, level=level, year__lte=end.year
            )
        )

    count.__name__ = f"demo_{level}"
    return per_unit(count)


demo_national = _level(DemoLevel.NATIONAL)
demo_provincial = _level(DemoLevel.PROVINCIAL)
demo_city = _level(DemoLevel.CITY)
demo_county = _level(DemoLevel.COUNTY)
