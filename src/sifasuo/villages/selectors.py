"""Scoped reads of 法律明白人与民主法治村: the registry with each village's gaps, trainings,
early reports, and each village's standing and 村规民约."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from sifasuo.advisors.selectors import village_advisors
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units

from .models import EarlyReport, Training, Understander, VillageRules, VillageStanding


def target_per_village() -> int:
    return int(getattr(settings, "SIFASUO_UNDERSTANDERS_PER_VILLAGE", 3))


def offices_for_user(user) -> QuerySet[OrgUnit]:
    return visible_units(user).filter(kind=UnitKind.OFFICE).order_by("path")


def office_for_user(user, pk=None) -> OrgUnit | None:
    offices = offices_for_user(user)
    if pk:
        return get_scoped_or_404(user, offices, pk, unit_field="")
    own = offices.filter(pk=user.unit_id).first() if user.unit_id else None
    return own or offices.first()


def villages_of(office: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent=office, kind=UnitKind.VILLAGE, is_active=True).order_by(
        "division_code", "name"
    )


def village_get_for_user(*, user, pk) -> OrgUnit:
    return get_scoped_or_404(
        user,
        OrgUnit.objects.filter(kind=UnitKind.VILLAGE).select_related("parent"),
        pk,
        unit_field="",
    )


@dataclass
class VillageRow:
    village: OrgUnit
    understanders: int
    model_households: int
    standing: VillageStanding | None
    rules: VillageRules | None
    advisor: dict

    @property
    def shortfall(self) -> int:
        return max(target_per_village() - self.understanders, 0)

    @property
    def meets_target(self) -> bool:
        return self.shortfall == 0 and self.model_households > 0


def overview(office: OrgUnit, *, only: OrgUnit | None = None) -> list[VillageRow]:
    """Each village of the office (or `only` that one): its 法律明白人 against the target,
    示范户, 示范村 level, 村规民约 and its legal advisor with the last visit."""
    villages = [only] if only is not None else list(villages_of(office))
    ids = [v.pk for v in villages]
    counts: dict[int, Any] = {
        row["village"]: row
        for row in Understander.objects.filter(village__in=ids, is_active=True)
        .values("village")
        .annotate(n=Count("id"), m=Count("id", filter=Q(model_household=True)))
    }
    standings = {s.village_id: s for s in VillageStanding.objects.filter(village__in=ids)}
    rules = {
        r.village_id: r
        for r in VillageRules.objects.filter(village__in=ids).select_related("review")
    }
    advisors = village_advisors(ids)
    return [
        VillageRow(
            village=v,
            understanders=counts.get(v.pk, {}).get("n", 0),
            model_households=counts.get(v.pk, {}).get("m", 0),
            standing=standings.get(v.pk),
            rules=rules.get(v.pk),
            advisor=advisors[v.pk],
        )
        for v in villages
    ]


def understanders_for_user(*, user, q: str = "", village=None, role: str = ""):
    people = scope(user, Understander.objects.all()).select_related("village", "unit")
    if q:
        people = people.filter(Q(name__contains=q) | Q(village__name__contains=q))
    if village is not None:
        people = people.filter(village=village)
    if role:
        people = people.filter(role=role)
    return people.annotate(
        training_count=Count("trainings", distinct=True),
        report_count=Count("reports", distinct=True),
    ).order_by("unit__path", "village__name", "name", "id")


def understander_get_for_user(*, user, pk) -> Understander:
    queryset = Understander.objects.select_related("unit", "village").prefetch_related(
        "trainings", "reports__matter"
    )
    return get_scoped_or_404(user, queryset, pk)


def trainings_for_user(*, user, year: int | None = None):
    trainings = scope(user, Training.objects.all()).select_related("unit")
    if year:
        trainings = trainings.filter(held_on__year=year)
    return trainings.annotate(attendance=Count("attendees")).order_by("-held_on", "-id")


def training_get_for_user(*, user, pk) -> Training:
    queryset = Training.objects.select_related("unit").prefetch_related("attendees__village")
    return get_scoped_or_404(user, queryset, pk)


def reports_for_user(*, user, answered: str = ""):
    reports = scope(user, EarlyReport.objects.all()).select_related(
        "village", "reporter", "matter", "unit"
    )
    if answered == "no":
        reports = reports.filter(reply="")
    elif answered == "yes":
        reports = reports.exclude(reply="")
    return reports


def report_get_for_user(*, user, pk) -> EarlyReport:
    queryset = EarlyReport.objects.select_related(
        "village", "reporter", "matter", "unit", "replied_by"
    )
    return get_scoped_or_404(user, queryset, pk)


def overview_row(village: OrgUnit) -> VillageRow:
    assert village.parent is not None, "a village sits under its office"
    return overview(village.parent, only=village)[0]


def rules_get_for_user(*, user, pk) -> VillageRules:
    return get_scoped_or_404(user, VillageRules.objects.select_related("village", "unit"), pk)
