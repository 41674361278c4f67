"""Indicator queries of 合法性审查 and 列席会议 (declared on the line in apps.py).

They count what the line's statistics pages count (`selectors.review_statistics`,
`meetings.meeting_statistics`), placed in a period by the date each definition names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import F, Q

from sifasuo.core.indicators import count_by_unit, per_unit

from .models import AgendaItem, Conclusion, Meeting, OpinionPoint, Review, ReviewKind


def _submitted(units: Sequence[int], start: date, end: date):
    return Review.objects.filter(unit_id__in=units, submitted_on__range=(start, end))


def _issued(units: Sequence[int], start: date, end: date):
    # An opinion awaiting 签发 has no opinion_on yet: it is not an opinion.
    return Review.objects.filter(unit_id__in=units, opinion_on__range=(start, end))


@per_unit
def submitted(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_submitted(units, start, end))


@per_unit
def opinions(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_issued(units, start, end))


@per_unit
def opinions_with_due(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_issued(units, start, end).filter(due_on__isnull=False))


@per_unit
def opinions_on_time(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    on_time = _issued(units, start, end).filter(due_on__isnull=False, opinion_on__lte=F("due_on"))
    return count_by_unit(on_time)


@per_unit
def illegal(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_issued(units, start, end).filter(conclusion=Conclusion.ILLEGAL))


@per_unit
def legal_after_changes(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _issued(units, start, end).filter(conclusion=Conclusion.LEGAL_AFTER_CHANGES)
    )


@per_unit
def major_decisions(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_issued(units, start, end).filter(kind=ReviewKind.MAJOR_DECISION))


@per_unit
def normative_documents(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_issued(units, start, end).filter(kind=ReviewKind.NORMATIVE))


def _points(units: Sequence[int], start: date, end: date):
    return OpinionPoint.objects.filter(
        review__unit_id__in=units, review__opinion_on__range=(start, end)
    )


@per_unit
def points(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_points(units, start, end), "review__unit_id")


@per_unit
def points_adopted(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _points(units, start, end).filter(answer=OpinionPoint.Answer.DONE), "review__unit_id"
    )


def _kind(kind: str):
    def count(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
        return count_by_unit(_submitted(units, start, end).filter(kind=kind))

    count.__name__ = f"kind_{kind}"
    return per_unit(count)


kind_homestead = _kind(ReviewKind.HOMESTEAD)
kind_normative = _kind(ReviewKind.NORMATIVE)
kind_contract = _kind(ReviewKind.CONTRACT)
kind_info_disclosure = _kind(ReviewKind.INFO_DISCLOSURE)
kind_major_decision = _kind(ReviewKind.MAJOR_DECISION)
kind_major_enforcement = _kind(ReviewKind.MAJOR_ENFORCEMENT)
kind_complaint = _kind(ReviewKind.COMPLAINT)
kind_village_rules = _kind(ReviewKind.VILLAGE_RULES)


@per_unit
def meetings(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(Meeting.objects.filter(unit_id__in=units, held_on__range=(start, end)))


def _by_meeting_unit(items) -> dict[int, int]:
    return count_by_unit(items, "meeting__unit_id")


def _items(units: Sequence[int], start: date, end: date):
    return AgendaItem.objects.filter(
        meeting__unit_id__in=units, meeting__held_on__range=(start, end)
    )


@per_unit
def meeting_opinions(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _by_meeting_unit(_items(units, start, end).filter(~Q(opinion="")))


@per_unit
def meeting_vetoes(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _by_meeting_unit(_items(units, start, end).filter(vetoed=True))


@per_unit
def meeting_decided(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _by_meeting_unit(_items(units, start, end).exclude(adoption=AgendaItem.Adoption.PENDING))


@per_unit
def meeting_adopted(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _by_meeting_unit(_items(units, start, end).filter(adoption=AgendaItem.Adoption.ADOPTED))
