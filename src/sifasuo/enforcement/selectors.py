"""Scoped reads of 行政执法监督: every record through `core.scoping.scope`; an outsider gets 404."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from sifasuo.core import deadline_service
from sifasuo.core.scoping import get_scoped_or_404, scope, sees_everything

from . import rules, services
from .models import (
    CaseDiscussion,
    DiscretionCalculation,
    DiscretionStandard,
    EnforcementCase,
    Enforcer,
    Evaluation,
    Mark,
    Rectification,
    ReviewerSheet,
    ScoringStandard,
    StandardStatus,
)


def _around(user) -> Q:
    """Standards issued for the user's unit: by it, by a unit above it (the county's, the city's),
    or by a unit below it (a county sees its offices')."""
    if sees_everything(user):
        return Q()
    if not getattr(user, "unit_id", None):
        return Q(pk__in=[])
    unit = user.unit
    return Q(unit_id__in=unit.ancestor_ids()) | Q(unit__path__startswith=unit.path)


# Enforcers -----------------------------------------------------------------------------------


def enforcers_for_user(
    *, user, q: str = "", alert: str = "", department=None
) -> QuerySet[Enforcer]:
    enforcers = scope(user, Enforcer.objects.select_related("department", "unit"))
    if q:
        enforcers = enforcers.filter(Q(name__contains=q) | Q(card_number__contains=q))
    if department is not None:
        enforcers = enforcers.filter(department=department)
    if alert == "expiring":
        enforcers = enforcers.filter(is_active=True, card_expires_on__lte=rules.card_alert_limit())
    return enforcers.prefetch_related("trainings")


def card_state(enforcer: Enforcer, *, today=None) -> str:
    """ "expired", "expiring" (within the alert window) or "" (valid)."""
    today = today or deadline_service.today()
    if enforcer.card_expires_on < today:
        return "expired"
    if enforcer.card_expires_on <= rules.card_alert_limit(today):
        return "expiring"
    return ""


def enforcer_get_for_user(*, user, pk) -> Enforcer:
    queryset = Enforcer.objects.select_related("unit", "department").prefetch_related(
        "trainings", "cases"
    )
    return get_scoped_or_404(user, queryset, pk)


# Cases ---------------------------------------------------------------------------------------


def cases_for_user(
    *, user, q: str = "", kind: str = "", status: str = "", flagged: str = ""
) -> QuerySet[EnforcementCase]:
    cases = scope(
        user, EnforcementCase.objects.select_related("department", "unit", "legal_review")
    )
    if q:
        cases = cases.filter(
            Q(number__contains=q) | Q(title__contains=q) | Q(party_name__contains=q)
        )
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    return cases.prefetch_related("enforcers")


def case_rows(cases) -> list[tuple[EnforcementCase, list[str], list[str]]]:
    """Each case with its flags and the parts of the 三项制度 it lacks."""
    return [(c, services.case_flags(c), services.missing_systems(c)) for c in cases]


def case_get_for_user(*, user, pk) -> EnforcementCase:
    queryset = EnforcementCase.objects.select_related(
        "unit", "department", "legal_review"
    ).prefetch_related("enforcers", "evaluations", "discussions", "calculations")
    return get_scoped_or_404(user, queryset, pk)


def case_openable(*, user, case: EnforcementCase) -> dict[str, set[int]]:
    """The ids of the records the case page lists that the user may open: a department's clerk
    sees the case shared with the department, not an enforcer of another department, the
    office's discretion calculation or the office's legality review."""

    def ids(queryset) -> set[int]:
        return set(scope(user, queryset).values_list("pk", flat=True))

    review = EnforcementCase._meta.get_field("legal_review").related_model
    return {
        "enforcers": ids(case.enforcers.all()),
        "evaluations": ids(case.evaluations.all()),
        "discussions": ids(case.discussions.all()),
        "calculations": ids(case.calculations.all()),
        "reviews": ids(review._default_manager.filter(pk=case.legal_review_id)),
    }


def systems_by_department(*, user) -> list[dict]:
    """三项制度: per department, the files lacking 公示, 全过程记录 or 法制审核."""
    table: dict[int, dict] = {}
    cases = scope(
        user, EnforcementCase.objects.select_related("department", "unit", "legal_review")
    )
    for case in cases.order_by("department__path", "opened_on"):
        row = table.setdefault(
            case.department_id,
            {"department": case.department, "cases": 0, "missing": defaultdict(list)},
        )
        row["cases"] += 1
        for part in services.missing_systems(case):
            row["missing"][part].append(case)
    rows = list(table.values())
    for row in rows:
        row["missing"] = sorted(row["missing"].items())
    return rows


def reviews_to_link(*, user, case: EnforcementCase):
    from sifasuo.reviews.models import Review

    taken = EnforcementCase.objects.exclude(pk=case.pk).exclude(legal_review=None)
    return (
        scope(user, Review.objects.filter(unit=case.unit, kind=rules.REVIEW_KIND))
        .exclude(pk__in=taken.values("legal_review"))
        .order_by("-submitted_on")
    )


# Standards -----------------------------------------------------------------------------------


def standards_for_user(*, user) -> QuerySet[ScoringStandard]:
    return (
        ScoringStandard.objects.filter(Q(unit__isnull=True) | _around(user))
        .select_related("unit")
        .order_by("kind", "family", "-version")
    )


def standard_get_for_user(*, user, pk) -> ScoringStandard:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    standard = standards_for_user(user=user).prefetch_related("items").filter(pk=pk).first()
    if standard is None:
        raise Http404
    return standard


def published_standards_for(*, user, case: EnforcementCase) -> list[ScoringStandard]:
    return [
        s
        for s in standards_for_user(user=user).filter(
            status=StandardStatus.PUBLISHED, kind=case.kind
        )
        if services.standard_visible_to(s, case.unit)
    ]


# Evaluations ---------------------------------------------------------------------------------


def evaluations_for_user(*, user, status: str = "", grade: str = "") -> QuerySet[Evaluation]:
    evaluations = scope(
        user,
        Evaluation.objects.select_related(
            "case", "case__department", "standard", "unit", "agreed_by"
        ),
    )
    if status:
        evaluations = evaluations.filter(status=status)
    if grade:
        evaluations = evaluations.filter(grade=grade)
    return evaluations.prefetch_related(
        Prefetch("sheets", queryset=ReviewerSheet.objects.select_related("reviewer"))
    )


def evaluation_get_for_user(*, user, pk) -> Evaluation:
    queryset = Evaluation.objects.select_related(
        "case", "case__department", "standard", "unit", "agreed_by"
    ).prefetch_related(
        Prefetch("sheets", queryset=ReviewerSheet.objects.select_related("reviewer")),
        "standard__items",
        "marks",
        "rectifications",
    )
    return get_scoped_or_404(user, queryset, pk)


def sheets_visible(evaluation: Evaluation) -> bool:
    """Each reviewer sees only their own sheet until all three have scored."""
    return evaluation.status != Evaluation.Status.SCORING


def score_table(evaluation: Evaluation) -> list[dict]:
    """Item by item: each reviewer's hits and deduction, the agreed ones, and whether they differ.
    Call only when `sheets_visible`."""
    sheets = list(evaluation.sheets.all())
    by_sheet: dict[int | None, dict[int, Mark]] = defaultdict(dict)
    for mark in evaluation.marks.all():
        by_sheet[mark.sheet_id][mark.item_id] = mark
    rows = []
    from .scoring import Item, deduction

    for item in evaluation.standard.items.all():
        engine_item = Item(item.pk, item.section, item.step, item.cap)
        cells = []
        for sheet in sheets:
            sheet_mark = by_sheet[sheet.pk].get(item.pk)
            hits = sheet_mark.hits if sheet_mark else 0
            cells.append(
                {
                    "hits": hits,
                    "deduction": deduction(engine_item, hits),
                    "note": sheet_mark.note if sheet_mark else "",
                }
            )
        agreed = by_sheet[None].get(item.pk)
        hits_seen = {c["hits"] for c in cells}
        rows.append(
            {
                "item": item,
                "cells": cells,
                "differs": len(hits_seen) > 1,
                "common": cells[0]["hits"] if len(hits_seen) == 1 and cells else 0,
                "agreed": agreed.hits if agreed else 0,
                "agreed_deduction": deduction(engine_item, agreed.hits if agreed else 0),
                "agreed_note": agreed.note if agreed else "",
            }
        )
    return rows


def rectifications_for_user(*, user, open_only: bool = True) -> QuerySet[Rectification]:
    """整改 items of the evaluations the user sees (a department sees those shared with it)."""
    items = Rectification.objects.filter(
        evaluation__in=scope(user, Evaluation.objects.all()).values("pk")
    ).select_related("evaluation", "evaluation__case", "evaluation__case__department")
    if open_only:
        items = items.filter(closed_on__isnull=True, evaluation__status=Evaluation.Status.ISSUED)
    return items.order_by("due_on", "id")


def rectification_get_for_user(*, user, pk) -> Rectification:
    item = Rectification.objects.filter(pk=pk).select_related("evaluation").first()
    if item is None:
        raise Http404
    evaluation_get_for_user(user=user, pk=item.evaluation_id)
    return item


# 每月说案 -------------------------------------------------------------------------------------


def discussions_for_user(*, user, teaching: bool = False) -> QuerySet[CaseDiscussion]:
    discussions = scope(user, CaseDiscussion.objects.select_related("department", "case", "unit"))
    if teaching:
        discussions = discussions.filter(teaching=True)
    return discussions


def discussion_get_for_user(*, user, pk) -> CaseDiscussion:
    return get_scoped_or_404(
        user, CaseDiscussion.objects.select_related("department", "case", "unit"), pk
    )


def teaching_items_for(*, user, department) -> QuerySet[CaseDiscussion]:
    """Teaching items (教学案例) of the department, for its file's evaluation to refer to."""
    return discussions_for_user(user=user, teaching=True).filter(department=department)[:5]


# 裁量基准 -------------------------------------------------------------------------------------


def benchmarks_for_user(*, user, published_only: bool = False) -> QuerySet[DiscretionStandard]:
    benchmarks = DiscretionStandard.objects.filter(_around(user)).select_related("unit")
    if published_only:
        benchmarks = benchmarks.filter(published=True)
    return benchmarks.prefetch_related("tiers", "factors")


def benchmark_get_for_user(*, user, pk) -> DiscretionStandard:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    benchmark = benchmarks_for_user(user=user).filter(pk=pk).first()
    if benchmark is None:
        raise Http404
    return benchmark


def calculations_for_user(*, user) -> QuerySet[DiscretionCalculation]:
    return scope(
        user,
        DiscretionCalculation.objects.select_related(
            "standard", "tier", "case", "created_by", "unit"
        ),
    ).prefetch_related("factors")


def calculation_get_for_user(*, user, pk) -> DiscretionCalculation:
    return get_scoped_or_404(
        user,
        DiscretionCalculation.objects.select_related(
            "standard", "tier", "case", "created_by", "unit"
        ),
        pk,
    )
