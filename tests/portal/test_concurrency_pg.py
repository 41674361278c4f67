"""A citizen's double tap on PostgreSQL: both sendings of one application form meet in the
database (the main thread holds the office's row until both wait for it) and one matter results,
both answers leading to its receipt."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from test_concurrency_pg import _contended

from sifasuo.core.audit import verify_chain
from sifasuo.core.models import OrgUnit
from sifasuo.intake.models import Matter

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks between connections need PostgreSQL: set DATABASE_URL=postgres://…",
    ),
]


def test_a_double_tapped_application_registers_one_matter(world, form_data):
    data = form_data(office=world.office_a1.pk)

    def send():
        response = Client().post("/public/apply/mediation/", data)
        return response.status_code, response.get("Location")

    results = _contended(
        lambda: OrgUnit.objects.select_for_update().get(pk=world.office_a1.pk), [send, send]
    )
    assert results == [(302, "/public/apply/receipt/")] * 2, results
    assert Matter.objects.count() == 1
    assert verify_chain()[1] == []
