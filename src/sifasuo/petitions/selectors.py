"""信访 reads, all through the scoping layer."""

from __future__ import annotations

from django.db.models import Case as Case_
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, When

from sifasuo.core import deadline_service
from sifasuo.core.models import OrgUnit, UnitKind, User
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units

from .models import (
    OFFICE_DUTIES,
    OPEN_STAGES,
    Channel,
    Kind,
    Outcome,
    Petition,
    RiskGrade,
    Satisfaction,
    Stage,
    TimeLimit,
)


def _base(user) -> QuerySet[Petition]:
    return scope(user, Petition.objects.select_related("unit", "petitioner", "handler"))


def petition_get_for_user(*, user, petition_id) -> Petition:
    return get_scoped_or_404(user, _base(user), petition_id)


def _overdue_limits(on=None):
    on = on or deadline_service.today()
    return TimeLimit.objects.filter(
        petition=OuterRef("pk"), kind__in=OFFICE_DUTIES, done_on__isnull=True, due_on__lt=on
    )


def petition_list_for_user(
    *, user, stage: str = "", risk_grade: str = "", kind: str = "", overdue: bool = False
) -> QuerySet[Petition]:
    qs = _base(user).annotate(overdue=Exists(_overdue_limits()))
    if stage:
        qs = qs.filter(stage=stage)
    if risk_grade:
        qs = qs.filter(risk_grade=risk_grade)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = qs.filter(overdue=True)
    return qs.order_by("-received_on", "-id")


def watch_list_for_user(*, user) -> QuerySet[Petition]:
    """Open red and yellow petitions the user sees; a partner body sees those shared with it."""
    return (
        _base(user)
        .filter(risk_grade__in=[RiskGrade.RED, RiskGrade.YELLOW], stage__in=OPEN_STAGES)
        .annotate(red_first=Case_(When(risk_grade=RiskGrade.RED, then=0), default=1))
        .order_by("red_first", "-received_on", "-id")
    )


def time_limits(petition: Petition) -> list[TimeLimit]:
    return list(petition.time_limits.all())


def open_duty_limits_for_user(*, user) -> QuerySet[TimeLimit]:
    """The office's own running periods (书面告知, 办结) of the petitions the user handles."""
    petitions = _base(user).filter(handler=user, stage__in=OPEN_STAGES)
    return (
        TimeLimit.objects.filter(
            petition__in=petitions, kind__in=OFFICE_DUTIES, done_on__isnull=True
        )
        .select_related("petition", "petition__unit")
        .order_by("due_on", "id")
    )


def petitioner_history(petition: Petition, *, user) -> QuerySet[Petition]:
    """Every petition of the same petitioner (the same party in the office's register) the user
    sees, this one included: the repeat visits (重复信访)."""
    return _base(user).filter(petitioner=petition.petitioner).order_by("received_on", "id")


def lead_choices(*, petition_unit: OrgUnit) -> QuerySet[User]:
    """Accounts that may lead a petition: the office's people and those above it."""
    ids = [*petition_unit.ancestor_ids()]
    return User.objects.filter(
        Q(unit__path__startswith=petition_unit.path) | Q(unit_id__in=ids), is_active=True
    ).order_by("unit__path", "username")


def department_choices(*, petition_unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        kind=UnitKind.DEPARTMENT, is_active=True, path__startswith=petition_unit.path
    ).order_by("path")


def partner_units_for(petition: Petition) -> QuerySet[OrgUnit]:
    county = petition.unit.parent
    if county is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(
        kind=UnitKind.PARTNER, is_active=True, path__startswith=county.path
    ).order_by("path")


def breakdowns(*, user, unit: OrgUnit, start, end) -> dict[str, list[tuple[str, int]]]:
    """Petitions received in [start, end] in `unit`'s subtree, by kind, stage, risk grade,
    outcome and satisfaction (one query each, grouped in SQL)."""
    ids = list(visible_units(user).filter(path__startswith=unit.path).values_list("id", flat=True))
    qs = _base(user).filter(unit_id__in=ids, received_on__gte=start, received_on__lte=end)
    result = {}
    for field, choices in (
        ("kind", Kind.choices),
        ("stage", Stage.choices),
        ("risk_grade", RiskGrade.choices),
        ("outcome", Outcome.choices),
        ("satisfaction", Satisfaction.choices),
        ("channel", Channel.choices),
    ):
        labels = dict(choices)
        rows = qs.order_by().values(field).annotate(n=Count("id")).order_by("-n", field)
        result[field] = [(str(labels.get(r[field], "—")), r["n"]) for r in rows if r[field]]
    return result
