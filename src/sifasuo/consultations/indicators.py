"""Queries of the 网上法律咨询 indicators: questions counted on the day they were asked, answers
and ratings on the day they were answered/rated, over the questions owned by the given units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sifasuo.core.indicators import count_by_unit, per_unit, sum_by_unit, within_days

from .models import Question, QuestionState


def _answered(units: Sequence[int], start: dt.date, end: dt.date):
    return Question.objects.filter(
        within_days("answered_at", start, end), unit_id__in=units, state=QuestionState.ANSWERED
    )


@per_unit
def received(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(
        Question.objects.filter(within_days("asked_at", start, end), unit_id__in=units)
    )


@per_unit
def answered(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_answered(units, start, end))


@per_unit
def answered_in_target(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_answered(units, start, end).filter(within_target=True))


@per_unit
def response_minutes(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return sum_by_unit(_answered(units, start, end), "response_minutes")


def _rated(units: Sequence[int], start: dt.date, end: dt.date):
    return Question.objects.filter(
        within_days("rated_at", start, end), unit_id__in=units, rating__isnull=False
    )


@per_unit
def ratings(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_rated(units, start, end))


@per_unit
def rating_points(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return sum_by_unit(_rated(units, start, end), "rating")


@per_unit
def satisfied(*, units: Sequence[int], start: dt.date, end: dt.date) -> dict[int, int]:
    return count_by_unit(_rated(units, start, end).filter(rating__gte=4))
