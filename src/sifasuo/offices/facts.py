"""The staffing and premises of offices as they stood on a date, read from the history.

A person with recorded changes stands on a date as their latest change on or before it (gone
when that change is 离岗/调出, absent before their first change). A person with no recorded
change yet counts as core's current row shows them, from the day they joined (or always, when
that day is unknown). An office's premises on a date are its latest premises record on or before
it; an office with no record counts as core's current premises row (a standard reached in a
later year does not count before that year). The indicators and the pages read these alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from sifasuo.core.indicators import remembered
from sifasuo.core.models import (
    Education,
    Employment,
    OfficePremises,
    OrgUnit,
    Post,
    Staff,
    UnitKind,
)

from .models import LEVEL_OF_STATUS, STANDARD_LEVELS, ChangeKind, Level, PremisesRecord, StaffChange

DEGREES = (Education.BACHELOR, Education.POSTGRADUATE)


@dataclass(frozen=True)
class Person:
    staff_id: int
    name: str
    birth_year: int
    unit_id: int
    post: str
    employment: str
    education: str
    law_major: bool
    legal_qualification: bool

    @property
    def law_degree(self) -> bool:
        """法学本科及以上."""
        return self.law_major and self.education in DEGREES

    @property
    def political_legal(self) -> bool:
        return self.employment == Employment.POLITICAL_LEGAL

    @property
    def purchased(self) -> bool:
        return self.employment == Employment.PURCHASED

    @property
    def post_label(self) -> str:
        return str(Post(self.post).label)

    @property
    def employment_label(self) -> str:
        return str(Employment(self.employment).label)

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_year


@dataclass(frozen=True)
class Premises:
    area_m2: Decimal
    street_front: bool
    one_room: bool
    level: str
    level_year: int | None

    @property
    def standard(self) -> bool:
        return self.level in STANDARD_LEVELS

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


@dataclass
class OfficeFacts:
    office: OrgUnit
    people: list[Person] = field(default_factory=list)
    premises: Premises | None = None

    @property
    def headcount(self) -> int:
        return len(self.people)

    @property
    def political_legal(self) -> int:
        return sum(p.political_legal for p in self.people)

    @property
    def law_degrees(self) -> int:
        return sum(p.law_degree for p in self.people)

    @property
    def qualified(self) -> int:
        return sum(p.legal_qualification for p in self.people)

    @property
    def purchased_lawyers(self) -> int:
        return sum(p.purchased and p.post == Post.LAWYER for p in self.people)

    @property
    def purchased_mediators(self) -> int:
        return sum(p.purchased and p.post == Post.MEDIATOR for p in self.people)

    @property
    def staffed_5(self) -> bool:
        return self.headcount >= 5

    @property
    def one_person(self) -> bool:
        return self.headcount == 1

    @property
    def posts_ok(self) -> bool:
        """≥ 2 政法专项编制, at least one of them a law graduate (法学本科及以上)."""
        return self.political_legal >= 2 and any(
            p.political_legal and p.law_degree for p in self.people
        )

    @property
    def purchased_ok(self) -> bool:
        """≥ 1 purchased lawyer and ≥ 1 purchased mediator (政府购买服务)."""
        return self.purchased_lawyers >= 1 and self.purchased_mediators >= 1

    @property
    def standard(self) -> bool:
        return self.premises is not None and self.premises.standard


def _person(staff_id: int, attrs: dict, state) -> Person:
    return Person(
        staff_id=staff_id,
        name=attrs["name"],
        birth_year=attrs["birth_year"],
        unit_id=state["unit_id"],
        post=state["post"],
        employment=state["employment"],
        education=state["education"],
        law_major=state["law_major"],
        legal_qualification=state["legal_qualification"],
    )


_STATE = ("unit_id", "post", "employment", "education", "law_major", "legal_qualification")


def people_on(units: Sequence[int], on: dt.date) -> list[Person]:
    """Everyone working in one of `units` on `on`."""
    units = list(units)
    moved_through = StaffChange.objects.filter(unit_id__in=units).values("staff_id")
    staff = {
        row["id"]: row
        for row in Staff.objects.filter(Q(unit_id__in=units) | Q(pk__in=moved_through)).values(
            "id", "name", "birth_year", "is_active", "joined_on", *_STATE
        )
    }
    latest: dict[int, dict] = {}
    with_history: set[int] = set()
    rows = (
        StaffChange.objects.filter(staff_id__in=list(staff))
        .order_by("staff_id", "effective_on", "id")
        .values("staff_id", "effective_on", "kind", *_STATE)
    )
    for row in rows:
        with_history.add(row["staff_id"])
        if row["effective_on"] <= on:
            latest[row["staff_id"]] = row
    unit_set = set(units)
    people = []
    for staff_id, attrs in staff.items():
        if staff_id in with_history:
            state = latest.get(staff_id)
            if state is None or state["kind"] == ChangeKind.LEFT:
                continue
        else:
            if not attrs["is_active"] or (attrs["joined_on"] and attrs["joined_on"] > on):
                continue
            state = attrs
        if state["unit_id"] in unit_set:
            people.append(_person(staff_id, attrs, state))
    return sorted(people, key=lambda p: (p.unit_id, p.post, p.name))


def premises_on(office_ids: Sequence[int], on: dt.date) -> dict[int, Premises]:
    found: dict[int, Premises] = {}
    recorded: set[int] = set()
    rows = PremisesRecord.objects.filter(unit_id__in=list(office_ids)).order_by(
        "unit_id", "effective_on", "id"
    )
    for row in rows.values(
        "unit_id", "effective_on", "area_m2", "street_front", "one_room", "level", "level_year"
    ):
        recorded.add(row["unit_id"])
        if row["effective_on"] <= on:
            found[row["unit_id"]] = Premises(
                row["area_m2"],
                row["street_front"],
                row["one_room"],
                row["level"],
                row["level_year"],
            )
    current = OfficePremises.objects.filter(unit_id__in=list(office_ids)).exclude(
        unit_id__in=recorded
    )
    for row in current.values(
        "unit_id", "area_m2", "street_front", "standardization", "standardized_year"
    ):
        level = LEVEL_OF_STATUS.get(row["standardization"], Level.NONE)
        year = row["standardized_year"]
        if level in STANDARD_LEVELS and year and year > on.year:
            level, year = Level.NONE, None
        found[row["unit_id"]] = Premises(row["area_m2"], row["street_front"], False, level, year)
    return found


def offices_among(units: Sequence[int]) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(pk__in=units, kind=UnitKind.OFFICE, is_active=True).order_by("path")
    )


def office_facts(units: Sequence[int], on: dt.date) -> list[OfficeFacts]:
    """Each active office among `units`, with its people and premises on `on` (computed once
    per set of units and day while indicators are being evaluated)."""
    key = ("offices.facts", frozenset(units), on)
    return remembered(key, lambda: _office_facts(units, on))


def _office_facts(units: Sequence[int], on: dt.date) -> list[OfficeFacts]:
    offices = offices_among(units)
    ids = [o.pk for o in offices]
    facts = {o.pk: OfficeFacts(o) for o in offices}
    for person in people_on(ids, on):
        facts[person.unit_id].people.append(person)
    for office_id, premises in premises_on(ids, on).items():
        facts[office_id].premises = premises
    return list(facts.values())
