"""Services and selectors of meeting attendance (列席): opinions per agenda item, vetoes, adoption."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, UnitKind, User
from sifasuo.core.roles import Capability
from sifasuo.core.scoping import get_scoped_or_404, scope
from sifasuo.core.services import require, require_unit
from sifasuo.core.workflow import lock_unit

from .models import AgendaItem, Meeting
from .services import RESUBMIT_WINDOW


@transaction.atomic
def meeting_create(
    *,
    actor,
    unit: OrgUnit,
    kind: str,
    title: str,
    held_on: dt.date,
    topics: Sequence[str],
    submission_token: uuid.UUID | None = None,
) -> Meeting:
    """Record a meeting attended. Sent twice in any way, it is one meeting: a repeated
    `submission_token` (a double click, Back and resubmit) or the same meeting recorded by the
    same person within RESUBMIT_WINDOW (a form open in two tabs) returns the one recorded."""
    require(actor, Capability.LEGALITY_REVIEW)
    require_unit(actor, unit)
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError({"unit": "列席会议记录在司法所名下。"})
    topics = [t.strip() for t in topics if t.strip()]
    if not title.strip():
        raise ValidationError({"title": "请填写会议名称。"})
    if not topics:
        raise ValidationError({"topics": "请至少填写一个议题。"})
    lock_unit(unit)  # racing submits see each other's meeting
    existing = None
    if submission_token is not None:
        existing = Meeting.objects.filter(submission_token=submission_token).first()
        if existing is not None and existing.attendee_id != getattr(actor, "pk", None):
            raise ValidationError("该表单已提交过，请重新打开登记页面填写。")
    if existing is None and isinstance(actor, User):
        existing = (
            Meeting.objects.filter(
                unit=unit,
                attendee=actor,
                kind=kind,
                title=title.strip(),
                held_on=held_on,
                created_at__gte=timezone.now() - RESUBMIT_WINDOW,
            )
            .order_by("id")
            .first()
        )
    if existing is not None:
        return existing
    meeting = Meeting(
        unit=unit,
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        attendee=actor,
        submission_token=submission_token,
    )
    meeting.full_clean()
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, seq=i, topic=t[:200]) for i, t in enumerate(topics, start=1)
    )
    audit_record(
        actor=actor,
        action="meeting.create",
        obj=meeting,
        changes={"title": [None, meeting.title], "topics": topics},
    )
    return meeting


@transaction.atomic
def agenda_item_record(
    *,
    actor,
    item: AgendaItem,
    opinion: str,
    vetoed: bool = False,
    veto_reasons: str = "",
    adoption: str = AgendaItem.Adoption.PENDING,
) -> AgendaItem:
    """Record the legal opinion on one item, a veto (否决) with its reasons, and its adoption."""
    require(actor, Capability.LEGALITY_REVIEW)
    require_unit(actor, item.meeting.unit)
    if not opinion.strip():
        raise ValidationError({"opinion": "请填写法律意见。"})
    if vetoed and not veto_reasons.strip():
        raise ValidationError({"veto_reasons": "否决须写明理由。"})
    if adoption not in AgendaItem.Adoption.values:
        raise ValidationError({"adoption": "请选择采纳情况。"})
    before = {"opinion": item.opinion, "vetoed": item.vetoed, "adoption": item.adoption}
    item.opinion = opinion.strip()
    item.vetoed = vetoed
    item.veto_reasons = veto_reasons.strip() if vetoed else ""
    item.adoption = adoption
    item.save()
    audit_record(
        actor=actor,
        action="meeting.opinion",
        obj=item.meeting,
        changes={
            "item": item.seq,
            "before": before,
            "after": {
                "opinion": item.opinion,
                "vetoed": vetoed,
                "adoption": adoption,
                "veto_reasons": item.veto_reasons,
            },
        },
    )
    return item


def meeting_list_for_user(*, user) -> QuerySet[Meeting]:
    return (
        scope(user, Meeting.objects.all())
        .select_related("unit", "attendee")
        .annotate(
            item_count=Count("items"),
            veto_count=Count("items", filter=Q(items__vetoed=True)),
        )
        .order_by("-held_on", "-id")
    )


def meeting_get_for_user(*, user, pk) -> Meeting:
    queryset = Meeting.objects.select_related("unit", "attendee").prefetch_related(
        Prefetch("items", queryset=AgendaItem.objects.order_by("seq"))
    )
    return get_scoped_or_404(user, queryset, pk)


def meeting_statistics(meetings: QuerySet[Meeting]) -> dict:
    """Meetings attended, opinions given, vetoes and the adoption rate."""
    items = AgendaItem.objects.filter(meeting__in=meetings.values("pk"))
    totals = items.aggregate(
        opinions=Count("id", filter=~Q(opinion="")),
        vetoes=Count("id", filter=Q(vetoed=True)),
        adopted=Count("id", filter=Q(adoption=AgendaItem.Adoption.ADOPTED)),
        decided=Count("id", filter=~Q(adoption=AgendaItem.Adoption.PENDING)),
    )
    decided = totals["decided"]
    return {
        "meetings": meetings.count(),
        **totals,
        "adoption_rate": round(totals["adopted"] * 100 / decided) if decided else None,
    }
