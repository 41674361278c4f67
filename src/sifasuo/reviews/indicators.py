"""Indicator queries of 合法性审查 and 列席会议 (declared on the line in apps.py).

They count what the line's statistics pages count (`selectors.review_statistics`,
`meetings.meeting_statistics`), placed in a period by the date each definition names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import F, Q

from .models import AgendaItem, Conclusion, Meeting, OpinionPoint, Review, ReviewKind


def _submitted(units: Sequence[int], start: date, end: date):
    return Review.objects.filter(unit_id__in=units, submitted_on__range=(start, end))


def _issued(units: Sequence[int], start: date, end: date):
    # An opinion awaiting 签发 has no opinion_on yet: it is not an opinion.
    return Review.objects.filter(unit_id__in=units, opinion_on__range=(start, end))


def submitted(*, units: Sequence[int], start: date, end: date) -> int:
    return _submitted(units, start, end).count()


def opinions(*, units: Sequence[int], start: date, end: date) -> int:
    return _issued(units, start, end).count()


def opinions_with_due(*, units: Sequence[int], start: date, end: date) -> int:
    return _issued(units, start, end).filter(due_on__isnull=False).count()


def opinions_on_time(*, units: Sequence[int], start: date, end: date) -> int:
    return (
        _issued(units, start, end).filter(due_on__isnull=False, opinion_on__lte=F("due_on")).count()
    )


def illegal(*, units: Sequence[int], start: date, end: date) -> int:
    return _issued(units, start, end).filter(conclusion=Conclusion.ILLEGAL).count()


def legal_after_changes(*, units: Sequence[int], start: date, end: date) -> int:
    return _issued(units, start, end).filter(conclusion=Conclusion.LEGAL_AFTER_CHANGES).count()


def major_decisions(*, units: Sequence[int], start: date, end: date) -> int:
    return _issued(units, start, end).filter(kind=ReviewKind.MAJOR_DECISION).count()


def normative_documents(*, units: Sequence[int], start: date, end: date) -> int:
    return _issued(units, start, end).filter(kind=ReviewKind.NORMATIVE).count()


def _points(units: Sequence[int], start: date, end: date):
    return OpinionPoint.objects.filter(
        review__unit_id__in=units, review__opinion_on__range=(start, end)
    )


def points(*, units: Sequence[int], start: date, end: date) -> int:
    return _points(units, start, end).count()


def points_adopted(*, units: Sequence[int], start: date, end: date) -> int:
    return _points(units, start, end).filter(answer=OpinionPoint.Answer.DONE).count()


def _kind(kind: str):
    def count(*, units: Sequence[int], start: date, end: date) -> int:
        return _submitted(units, start, end).filter(kind=kind).count()

    return count


kind_homestead = _kind(ReviewKind.HOMESTEAD)
kind_normative = _kind(ReviewKind.NORMATIVE)
kind_contract = _kind(ReviewKind.CONTRACT)
kind_info_disclosure = _kind(ReviewKind.INFO_DISCLOSURE)
kind_major_decision = _kind(ReviewKind.MAJOR_DECISION)
kind_major_enforcement = _kind(ReviewKind.MAJOR_ENFORCEMENT)
kind_complaint = _kind(ReviewKind.COMPLAINT)
kind_village_rules = _kind(ReviewKind.VILLAGE_RULES)


def meetings(*, units: Sequence[int], start: date, end: date) -> int:
    return Meeting.objects.filter(unit_id__in=units, held_on__range=(start, end)).count()


def _items(units: Sequence[int], start: date, end: date):
    return AgendaItem.objects.filter(
        meeting__unit_id__in=units, meeting__held_on__range=(start, end)
    )


def meeting_opinions(*, units: Sequence[int], start: date, end: date) -> int:
    return _items(units, start, end).filter(~Q(opinion="")).count()


def meeting_vetoes(*, units: Sequence[int], start: date, end: date) -> int:
    return _items(units, start, end).filter(vetoed=True).count()


def meeting_decided(*, units: Sequence[int], start: date, end: date) -> int:
    return _items(units, start, end).exclude(adoption=AgendaItem.Adoption.PENDING).count()


def meeting_adopted(*, units: Sequence[int], start: date, end: date) -> int:
    return _items(units, start, end).filter(adoption=AgendaItem.Adoption.ADOPTED).count()
