"""Integration API reads, each through core.scoping as an account of the client's unit."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from sifasuo.core import lines
from sifasuo.core.models import OrgUnit, Share
from sifasuo.core.scoping import can_see_unit, scope, visible_units
from sifasuo.core.services import masked_copy
from sifasuo.intake.models import Matter

from .models import PartnerClient
from .services import client_actor


def clients_for_user(*, user) -> QuerySet[PartnerClient]:
    return scope(user, PartnerClient.objects.select_related("unit"))


def matter_for_client(*, client: PartnerClient, matter_id: int) -> Matter:
    """A matter the client handed in, or one its unit may see; 404 for anything else."""
    actor = client_actor(client)
    visible = scope(actor, Matter.objects.all()).values("pk")
    matter = (
        Matter.objects.filter(Q(pk__in=visible) | Q(work_order__client=client), pk=matter_id)
        .select_related("unit")
        .prefetch_related("steps")
        .first()
    )
    if matter is None:
        raise Http404
    return matter


def shared_records_for_client(*, client: PartnerClient, limit: int, offset: int) -> list[dict]:
    """The records other units shared with the client's unit (the police station's watch list),
    newest share first: type, id, number, state. No names or personal data."""
    actor = client_actor(client)
    types = {rt.model.lower(): rt for rt in lines.record_types().values()}
    shares = (
        Share.objects.filter(unit__path__startswith=client.unit.path)
        .select_related("content_type", "unit")
        .order_by("-created_at", "-id")[offset : offset + limit]
    )
    rows = []
    for share in shares:
        ct: ContentType = share.content_type
        record_type = types.get(f"{ct.app_label}.{ct.model}")
        if record_type is None:
            continue
        model = record_type.model_class()
        visible = scope(actor, model._default_manager.all(), unit_field=record_type.unit_field)
        found = visible.filter(pk=share.object_id).first()
        if found is None:
            continue
        obj = masked_copy(found)
        state = getattr(obj, "get_state_display", None)
        rows.append(
            {
                "record_type": record_type.key,
                "record_id": share.object_id,
                "number": str(obj)[:100],
                "state": str(state()) if state else "",
                "reason": share.reason,
                "shared_with": share.unit.name,
                "shared_at": share.created_at,
            }
        )
    return rows


def unit_for_client(*, client: PartnerClient, unit_id: int | None) -> OrgUnit:
    """The unit a statistics call asks about: the client's own by default, else one below it."""
    if unit_id is None:
        return client.unit
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None or not can_see_unit(client_actor(client), unit):
        raise Http404
    return unit


def units_for_client(*, client: PartnerClient) -> QuerySet[OrgUnit]:
    return visible_units(client_actor(client))
