"""Write services of the service-point register: every write is checked, validated and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core.actors import is_system
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit
from sifasuo.core.services import require, require_unit
from sifasuo.core.workflow import lock, lock_unit

from .models import (
    OTHER_UNIT_KINDS,
    PLATFORM_KINDS,
    DutySlot,
    ServedLine,
    ServicePoint,
    StationKind,
)

MANAGE = "stations.manage"
# The columns of a service point its page (and a re-import) may change.
FIELDS = ("kind", "name", "address", "opening_hours", "phone", "lines", "established_on", "note")


def check_kind_for_unit(kind: str, unit: OrgUnit) -> None:
    """A platform level belongs to its level's unit (a 村工作室 to a village …); the other kinds
    sit at a county, an office or a village."""
    wanted = PLATFORM_KINDS.get(StationKind(kind)) if kind in StationKind.values else None
    if wanted is not None and unit.kind != wanted:
        raise ValidationError(
            {
                "unit": "该类别的服务阵地须登记在对应层级的单位下（县中心在区县司法局、工作站在司法所、工作室在村/社区）。"
            }
        )
    if wanted is None and unit.kind not in OTHER_UNIT_KINDS:
        raise ValidationError({"unit": "请选择区县司法局、司法所或村/社区。"})


def _clean_lines(lines: list[str]) -> list[str]:
    known = set(ServedLine.values)
    unknown = [code for code in lines if code not in known]
    if unknown:
        raise ValidationError({"lines": f"未知的服务事项：{'、'.join(unknown)}"})
    return [code for code in ServedLine.values if code in lines]


def _validate(station: ServicePoint) -> None:
    check_kind_for_unit(station.kind, station.unit)
    clash = ServicePoint.objects.filter(unit=station.unit, name=station.name)
    if clash.exclude(pk=station.pk).exists():
        raise ValidationError({"name": "本单位已登记同名的服务阵地。"})
    station.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def station_create(
    *, actor, unit: OrgUnit, kind: str, name: str, address: str, **values: Any
) -> ServicePoint:
    """Register a service point of `unit`. Registering the same name twice (a double submit)
    is refused, so one record results."""
    require(actor, MANAGE)
    require_unit(actor, unit)
    lock_unit(unit)  # two submits racing each other: the second sees the first's name
    values["lines"] = _clean_lines(list(values.get("lines") or []))
    station = ServicePoint(
        unit=unit,
        kind=kind,
        name=name.strip(),
        address=address.strip(),
        created_by=None if is_system(actor) else actor,
        **values,
    )
    _validate(station)
    station.save()
    audit_record(
        actor=actor,
        action="station.create",
        obj=station,
        changes={
            "kind": [None, kind],
            "name": [None, station.name],
            "address": [None, station.address],
        },
    )
    return station


def station_changes(station: ServicePoint, values: dict[str, Any]) -> dict[str, list[Any]]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"not service point fields: {sorted(unknown)}")
    if "lines" in values:
        values["lines"] = _clean_lines(list(values["lines"] or []))
    return {k: [getattr(station, k), v] for k, v in values.items() if getattr(station, k) != v}


@transaction.atomic
def station_update(
    *, actor, station: ServicePoint, version: int | None = None, **values: Any
) -> bool:
    """Change a service point's public details; returns whether anything changed."""
    require(actor, MANAGE)
    require_unit(actor, station.unit)
    station = lock(station, version=version)
    changes = station_changes(station, values)
    if not changes:
        return False
    for name, (_old, new) in changes.items():
        setattr(station, name, new.strip() if isinstance(new, str) else new)
    _validate(station)
    station.version += 1
    station.save(update_fields=[*changes, "version"])
    audit_record(actor=actor, action="station.update", obj=station, changes=changes)
    return True


@transaction.atomic
def station_close(*, actor, station: ServicePoint, closed_on: dt.date) -> ServicePoint:
    """Record that a service point was closed or merged (撤销); it stays in the register."""
    require(actor, MANAGE)
    require_unit(actor, station.unit)
    station = lock(station)
    if station.closed_on is not None:
        raise ValidationError("该服务阵地已撤销。")
    if station.established_on and closed_on < station.established_on:
        raise ValidationError({"closed_on": "撤销日期不能早于建成日期。"})
    station.closed_on = closed_on
    station.version += 1
    station.save(update_fields=["closed_on", "version"])
    audit_record(
        actor=actor, action="station.close", obj=station, changes={"closed_on": [None, closed_on]}
    )
    return station


@transaction.atomic
def duty_add(
    *,
    actor,
    station: ServicePoint,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    person: str,
    post: str = "",
) -> DutySlot:
    """Add one row to the weekly duty rota."""
    require(actor, MANAGE)
    require_unit(actor, station.unit)
    station = lock(station)
    if ends <= starts:
        raise ValidationError({"ends": "结束时间须晚于开始时间。"})
    person = person.strip()
    if not person:
        raise ValidationError({"person": "请填写值班人员。"})
    if station.duties.filter(weekday=weekday, starts=starts, person=person).exists():
        raise ValidationError("该值班安排已登记。")
    slot = DutySlot(
        station=station, weekday=weekday, starts=starts, ends=ends, person=person, post=post.strip()
    )
    slot.full_clean(validate_constraints=False)
    slot.save()
    audit_record(
        actor=actor, action="station.duty_add", obj=station, changes={"duty": [None, str(slot)]}
    )
    return slot


@transaction.atomic
def duty_remove(*, actor, station: ServicePoint, slot: DutySlot) -> None:
    require(actor, MANAGE)
    require_unit(actor, station.unit)
    station = lock(station)
    if slot.station_id != station.pk:
        raise ValidationError("该值班安排不属于本服务阵地。")
    text = str(slot)
    slot.delete()
    audit_record(
        actor=actor, action="station.duty_remove", obj=station, changes={"duty": [text, None]}
    )
