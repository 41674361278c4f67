"""Scoped reads of office management: one office's profile, the overview of the offices a
user sees, catalogue versions and their comparison, rules registers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sifasuo.core import indicators
from sifasuo.core.models import OrgUnit, Staff, UnitKind
from sifasuo.core.scoping import get_scoped_or_404, scope, sees_everything, visible_units

from .facts import OfficeFacts, office_facts
from .models import DutyCatalogue, Honour, PremisesRecord, RuleBook, StaffChange, UnitProfile

# The overview's indicator columns, in order.
OVERVIEW_CODES = (
    "offices.offices",
    "offices.staff",
    "offices.staffed_5_share",
    "offices.one_person_share",
    "offices.posts_ok_share",
    "offices.purchased_ok_share",
    "offices.provincial",
    "offices.provincial_rate",
    "offices.average_area",
    "offices.average_age",
    "offices.law_graduates",
    "offices.qualified",
    "offices.returned",
    "offices.recruited",
    "offices.promoted",
    "offices.funding",
)
# The "before and after the reform" comparison.
COMPARE_CODES = (
    "offices.staff",
    "offices.average_age",
    "offices.law_graduates",
    "offices.qualified",
    "offices.purchased_staff",
    "offices.staffed_5_share",
    "offices.one_person_share",
    "offices.posts_ok_share",
    "offices.provincial_rate",
    "offices.average_area",
)


def office_get_for_user(*, user, pk) -> OrgUnit:
    return get_scoped_or_404(user, OrgUnit.objects.filter(kind=UnitKind.OFFICE), pk, unit_field="")


def top_unit_for_user(*, user, unit: OrgUnit | None = None) -> OrgUnit | None:
    if unit is not None:
        return unit
    if user.unit_id is not None:
        return user.unit
    return OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()


def _readable_issuers(user) -> Q:
    """Catalogues and registers the user reads: those of units they see and those their own
    unit's superiors issued for them (a city's catalogue applies to every office below it)."""
    if sees_everything(user):
        return Q()
    if user.unit_id is None:
        return Q(pk__in=[])
    ancestors = user.unit.ancestor_ids()
    return Q(unit__in=visible_units(user)) | Q(unit_id__in=ancestors)


def catalogue_list_for_user(*, user, office: OrgUnit | None = None) -> QuerySet[DutyCatalogue]:
    catalogues = DutyCatalogue.objects.filter(_readable_issuers(user))
    if office is not None:
        catalogues = catalogues.filter(unit_id__in=office.ancestor_ids())
    return catalogues.select_related("unit").annotate(item_count=Count("items"))


def catalogue_get_for_user(*, user, pk) -> DutyCatalogue:
    try:
        return catalogue_list_for_user(user=user).get(pk=int(pk))
    except (DutyCatalogue.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def rulebook_list_for_user(*, user, office: OrgUnit | None = None) -> QuerySet[RuleBook]:
    books = RuleBook.objects.filter(_readable_issuers(user))
    if office is not None:
        books = books.filter(unit_id__in=office.ancestor_ids())
    return books.select_related("unit").annotate(
        chapter_count=Count("chapters", distinct=True),
        rule_count=Count("chapters__rules", distinct=True),
    )


def rulebook_get_for_user(*, user, pk) -> RuleBook:
    try:
        return rulebook_list_for_user(user=user).get(pk=int(pk))
    except (RuleBook.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


@dataclass
class Comparison:
    old: DutyCatalogue
    new: DutyCatalogue
    old_count: int
    new_count: int
    added: list
    removed: list
    kept: int

    @property
    def growth(self) -> int:
        return self.new_count - self.old_count


def _key(title: str) -> str:
    return "".join(title.split())


def catalogue_compare(old: DutyCatalogue, new: DutyCatalogue) -> Comparison:
    """Items of two versions matched on their wording (spaces ignored): what was added, what
    was removed, how many stayed."""
    old_items = list(old.items.all())
    new_items = list(new.items.all())
    old_keys = {_key(i.title) for i in old_items}
    new_keys = {_key(i.title) for i in new_items}
    return Comparison(
        old=old,
        new=new,
        old_count=len(old_items),
        new_count=len(new_items),
        added=[i for i in new_items if _key(i.title) not in old_keys],
        removed=[i for i in old_items if _key(i.title) not in new_keys],
        kept=len(old_keys & new_keys),
    )


def honour_get_for_user(*, user, office: OrgUnit, pk) -> Honour:
    return get_scoped_or_404(user, Honour.objects.filter(unit=office), pk)


def office_staff_for_user(*, user, office: OrgUnit) -> QuerySet[Staff]:
    return scope(user, Staff.objects.filter(unit=office, is_active=True)).order_by("post", "name")


@dataclass
class Profile:
    office: OrgUnit
    on: dt.date
    facts: OfficeFacts
    staff_history: list
    premises_history: list
    profiles: list
    honours: list
    catalogues: list
    rulebooks: list

    @property
    def people(self) -> list:
        return [(person, person.age_on(self.on)) for person in self.facts.people]


def profile_for_user(*, user, office: OrgUnit, on: dt.date) -> Profile:
    facts = office_facts([office.pk], on)
    history = (
        scope(user, StaffChange.objects.filter(unit=office))
        .select_related("staff", "unit")
        .order_by("-effective_on", "-id")
    )
    return Profile(
        office=office,
        on=on,
        facts=facts[0] if facts else OfficeFacts(office),
        staff_history=list(history),
        premises_history=list(
            scope(user, PremisesRecord.objects.filter(unit=office)).order_by("-effective_on", "-id")
        ),
        profiles=list(scope(user, UnitProfile.objects.filter(unit=office)).order_by("-year")),
        honours=list(
            scope(user, Honour.objects.filter(unit=office)).select_related("staff", "holder_unit")
        ),
        catalogues=list(catalogue_list_for_user(user=user, office=office)),
        rulebooks=list(rulebook_list_for_user(user=user, office=office)),
    )


def overview_for_user(*, user, top: OrgUnit, on: dt.date) -> list[OfficeFacts]:
    units = visible_units(user).filter(path__startswith=top.path)
    return office_facts(list(units.values_list("pk", flat=True)), on)


def year_to(on: dt.date) -> indicators.Period:
    return indicators.Period.between(dt.date(on.year, 1, 1), on)


def totals(*, top: OrgUnit, on: dt.date, codes=OVERVIEW_CODES) -> dict:
    return indicators.values_for(codes, [top], year_to(on))[top.pk]
