"""Indicator queries of 一站式受理 (declared on the line in apps.py).

A matter is placed in a period by the day the office received it (收到日期), or by the day it
was registered when no receipt day was recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import F, Q

from sifasuo.core.models import AuditEntry

from .models import Channel, Matter, MatterRequester, MatterState, MatterType

# The audit actions that take a matter into a business line's record (转入业务条线).
HAND_OVER_ACTIONS = ("matter.to_mediation", "matter.hand_over")


def _received(units: Sequence[int], start: date, end: date):
    return Matter.objects.filter(unit_id__in=units).filter(
        Q(received_on__range=(start, end))
        | Q(received_on__isnull=True, created_at__date__range=(start, end))
    )


def received(*, units: Sequence[int], start: date, end: date) -> int:
    return _received(units, start, end).count()


def consultation_people(*, units: Sequence[int], start: date, end: date) -> int:
    matters = _received(units, start, end).filter(matter_type=MatterType.CONSULTATION)
    return MatterRequester.objects.filter(matter__in=matters.values("pk")).count()


def _events(units: Sequence[int], start: date, end: date, actions: Sequence[str]) -> int:
    # The audit row of a step on a matter carries the matter's unit.
    return AuditEntry.objects.filter(
        unit_id__in=units, action__in=actions, at__date__range=(start, end)
    ).count()


def handed_over(*, units: Sequence[int], start: date, end: date) -> int:
    return _events(units, start, end, HAND_OVER_ACTIONS)


def transferred(*, units: Sequence[int], start: date, end: date) -> int:
    return _events(units, start, end, ("matter.transfer",))


def _finished(units: Sequence[int], start: date, end: date, state: str):
    return Matter.objects.filter(
        unit_id__in=units, state=state, closed_at__date__range=(start, end)
    )


def closed(*, units: Sequence[int], start: date, end: date) -> int:
    return _finished(units, start, end, MatterState.CLOSED).count()


def refused(*, units: Sequence[int], start: date, end: date) -> int:
    return _finished(units, start, end, MatterState.REFUSED).count()


def closed_with_due(*, units: Sequence[int], start: date, end: date) -> int:
    return _finished(units, start, end, MatterState.CLOSED).filter(due_on__isnull=False).count()


def closed_on_time(*, units: Sequence[int], start: date, end: date) -> int:
    return (
        _finished(units, start, end, MatterState.CLOSED)
        .filter(due_on__isnull=False, closed_at__date__lte=F("due_on"))
        .count()
    )


def _by(field: str, value: str):
    def count(*, units: Sequence[int], start: date, end: date) -> int:
        return _received(units, start, end).filter(**{field: value}).count()

    return count


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
