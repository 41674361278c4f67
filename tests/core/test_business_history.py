"""The shared history panel serves business records registered by their apps, scoped like them."""

import pytest
from django.urls import reverse

from sifasuo.core import selectors
from sifasuo.core.audit import audit_record


@pytest.mark.parametrize("name", ["matter", "case", "review", "meeting", "contract", "batch"])
def test_every_business_record_type_is_registered(name):
    model, unit_field = selectors.record_models()[name]
    assert unit_field == "unit"
    assert model._meta.get_field("unit").related_model._meta.label == "core.OrgUnit"


def test_history_of_a_business_record_is_scoped(world, client):
    from sifasuo.intake.models import Matter

    matter = Matter.objects.create(unit=world.office_a1, narrative="邻里纠纷")
    audit_record(actor=world.office_user, action="matter.register", obj=matter)
    url = reverse("core:history", args=["matter", matter.pk])
    client.force_login(world.office_user)
    body = client.get(url).content.decode()
    assert "a1_assistant" in body and "登记事项" in body
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
