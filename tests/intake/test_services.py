import datetime as dt

import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from factories import SETUP

from sifasuo.core import services as core_services
from sifasuo.core.models import AuditEntry, Party, Share
from sifasuo.core.roles import Role
from sifasuo.intake import selectors, services
from sifasuo.intake.models import Matter, MatterState, MatterType, ReasonType


def test_register_creates_parties_tracking_code_step_and_audit(world, register, requester):
    matter = register(
        world.office_user,
        requesters=[
            requester("王建国"),
            requester(
                "某某公司", kind="organization", id_number="", credit_code="", phone="05338888888"
            ),
        ],
    )
    assert matter.state == MatterState.REGISTERED
    assert len(matter.tracking_code) == 12
    assert sorted(p.name for p in matter.requesters.all()) == ["某某公司", "王建国"]
    assert Party.objects.filter(unit=world.office_a1).count() == 2
    assert AuditEntry.objects.filter(action="matter.register", object_id=str(matter.pk)).exists()
    assert [s.action for s in matter.steps.all()] == ["登记"]
    assert matter.due_on is None  # 纠纷调解: no statutory intake deadline


def test_legal_aid_and_petition_get_due_dates_from_engine(world, register):
    aid = register(world.office_user, matter_type=MatterType.LEGAL_AID)
    petition = register(world.office_user, matter_type=MatterType.PETITION)
    today = timezone.localdate()
    assert aid.due_rule == "legal_aid.decide"
    assert aid.due_on == today + dt.timedelta(days=7) or aid.due_on > today
    # An office is not a 信访部门: 信访工作条例 第二十三条第二款, 15 days to tell the petitioner.
    assert petition.due_rule == "petition.notify"
    assert petition.due_basis == "信访工作条例 第二十三条第二款"
    assert petition.due_on >= today + dt.timedelta(days=15)


def test_a_petition_with_unclear_name_or_address_owes_no_written_notice(world, register, login):
    """第二十三条第二款 excepts the petitioner whose name or address is unclear from the 15-day
    notice: no clock at the window, the page says why, and the petition file keeps the flag."""
    unclear = register(world.office_user, matter_type=MatterType.PETITION, contact_unclear=True)
    assert (unclear.contact_unclear, unclear.due_rule, unclear.due_on) == (True, "", None)
    # Only a petition carries it.
    dispute = register(world.office_user, matter_type=MatterType.DISPUTE, contact_unclear=True)
    assert dispute.contact_unclear is False

    client = login(world.office_user)
    page = client.get(f"/intake/{unclear.pk}/").content.decode()
    assert "不计书面告知期限" in page
    form = client.get(f"/petitions/new/?matter={unclear.pk}").content.decode()
    tag = form.split('name="contact_unclear"')[1].split(">")[0]
    assert "checked" in tag


def test_invalid_id_number_names_the_requester_slot_and_writes_nothing(world, register, requester):
    with pytest.raises(ValidationError) as exc:
        register(world.office_user, requesters=[requester(id_number="371102198001010000")])
    assert "r1_id_number" in exc.value.message_dict
    assert not Matter.objects.exists()
    assert not Party.objects.exists()


def test_outsider_cannot_register_in_another_office(world, register):
    with pytest.raises(PermissionDenied):
        register(world.outsider, unit=world.office_a1)


def test_duplicate_detection_same_requester_counterpart_and_type(world, register, requester):
    first = requester("王建国")
    matter = register(world.office_user, requesters=[first])
    found = services.matter_duplicates(
        unit=world.office_a1,
        matter_type=MatterType.DISPUTE,
        requester_keys=[first["id_number"]],
        counterpart_names="赵六",
    )
    assert found == [matter]
    assert not services.matter_duplicates(
        unit=world.office_a1,
        matter_type=MatterType.CONSULTATION,
        requester_keys=[first["id_number"]],
        counterpart_names="赵六",
    )
    services.matter_refuse(
        actor=world.office_user,
        matter=matter,
        reason_type=ReasonType.OUT_OF_SCOPE,
        reason_text="不属于受理范围",
    )
    assert not services.matter_duplicates(
        unit=world.office_a1,
        matter_type=MatterType.DISPUTE,
        requester_keys=[first["id_number"]],
        counterpart_names="赵六",
    )


def test_assign_start_close(world, matters):
    matter = services.matter_assign(
        actor=world.office_head, matter=matters["A1"], handler=world.mediator
    )
    assert matter.state == MatterState.ASSIGNED
    assert list(selectors.matter_queue_for_user(user=world.mediator, which="mine")) == [matter]
    matter = services.matter_start(actor=world.mediator, matter=matter)
    matter = services.matter_close(actor=world.mediator, matter=matter, result="调解成功")
    assert matter.state == MatterState.CLOSED
    assert [s.action for s in matter.steps.all()] == ["登记", "分派", "开始办理", "办结"]


def test_assign_rejects_handler_of_another_office(world, matters):
    with pytest.raises(ValidationError):
        services.matter_assign(
            actor=world.office_head, matter=matters["A1"], handler=world.colleague
        )


def test_stale_version_gives_conflict_not_overwrite(world, matters):
    matter = matters["A1"]
    services.matter_assign(
        actor=world.office_head, matter=matter, handler=world.mediator, version=matter.version
    )
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.matter_assign(
            actor=world.office_user,
            matter=matter,
            handler=world.office_user,
            version=matter.version,
        )
    matter.refresh_from_db()
    assert matter.handler == world.mediator


def test_refusal_requires_reason_type_and_text(world, matters):
    with pytest.raises(ValidationError) as exc:
        services.matter_refuse(
            actor=world.office_user, matter=matters["A1"], reason_type="", reason_text=" "
        )
    assert set(exc.value.message_dict) == {"reason_type", "reason_text"}


def test_transfer_to_partner_accept(world, matters):
    matter = services.matter_transfer(
        actor=world.office_user,
        matter=matters["A1"],
        to_unit=world.police_a1,
        reason_type=ReasonType.OTHER_BODY,
        reason_text="涉嫌治安案件",
    )
    assert matter.state == MatterState.TRANSFERRED
    assert Share.objects.filter(
        object_id=matter.pk, unit=world.police_a1, reason="referred"
    ).exists()
    assert list(selectors.matter_queue_for_user(user=world.partner, which="incoming")) == [matter]
    matter = services.matter_transfer_accept(actor=world.partner, matter=matter)
    assert matter.transfer_accepted
    with pytest.raises(PermissionDenied):
        services.matter_transfer_accept(actor=world.office_user, matter=matter)


def test_transfer_refused_by_partner_comes_back(world, matters):
    matter = services.matter_transfer(
        actor=world.office_user,
        matter=matters["A1"],
        to_unit=world.police_a1,
        reason_type=ReasonType.OTHER_BODY,
        reason_text="涉嫌治安案件",
    )
    matter = services.matter_transfer_refuse(
        actor=world.partner, matter=matter, reason_text="不属于治安案件"
    )
    assert matter.state == MatterState.REGISTERED
    assert matter in selectors.matter_queue_for_user(user=world.office_user, which="unassigned")
    assert not selectors.matter_queue_for_user(user=world.partner, which="all").exists()
    assert "退回" in [s.action for s in matter.steps.all()][-1]


def test_public_status_needs_code_and_the_registered_phone(world, matters):
    matter = matters["A1"]
    status = services.matter_public_status(
        tracking_code=matter.tracking_code.lower(), phone="13963300011"
    )
    assert status["state"] == "已登记"
    assert "王建国" not in str(status) and "秦楼甲" not in str(status)
    assert (
        services.matter_public_status(tracking_code=matter.tracking_code, phone="13900000000")
        is None
    )
    assert services.matter_public_status(tracking_code="XXXX", phone="13963300011") is None


def test_routing_rule_sends_matter_to_target_office_and_role(world, register):
    with pytest.raises(PermissionDenied):
        services.routing_rule_set(
            actor=world.office_head,
            county=world.county_a,
            matter_type=MatterType.LEGAL_AID,
            target=world.office_a2,
        )
    with pytest.raises(ValidationError):
        services.routing_rule_set(
            actor=world.supervisor,
            county=world.county_a,
            matter_type=MatterType.LEGAL_AID,
            target=world.office_b1,
        )
    services.routing_rule_set(
        actor=world.supervisor,
        county=world.county_a,
        matter_type=MatterType.LEGAL_AID,
        target=world.office_a2,
        handler_role=Role.JUDICIAL_ASSISTANT,
    )
    matter = register(world.office_user, matter_type=MatterType.LEGAL_AID)
    assert matter.unit == world.office_a2
    assert matter.state == MatterState.ASSIGNED and matter.handler == world.colleague
    # The front desk still sees what it registered; the other county does not.
    assert selectors.matter_get_for_user(user=world.office_user, matter_id=matter.pk)
    assert selectors.matter_queue_for_user(user=world.colleague, which="mine").get() == matter
    with pytest.raises(PermissionDenied):
        services.matter_close(actor=world.office_user, matter=matter, result="x")
    # A rule for one township wins over the county-wide one; no rule: stays at the desk.
    services.routing_rule_set(
        actor=world.supervisor,
        county=world.county_a,
        matter_type=MatterType.LEGAL_AID,
        township=world.office_a1,
        target=world.office_a1,
    )
    assert register(world.office_user, matter_type=MatterType.LEGAL_AID).unit == world.office_a1
    assert register(world.office_user).unit == world.office_a1
    # Two people in the role: left for the office to assign.
    core_services.user_create(
        actor=SETUP,
        username="a2_second",
        password="x",
        unit=world.office_a2,
        role=Role.JUDICIAL_ASSISTANT,
        check_password=False,
    )
    rule = services.routing_rule_set(
        actor=world.supervisor,
        county=world.county_a,
        matter_type=MatterType.PETITION,
        target=world.office_a2,
        handler_role=Role.JUDICIAL_ASSISTANT,
    )
    routed = register(world.office_user, matter_type=MatterType.PETITION)
    assert routed.unit == world.office_a2 and routed.state == MatterState.REGISTERED
    services.routing_rule_delete(actor=world.supervisor, rule=rule)
    assert register(world.office_user, matter_type=MatterType.PETITION).unit == world.office_a1


def test_statutory_period_counts_from_the_day_the_request_was_received(world, register):
    from sifasuo.core import deadline_service

    received = timezone.localdate() - dt.timedelta(days=6)
    matter = register(world.office_user, matter_type="legal_aid", received_on=received)
    assert matter.received_on == received and matter.due_start == received
    same_day = register(world.office_user, matter_type="legal_aid", narrative="另一件")
    assert same_day.received_on == timezone.localdate()
    expected, _provisional = deadline_service.compute_due("legal_aid.decide", received)
    assert matter.due_on == expected.due < same_day.due_on


@pytest.mark.parametrize(("days", "message"), [(-1, "不能晚于今天"), (31, "请核对")])
def test_received_on_must_be_plausible(world, register, days, message):
    with pytest.raises(ValidationError, match=message):
        register(
            world.office_user,
            received_on=timezone.localdate() - dt.timedelta(days=days),
        )
    assert not Matter.objects.exists()


def test_a_returning_requester_is_the_same_party(world, register, requester):
    number = factories.make_id_number()
    first = register(world.office_user, requesters=[requester(id_number=number)])
    second = register(
        world.office_user,
        narrative="又一件事",
        requesters=[requester(id_number=number.lower(), phone="13963300099")],
    )
    (party,) = first.requesters.all()
    assert list(second.requesters.all()) == [party]
    party.refresh_from_db()
    assert party.phone == "13963300099"  # the number given at the window is kept
    assert Party.objects.filter(unit=world.office_a1).count() == 1
    other_office = register(world.colleague, requesters=[requester(id_number=number)])
    assert other_office.requesters.get() != party  # each office keeps its own register


def test_a_routed_matter_submitted_twice_with_its_token_is_registered_once(world, register):
    import uuid

    services.routing_rule_set(
        actor=world.supervisor,
        county=world.county_a,
        matter_type=MatterType.LEGAL_AID,
        target=world.office_a2,
    )
    token = uuid.uuid4()
    first = register(world.office_user, matter_type=MatterType.LEGAL_AID, submission_token=token)
    again = register(world.office_user, matter_type=MatterType.LEGAL_AID, submission_token=token)
    assert first.unit == world.office_a2 and again.pk == first.pk
    assert Matter.objects.count() == 1
