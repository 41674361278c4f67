"""Indicator queries of 合同管理 (declared on the line in apps.py): the township's own contracts
and their legal review (1+专)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from .models import Contract, ContractStatus


def registered(*, units: Sequence[int], start: date, end: date) -> int:
    return Contract.objects.filter(unit_id__in=units, created_at__date__range=(start, end)).count()


def _submitted(units: Sequence[int], start: date, end: date):
    return Contract.objects.filter(unit_id__in=units, review_started_on__range=(start, end))


def submitted(*, units: Sequence[int], start: date, end: date) -> int:
    return _submitted(units, start, end).count()


def reviewed(*, units: Sequence[int], start: date, end: date) -> int:
    return (
        _submitted(units, start, end)
        .filter(assistant_passed__isnull=False, advisor_passed__isnull=False)
        .count()
    )


def problems(*, units: Sequence[int], start: date, end: date) -> int:
    return (
        _submitted(units, start, end)
        .filter(Q(assistant_passed=False) | Q(advisor_passed=False))
        .count()
    )


def review_overdue(*, units: Sequence[int], start: date, end: date) -> int:
    yesterday = timezone.localdate() - timedelta(days=1)
    return Contract.objects.filter(
        unit_id__in=units,
        status=ContractStatus.LEGAL_REVIEW,
        review_due_on__range=(start, min(end, yesterday)),
    ).count()


def _signed(units: Sequence[int], start: date, end: date):
    return Contract.objects.filter(unit_id__in=units, signed_on__range=(start, end))


def signed(*, units: Sequence[int], start: date, end: date) -> int:
    return _signed(units, start, end).count()


def signed_amount(*, units: Sequence[int], start: date, end: date) -> Decimal:
    return _signed(units, start, end).aggregate(total=Sum("amount"))["total"] or Decimal(0)
