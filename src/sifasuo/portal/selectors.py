"""What the portal reads: a matter's progress in plain words (by tracking code and phone only)
and the public fields of the service-point register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.intake import services as intake_services
from sifasuo.stations.models import DutySlot, ServicePoint
from sifasuo.stations.selectors import rota_by_weekday

# The handling sheet's steps (intake's action labels) as a citizen would say them. Steps not
# listed (an internal hand-over between staff) are not shown.
PLAIN_STEPS = {
    "登记": "已收到",
    "分流": "已转交承办司法所",
    "分派": "已受理，已安排承办人",
    "开始办理": "办理中",
    "转调解": "调解中",
    "转入业务条线": "已转入专门程序办理",
    "办结": "已办结",
    "不予受理": "不予受理（可向受理单位询问原因）",
    "转出": "已转交有关部门办理",
    "对方签收": "有关部门已接收",
    "对方退回": "退回司法所继续办理",
}


@dataclass(frozen=True)
class PublicStatus:
    tracking_code: str
    matter_type: str
    unit: str
    registered_on: dt.date
    due_on: dt.date | None
    stage: str
    steps: list[tuple[dt.datetime, str]]


def public_status(*, tracking_code: str, phone: str) -> PublicStatus | None:
    """The progress of the matter with this code whose requester gave this phone; None for any
    mismatch, so the page tells an outsider nothing. No names, numbers or narrative."""
    found = intake_services.matter_public_status(tracking_code=tracking_code, phone=phone)
    if found is None:
        return None
    steps: list[tuple[dt.datetime, str]] = []
    for at, action in found["steps"]:
        plain = PLAIN_STEPS.get(action)
        if plain and (not steps or steps[-1][1] != plain):
            steps.append((at, plain))
    return PublicStatus(
        tracking_code=found["tracking_code"],
        matter_type=found["matter_type"],
        unit=found["unit"],
        registered_on=found["registered_on"],
        due_on=found["due_on"],
        stage=steps[-1][1] if steps else "已收到",
        steps=steps,
    )


def counties() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=UnitKind.BUREAU, is_active=True).order_by("name")


def offices(county: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(kind=UnitKind.OFFICE, is_active=True)
    if county is not None:
        units = units.filter(path__startswith=county.path)
    return units.order_by("name")


@dataclass(frozen=True)
class PublicStation:
    """A service point's public fields only (no notes, no who-registered-it)."""

    name: str
    kind: str
    unit: str
    address: str
    opening_hours: str
    phone: str
    lines: list[str]
    rota: list[tuple[str, list[str]]]


def station_directory(
    *, county: OrgUnit | None = None, office: OrgUnit | None = None
) -> QuerySet[ServicePoint]:
    """Open service points under the office or county chosen (every one without a choice)."""
    points = ServicePoint.objects.filter(closed_on__isnull=True, unit__is_active=True)
    within = office or county
    if within is not None:
        points = points.filter(unit__path__startswith=within.path)
    return (
        points.select_related("unit")
        .prefetch_related(
            Prefetch("duties", queryset=DutySlot.objects.order_by("weekday", "starts", "id"))
        )
        .order_by("unit__path", "kind", "name")
    )


def public_station(point: ServicePoint) -> PublicStation:
    return PublicStation(
        name=point.name,
        kind=point.get_kind_display(),
        unit=point.unit.name,
        address=point.address,
        opening_hours=point.opening_hours,
        phone=point.phone,
        lines=point.line_labels,
        rota=[
            (
                day,
                [
                    f"{s.starts:%H:%M}-{s.ends:%H:%M} {s.person}"
                    + (f"（{s.post}）" if s.post else "")
                    for s in slots
                ],
            )
            for day, slots in rota_by_weekday(point)
            if slots
        ],
    )
