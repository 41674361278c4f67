"""The shared history panel serves business records registered by their apps, scoped like them."""

import pytest
from django.urls import reverse

from sifasuo.core import lines
from sifasuo.core.audit import audit_record


@pytest.mark.parametrize(
    "key",
    [
        "intake.matter",
        "mediation.case",
        "reviews.review",
        "reviews.meeting",
        "contracts.contract",
        "contract_review.batch",
    ],
)
def test_every_business_record_type_is_registered(key):
    record = lines.record_types()[key]
    assert record.unit_field == "unit"
    model = record.model_class()
    assert model._meta.get_field("unit").related_model._meta.label == "core.OrgUnit"


def test_history_of_a_business_record_is_scoped(world, client):
    from sifasuo.intake.models import Matter

    matter = Matter.objects.create(unit=world.office_a1, narrative="邻里纠纷")
    audit_record(actor=world.office_user, action="matter.register", obj=matter)
    url = reverse("core:history", args=["intake.matter", matter.pk])
    client.force_login(world.office_user)
    body = client.get(url).content.decode()
    assert "a1_assistant" in body and "登记事项" in body
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_history_names_non_field_changes_in_chinese(world, client):
    from sifasuo.intake.models import Matter

    matter = Matter.objects.create(unit=world.office_a1, narrative="邻里纠纷")
    audit_record(
        actor=world.office_user,
        action="matter.register",
        obj=matter,
        changes={"session": "2026-11-20", "document": [None, "草案.docx v2"]},
    )
    client.force_login(world.office_user)
    body = client.get(reverse("core:history", args=["intake.matter", matter.pk])).content.decode()
    assert "调解日期" in body and "文书材料" in body and "草案.docx v2" in body
    assert "session" not in body and "document：" not in body
