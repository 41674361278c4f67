"""Schemathesis against the OpenAPI document the API serves: generated calls with a valid token
find no server error and no answer outside the document (status, content type, headers, body).
Also: the document and the docs page are public and load nothing from another origin."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sifasuo.api import services
from sifasuo.api.models import Scope
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Channel

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE])
invalid_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
invalid_schema.config.generation.update(modes=[GenerationMode.NEGATIVE])

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def token(world):
    """A client of office A1 holding every scope, with a matter of its own to read. Requests go
    through the WSGI handler, which would close the test's connection after each one."""
    issued = services.client_register(
        actor=world.admin,
        name="12345热线",
        unit=world.office_a1,
        scopes=[s.value for s in Scope],
        rate_per_minute=6000,
    )
    intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel=Channel.WINDOW,
        matter_type="dispute",
        narrative="邻里纠纷",
        requesters=[{"kind": "person", "name": "孙八", "phone": "13900003333"}],
    )
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield issued.token
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@BOUNDED
def test_the_api_keeps_to_its_document(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CONFORMANCE)


@invalid_schema.parametrize()
@BOUNDED
def test_invalid_calls_never_cause_a_server_error(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
    )


def test_the_document_and_the_docs_page_are_public_and_local(client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    paths = document.json()["paths"]
    assert {"/api/v1/work-orders", "/api/v1/matters/{matter_id}", "/api/v1/shares"} <= set(paths)
    errors = paths["/api/v1/shares"]["get"]["responses"]["404"]["content"]
    assert list(errors) == ["application/problem+json"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing from another origin
    assert '"validatorUrl": null' in html  # Swagger UI's online validator stays off
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    # No inline script runs: the only inline block is JSON settings, not script code.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    for asset in re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", html):
        assert client.get(asset).status_code == 200, asset
