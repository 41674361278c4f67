"""Indicator queries of 一站式受理 (declared on the line in apps.py).

A matter is placed in a period by the day the office received it (收到日期), or by the day it
was registered when no receipt day was recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import F, Q

from sifasuo.core.indicators import count_by_unit, per_unit, within_days
from sifasuo.core.models import AuditEntry

from .apps import HAND_OVER_ACTIONS, TRANSFER_ACTIONS
from .models import Channel, Matter, MatterRequester, MatterState, MatterType


def _received(units: Sequence[int], start: date, end: date):
    return Matter.objects.filter(unit_id__in=units).filter(
        Q(received_on__range=(start, end))
        | (Q(received_on__isnull=True) & within_days("created_at", start, end))
    )


@per_unit
def received(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_received(units, start, end))


@per_unit
def consultation_people(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    matters = _received(units, start, end).filter(matter_type=MatterType.CONSULTATION)
    people = MatterRequester.objects.filter(matter__in=matters.values("pk"))
    return count_by_unit(people, "matter__unit_id")


def _events(units: Sequence[int], start: date, end: date, actions: Sequence[str]) -> dict[int, int]:
    # The audit row of a step on a matter carries the matter's unit.
    return count_by_unit(
        AuditEntry.objects.filter(
            within_days("at", start, end), unit_id__in=units, action__in=actions
        )
    )


@per_unit
def handed_over(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _events(units, start, end, HAND_OVER_ACTIONS)


@per_unit
def transferred(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _events(units, start, end, TRANSFER_ACTIONS)


def _finished(units: Sequence[int], start: date, end: date, state: str):
    return Matter.objects.filter(
        within_days("closed_at", start, end), unit_id__in=units, state=state
    )


@per_unit
def closed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_finished(units, start, end, MatterState.CLOSED))


@per_unit
def refused(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_finished(units, start, end, MatterState.REFUSED))


@per_unit
def closed_with_due(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _finished(units, start, end, MatterState.CLOSED).filter(due_on__isnull=False)
    )


@per_unit
def closed_on_time(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _finished(units, start, end, MatterState.CLOSED).filter(
            due_on__isnull=False, closed_at__date__lte=F("due_on")
        )
    )


def _by(field: str, value: str):
    def count(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
        return count_by_unit(_received(units, start, end).filter(**{field: value}))

    count.__name__ = f"{field}_{value}"
    return per_unit(count)


channel_window = _by("channel", Channel.WINDOW)
channel_phone = _by("channel", Channel.PHONE)
channel_hotline = _by("channel", Channel.HOTLINE)
channel_online = _by("channel", Channel.ONLINE)
channel_department = _by("channel", Channel.DEPARTMENT)
channel_grassroots = _by("channel", Channel.GRASSROOTS)
channel_advisor = _by("channel", Channel.ADVISOR)

type_dispute = _by("matter_type", MatterType.DISPUTE)
type_consultation = _by("matter_type", MatterType.CONSULTATION)
type_legal_aid = _by("matter_type", MatterType.LEGAL_AID)
type_notary_guide = _by("matter_type", MatterType.NOTARY_GUIDE)
type_petition = _by("matter_type", MatterType.PETITION)
type_legality_review = _by("matter_type", MatterType.LEGALITY_REVIEW)
type_other = _by("matter_type", MatterType.OTHER)
