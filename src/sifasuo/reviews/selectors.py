"""Scoped reads of legality reviews: lists, one review, the register and its statistics."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from sifasuo.core import deadline_service
from sifasuo.core.scoping import get_scoped_or_404, scope

from .models import (
    Conclusion,
    Finding,
    LawArticle,
    OpinionPoint,
    Review,
    ReviewKind,
    ReviewStatus,
)


def review_list_for_user(
    *, user, kind: str = "", status: str = "", q: str = ""
) -> QuerySet[Review]:
    reviews = scope(user, Review.objects.all()).select_related("unit", "department", "signer")
    if kind:
        reviews = reviews.filter(kind=kind)
    if status:
        reviews = reviews.filter(status=status)
    if q:
        reviews = reviews.filter(Q(title__contains=q) | Q(drafting_unit__contains=q))
    return deadline_service.annotate_due_state(reviews)


def review_get_for_user(*, user, pk) -> Review:
    queryset = Review.objects.select_related(
        "unit", "department", "reviewer", "advisor", "submitted_by", "signer"
    ).prefetch_related(
        "documents",
        Prefetch("points", queryset=OpinionPoint.objects.select_related("basis")),
        Prefetch("findings", queryset=Finding.objects.select_related("document")),
    )
    return get_scoped_or_404(user, queryset, pk)


def point_get_for_user(*, user, review: Review, pk) -> OpinionPoint:
    point = review.points.filter(pk=pk).first() if str(pk).isdigit() else None
    if point is None:
        raise Http404
    return point


def finding_get_for_user(*, user, review: Review, pk) -> Finding:
    finding = review.findings.filter(pk=pk).first() if str(pk).isdigit() else None
    if finding is None:
        raise Http404
    return finding


def law_articles() -> QuerySet[LawArticle]:
    return LawArticle.objects.filter(is_active=True)


def review_statistics(reviews: QuerySet[Review]) -> dict:
    """台账统计: counts by kind and conclusion, timeliness, and changes adopted."""
    by_kind = dict(reviews.values_list("kind").annotate(n=Count("id")).order_by())
    # Conclusions of issued opinions only: a draft awaiting 签发 is not an opinion yet.
    by_conclusion = dict(
        reviews.filter(opinion_on__isnull=False)
        .exclude(conclusion="")
        .values_list("conclusion")
        .annotate(n=Count("id"))
        .order_by()
    )
    with_opinion = reviews.filter(opinion_on__isnull=False, due_on__isnull=False)
    on_time = with_opinion.filter(opinion_on__lte=F("due_on")).count()
    points = OpinionPoint.objects.filter(review__in=reviews.values("pk"))
    answered = points.exclude(answer=OpinionPoint.Answer.PENDING).count()
    adopted = points.filter(answer=OpinionPoint.Answer.DONE).count()
    return {
        "total": reviews.count(),
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in ReviewKind.choices],
        "by_conclusion": [
            (label, by_conclusion.get(value, 0)) for value, label in Conclusion.choices
        ],
        "opinions": with_opinion.count(),
        "awaiting_sign_off": reviews.filter(status=ReviewStatus.AWAITING_SIGN_OFF).count(),
        "on_time": on_time,
        "points": points.count(),
        "answered": answered,
        "adopted": adopted,
    }
