"""Every write has a typed actor: a User or a named SystemActor, never None; a write through a
partner's channel names the real person and the unit on whose behalf it was made."""

from __future__ import annotations

import pytest
from factories import SETUP

from sifasuo.core import services
from sifasuo.core.actors import DEMO, SystemActor
from sifasuo.core.audit import audit_record, verify_chain
from sifasuo.core.models import AuditEntry, Party
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Matter, MatterStep


def test_a_service_refuses_a_missing_actor(world):
    with pytest.raises(TypeError, match="User or a SystemActor"):
        services.party_create(actor=None, unit=world.office_a1, kind="person", name="张三")
    with pytest.raises(TypeError):
        audit_record(actor=None, action="party.update")
    assert not Party.objects.filter(name="张三").exists()


def test_a_system_actor_is_named_in_the_trail(world):
    party = services.party_create(actor=DEMO, unit=world.office_a1, kind="person", name="李四")
    entry = AuditEntry.objects.get(action="party.create", object_id=str(party.pk))
    assert entry.actor_id is None
    assert entry.actor_name == "系统：演示数据"
    assert str(SETUP) == "系统：测试准备"


def test_a_partner_referral_names_the_real_person_and_the_partner(world):
    matter = intake_services.matter_refer_in(
        actor=world.partner,
        matter_type="dispute",
        narrative="邻里因宅基地界址争执，派出所移送。",
        requesters=[{"kind": "person", "name": "孙七"}],
    )
    matter = Matter.objects.get(pk=matter.pk)
    assert matter.created_by == world.partner  # written so, never patched afterwards
    step = MatterStep.objects.filter(matter=matter).order_by("pk").first()
    assert step.actor_name == str(world.partner)
    assert step.unit_name == str(world.police_a1)
    for action in ("matter.register", "matter.refer_in", "party.create"):
        entry = AuditEntry.objects.filter(action=action).latest("seq")
        assert entry.actor_name == world.partner.username, action
        assert entry.on_behalf_of_name == world.police_a1.name, action
    assert verify_chain()[1] == []


def test_a_channel_must_be_the_actors_own_unit(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        intake_services.matter_register(
            actor=world.outsider,
            on_behalf_of=world.police_a1,
            unit=world.office_a1,
            channel="department",
            matter_type="dispute",
            narrative="冒用派出所渠道登记。",
            requesters=[{"kind": "person", "name": "周八"}],
        )


def test_system_actors_have_distinct_names():
    assert SystemActor("x", "甲") == SystemActor("x", "甲")
    assert str(SystemActor("import", "数据导入")) == "系统：数据导入"
