"""Indicator queries of 一村（居）一法律顾问 (declared on the line in apps.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sifasuo.core.indicators import count_by_unit, per_unit
from sifasuo.core.models import OrgUnit, UnitKind

from .models import VISIT_KINDS, Appointment, LogKind, ServiceLog


@per_unit
def visits(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        ServiceLog.objects.filter(
            unit_id__in=units, kind__in=VISIT_KINDS, served_on__range=(start, end)
        )
    )


@per_unit
def opinions(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        ServiceLog.objects.filter(
            unit_id__in=units, kind=LogKind.OPINION, served_on__range=(start, end)
        )
    )


@per_unit
def logs(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        ServiceLog.objects.filter(unit_id__in=units, served_on__range=(start, end))
    )


@per_unit
def villages(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    villages = OrgUnit.objects.filter(pk__in=units, kind=UnitKind.VILLAGE, is_active=True)
    return count_by_unit(villages, "pk")


# A village's appointments and visits are its office's (their unit), so the distinct villages
# of a set of offices add up.
@per_unit
def villages_covered(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    appointed = Appointment.objects.filter(
        unit_id__in=units, village__is_active=True, starts_on__lte=end, serves_until__gte=end
    )
    return count_by_unit(appointed, distinct="village")


@per_unit
def villages_visited(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    visits = ServiceLog.objects.filter(
        unit_id__in=units, kind__in=VISIT_KINDS, served_on__range=(start, end)
    )
    return count_by_unit(visits, distinct="village")
