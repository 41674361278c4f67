"""The line's indicators: counts over the records of exactly the given units, for a period.

Every definition is written out on the declaration in apps.py; these queries implement them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sifasuo.core.indicators import count_by_unit, per_unit

from .models import (
    ADVERSE,
    ActKind,
    Case,
    CaseKind,
    CaseStatus,
    Hearing,
    HearingForm,
    HearingStatus,
)


def _cases(units: Sequence[int]):
    return Case.objects.filter(unit_id__in=units)


@per_unit
def cases_received(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_cases(units).filter(served_on__range=(start, end)))


@per_unit
def reconsiderations_received(
    *, units: Sequence[int], start: dt.date, end: dt.date
) -> dict[int, int]:
    qs = _cases(units).filter(kind=CaseKind.RECONSIDERATION, served_on__range=(start, end))
    return count_by_unit(qs)


@per_unit
def lawsuits_received(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    qs = _cases(units).filter(kind=CaseKind.LAWSUIT, served_on__range=(start, end))
    return count_by_unit(qs)


def _act_kind(kind: str):
    def count(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
        return count_by_unit(_cases(units).filter(act_kind=kind, served_on__range=(start, end)))

    count.__name__ = f"cases_{kind}"
    return per_unit(count)


cases_penalty = _act_kind(ActKind.PENALTY)
cases_coercion = _act_kind(ActKind.COERCION)
cases_licence = _act_kind(ActKind.LICENCE)
cases_expropriation = _act_kind(ActKind.EXPROPRIATION)
cases_inaction = _act_kind(ActKind.INACTION)
cases_other = _act_kind(ActKind.OTHER)


def _hearings(units: Sequence[int], start: dt.date, end: dt.date):
    """Hearings held with the parties present: not scheduled or cancelled, not 书面审理."""
    return Hearing.objects.filter(
        case__unit_id__in=units, held_on__range=(start, end), status=HearingStatus.HELD
    ).exclude(form=HearingForm.WRITTEN)


@per_unit
def hearings_held(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_hearings(units, start, end), "case__unit_id")


@per_unit
def head_appearances(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_hearings(units, start, end).filter(head_in_person=True), "case__unit_id")


def _concluded(units: Sequence[int], start: dt.date, end: dt.date, kind: str):
    return _cases(units).filter(
        kind=kind, status=CaseStatus.CONCLUDED, outcome_on__range=(start, end)
    )


@per_unit
def lawsuits_concluded(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_concluded(units, start, end, CaseKind.LAWSUIT))


@per_unit
def lawsuits_lost(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(
        _concluded(units, start, end, CaseKind.LAWSUIT).filter(outcome__in=ADVERSE)
    )


@per_unit
def reconsiderations_concluded(
    *, units: Sequence[int], start: dt.date, end: dt.date
) -> dict[int, int]:
    return count_by_unit(_concluded(units, start, end, CaseKind.RECONSIDERATION))


@per_unit
def reconsiderations_corrected(
    *, units: Sequence[int], start: dt.date, end: dt.date
) -> dict[int, int]:
    qs = _concluded(units, start, end, CaseKind.RECONSIDERATION)
    return count_by_unit(qs.filter(outcome__in=ADVERSE))


@per_unit
def replies_filed(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_cases(units).filter(filed_on__range=(start, end)))


@per_unit
def replies_filed_in_time(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_cases(units).filter(filed_on__range=(start, end), filed_in_time=True))
