"""Indicator queries of office management (see the declarations in apps.py).

The staffing and premises figures are stocks: each counts the offices among the given units as
they stood on the period's last day (`facts.office_facts`). The changes (回归, 新招录, 提拔) and
the construction funding are flows counted on the change's date within the period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sifasuo.core.indicators import count_by_unit, per_unit, sum_by_unit

from .facts import office_facts, offices_among
from .models import ChangeKind, PremisesRecord, StaffChange


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _offices_where(test):
    def count(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
        return {facts.office.pk: 1 for facts in office_facts(units, end) if test(facts)}

    return per_unit(count)


@per_unit
def offices(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return {office.pk: 1 for office in offices_among(units)}


staffed_5 = _offices_where(lambda f: f.staffed_5)
one_person = _offices_where(lambda f: f.one_person)
posts_ok = _offices_where(lambda f: f.posts_ok)
purchased_ok = _offices_where(lambda f: f.purchased_ok)
provincial = _offices_where(lambda f: f.standard)
street_front = _offices_where(lambda f: f.premises is not None and f.premises.street_front)
one_room = _offices_where(lambda f: f.premises is not None and f.premises.one_room)


def _people_sum(value):
    def total(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
        return {
            facts.office.pk: sum(value(p) for p in facts.people)
            for facts in office_facts(units, end)
        }

    return per_unit(total)


staff = _people_sum(lambda p: 1)
purchased_staff = _people_sum(lambda p: p.purchased)
political_legal = _people_sum(lambda p: p.political_legal)
law_graduates = _people_sum(lambda p: p.law_degree)
qualified = _people_sum(lambda p: p.legal_qualification)


def average_age(*, units: Sequence[int], start: date, end: date) -> Decimal:
    """Sum of the ages (the year of the period's last day less the birth year) ÷ headcount."""
    ages = [p.age_on(end) for facts in office_facts(units, end) for p in facts.people]
    if not ages:
        return Decimal(0)
    return _one_decimal(Decimal(sum(ages)) / len(ages))


def average_area(*, units: Sequence[int], start: date, end: date) -> Decimal:
    """Sum of the premises areas ÷ the offices with premises recorded."""
    areas = [f.premises.area_m2 for f in office_facts(units, end) if f.premises is not None]
    if not areas:
        return Decimal(0)
    return _one_decimal(Decimal(sum(areas)) / len(areas))


def _changes(kind: str):
    def count(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
        return count_by_unit(
            StaffChange.objects.filter(
                unit_id__in=list(units), kind=kind, effective_on__range=(start, end)
            )
        )

    count.__name__ = f"changes_{kind}"
    return per_unit(count)


returned = _changes(ChangeKind.RETURNED)
recruited = _changes(ChangeKind.RECRUITED)
promoted = _changes(ChangeKind.PROMOTED)


@per_unit
def funding(*, units: Sequence[int], start: date, end: date) -> dict[int, Decimal]:
    records = PremisesRecord.objects.filter(
        unit_id__in=list(units), effective_on__range=(start, end)
    )
    return sum_by_unit(records, "funding")
