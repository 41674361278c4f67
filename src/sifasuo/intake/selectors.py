"""Intake reads: every matter a user sees goes through the scoping layer."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from sifasuo.core import deadline_service
from sifasuo.core.models import OrgUnit, Party, UnitKind, User
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units
from sifasuo.core.selectors import party_match

from .models import OPEN_STATES, Matter, MatterState, RoutingRule


def _base(user) -> QuerySet[Matter]:
    qs = Matter.objects.select_related("unit", "handler", "transfer_unit")
    return scope(user, qs)


def matter_get_for_user(*, user, matter_id) -> Matter:
    return get_scoped_or_404(user, _base(user), matter_id)


def matter_from_request(request) -> Matter | None:
    """The intake matter a registration form starts from (`matter` posted or in the query), or
    None; one the user may not see is a 404."""
    matter_id = request.POST.get("matter") or request.GET.get("matter")
    return matter_get_for_user(user=request.user, matter_id=matter_id) if matter_id else None


def matter_queue_for_user(*, user, which: str = "mine", search: str = "") -> QuerySet[Matter]:
    """`mine`: the user's open matters; `unassigned`: the office's matters awaiting a handler;
    `incoming`: matters transferred to the user's unit awaiting its receipt; `all`: everything.

    `search` finds matters by a requester's name, by a requester's whole ID number, phone number
    or credit code (through the blind index), or by the tracking code. Each row carries its
    requesters (`requester_list`), fetched in one query for the page."""
    qs = deadline_service.annotate_due_state(_base(user)).prefetch_related(
        Prefetch(
            "requesters",
            queryset=Party.objects.only("id", "name").order_by("pk"),
            to_attr="requester_list",
        )
    )
    if search.strip():
        matching = Matter.objects.filter(
            party_match(search, prefix="requesters__") | Q(tracking_code=search.strip().upper())
        ).values("pk")
        qs = qs.filter(pk__in=matching)
    if which == "mine":
        qs = qs.filter(handler=user, state__in=OPEN_STATES)
    elif which == "unassigned":
        qs = qs.filter(state=MatterState.REGISTERED)
    elif which == "incoming":
        if user.unit_id is None:
            return qs.none()
        qs = qs.filter(
            state=MatterState.TRANSFERRED,
            transfer_accepted=False,
            transfer_unit__path__startswith=user.unit.path,
        )
    return qs.order_by("due_on", "-created_at", "-id") if which != "all" else qs


def matter_steps(matter: Matter):
    return list(matter.steps.all())


def matter_requesters(matter: Matter):
    return [link.party for link in matter.requester_links.select_related("party")]


def handler_choices(*, user) -> QuerySet[User]:
    return User.objects.filter(unit__in=visible_units(user), is_active=True).order_by("username")


def partner_units(*, matter: Matter) -> QuerySet[OrgUnit]:
    """Partner bodies the office works with: those under its county."""
    county_path = "/".join(matter.unit.path.split("/")[:-2]) + "/"
    return OrgUnit.objects.filter(
        kind=UnitKind.PARTNER, is_active=True, path__startswith=county_path
    )


def routing_rules_for_user(*, user) -> QuerySet[RoutingRule]:
    return scope(
        user,
        RoutingRule.objects.select_related("county", "township", "target"),
        unit_field="county",
    )


def routing_rule_get_for_user(*, user, rule_id) -> RoutingRule:
    return get_scoped_or_404(user, routing_rules_for_user(user=user), rule_id, unit_field="county")


def counties_for_user(*, user) -> QuerySet[OrgUnit]:
    return visible_units(user).filter(kind=UnitKind.BUREAU)


def offices_for_user(*, user) -> QuerySet[OrgUnit]:
    return visible_units(user).filter(kind=UnitKind.OFFICE)
