"""Every read of 网上法律咨询. Staff reads are scoped to the user's units (core.scoping); a
consultant also sees the questions offered to them (their county's). Public reads show only
what the directory and the FAQ publish."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sifasuo.core.models import OrgUnit, UnitKind, User
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units

from .models import Consultant, DutySlot, FaqEntry, Question, QuestionState, Specialty
from .services import CONSULTANT_ROLES


def questions_for_user(user) -> QuerySet[Question]:
    """The questions of the user's units, and those offered to the user as a consultant."""
    own = scope(user, Question.objects.all()).values("pk")
    offered = Question.offered_to.through.objects.filter(consultant__user_id=user.pk).values(
        "question_id"
    )
    return Question.objects.filter(Q(pk__in=own) | Q(pk__in=offered)).select_related(
        "unit", "answered_by", "claimed_by", "matter"
    )


def question_get_for_user(*, user, pk) -> Question:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    question = questions_for_user(user).filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


def question_queue(*, user, which: str = "", specialty: str = "") -> QuerySet[Question]:
    """`which`: "mine" (offered to me and still open), "open", "answered" or all."""
    questions = questions_for_user(user)
    if which == "mine":
        questions = questions.filter(
            offered_to__user_id=user.pk,
            state__in=[QuestionState.WAITING, QuestionState.CLAIMED],
        )
    elif which == "open":
        questions = questions.exclude(state=QuestionState.ANSWERED)
    elif which == "answered":
        questions = questions.filter(state=QuestionState.ANSWERED)
    if specialty in Specialty.values:
        questions = questions.filter(specialty=specialty)
    return questions.order_by("-asked_at", "-id")


def consultants_for_user(user) -> QuerySet[Consultant]:
    return scope(user, Consultant.objects.select_related("unit", "user"))


def consultant_get_for_user(*, user, pk) -> Consultant:
    return get_scoped_or_404(user, Consultant.objects.select_related("unit", "user"), pk)


def accounts_without_profile(user) -> QuerySet[User]:
    """Lawyers and legal advisors of the user's units who have no consultation profile yet."""
    return (
        User.objects.filter(
            role__in=CONSULTANT_ROLES,
            is_active=True,
            unit__in=visible_units(user),
            consultant__isnull=True,
        )
        .select_related("unit")
        .order_by("unit__path", "username")
    )


def slots_for_user(*, user, start: dt.date, days: int = 7) -> QuerySet[DutySlot]:
    return scope(
        user,
        DutySlot.objects.select_related("consultant", "unit").filter(
            day__gte=start, day__lt=start + dt.timedelta(days=days)
        ),
    ).order_by("day", "starts", "consultant__public_name")


def slot_get_for_user(*, user, pk) -> DutySlot:
    return get_scoped_or_404(user, DutySlot.objects.select_related("consultant"), pk)


def faq_for_user(user) -> QuerySet[FaqEntry]:
    return scope(user, FaqEntry.objects.select_related("unit"))


def faq_get_for_user(*, user, pk) -> FaqEntry:
    return get_scoped_or_404(user, FaqEntry.objects.select_related("unit"), pk)


def offices_for_user(user) -> QuerySet[OrgUnit]:
    return visible_units(user).filter(kind=UnitKind.OFFICE, is_active=True).order_by("path")


# -- statistics --------------------------------------------------------------------------------


def consultant_months(*, user, year: int) -> list[dict]:
    """Per consultant and month of `year`: questions answered, answered within target, the
    share met, the average response (working minutes) and the average rating."""
    answered = questions_for_user(user).filter(state=QuestionState.ANSWERED, answered_at__year=year)
    rows: dict[int, dict] = {}
    for q in answered.values(
        "answered_by_id",
        "answered_by__public_name",
        "answered_at",
        "within_target",
        "response_minutes",
        "rating",
    ):
        row = rows.setdefault(
            q["answered_by_id"],
            {"name": q["answered_by__public_name"], "months": defaultdict(_Tally)},
        )
        month = timezone.localtime(q["answered_at"]).month
        row["months"][month].add(q)
        row["months"][0].add(q)
    result = []
    for row in sorted(rows.values(), key=lambda r: r["name"]):
        months = row["months"]
        result.append(
            {
                "name": row["name"],
                "total": months[0],
                "months": [months[m] if m in months else _Tally() for m in range(1, 13)],
            }
        )
    return result


class _Tally:
    def __init__(self) -> None:
        self.answered = self.within = self.minutes = self.rated = self.rating_sum = 0

    def add(self, row) -> None:
        self.answered += 1
        self.within += 1 if row["within_target"] else 0
        self.minutes += row["response_minutes"] or 0
        if row["rating"]:
            self.rated += 1
            self.rating_sum += row["rating"]

    @property
    def share(self) -> str:
        return f"{100 * self.within / self.answered:.1f}%" if self.answered else "—"

    @property
    def average_minutes(self) -> str:
        return f"{self.minutes / self.answered:.1f}" if self.answered else "—"

    @property
    def average_rating(self) -> str:
        return f"{self.rating_sum / self.rated:.1f}" if self.rated else "—"


# -- public ---------------------------------------------------------------------------------


def public_offices() -> QuerySet[OrgUnit]:
    """The townships a citizen may ask about (every active 司法所)."""
    return OrgUnit.objects.filter(kind=UnitKind.OFFICE, is_active=True).order_by("path")


def public_counties() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=UnitKind.BUREAU, is_active=True).order_by("path")


def public_directory(*, county: OrgUnit | None = None, specialty: str = "") -> list[Consultant]:
    """The lawyer directory: listed, active consultants with their public information only."""
    consultants = Consultant.objects.filter(listed=True, is_active=True, user__is_active=True)
    if county is not None:
        consultants = consultants.filter(unit__path__startswith=county.path)
    consultants = consultants.select_related("unit").order_by("unit__path", "public_name")
    return [c for c in consultants if not specialty or specialty in c.specialties]


def public_faq() -> list[tuple[Any, list[FaqEntry]]]:
    """Published FAQ entries grouped by specialty, in the specialties' order."""
    grouped: dict[str, list[FaqEntry]] = defaultdict(list)
    for entry in FaqEntry.objects.filter(published=True).order_by("-published_at", "-id"):
        grouped[entry.specialty].append(entry)
    return [(label, grouped[value]) for value, label in Specialty.choices if grouped[value]]
