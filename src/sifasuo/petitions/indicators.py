"""The 信访 line's indicator queries (declared in apps.py): totals over exactly the given units
for records placed by a date in [start, end]."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import F, Q

from sifasuo.core import deadline_service
from sifasuo.core.indicators import count_by_unit, per_unit

from .models import OFFICE_DUTIES, PeriodKind, Petition, TimeLimit


@per_unit
def received(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(
        Petition.objects.filter(unit_id__in=units, received_on__gte=start, received_on__lte=end)
    )


def _handled(units, start, end):
    return TimeLimit.objects.filter(
        petition__unit_id__in=units,
        kind=PeriodKind.HANDLE,
        done_on__gte=start,
        done_on__lte=end,
    )


@per_unit
def handled(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_handled(units, start, end), "petition__unit_id")


@per_unit
def handled_in_time(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(
        _handled(units, start, end).filter(done_on__lte=F("due_on")), "petition__unit_id"
    )


@per_unit
def concluded(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(
        Petition.objects.filter(unit_id__in=units, closed_on__gte=start, closed_on__lte=end)
    )


@per_unit
def settled(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(
        Petition.objects.filter(
            unit_id__in=units, closed_on__gte=start, closed_on__lte=end, settled=True
        )
    )


@per_unit
def repeat(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(
        Petition.objects.filter(
            unit_id__in=units,
            received_on__gte=start,
            received_on__lte=end,
            repeat_of__isnull=False,
        )
    )


@per_unit
def overdue(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    today = deadline_service.today()
    missed = Q(done_on__gt=F("due_on")) | Q(done_on__isnull=True, due_on__lt=today)
    limits = TimeLimit.objects.filter(
        missed,
        petition__unit_id__in=units,
        kind__in=OFFICE_DUTIES,
        due_on__gte=start,
        due_on__lte=end,
    )
    return count_by_unit(limits, "petition__unit_id", distinct="petition_id")
