"""Indicator queries of 一村（居）一法律顾问 (declared on the line in apps.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sifasuo.core.models import OrgUnit, UnitKind

from .models import VISIT_KINDS, Appointment, LogKind, ServiceLog


def visits(*, units: Sequence[int], start: date, end: date) -> int:
    return ServiceLog.objects.filter(
        unit_id__in=units, kind__in=VISIT_KINDS, served_on__range=(start, end)
    ).count()


def opinions(*, units: Sequence[int], start: date, end: date) -> int:
    return ServiceLog.objects.filter(
        unit_id__in=units, kind=LogKind.OPINION, served_on__range=(start, end)
    ).count()


def logs(*, units: Sequence[int], start: date, end: date) -> int:
    return ServiceLog.objects.filter(unit_id__in=units, served_on__range=(start, end)).count()


def villages(*, units: Sequence[int], start: date, end: date) -> int:
    return OrgUnit.objects.filter(pk__in=units, kind=UnitKind.VILLAGE, is_active=True).count()


def villages_covered(*, units: Sequence[int], start: date, end: date) -> int:
    return (
        Appointment.objects.filter(
            unit_id__in=units,
            village__is_active=True,
            starts_on__lte=end,
            ends_on__gte=end,
        )
        .values("village")
        .distinct()
        .count()
    )


def villages_visited(*, units: Sequence[int], start: date, end: date) -> int:
    return (
        ServiceLog.objects.filter(
            unit_id__in=units, kind__in=VISIT_KINDS, served_on__range=(start, end)
        )
        .values("village")
        .distinct()
        .count()
    )
