"""Queries of the 网上法律咨询 indicators: questions counted on the day they were asked, answers
and ratings on the day they were answered/rated, over the questions owned by the given units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Sum
from django.utils import timezone

from .models import Question, QuestionState


def _between(field: str, start: dt.date, end: dt.date) -> dict:
    zone = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return {f"{field}__gte": lo, f"{field}__lt": hi}


def _answered(units: Sequence[int], start: dt.date, end: dt.date):
    return Question.objects.filter(
        unit_id__in=units, state=QuestionState.ANSWERED, **_between("answered_at", start, end)
    )


def received(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return Question.objects.filter(unit_id__in=units, **_between("asked_at", start, end)).count()


def answered(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _answered(units, start, end).count()


def answered_in_target(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return _answered(units, start, end).filter(within_target=True).count()


def response_minutes(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    total = _answered(units, start, end).aggregate(total=Sum("response_minutes"))["total"]
    return total or 0


def ratings(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return Question.objects.filter(
        unit_id__in=units, rating__isnull=False, **_between("rated_at", start, end)
    ).count()


def rating_points(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    rated = Question.objects.filter(
        unit_id__in=units, rating__isnull=False, **_between("rated_at", start, end)
    )
    return rated.aggregate(total=Sum("rating"))["total"] or 0


def satisfied(*, units: Sequence[int], start: dt.date, end: dt.date) -> int:
    return Question.objects.filter(
        unit_id__in=units, rating__gte=4, **_between("rated_at", start, end)
    ).count()
