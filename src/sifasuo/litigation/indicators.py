"""The line's indicators: counts over the records of exactly the given units, for a period.

Every definition is written out on the declaration in apps.py; these queries implement them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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


def cases_received(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _cases(units).filter(served_on__range=(start, end)).count()


def reconsiderations_received(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    qs = _cases(units).filter(kind=CaseKind.RECONSIDERATION, served_on__range=(start, end))
    return qs.count()


def lawsuits_received(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    qs = _cases(units).filter(kind=CaseKind.LAWSUIT, served_on__range=(start, end))
    return qs.count()


def _act_kind(kind: str):
    def count(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
        return _cases(units).filter(act_kind=kind, served_on__range=(start, end)).count()

    count.__name__ = f"cases_{kind}"
    return count


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


def hearings_held(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _hearings(units, start, end).count()


def head_appearances(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _hearings(units, start, end).filter(head_in_person=True).count()


def _concluded(units: Sequence[int], start: dt.date, end: dt.date, kind: str):
    return _cases(units).filter(
        kind=kind, status=CaseStatus.CONCLUDED, outcome_on__range=(start, end)
    )


def lawsuits_concluded(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _concluded(units, start, end, CaseKind.LAWSUIT).count()


def lawsuits_lost(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _concluded(units, start, end, CaseKind.LAWSUIT).filter(outcome__in=ADVERSE).count()


def reconsiderations_concluded(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _concluded(units, start, end, CaseKind.RECONSIDERATION).count()


def reconsiderations_corrected(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    qs = _concluded(units, start, end, CaseKind.RECONSIDERATION)
    return qs.filter(outcome__in=ADVERSE).count()


def replies_filed(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _cases(units).filter(filed_on__range=(start, end)).count()


def replies_filed_in_time(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _cases(units).filter(filed_on__range=(start, end), filed_in_time=True).count()
