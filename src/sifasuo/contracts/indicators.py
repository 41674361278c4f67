"""Indicator queries of 合同管理 (declared on the line in apps.py): the township's own contracts
and their legal review (1+专)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from sifasuo.core.indicators import count_by_unit, per_unit, sum_by_unit, within_days

from .models import Contract, ContractStatus


@per_unit
def registered(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        Contract.objects.filter(within_days("created_at", start, end), unit_id__in=units)
    )


def _submitted(units: Sequence[int], start: date, end: date):
    return Contract.objects.filter(unit_id__in=units, review_started_on__range=(start, end))


@per_unit
def submitted(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_submitted(units, start, end))


@per_unit
def reviewed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _submitted(units, start, end).filter(
            assistant_passed__isnull=False, advisor_passed__isnull=False
        )
    )


@per_unit
def problems(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _submitted(units, start, end).filter(Q(assistant_passed=False) | Q(advisor_passed=False))
    )


@per_unit
def review_overdue(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    yesterday = timezone.localdate() - timedelta(days=1)
    return count_by_unit(
        Contract.objects.filter(
            unit_id__in=units,
            status=ContractStatus.LEGAL_REVIEW,
            review_due_on__range=(start, min(end, yesterday)),
        )
    )


def _signed(units: Sequence[int], start: date, end: date):
    return Contract.objects.filter(unit_id__in=units, signed_on__range=(start, end))


@per_unit
def signed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_signed(units, start, end))


@per_unit
def signed_amount(*, units: Sequence[int], start: date, end: date) -> dict[int, Decimal]:
    return sum_by_unit(_signed(units, start, end), "amount")
