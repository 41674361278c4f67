"""Demo service points: each county's 县中心, a 工作站 for every office of the county, a 村工作室
in most villages of the sample office, a few 普法驿站 and the other kinds, with duty rotas."""

from __future__ import annotations

import datetime as dt

from sifasuo.core.actors import DEMO
from sifasuo.core.demo import DemoOffice
from sifasuo.core.models import UnitKind

from . import services
from .models import ServedLine, StationKind

L = ServedLine
HOURS = "工作日 8:30-12:00，14:00-17:30"
_COUNTY_LINES = [
    L.MEDIATION,
    L.LEGAL_AID,
    L.CONSULTATION,
    L.PUFA,
    L.NOTARY,
    L.APPRAISAL,
    L.ARBITRATION,
]
_STATION_LINES = [L.MEDIATION, L.LEGAL_AID, L.CONSULTATION, L.PUFA, L.NOTARY, L.CORRECTION]
_ROOM_LINES = [L.MEDIATION, L.CONSULTATION, L.PUFA]


def load(office: DemoOffice) -> None:
    rng = office.rng
    county = office.county
    short = county.name.removesuffix("司法局")
    established = dt.date(office.today.year - 3, 6, 1)
    if not county.stations.filter(kind=StationKind.COUNTY_CENTER).exists():
        center = services.station_create(
            actor=DEMO,
            unit=county,
            kind=StationKind.COUNTY_CENTER,
            name=f"{short}公共法律服务中心",
            address=f"{office.place.removesuffix(office.unit.township_name)}政务服务中心三楼",
            opening_hours="工作日 9:00-17:00，周六 9:00-12:00",
            phone=f"0637-{rng.randint(2000000, 8999999)}",
            lines=_COUNTY_LINES,
            established_on=established,
        )
        for day in range(1, 6):
            services.duty_add(
                actor=DEMO,
                station=center,
                weekday=day,
                starts=dt.time(9),
                ends=dt.time(17),
                person=office.people.name(office.people.gender(0.5)),
                post="值班律师",
            )
        for unit in county.children.filter(kind=UnitKind.OFFICE).order_by("path"):
            services.station_create(
                actor=DEMO,
                unit=unit,
                kind=StationKind.TOWNSHIP_STATION,
                name=f"{unit.township_name or unit.name}公共法律服务工作站",
                address=unit.address or f"{unit.township_name}便民服务中心",
                opening_hours=HOURS,
                lines=_STATION_LINES,
                established_on=established,
            )
    station = office.unit.stations.get(kind=StationKind.TOWNSHIP_STATION)
    for day in (1, 3, 5):
        services.duty_add(
            actor=DEMO,
            station=station,
            weekday=day,
            starts=dt.time(9),
            ends=dt.time(12),
            person=office.accounts["advisor"].get_full_name()
            or office.people.name(office.people.gender(0.5)),
            post="坐班律师",
        )
    services.duty_add(
        actor=DEMO,
        station=station,
        weekday=2,
        starts=dt.time(14),
        ends=dt.time(17),
        person=office.accounts["mediator"].get_full_name()
        or office.people.name(office.people.gender(0.5)),
        post="人民调解员",
    )
    villages = sorted(office.villages, key=lambda v: v.path)
    for index, village in enumerate(villages):
        if index % 7 == 6:  # most villages, not all: the coverage page shows the gaps
            continue
        room = services.station_create(
            actor=DEMO,
            unit=village,
            kind=StationKind.VILLAGE_ROOM,
            name=f"{village.name}公共法律服务工作室",
            address=f"{office.place}{village.name}党群服务中心",
            opening_hours="每周三 9:00-11:30",
            lines=_ROOM_LINES,
            established_on=established + dt.timedelta(days=30 * (index % 12)),
        )
        if index % 3 == 0:
            services.duty_add(
                actor=DEMO,
                station=room,
                weekday=3,
                starts=dt.time(9),
                ends=dt.time(11, 30),
                person=office.people.name(office.people.gender(0.5)),
                post="村法律顾问",
            )
    for index, village in enumerate(villages[:: max(len(villages) // 3, 1)][:3]):
        services.station_create(
            actor=DEMO,
            unit=village,
            kind=StationKind.PUFA_POST,
            name=f"{village.name}普法驿站",
            address=f"{office.place}{village.name}文化广场",
            opening_hours="全天开放",
            lines=[L.PUFA],
            established_on=office.day(0.6 + 0.1 * index),
        )
    services.station_create(
        actor=DEMO,
        unit=office.unit,
        kind=StationKind.CIRCUIT,
        name=f"{office.court_name}{office.core}巡回审判点",
        address=f"{office.place}便民服务中心一楼",
        opening_hours="每月第一个星期四",
        lines=[L.MEDIATION, L.CONSULTATION],
        established_on=established,
    )
    services.station_create(
        actor=DEMO,
        unit=office.unit,
        kind=StationKind.DISPUTE_CENTER,
        name=f"{office.core}矛盾纠纷多元化解中心",
        address=f"{office.place}综治中心",
        opening_hours=HOURS,
        lines=[L.MEDIATION, L.LEGAL_AID, L.CONSULTATION],
        established_on=established,
    )
