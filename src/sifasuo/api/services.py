"""Integration API writes: register, rotate and revoke partner clients (staff), check a bearer
token and its rate limit, take in a 12345 work order, and send the closing webhook."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging
import math
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from sifasuo.core import services as core_services
from sifasuo.core import throttle
from sifasuo.core.actors import UnitActor, check_actor, is_system
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, Share, UnitKind, User
from sifasuo.core.roles import Role
from sifasuo.core.scoping import can_see_unit
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Channel, Matter, MatterState

from . import webhooks
from .models import PartnerClient, Scope, WebhookDelivery, WorkOrder

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "sfs_"
RATE_SCOPE = "api.client"
UNAUTHENTICATED_SCOPE = "api.address"
RATE_WINDOW = dt.timedelta(minutes=1)
CLIENT_FIELDS = ["name", "unit", "scopes", "rate_per_minute", "webhook_url", "is_active"]


def client_actor(client: PartnerClient) -> UnitActor:
    """The named system actor a client works as: scoped like an account of its unit."""
    return UnitActor(f"api:{client.pk}", f"接口客户端“{client.name}”", acting_for=client.unit)


def _digest(token: str) -> str:
    return salted_hmac("sifasuo.api.token", token, algorithm="sha256").hexdigest()


def _new_token() -> tuple[str, str, str]:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, token[:12], _digest(token)


def may_manage_clients(user) -> bool:
    """System administrators for every unit; a county supervisor for their county."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.SYSTEM_ADMIN:
        return True
    return (
        user.role == Role.SUPERVISOR
        and user.unit is not None
        and (user.unit.kind == UnitKind.BUREAU)
    )


def _require_manager(actor: User, unit: OrgUnit) -> None:
    check_actor(actor)
    if is_system(actor):  # the demo loader, a maintenance command
        return
    if not may_manage_clients(actor) or not can_see_unit(actor, unit):
        raise PermissionDenied("只有系统管理员或本区县司法局督导可以管理接口客户端。")


def office_of(unit: OrgUnit) -> OrgUnit | None:
    """The 司法所 a client's work orders are registered at: its unit, or the office a partner
    body is attached to."""
    if unit.kind == UnitKind.OFFICE:
        return unit
    if unit.kind == UnitKind.PARTNER:
        return intake_services.partner_office(unit)
    return None


def _clean_client(
    *, name: str, unit: OrgUnit, scopes: list[str], rate_per_minute: int, webhook_url: str
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "请填写客户端名称。"
    elif len(name) > 100:
        errors["name"] = "客户端名称不能超过100个字。"
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        errors["scopes"] = "请至少选择一项权限。" if not scopes else "权限范围无效。"
    if Scope.MATTERS_CREATE in scopes and office_of(unit) is None:
        errors["unit"] = "登记工单的客户端须代表司法所或挂靠司法所的协作单位。"
    if not 1 <= int(rate_per_minute or 0) <= 6000:
        errors["rate_per_minute"] = "每分钟请求上限应在1至6000之间。"
    webhook_url = (webhook_url or "").strip()
    if webhook_url and not webhook_url.startswith(("https://", "http://")):
        errors["webhook_url"] = "回调地址须以 https:// 或 http:// 开头。"
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "unit": unit,
        "scopes": sorted(set(scopes)),
        "rate_per_minute": int(rate_per_minute),
        "webhook_url": webhook_url,
    }


@dataclass(frozen=True)
class IssuedToken:
    """A client and its new token in clear: shown once, never stored."""

    client: PartnerClient
    token: str


@transaction.atomic
def client_register(
    *,
    actor: User,
    name: str,
    unit: OrgUnit,
    scopes: list[str],
    rate_per_minute: int = 60,
    webhook_url: str = "",
) -> IssuedToken:
    _require_manager(actor, unit)
    values = _clean_client(
        name=name,
        unit=unit,
        scopes=scopes,
        rate_per_minute=rate_per_minute,
        webhook_url=webhook_url,
    )
    if PartnerClient.objects.filter(name=values["name"]).exists():
        raise ValidationError({"name": "已有同名的接口客户端。"})
    token, prefix, digest = _new_token()
    client = PartnerClient.objects.create(
        **values,
        token_prefix=prefix,
        token_digest=digest,
        webhook_secret=secrets.token_urlsafe(32),
        created_by=None if is_system(actor) else actor,
    )
    audit_record(
        actor=actor,
        action="api_client.register",
        obj=client,
        changes={
            "name": [None, client.name],
            "unit": [None, unit.name],
            "scopes": [None, client.scopes],
            "rate_per_minute": [None, client.rate_per_minute],
            "webhook_url": [None, client.webhook_url],
        },
    )
    return IssuedToken(client, token)


def _locked(client: PartnerClient) -> PartnerClient:
    return PartnerClient.objects.select_for_update().select_related("unit").get(pk=client.pk)


@transaction.atomic
def client_rotate(*, actor: User, client: PartnerClient) -> IssuedToken:
    """A new token (and webhook secret); the old token stops working at once."""
    _require_manager(actor, client.unit)
    client = _locked(client)
    if not client.is_active:
        raise ValidationError("该客户端已停用，不能更换令牌。")
    token, prefix, digest = _new_token()
    client.token_prefix, client.token_digest = prefix, digest
    client.webhook_secret = secrets.token_urlsafe(32)
    client.rotated_at = timezone.now()
    client.save(update_fields=["token_prefix", "token_digest", "webhook_secret", "rotated_at"])
    audit_record(
        actor=actor, action="api_client.rotate", obj=client, changes={"token": ["****", "****"]}
    )
    return IssuedToken(client, token)


@transaction.atomic
def client_revoke(*, actor: User, client: PartnerClient) -> PartnerClient:
    _require_manager(actor, client.unit)
    client = _locked(client)
    if not client.is_active:
        raise ValidationError("该客户端已停用。")
    client.is_active = False
    client.revoked_at = timezone.now()
    client.save(update_fields=["is_active", "revoked_at"])
    audit_record(
        actor=actor, action="api_client.revoke", obj=client, changes={"is_active": [True, False]}
    )
    return client


def client_for_token(token: str) -> PartnerClient | None:
    """The active client holding `token`, or None (unknown, rotated away or revoked)."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = _digest(token)
    client = PartnerClient.objects.select_related("unit").filter(token_digest=digest).first()
    if client is None or not hmac.compare_digest(client.token_digest, digest):
        return None
    return client if client.is_active and client.unit.is_active else None


def rate_limit_wait(client: PartnerClient) -> int | None:
    """Count one request; the seconds to wait when the client is over its limit, else None."""
    return _wait(RATE_SCOPE, str(client.pk), client.rate_per_minute)


def unauthenticated_wait(address: str) -> int | None:
    """Count one call without a valid token from this client address; the seconds to wait when
    the address is over `SIFASUO_API_UNAUTHENTICATED_PER_MINUTE`, else None."""
    return _wait(UNAUTHENTICATED_SCOPE, address, settings.SIFASUO_API_UNAUTHENTICATED_PER_MINUTE)


def _wait(scope: str, value: str, per_minute: int) -> int | None:
    blocked = throttle.limit_reached(checks=[(scope, value, per_minute)], window=RATE_WINDOW)
    if blocked is None:
        return None
    seconds = (blocked.until - timezone.now()).total_seconds() if blocked.until else 60
    return max(1, math.ceil(seconds))


# ---------------------------------------------------------------------------------------------
# 12345 work orders


class IdempotencyConflict(Exception):
    """The key was used before with a different request body."""


class TicketTaken(Exception):
    """The ticket was handed in before under another key."""


def request_digest(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def narrative_of(*, ticket_number: str, reply_due_on: dt.date, content: str) -> str:
    """The matter's 事项简述: the hotline's ticket and time limit first, so the office sees them."""
    return f"【12345工单 {ticket_number}，办理时限 {reply_due_on.isoformat()}】\n{content.strip()}"


def work_order_replay(
    *, client: PartnerClient, idempotency_key: str, body: dict[str, Any]
) -> WorkOrder | None:
    """The work order an earlier call with this key created (same body), else None."""
    existing = WorkOrder.objects.filter(client=client, idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    if existing.request_digest != request_digest(body):
        raise IdempotencyConflict
    return existing


@transaction.atomic
def work_order_create(
    *,
    client: PartnerClient,
    idempotency_key: str,
    body: dict[str, Any],
    ticket_number: str,
    requester_name: str,
    requester_phone: str,
    content: str,
    reply_due_on: dt.date,
    matter_type: str,
    respond,
) -> tuple[WorkOrder, bool]:
    """Register the work order as an intake matter (channel 12345) at the client's office, on
    behalf of the client's unit, and keep sight of it there. Returns (work order, created);
    a retried call with the same key and body returns the first work order.

    `respond(matter, work_order) -> dict` renders the answer, stored to be replayed."""
    client = PartnerClient.objects.select_for_update().select_related("unit").get(pk=client.pk)
    existing = work_order_replay(client=client, idempotency_key=idempotency_key, body=body)
    if existing is not None:
        return existing, False
    if WorkOrder.objects.filter(client=client, ticket_number=ticket_number).exists():
        raise TicketTaken
    office = office_of(client.unit)
    if office is None:
        raise PermissionDenied("本客户端代表的单位不能登记工单。")
    today = timezone.localdate()
    if reply_due_on < today:
        raise ValidationError({"reply_due_on": "办理时限不能早于今天。"})
    if reply_due_on > today + dt.timedelta(days=366):
        raise ValidationError({"reply_due_on": "办理时限不能晚于一年以后。"})
    actor = client_actor(client)
    matter = intake_services.matter_register(
        actor=actor,
        on_behalf_of=client.unit,
        unit=office,
        channel=Channel.HOTLINE,
        matter_type=matter_type,
        narrative=narrative_of(
            ticket_number=ticket_number, reply_due_on=reply_due_on, content=content
        ),
        requesters=[{"kind": "person", "name": requester_name.strip(), "phone": requester_phone}],
        received_on=today,
    )
    if not client.unit.is_within(matter.unit):
        # The client keeps sight of the matter it handed in, wherever routing sent it.
        core_services.share_record(
            actor=actor,
            obj=matter,
            unit=client.unit,
            reason=Share.Reason.REFERRED,
            on_behalf_of=client.unit,
        )
    work_order = WorkOrder(
        client=client,
        matter=matter,
        ticket_number=ticket_number,
        reply_due_on=reply_due_on,
        idempotency_key=idempotency_key,
        request_digest=request_digest(body),
    )
    work_order.response = respond(matter, work_order)
    work_order.save()
    audit_record(
        actor=actor,
        action="api.work_order",
        obj=matter,
        unit=matter.unit,
        changes={"ticket_number": [None, ticket_number], "client": [None, client.name]},
        on_behalf_of=client.unit,
    )
    return work_order, True


# ---------------------------------------------------------------------------------------------
# Webhooks

EVENT_MATTER_FINISHED = "matter.finished"


def reply_text(matter: Matter) -> str:
    """What the hotline tells the caller: the result, or why the office did not take it."""
    if matter.state == MatterState.REFUSED:
        return f"不予受理：{matter.reason_text}"
    return matter.result


def on_matter_finished(sender, *, matter: Matter, **_kwargs) -> None:
    """Receiver of intake's `matter_finished`: queue the webhook of the work order, if any."""
    work_order = WorkOrder.objects.filter(matter_id=matter.pk).select_related("client").first()
    if work_order is None or not work_order.client.webhook_url or not work_order.client.is_active:
        return
    webhook_queue(work_order=work_order, matter=Matter.objects.get(pk=matter.pk))


@transaction.atomic
def webhook_queue(*, work_order: WorkOrder, matter: Matter) -> WebhookDelivery:
    body = {
        "event": EVENT_MATTER_FINISHED,
        "ticket_number": work_order.ticket_number,
        "matter_id": matter.pk,
        "tracking_code": matter.tracking_code,
        "state": matter.state,
        "state_label": str(matter.get_state_display()),
        "reply_text": reply_text(matter),
        "finished_at": matter.closed_at.isoformat() if matter.closed_at else None,
    }
    delivery = WebhookDelivery.objects.create(
        client=work_order.client,
        work_order=work_order,
        event=EVENT_MATTER_FINISHED,
        body=json.dumps(body, ensure_ascii=False, sort_keys=True),
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(delivery.pk, None))
    return delivery


def _enqueue(delivery_id: int, run_after: dt.datetime | None) -> None:
    from .tasks import deliver_webhook

    if run_after is None:
        deliver_webhook.enqueue(delivery_id)
    elif deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
    else:  # tasks run inline (SIFASUO_TASKS_IMMEDIATE): no later retry is possible
        logger.warning("webhook %s not retried: the task backend cannot defer", delivery_id)


def backoff(attempts: int) -> dt.timedelta:
    """The pause after the n-th failed attempt: base × 2^(n−1) (30 s, 1 min, 2 min, …)."""
    return dt.timedelta(seconds=settings.SIFASUO_API_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1))


def webhook_attempt(*, delivery_id: int) -> WebhookDelivery:
    """Send one delivery once. A failure schedules the next try after `backoff`, until
    SIFASUO_API_WEBHOOK_ATTEMPTS attempts have failed."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update().select_related("client").get(pk=delivery_id)
        )
        if delivery.status != WebhookDelivery.Status.PENDING:
            return delivery
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    client = delivery.client
    error = _send(delivery)
    now = timezone.now()
    delivery.last_error = error
    delivery.next_attempt_at = None
    if not error:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, now
    elif delivery.attempts >= settings.SIFASUO_API_WEBHOOK_ATTEMPTS or not client.is_active:
        logger.warning("webhook %s to %s failed for good: %s", delivery.pk, client, error)
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(update_fields=["status", "delivered_at", "last_error", "next_attempt_at"])
    if delivery.status == WebhookDelivery.Status.PENDING:
        _enqueue(delivery.pk, delivery.next_attempt_at)
    return delivery


def _send(delivery: WebhookDelivery) -> str:
    """POST the delivery to its client's webhook; "" when taken, else what went wrong."""
    client = delivery.client
    if not client.is_active:
        return "客户端已停用"
    if not client.webhook_url:
        return "未设置回调地址"
    body = delivery.body.encode()
    headers = webhooks.signed_headers(
        secret=client.webhook_secret, body=body, delivery_id=delivery.pk
    )
    try:
        status = webhooks.send(url=client.webhook_url, body=body, headers=headers)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return str(exc)[:300] or exc.__class__.__name__
    return "" if 200 <= status < 300 else f"HTTP {status}"
