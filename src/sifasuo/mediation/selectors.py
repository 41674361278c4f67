"""Mediation reads, all through the scoping layer; statistics are aggregated in SQL."""

from __future__ import annotations

from django.db.models import Case as Case_
from django.db.models import Count, Q, QuerySet, Sum, When
from django.db.models.functions import TruncMonth

from sifasuo.core.models import OrgUnit, UnitKind, User
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units
from sifasuo.intake.services import CHANNEL_CHOICES

from .models import Case, CommitteeKind, DisputeType, RiskGrade, Side, Stage


def _base(user) -> QuerySet[Case]:
    return scope(user, Case.objects.select_related("unit"))


def case_get_for_user(*, user, case_id) -> Case:
    return get_scoped_or_404(user, _base(user), case_id)


def case_list_for_user(
    *, user, stage: str = "", dispute_type: str = "", risk_grade: str = ""
) -> QuerySet[Case]:
    qs = _base(user)
    if stage:
        qs = qs.filter(stage=stage)
    if dispute_type:
        qs = qs.filter(dispute_type=dispute_type)
    if risk_grade:
        qs = qs.filter(risk_grade=risk_grade)
    return qs.order_by("-created_at", "-id")


def watch_list_for_user(*, user) -> QuerySet[Case]:
    """Open red/yellow cases the user sees: a partner unit sees only those shared with it."""
    return (
        _base(user)
        .filter(risk_grade__in=[RiskGrade.RED, RiskGrade.YELLOW])
        .exclude(stage__in=[Stage.ARCHIVED, Stage.TERMINATED])
        .annotate(red_first=Case_(When(risk_grade=RiskGrade.RED, then=0), default=1))
        .order_by("red_first", "followup_due", "-id")
    )


def case_parties(case: Case) -> dict[str, list]:
    sides = {Side.APPLICANT: [], Side.RESPONDENT: []}
    for link in case.party_links.select_related("party"):
        sides[link.side].append(link.party)
    return sides


def mediator_choices(*, user) -> QuerySet[User]:
    return User.objects.filter(unit__in=visible_units(user), is_active=True).order_by("username")


def partner_units_for(case: Case) -> QuerySet[OrgUnit]:
    county_path = "/".join(case.unit.path.split("/")[:-2]) + "/"
    return OrgUnit.objects.filter(
        kind=UnitKind.PARTNER, is_active=True, path__startswith=county_path
    )


def statistics_for_user(*, user, year: int | None = None) -> dict:
    """Counts by type, committee, outcome and month; success rate; amount; 司法确认; risk grades.

    For a bureau account this rolls up every office below it."""
    qs = _base(user)
    if year:
        qs = qs.filter(created_at__year=year)
    totals = qs.aggregate(
        total=Count("id"),
        success=Count("id", filter=Q(agreement_on__isnull=False)),
        closed=Count("id", filter=Q(stage__in=[Stage.ARCHIVED, Stage.TERMINATED])),
        amount=Sum("amount"),
        confirmed=Count("id", filter=Q(confirmation="confirmed")),
        confirmation_applied=Count("id", filter=~Q(confirmation="")),
        red=Count("id", filter=Q(risk_grade=RiskGrade.RED)),
        yellow=Count("id", filter=Q(risk_grade=RiskGrade.YELLOW)),
        green=Count("id", filter=Q(risk_grade=RiskGrade.GREEN)),
    )
    decided = totals["success"] + qs.filter(stage=Stage.TERMINATED).count()
    totals["success_rate"] = round(100 * totals["success"] / decided, 1) if decided else None
    totals["amount"] = totals["amount"] or 0

    def by(field, choices):
        labels = dict(choices)
        rows = list(qs.order_by().values(field).annotate(n=Count("id")).order_by("-n", field))
        for row in rows:
            row["label"] = labels.get(row[field], row[field] or "直接立案")
        return rows

    return {
        "totals": totals,
        "by_type": by("dispute_type", DisputeType.choices),
        "by_committee": by("committee_kind", CommitteeKind.choices),
        "by_stage": by("stage", Stage.choices),
        "by_channel": by("intake_matter__channel", CHANNEL_CHOICES),
        "by_unit": list(
            qs.order_by().values("unit__name").annotate(n=Count("id")).order_by("unit__name")
        ),
        "by_month": list(
            qs.order_by()
            .annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(n=Count("id"))
            .order_by("month")
        ),
    }
