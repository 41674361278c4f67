"""Scoped reads of 复议应诉: the case lists, one case, the follow-ups and the statistics."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from sifasuo.core import deadline_service
from sifasuo.core.models import OrgUnit
from sifasuo.core.scoping import get_scoped_or_404, scope

from .apps import READERS
from .models import (
    ActKind,
    Case,
    CaseKind,
    FollowUp,
    Hearing,
    HearingForm,
    HearingStatus,
    Period,
    ReplyTemplate,
)


def can_read(user) -> bool:
    """Office heads and assistants work the cases, supervisors and the department read them;
    mediators, advisors and partners do not see them."""
    return bool(user.is_superuser or user.role in READERS)


def _gate(user) -> None:
    if not can_read(user):
        raise Http404


def case_list_for_user(
    *, user, kind: str = "", status: str = "", act_kind: str = "", due: str = "", q: str = ""
) -> QuerySet[Case]:
    _gate(user)
    cases = scope(user, Case.objects.all()).select_related("unit", "department", "applicant")
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    if act_kind:
        cases = cases.filter(act_kind=act_kind)
    if due:
        today = deadline_service.today()
        open_periods = Period.objects.filter(done_on__isnull=True)
        if due == "overdue":
            open_periods = open_periods.filter(due_on__lt=today)
        else:
            limit = deadline_service.due_soon_limit(today)
            open_periods = open_periods.filter(due_on__gte=today, due_on__lte=limit)
        cases = cases.filter(pk__in=open_periods.values("case_id"))
    if q:
        cases = cases.filter(
            Q(number__contains=q)
            | Q(external_number__contains=q)
            | Q(contested_act__contains=q)
            | Q(applicant__name__contains=q)
        )
    return cases.prefetch_related(
        Prefetch("periods", queryset=Period.objects.filter(done_on__isnull=True))
    )


def case_get_for_user(*, user, pk) -> Case:
    _gate(user)
    queryset = Case.objects.select_related(
        "unit", "department", "applicant", "handler", "signed_by", "signed_version"
    ).prefetch_related("periods", "evidence", "replies", "hearings")
    return get_scoped_or_404(user, queryset, pk)


def open_periods_for_user(*, user) -> QuerySet[Period]:
    """Every open statutory period of the cases the user works on, soonest first."""
    if not can_read(user):
        return Period.objects.none()
    periods = scope(user, Period.objects.all(), unit_field="case__unit")
    periods = periods.filter(done_on__isnull=True, due_on__isnull=False)
    return deadline_service.annotate_due_state(
        periods.select_related("case", "case__department", "case__handler")
    ).order_by("due_on", "id")


def scheduled_hearings_for_user(*, user) -> QuerySet[Hearing]:
    """Hearings the township is to attend, soonest first (书面审理 has no attendance)."""
    if not can_read(user):
        return Hearing.objects.none()
    cases = scope(user, Case.objects.all()).values("pk")
    return (
        Hearing.objects.filter(case__in=cases, status=HearingStatus.SCHEDULED)
        .exclude(form=HearingForm.WRITTEN)
        .select_related("case", "case__applicant", "case__department")
        .order_by("held_on", "id")
    )


def follow_ups_for_user(*, user, open_only: bool = False, case_talk: bool = False):
    _gate(user)
    cases = scope(user, Case.objects.all()).values("pk")
    follow_ups = FollowUp.objects.filter(case__in=cases).select_related(
        "case", "department", "case__unit"
    )
    if open_only:
        follow_ups = follow_ups.filter(done_on__isnull=True)
    if case_talk:
        follow_ups = follow_ups.filter(for_case_talk=True)
    return follow_ups


def follow_up_get_for_user(*, user, pk) -> FollowUp:
    follow_up = follow_ups_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if follow_up is None:
        raise Http404
    return follow_up


def breakdown(unit: OrgUnit, start: dt.date, end: dt.date) -> dict:
    """Cases per department and per kind of act in `unit` and below, served in the period."""
    cases = Case.objects.filter(unit__path__startswith=unit.path, served_on__range=(start, end))
    by_department = list(
        cases.values("department__name", "unit__name")
        .annotate(
            total=Count("id"),
            reconsideration=Count("id", filter=Q(kind=CaseKind.RECONSIDERATION)),
            lawsuit=Count("id", filter=Q(kind=CaseKind.LAWSUIT)),
        )
        .order_by("unit__name", "department__name")
    )
    act_counts = dict(cases.values_list("act_kind").annotate(n=Count("id")).order_by())
    return {
        "by_department": by_department,
        "by_act": [(str(label), act_counts.get(value, 0)) for value, label in ActKind.choices],
    }


def templates_for(unit: OrgUnit) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.filter(unit=unit).select_related("uploaded_by")


def template_get_for_user(*, user, pk) -> ReplyTemplate:
    _gate(user)
    return get_scoped_or_404(user, ReplyTemplate.objects.all(), pk)
