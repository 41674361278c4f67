"""Mediation reads, all through the scoping layer; statistics are aggregated in SQL."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case as Case_
from django.db.models import Count, Prefetch, Q, QuerySet, Sum, When
from django.db.models.functions import TruncMonth

from sifasuo.core.models import OrgUnit, Party, UnitKind, User
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units
from sifasuo.core.selectors import party_match
from sifasuo.intake.services import CHANNEL_CHOICES

from .models import (
    Case,
    CaseParty,
    CommitteeKind,
    DisputeType,
    RiskGrade,
    Side,
    Stage,
    TerminationReason,
)


def _base(user) -> QuerySet[Case]:
    return scope(user, Case.objects.select_related("unit"))


def case_get_for_user(*, user, case_id) -> Case:
    return get_scoped_or_404(user, _base(user), case_id)


def case_list_for_user(
    *, user, stage: str = "", dispute_type: str = "", risk_grade: str = "", search: str = ""
) -> QuerySet[Case]:
    """The cases the user sees. `search` finds them by a party's name, whole ID number, phone
    number or credit code (through the blind index), or by the case number. Each row carries its
    parties per side (`applicant_list`, `respondent_list`), fetched in one query for the page."""
    qs = _base(user).prefetch_related(
        Prefetch(
            "party_links",
            queryset=CaseParty.objects.select_related("party").only(
                "id", "case_id", "side", "party__id", "party__name"
            ),
            to_attr="party_list",
        )
    )
    if search.strip():
        matching = Case.objects.filter(
            party_match(search, prefix="party_links__party__") | Q(number=search.strip())
        ).values("pk")
        qs = qs.filter(pk__in=matching)
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


def case_parties(case: Case) -> dict[str, list[Party]]:
    """The case's parties per side; each carries its `ethnicity` (民族) as recorded on the case."""
    sides: dict[str, list[Party]] = {Side.APPLICANT: [], Side.RESPONDENT: []}
    for link in case.party_links.select_related("party"):
        setattr(link.party, "ethnicity", link.ethnicity)  # noqa: B010  (not a Party field)
        sides[link.side].append(link.party)
    return sides


def mediator_choices(*, user) -> QuerySet[User]:
    return User.objects.filter(unit__in=visible_units(user), is_active=True).order_by("username")


def partner_units_for(case: Case) -> QuerySet[OrgUnit]:
    county_path = "/".join(case.unit.path.split("/")[:-2]) + "/"
    return OrgUnit.objects.filter(
        kind=UnitKind.PARTNER, is_active=True, path__startswith=county_path
    )


# The breakdowns of the statistics page: result key (also the prefix of its count aliases), case
# field, and its labels.
_BREAKDOWNS = (
    ("by_type", "dispute_type", DisputeType.choices),
    ("by_committee", "committee_kind", CommitteeKind.choices),
    ("by_stage", "stage", Stage.choices),
    ("by_channel", "channel", [*CHANNEL_CHOICES, ("", "直接立案")]),
    ("by_termination", "termination_reason", TerminationReason.choices),
)
_TOTALS = {
    "total": Q(),
    "success": Q(agreement_on__isnull=False),
    "closed": Q(stage__in=[Stage.ARCHIVED, Stage.TERMINATED]),
    # 人民调解法 第十七条: no mediation took place, so it is neither a success nor a failure.
    "party_refused": Q(termination_reason=TerminationReason.PARTY_REFUSED),
    "confirmed": Q(confirmation="confirmed"),
    "confirmation_applied": ~Q(confirmation=""),
    "red": Q(risk_grade=RiskGrade.RED),
    "yellow": Q(risk_grade=RiskGrade.YELLOW),
    "green": Q(risk_grade=RiskGrade.GREEN),
}


def statistics_rows(*, user, year: int | None = None, unit: OrgUnit | None = None) -> QuerySet:
    """The statistics' one query: a row per unit and month with every count and the amount.
    `unit` (one the user sees) narrows it to that unit's subtree."""
    qs = _base(user)
    if unit is not None and unit.pk != user.unit_id:  # the user's own unit is the scope already
        subtree = visible_units(user).filter(path__startswith=unit.path)
        qs = qs.filter(unit_id__in=list(subtree.values_list("id", flat=True)))
    if year:
        qs = qs.filter(created_at__year=year)
    counts = {name: Count("id", filter=condition) for name, condition in _TOTALS.items()}
    for key, field, choices in _BREAKDOWNS:
        for i, (value, _label) in enumerate(choices):
            counts[f"{key}_{i}"] = Count("id", filter=Q(**{field: value}))
    return (
        qs.order_by()
        .values("unit_id", month=TruncMonth("created_at"))
        .annotate(amount=Sum("amount"), **counts)
    )


def statistics_for_user(*, user, year: int | None = None, unit: OrgUnit | None = None) -> dict:
    """Counts by type, committee, stage, channel, unit and month; success rate; amount; 司法确认;
    risk grades. For a bureau account this rolls up every office below it; `by_unit` has one row
    per unit directly below the one looked at (a city's counties, a county's offices).

    One pass over the cases: grouped by unit and month, with a filtered count for every total and
    breakdown value, summed up here (a county's year is a few hundred rows, not its cases)."""
    rows = list(statistics_rows(user=user, year=year, unit=unit))

    totals = {name: sum(row[name] for row in rows) for name in _TOTALS}
    totals["amount"] = sum((row["amount"] or 0 for row in rows), Decimal(0))
    stats: dict = {"totals": totals}
    for key, field, choices in _BREAKDOWNS:
        found = [
            {field: value, "label": label, "n": sum(row[f"{key}_{i}"] for row in rows)}
            for i, (value, label) in enumerate(choices)
        ]
        stats[key] = sorted((r for r in found if r["n"]), key=lambda r: (-r["n"], r[field]))
    terminated = next((r["n"] for r in stats["by_stage"] if r["stage"] == Stage.TERMINATED), 0)
    # A refusal (第十七条) is not a mediation that failed: it stays out of the success rate.
    decided = totals["success"] + terminated - totals["party_refused"]
    totals["success_rate"] = round(100 * totals["success"] / decided, 1) if decided else None

    per_unit: dict[int, int] = {}
    per_month: dict = {}
    for row in rows:
        per_unit[row["unit_id"]] = per_unit.get(row["unit_id"], 0) + row["total"]
        per_month[row["month"]] = per_month.get(row["month"], 0) + row["total"]
    stats["by_unit"] = _rolled_up(per_unit, unit or getattr(user, "unit", None))
    stats["by_month"] = [{"month": month, "n": per_month[month]} for month in sorted(per_month)]
    return stats


def _rolled_up(per_unit: dict[int, int], root: OrgUnit | None) -> list[dict]:
    """Case counts per unit, added up to the units directly below `root` (or to the top-level
    units when there is no root); cases of `root` itself keep its own row."""
    level = root.depth + 1 if root is not None else 0
    wanted = Q(id__in=per_unit) | (Q(parent=root) if root is not None else Q(parent__isnull=True))
    units = {
        i: (path, name)
        for i, path, name in OrgUnit.objects.filter(wanted).values_list("id", "path", "name")
    }
    totals: dict[int, int] = {}
    for unit_id, n in per_unit.items():
        path = units[unit_id][0]
        chain = [int(part) for part in path.strip("/").split("/")]
        below_root = root is None or path.startswith(root.path)
        # Cases shared in from outside the root's subtree keep their own unit's row.
        group = chain[level] if below_root and len(chain) > level else unit_id
        totals[group] = totals.get(group, 0) + n
    names = {i: units[i][1] for i in totals}
    rows = [{"unit_id": i, "unit__name": names[i], "n": n} for i, n in totals.items()]
    return sorted(rows, key=lambda r: r["unit__name"])
