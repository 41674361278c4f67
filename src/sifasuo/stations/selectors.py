"""Scoped reads of the service-point register: the list, one point, coverage and statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from sifasuo.core import indicators
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units

from .models import ServicePoint, StationKind

# The statistics table: the four levels, the total, then the other kinds and the coverage.
STAT_CODES = (
    "stations.platforms",
    "stations.city_centers",
    "stations.county_centers",
    "stations.township_stations",
    "stations.village_rooms",
    "stations.pufa_posts",
    "stations.circuits",
    "stations.service_points",
    "stations.procuratorate_rooms",
    "stations.dispute_centers",
    "stations.villages",
    "stations.villages_with_room",
    "stations.village_coverage",
)


def station_list_for_user(
    *, user, q: str = "", kind: str = "", unit: OrgUnit | None = None, closed: bool = False
) -> QuerySet[ServicePoint]:
    stations = scope(user, ServicePoint.objects.all()).select_related("unit")
    if q:
        stations = stations.filter(Q(name__contains=q) | Q(address__contains=q))
    if kind:
        stations = stations.filter(kind=kind)
    if unit is not None:
        stations = stations.filter(unit__path__startswith=unit.path)
    if not closed:
        stations = stations.filter(closed_on__isnull=True)
    return stations.prefetch_related("duties")


def station_get_for_user(*, user, pk) -> ServicePoint:
    return get_scoped_or_404(
        user, ServicePoint.objects.select_related("unit").prefetch_related("duties"), pk
    )


def station_choices_for_user(*, user) -> QuerySet[ServicePoint]:
    """Open service points a record of another line may name as its place (a 普法 event)."""
    return scope(user, ServicePoint.objects.filter(closed_on__isnull=True)).select_related("unit")


def rota_by_weekday(station: ServicePoint) -> list[tuple[Any, list]]:
    from .models import Weekday

    slots = list(station.duties.all())
    return [(label, [s for s in slots if s.weekday == day]) for day, label in Weekday.choices]


@dataclass
class OfficeCoverage:
    office: OrgUnit
    has_station: bool
    villages: list[OrgUnit] = field(default_factory=list)
    covered: list[OrgUnit] = field(default_factory=list)
    gaps: list[OrgUnit] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        if not self.villages:
            return None
        return round(100 * len(self.covered) / len(self.villages), 1)


def coverage_for_user(*, user, unit: OrgUnit | None = None) -> list[OfficeCoverage]:
    """Per office the user sees: whether it has a 乡镇工作站, which villages have a 村工作室 and
    which have none (the gaps)."""
    units = visible_units(user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    offices = list(units.filter(kind=UnitKind.OFFICE).order_by("path"))
    villages = list(
        units.filter(kind=UnitKind.VILLAGE, is_active=True, parent__in=offices).order_by("path")
    )
    standing = ServicePoint.objects.filter(closed_on__isnull=True)
    with_room = set(
        standing.filter(kind=StationKind.VILLAGE_ROOM, unit__in=villages).values_list(
            "unit_id", flat=True
        )
    )
    with_station = set(
        standing.filter(kind=StationKind.TOWNSHIP_STATION, unit__in=offices).values_list(
            "unit_id", flat=True
        )
    )
    rows = {o.pk: OfficeCoverage(office=o, has_station=o.pk in with_station) for o in offices}
    for village in villages:
        row = rows.get(village.parent_id) if village.parent_id is not None else None
        if row is None:
            continue
        row.villages.append(village)
        (row.covered if village.pk in with_room else row.gaps).append(village)
    return list(rows.values())


def stat_units(*, user, unit: OrgUnit | None) -> tuple[OrgUnit | None, list[OrgUnit]]:
    """The unit the statistics are about (the chosen one, else the user's own) and the rows:
    that unit's counties or offices below it, then the unit itself as the total."""
    top = unit or user.unit or OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    kinds = (UnitKind.BUREAU, UnitKind.OFFICE)
    children = list(top.children.filter(kind__in=kinds).order_by("path")) if top else []
    return top, children


def stat_table(*, codes, top: OrgUnit, children: list[OrgUnit], period: indicators.Period):
    values = indicators.values_for(codes, [*children, top], period)
    return [(unit, [values[unit.pk][code] for code in codes]) for unit in [*children, top]]
