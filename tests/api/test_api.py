"""The integration API as a partner system sees it: tokens, scopes, rate limits, work orders,
idempotency, status, shares, statistics, problem details and the closing webhook."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from api_support import bearer, order
from django.utils import timezone

from sifasuo.api import services
from sifasuo.api.models import Scope, WebhookDelivery, WorkOrder
from sifasuo.core.models import AuditEntry
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Channel, Matter

PROBLEM = "application/problem+json"


def post_order(client, token, body, key="key-1", **extra):
    return client.post(
        "/api/v1/work-orders",
        body,
        content_type="application/json",
        **bearer(token, HTTP_IDEMPOTENCY_KEY=key, **extra),
    )


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    assert body["instance"] == response.wsgi_request.path
    return body


# ---------------------------------------------------------------------------------------------
# Tokens


def test_the_token_is_stored_only_as_a_digest(hotline):
    client, token = hotline
    assert token.startswith("sfs_") and len(token) > 40
    assert token not in client.token_digest
    assert client.token_prefix == token[:12]
    assert services.client_for_token(token) == client
    assert services.client_for_token(token + "x") is None


def test_a_call_without_or_with_a_wrong_token_is_a_401_problem(client, hotline):
    assert_problem(client.get("/api/v1/indicators"), 401)
    body = assert_problem(client.get("/api/v1/indicators", **bearer("sfs_wrong")), 401)
    assert body["title"] == "未通过身份验证"
    english = client.get("/api/v1/indicators", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english.json()["title"] == "Unauthorized"
    assert english["WWW-Authenticate"] == "Bearer"


def test_rotation_invalidates_the_old_token(client, world, hotline):
    partner, old = hotline
    assert client.get("/api/v1/indicators", **bearer(old)).status_code == 200
    issued = services.client_rotate(actor=world.admin, client=partner)
    assert_problem(client.get("/api/v1/indicators", **bearer(old)), 401)
    assert client.get("/api/v1/indicators", **bearer(issued.token)).status_code == 200
    assert AuditEntry.objects.filter(action="api_client.rotate", object_id=str(partner.pk)).exists()


def test_revocation_stops_the_client(client, world, hotline):
    partner, token = hotline
    services.client_revoke(actor=world.admin, client=partner)
    assert_problem(client.get("/api/v1/indicators", **bearer(token)), 401)
    audit = AuditEntry.objects.get(action="api_client.revoke", object_id=str(partner.pk))
    assert audit.actor_name == world.admin.username


def test_the_rate_limit_answers_429_with_retry_after(client, issue, hotline_unit):
    _, token = issue(hotline_unit, rate=3)
    for _ in range(3):
        assert client.get("/api/v1/indicators", **bearer(token)).status_code == 200
    response = client.get("/api/v1/indicators", **bearer(token))
    assert_problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_missing_scope_is_a_403_problem(client, issue, hotline_unit):
    _, token = issue(hotline_unit, scopes=[Scope.STATISTICS_READ])
    assert_problem(post_order(client, token, order()), 403)
    assert_problem(client.get("/api/v1/shares", **bearer(token)), 403)
    assert not Matter.objects.exists()


def test_a_county_supervisor_manages_only_their_county(world, hotline_unit):
    issued = services.client_register(
        actor=world.supervisor, name="东港热线", unit=hotline_unit, scopes=[Scope.MATTERS_READ]
    )
    assert issued.client.unit == hotline_unit
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.client_register(
            actor=world.supervisor, name="五莲热线", unit=world.office_b1, scopes=["matters:read"]
        )
    with pytest.raises(PermissionDenied):
        services.client_revoke(actor=world.office_head, client=issued.client)


# ---------------------------------------------------------------------------------------------
# Work orders


def test_a_work_order_becomes_a_hotline_matter_at_the_office(client, world, hotline):
    partner, token = hotline
    response = post_order(client, token, order())
    assert response.status_code == 201, response.content
    answer = response.json()
    matter = Matter.objects.get(pk=answer["id"])
    assert matter.channel == Channel.HOTLINE
    assert matter.unit == world.office_a1
    assert "RZ20261202001" in matter.narrative and "邻居装修" in matter.narrative
    assert matter.work_order.ticket_number == "RZ20261202001"
    assert [p.name for p in matter.requesters.all()] == ["王秀兰"]
    assert answer["ticket_number"] == "RZ20261202001"
    assert answer["state"] == "registered" and answer["reply_text"] == ""
    # Audited under the client's name, on behalf of its unit.
    rows = AuditEntry.objects.filter(object_id=str(matter.pk), action="matter.register")
    row = rows.get()
    assert "12345热线" in row.actor_name
    assert row.on_behalf_of_id == partner.unit_id
    assert AuditEntry.objects.filter(
        action="api.work_order", object_id=str(matter.pk), on_behalf_of_id=partner.unit_id
    ).exists()


def test_a_work_order_routed_to_another_office_is_shared_on_behalf_of_the_client(
    client, world, hotline
):
    partner, token = hotline
    intake_services.routing_rule_set(
        actor=world.supervisor,
        county=world.county_a,
        matter_type="dispute",
        target=world.office_a2,
    )
    response = post_order(client, token, order())
    assert response.status_code == 201, response.content
    matter = Matter.objects.get(pk=response.json()["id"])
    assert matter.unit == world.office_a2
    # The office that registered it and the hotline both keep sight of it, and the audit trail
    # says on whose behalf each share was made, as for the API's other writes.
    shares = AuditEntry.objects.filter(object_id=str(matter.pk), action="share.referred")
    assert {(row.changes["shared_with"][1], row.on_behalf_of_id) for row in shares} == {
        (world.office_a1.name, partner.unit_id),
        (partner.unit.name, partner.unit_id),
    }
    assert all(row.on_behalf_of_name == partner.unit.name for row in shares)


def test_a_retried_call_creates_one_matter(client, hotline):
    _, token = hotline
    first = post_order(client, token, order())
    again = post_order(client, token, order())
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    assert Matter.objects.count() == 1


def test_the_same_key_with_another_body_is_a_409_problem(client, hotline):
    _, token = hotline
    post_order(client, token, order())
    body = assert_problem(post_order(client, token, order(content="另一件事。")), 409)
    assert "Idempotency-Key" in body["detail"]
    assert_problem(post_order(client, token, order(), key="key-2"), 409)  # same ticket
    assert Matter.objects.count() == 1


def test_validation_errors_are_listed_per_field(client, hotline):
    _, token = hotline
    bad = order(requester_phone="12", ticket_number="", reply_due_on="明天")
    body = assert_problem(post_order(client, token, bad), 422)
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert set(fields) == {"requester_phone", "ticket_number", "reply_due_on"}
    assert fields["reply_due_on"] == "日期格式应为 YYYY-MM-DD。"
    past = order(reply_due_on=(dt.date.today() - dt.timedelta(days=1)).isoformat())
    body = assert_problem(post_order(client, token, past), 422)
    assert body["errors"] == [
        {"field": "reply_due_on", "location": "body", "message": "办理时限不能早于今天。"}
    ]
    english = post_order(client, token, bad, key="key-3", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["title"] == "Invalid request"
    missing_key = client.post(
        "/api/v1/work-orders", order(), content_type="application/json", **bearer(token)
    )
    assert assert_problem(missing_key, 422)["errors"][0]["field"] == "Idempotency-Key"
    broken = client.post(
        "/api/v1/work-orders",
        "{not json",
        content_type="application/json",
        **bearer(token, HTTP_IDEMPOTENCY_KEY="k9"),
    )
    assert_problem(broken, 400)
    assert not Matter.objects.exists()


def test_a_client_above_the_offices_cannot_hand_in_work_orders(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.client_register(
            actor=world.admin, name="市热线", unit=world.city, scopes=[Scope.MATTERS_CREATE]
        )
    assert "unit" in exc.value.message_dict


# ---------------------------------------------------------------------------------------------
# Reading: status, shares, statistics, and nothing of another unit


def test_the_status_shows_the_result_once_closed(client, world, hotline):
    _, token = hotline
    matter_id = post_order(client, token, order()).json()["id"]
    matter = Matter.objects.get(pk=matter_id)
    matter = intake_services.matter_assign(
        actor=world.office_head, matter=matter, handler=world.office_user
    )
    matter = intake_services.matter_start(actor=world.office_user, matter=matter)
    intake_services.matter_close(
        actor=world.office_user, matter=matter, result="已调解，双方和解。"
    )
    answer = client.get(f"/api/v1/matters/{matter_id}", **bearer(token)).json()
    assert answer["state"] == "closed" and answer["state_label"] == "已办结"
    assert answer["reply_text"] == "已调解，双方和解。"
    assert [s["action"] for s in answer["steps"]] == ["登记", "分派", "开始办理", "办结"]


def _other_units_records(world):
    """A matter, a share and a unit of county B, which A1's hotline must never see."""
    from sifasuo.core import services as core_services

    matter = intake_services.matter_register(
        actor=world.outsider,
        unit=world.office_b1,
        channel=Channel.WINDOW,
        matter_type="dispute",
        narrative="洪凝的纠纷",
        requesters=[{"kind": "person", "name": "赵六", "phone": "13900001111"}],
    )
    own = intake_services.matter_register(
        actor=world.colleague,
        unit=world.office_a2,
        channel=Channel.WINDOW,
        matter_type="dispute",
        narrative="河山的纠纷",
        requesters=[{"kind": "person", "name": "钱七", "phone": "13900002222"}],
    )
    core_services.share_record(actor=world.outsider, obj=matter, unit=world.office_b1)
    return matter, own


def test_a_client_cannot_read_another_units_records_through_any_endpoint(client, world, hotline):
    _, token = hotline
    other, neighbour = _other_units_records(world)
    for matter in (other, neighbour):
        body = assert_problem(client.get(f"/api/v1/matters/{matter.pk}", **bearer(token)), 404)
        unknown = assert_problem(client.get("/api/v1/matters/987654", **bearer(token)), 404)
        assert body["detail"] == unknown["detail"]  # unknown and forbidden read the same
    shares = client.get("/api/v1/shares", **bearer(token)).json()
    assert shares == []
    from sifasuo.core import lines

    code = next(iter(lines.indicators()))
    own = client.get(f"/api/v1/statistics?indicator={code}&period=2026", **bearer(token))
    assert own.status_code == 200
    for unit in (world.office_b1, world.office_a2, world.county_a):
        response = client.get(
            f"/api/v1/statistics?indicator={code}&period=2026&unit_id={unit.pk}",
            **bearer(token),
        )
        assert_problem(response, 404)


def test_the_police_station_reads_the_cases_shared_with_it(client, world, issue):
    from sifasuo.core import services as core_services

    _, token = issue(world.police_a1, name="秦楼派出所", scopes=[Scope.SHARES_READ])
    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel=Channel.WINDOW,
        matter_type="dispute",
        narrative="邻里纠纷",
        requesters=[{"kind": "person", "name": "孙八", "phone": "13900003333"}],
    )
    core_services.share_record(actor=world.office_user, obj=matter, unit=world.police_a1)
    rows = client.get("/api/v1/shares", **bearer(token)).json()
    assert [(r["record_type"], r["record_id"]) for r in rows] == [("intake.matter", matter.pk)]
    assert "孙八" not in json.dumps(rows, ensure_ascii=False)


def test_statistics_by_indicator_unit_and_period(client, world, issue, hotline):
    _, token = issue(world.office_a1, name="秦楼统计", scopes=[Scope.STATISTICS_READ])
    indicators = client.get("/api/v1/indicators", **bearer(token)).json()
    code = indicators[0]["code"]
    assert indicators[0]["definition"]
    year = timezone.localdate().year
    response = client.get(f"/api/v1/statistics?indicator={code}&period={year}", **bearer(token))
    answer = response.json()
    assert response.status_code == 200, answer
    assert answer["unit_id"] == world.office_a1.pk and answer["period"] == str(year)
    bad = client.get(f"/api/v1/statistics?indicator={code}&period=2026-13", **bearer(token))
    assert assert_problem(bad, 422)["errors"][0]["field"] == "period"
    assert_problem(client.get("/api/v1/statistics?indicator=x.y&period=2026", **bearer(token)), 404)


# ---------------------------------------------------------------------------------------------
# The 12345 round trip and its webhook


class _Receiver(BaseHTTPRequestHandler):
    answers: list[int] = []
    received: list[tuple[dict, bytes]] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).answers.pop(0) if type(self).answers else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.answers, _Receiver.received = [], []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver
    server.shutdown()


@pytest.fixture
def tasks(settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend


def test_the_12345_round_trip_ends_with_a_signed_webhook_retried_with_backoff(
    client, world, issue, hotline_unit, receiver, tasks, django_capture_on_commit_callbacks
):
    url, server = receiver
    partner, token = issue(hotline_unit, webhook_url=url)
    # The hotline hands in the work order …
    matter_id = post_order(client, token, order()).json()["id"]
    # … the office handles and closes it through intake …
    matter = Matter.objects.get(pk=matter_id)
    matter = intake_services.matter_assign(
        actor=world.office_head, matter=matter, handler=world.office_user
    )
    matter = intake_services.matter_start(actor=world.office_user, matter=matter)
    with django_capture_on_commit_callbacks(execute=True):
        intake_services.matter_close(
            actor=world.office_user, matter=matter, result="已调解，双方达成协议。"
        )
    delivery = WebhookDelivery.objects.get()
    assert [r.args for r in tasks.results] == [[delivery.pk]]
    # … the partner's server is down at first: the retry waits, then twice as long …
    server.answers = [503, 500]
    first = services.webhook_attempt(delivery_id=delivery.pk)
    assert first.status == "pending" and first.last_error == "HTTP 503"
    assert tasks.results[-1].task.run_after == first.next_attempt_at
    waits = [first.next_attempt_at - timezone.now()]
    second = services.webhook_attempt(delivery_id=delivery.pk)
    waits.append(second.next_attempt_at - timezone.now())
    assert dt.timedelta(seconds=25) < waits[0] <= dt.timedelta(seconds=30)
    assert dt.timedelta(seconds=55) < waits[1] <= dt.timedelta(seconds=60)
    # … then takes it: the body tells the reply, and the signature verifies with the secret.
    third = services.webhook_attempt(delivery_id=delivery.pk)
    assert third.status == "delivered" and third.attempts == 3
    headers, body = server.received[-1]
    payload = json.loads(body)
    assert payload["ticket_number"] == "RZ20261202001"
    assert payload["reply_text"] == "已调解，双方达成协议。"
    assert payload["state"] == "closed"
    timestamp = headers["X-Sifasuo-Timestamp"]
    expected = hmac.new(
        partner.webhook_secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Sifasuo-Signature"] == f"sha256={expected}"
    assert len(server.received) == 3
    # A delivered event is not sent again.
    assert services.webhook_attempt(delivery_id=delivery.pk).attempts == 3


def test_a_delivery_is_given_up_after_the_last_attempt(
    client, settings, issue, hotline_unit, tasks, monkeypatch
):
    settings.SIFASUO_API_WEBHOOK_ATTEMPTS = 2
    partner, token = issue(hotline_unit, webhook_url="http://127.0.0.1:9/hook")
    post_order(client, token, order())
    work_order = WorkOrder.objects.get()
    matter = work_order.matter
    matter.state, matter.result = "closed", "已答复。"
    delivery = services.webhook_queue(work_order=work_order, matter=matter)
    calls = []

    def refuse(**kwargs):
        calls.append(kwargs)
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr("sifasuo.api.webhooks.send", refuse)
    assert services.webhook_attempt(delivery_id=delivery.pk).status == "pending"
    last = services.webhook_attempt(delivery_id=delivery.pk)
    assert last.status == "failed" and "refused" in last.last_error
    assert len(calls) == 2


def test_a_refused_work_order_tells_why(
    client, world, hotline, tasks, django_capture_on_commit_callbacks
):
    _, token = hotline
    matter = Matter.objects.get(pk=post_order(client, token, order()).json()["id"])
    with django_capture_on_commit_callbacks(execute=True):
        intake_services.matter_refuse(
            actor=world.office_user,
            matter=matter,
            reason_type="other_body",
            reason_text="属劳动争议，请向劳动仲裁委申请。",
        )
    payload = json.loads(WebhookDelivery.objects.get().body)
    assert payload["state"] == "refused"
    assert payload["reply_text"] == "不予受理：属劳动争议，请向劳动仲裁委申请。"


def test_a_revoked_clients_webhook_is_not_sent(
    client, world, issue, hotline_unit, tasks, monkeypatch
):
    partner, token = issue(hotline_unit)
    post_order(client, token, order())
    work_order = WorkOrder.objects.get()
    delivery = services.webhook_queue(work_order=work_order, matter=work_order.matter)
    services.client_revoke(actor=world.admin, client=partner)
    sent = []
    monkeypatch.setattr("sifasuo.api.webhooks.send", lambda **kwargs: sent.append(kwargs) or 200)
    result = services.webhook_attempt(delivery_id=delivery.pk)
    assert result.status == "failed" and result.last_error == "客户端已停用"
    assert sent == []


def test_calls_without_a_valid_token_are_limited_per_address(client, settings, hotline):
    settings.SIFASUO_API_UNAUTHENTICATED_PER_MINUTE = 3
    _, token = hotline
    guesser = {"REMOTE_ADDR": "203.0.113.7"}
    assert_problem(client.get("/api/v1/indicators", **guesser), 401)
    for _ in range(2):
        assert_problem(client.get("/api/v1/indicators", **bearer("sfs_guess", **guesser)), 401)
    response = client.get("/api/v1/indicators", **bearer("sfs_guess", **guesser))
    body = assert_problem(response, 429)
    assert body["type"] == "urn:sifasuo:problem:rate-limited"
    assert "未通过身份验证的请求过于频繁" in body["detail"]
    assert 1 <= int(response["Retry-After"]) <= 60
    assert_problem(client.get("/api/v1/indicators", **guesser), 429)
    # Another address, and a partner with its own token, are not held back.
    assert_problem(client.get("/api/v1/indicators", REMOTE_ADDR="203.0.113.8"), 401)
    assert client.get("/api/v1/indicators", **bearer(token, **guesser)).status_code == 200
