"""The line's indicators (declared on its BusinessLine): counts over exactly the given unit ids."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Q

from sifasuo.core.indicators import count_by_unit, per_unit

from .models import CaseDiscussion, EnforcementCase, Enforcer, Evaluation
from .rules import PASSED

_AGREED = ("agreed", "issued", "closed")


def _reviewed(units: Sequence[int], start: date, end: date):
    return Evaluation.objects.filter(
        unit_id__in=units, status__in=_AGREED, agreed_on__range=(start, end)
    )


@per_unit
def cases_reviewed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_reviewed(units, start, end))


@per_unit
def files_failed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_reviewed(units, start, end).filter(grade=Evaluation.Grade.FAIL))


def average_score(*, units: Sequence[int], start: date, end: date) -> Decimal:
    value = _reviewed(units, start, end).aggregate(a=Avg("total"))["a"]
    return Decimal(value or 0).quantize(Decimal("0.1"))


def _decided(units: Sequence[int], start: date, end: date):
    return EnforcementCase.objects.filter(
        unit_id__in=units, status=EnforcementCase.Status.DECIDED, decided_on__range=(start, end)
    )


@per_unit
def cases_decided(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_decided(units, start, end))


def _review_passed() -> Q:
    passed = Q(pk__in=[])
    for conclusion, statuses in PASSED.items():
        passed |= Q(legal_review__conclusion=conclusion, legal_review__status__in=statuses)
    return passed


@per_unit
def cases_complete(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _decided(units, start, end)
        .filter(published=True, recorded=True)
        .filter(Q(legal_review_required=False) | _review_passed())
    )


@per_unit
def enforcers_valid(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        Enforcer.objects.filter(
            unit_id__in=units, is_active=True, card_issued_on__lte=end, card_expires_on__gte=end
        )
    )


@per_unit
def cards_expiring(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        Enforcer.objects.filter(
            unit_id__in=units, is_active=True, card_expires_on__range=(start, end)
        )
    )


@per_unit
def discussions(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        CaseDiscussion.objects.filter(unit_id__in=units, held_on__range=(start, end))
    )
