"""Indicator queries of 人民调解 (declared on the line in apps.py).

They count what the line's statistics page counts (`selectors.statistics_rows`): cases placed in
a period by the day they were opened (立案日期), unless a definition names another date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from sifasuo.core.indicators import count_by_unit, per_unit, sum_by_unit, within_days

from .models import Case, ConfirmationOutcome, DisputeType, RiskGrade, Stage, TerminationReason


def _opened(units: Sequence[int], start: date, end: date):
    return Case.objects.filter(within_days("created_at", start, end), unit_id__in=units)


@per_unit
def received(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_opened(units, start, end))


@per_unit
def success(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_opened(units, start, end).filter(agreement_on__isnull=False))


@per_unit
def decided(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    # 人民调解法 第十七条: a party's refusal is no mediation, neither success nor failure.
    return count_by_unit(
        _opened(units, start, end).filter(
            Q(agreement_on__isnull=False)
            | (Q(stage=Stage.TERMINATED) & ~Q(termination_reason=TerminationReason.PARTY_REFUSED))
        )
    )


@per_unit
def terminated(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_opened(units, start, end).filter(stage=Stage.TERMINATED))


@per_unit
def party_refused(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _opened(units, start, end).filter(termination_reason=TerminationReason.PARTY_REFUSED)
    )


@per_unit
def closed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _opened(units, start, end).filter(stage__in=[Stage.ARCHIVED, Stage.TERMINATED])
    )


@per_unit
def agreements(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(Case.objects.filter(unit_id__in=units, agreement_on__range=(start, end)))


@per_unit
def oral_agreements(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        Case.objects.filter(
            unit_id__in=units, agreement_on__range=(start, end), agreement_oral=True
        )
    )


@per_unit
def amount(*, units: Sequence[int], start: date, end: date) -> dict[int, Decimal]:
    return sum_by_unit(_opened(units, start, end), "amount")


@per_unit
def confirmation_applied(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_opened(units, start, end).exclude(confirmation=ConfirmationOutcome.NONE))


@per_unit
def confirmed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(
        _opened(units, start, end).filter(confirmation=ConfirmationOutcome.CONFIRMED)
    )


@per_unit
def red(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_opened(units, start, end).filter(risk_grade=RiskGrade.RED))


@per_unit
def yellow(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(_opened(units, start, end).filter(risk_grade=RiskGrade.YELLOW))


@per_unit
def confirmation_lapsed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    """Agreements whose 30-day 司法确认 window ended in the period, before today, unapplied."""
    today = timezone.localdate()
    lapsed = Case.objects.filter(
        unit_id__in=units,
        due_rule="mediation.judicial_confirmation",
        due_on__range=(start, min(end, today - timedelta(days=1))),
        confirmation=ConfirmationOutcome.NONE,
    )
    return count_by_unit(lapsed)


def _of_type(dispute_type: str):
    def count(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
        return count_by_unit(_opened(units, start, end).filter(dispute_type=dispute_type))

    count.__name__ = f"type_{dispute_type}"
    return per_unit(count)


type_family = _of_type(DisputeType.FAMILY)
type_neighbour = _of_type(DisputeType.NEIGHBOUR)
type_adjacency = _of_type(DisputeType.ADJACENCY)
type_debt = _of_type(DisputeType.DEBT)
type_contract = _of_type(DisputeType.CONTRACT)
type_inheritance = _of_type(DisputeType.INHERITANCE)
type_damages = _of_type(DisputeType.DAMAGES)
type_labour = _of_type(DisputeType.LABOUR)
type_property_mgmt = _of_type(DisputeType.PROPERTY_MGMT)
type_land_contract = _of_type(DisputeType.LAND_CONTRACT)
type_homestead = _of_type(DisputeType.HOMESTEAD)
type_medical = _of_type(DisputeType.MEDICAL)
type_traffic = _of_type(DisputeType.TRAFFIC)
type_consumer = _of_type(DisputeType.CONSUMER)
type_other = _of_type(DisputeType.OTHER)
