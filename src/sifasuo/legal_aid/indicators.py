"""The legal-aid indicators (declared on the line): counts over the applications of the given
offices, each placed in a period by the date its definition names. The statistics page counts
with the same conditions (`COUNTS`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import F, Q

from sifasuo.core.indicators import count_by_unit, per_unit

from .models import Application, Decision, MeansBasis, Satisfaction

# name → (the date that places a record in a period, the condition counted)
COUNTS: dict[str, tuple[str, Q]] = {
    "received": ("received_on", Q()),
    "forwarded": ("forwarded_on", Q()),
    "forwarded_in_time": ("forwarded_on", Q(forwarded_on__lte=F("forward_due_on"))),
    "decided": ("decision_on", Q()),
    "decided_in_time": ("decision_on", Q(decision_on__lte=F("decide_due_on"))),
    "granted": ("decision_on", Q(decision=Decision.GRANT)),
    "exempt": ("received_on", Q(means_basis=MeansBasis.EXEMPT)),
    "closed": ("closed_on", Q()),
    "visited": ("visited_on", Q()),
    "satisfied": (
        "visited_on",
        Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY]),
    ),
}


def condition(name: str, start: date | None = None, end: date | None = None) -> Q:
    """The rows `name` counts, dated within [start, end] (either end open when None)."""
    field, extra = COUNTS[name]
    q = Q(**{f"{field}__isnull": False}) & extra
    if start is not None:
        q &= Q(**{f"{field}__gte": start})
    if end is not None:
        q &= Q(**{f"{field}__lte": end})
    return q


def _count(name: str, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return count_by_unit(Application.objects.filter(condition(name, start, end), unit_id__in=units))


@per_unit
def received(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("received", units, start, end)


@per_unit
def forwarded(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("forwarded", units, start, end)


@per_unit
def forwarded_in_time(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("forwarded_in_time", units, start, end)


@per_unit
def decided(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("decided", units, start, end)


@per_unit
def decided_in_time(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("decided_in_time", units, start, end)


@per_unit
def granted(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("granted", units, start, end)


@per_unit
def exempt(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("exempt", units, start, end)


@per_unit
def closed(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("closed", units, start, end)


@per_unit
def visited(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("visited", units, start, end)


@per_unit
def satisfied(*, units: Sequence[int], start: date, end: date) -> dict[int, int]:
    return _count("satisfied", units, start, end)
