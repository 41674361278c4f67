"""Indicator queries of the service-point register (see the declarations in apps.py).

A service point counts in a period when it stood on the period's last day: established on or
before it (or with no date recorded) and not closed by then."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Q

from sifasuo.core.indicators import count_by_unit, per_unit
from sifasuo.core.models import OrgUnit, UnitKind

from .models import PLATFORM_KINDS, ServicePoint, StationKind


def _standing(units: Sequence[int], end: date):
    return ServicePoint.objects.filter(unit_id__in=units).filter(
        Q(established_on__isnull=True) | Q(established_on__lte=end),
        Q(closed_on__isnull=True) | Q(closed_on__gt=end),
    )


def _kind_count(kind: str):
    def count(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
        return count_by_unit(_standing(units, end).filter(kind=kind))

    count.__name__ = f"count_{kind}"
    return per_unit(count)


city_centers = _kind_count(StationKind.CITY_CENTER)
county_centers = _kind_count(StationKind.COUNTY_CENTER)
township_stations = _kind_count(StationKind.TOWNSHIP_STATION)
village_rooms = _kind_count(StationKind.VILLAGE_ROOM)
pufa_posts = _kind_count(StationKind.PUFA_POST)
circuits = _kind_count(StationKind.CIRCUIT)
service_points = _kind_count(StationKind.SERVICE_POINT)
procuratorate_rooms = _kind_count(StationKind.PROCURATORATE)
dispute_centers = _kind_count(StationKind.DISPUTE_CENTER)


@per_unit
def platforms(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    """The four-level platform (四级平台): the seed's "市县乡村四级服务平台2602个"."""
    return count_by_unit(_standing(units, end).filter(kind__in=list(PLATFORM_KINDS)))


def _villages(units: Sequence[int]):
    return OrgUnit.objects.filter(pk__in=units, kind=UnitKind.VILLAGE, is_active=True)


@per_unit
def villages(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_villages(units), "pk")


@per_unit
def villages_with_room(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    rooms = _standing(units, end).filter(kind=StationKind.VILLAGE_ROOM)
    return count_by_unit(_villages(units).filter(pk__in=rooms.values("unit_id")), "pk")
