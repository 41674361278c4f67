"""The statutory path of a petition at a 司法所: 书面告知 within 15 days (信访工作条例 23(2)),
handling within 60 days for a 第三十一条第六项 matter (34), 复查 (35) and 复核 (36), each period
from the deadline engine; outcome, 息访 and repeat petitioners."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sifasuo.core.models import AuditEntry
from sifasuo.core.scoping import scope
from sifasuo.intake import services as intake_services
from sifasuo.petitions import selectors, services
from sifasuo.petitions.models import Petition, Stage

DAY = dt.date(2026, 6, 1)


def _limits(petition):
    return {x.kind: x for x in petition.time_limits.all()}


def _accept(petition, actor, route="6", on=dt.date(2026, 6, 3)):
    return services.petition_notify(
        actor=actor,
        petition=petition,
        notified_on=on,
        accepted=True,
        route=route,
        notice_text="已受理，告知处理途径和程序。",
    )


def test_a_petition_runs_from_notice_to_recheck_with_every_period_from_the_engine(world, petition):
    user, head = world.office_user, world.office_head
    notify = _limits(petition)["notify"]
    assert (notify.due_on, notify.due_basis) == (
        dt.date(2026, 6, 16),
        "信访工作条例 第二十三条第二款",
    )

    petition = _accept(petition, user)
    handle = _limits(petition)["handle"]
    # 60 days from acceptance end on Sunday 2 August: the next working day.
    assert handle.due_on == dt.date(2026, 8, 3) and handle.due_basis == "信访工作条例 第三十四条"
    assert _limits(petition)["notify"].met is True

    with pytest.raises(PermissionDenied):  # 经本机关负责人批准
        services.petition_extend(actor=user, petition=petition, reason="需入户核查")
    petition = services.petition_extend(actor=head, petition=petition, reason="需入户核查")
    assert _limits(petition)["handle"].due_on == dt.date(2026, 9, 2)
    with pytest.raises(ValidationError, match="延长期限不得超过30日"):
        services.petition_extend(actor=head, petition=petition, reason="再次延长")

    petition = services.petition_reply(
        actor=user,
        petition=petition,
        replied_on=dt.date(2026, 8, 5),
        opinion="explain",
        text="依据第三十二条第一款第二项作出解释说明。",
        delivered_on=dt.date(2026, 8, 7),
    )
    limits = _limits(petition)
    assert limits["handle"].met is True  # within the extended period
    # 30 days from receipt of the reply end on Sunday 6 September: the next working day.
    assert limits["review_request"].due_on == dt.date(2026, 9, 7)
    with pytest.raises(ValidationError, match="已书面答复”，不能进行该操作"):  # 复查 first
        services.petition_recheck_request(
            actor=user, petition=petition, requested_on=dt.date(2026, 8, 20), body="区政府"
        )

    petition = services.petition_review_request(
        actor=user, petition=petition, requested_on=dt.date(2026, 8, 20), body="东港区司法局"
    )
    assert _limits(petition)["review"].due_on == dt.date(2026, 9, 20)
    petition = services.petition_review_decision(
        actor=user,
        petition=petition,
        decided_on=dt.date(2026, 8, 25),
        result="upheld",
        text="维持原处理意见。",
        delivered_on=dt.date(2026, 8, 26),
    )
    petition = services.petition_recheck_request(
        actor=user, petition=petition, requested_on=dt.date(2026, 8, 28), body="东港区人民政府"
    )
    # 30 days from 28 August end on Sunday 27 September: the next working day.
    assert _limits(petition)["recheck"].due_on == dt.date(2026, 9, 28)
    # 复核听证 on 29 and 30 August: two days that do not count (第三十六条第二款), so the
    # 30 days end on Tuesday 29 September.
    petition = services.petition_recheck_hearing(
        actor=user, petition=petition, held_from=dt.date(2026, 8, 29), held_to=dt.date(2026, 8, 30)
    )
    assert _limits(petition)["recheck"].due_on == dt.date(2026, 9, 29)
    petition = services.petition_recheck_decision(
        actor=user,
        petition=petition,
        decided_on=dt.date(2026, 8, 30),
        result="upheld",
        text="维持复查意见。",
    )
    petition = services.petition_close(
        actor=user,
        petition=petition,
        outcome="final",
        satisfaction="unsatisfied",
        settled=False,
        closed_on=dt.date(2026, 8, 31),
    )
    assert petition.stage == Stage.CLOSED
    actions = list(
        AuditEntry.objects.filter(object_id=str(petition.pk), action__startswith="petitions.")
        .order_by("id")
        .values_list("action", "actor_name")
    )
    assert [a for a, _ in actions] == [
        "petitions.open",
        "petitions.accept",
        "petitions.extend",
        "petitions.reply",
        "petitions.review_request",
        "petitions.review",
        "petitions.recheck_request",
        "petitions.recheck_hearing",
        "petitions.recheck",
        "petitions.close",
    ]
    assert {name for _, name in actions} >= {"a1_assistant", "a1_head"}


def test_a_late_review_request_is_refused_with_the_day_the_period_ended(world, petition):
    petition = _accept(petition, world.office_user)
    petition = services.petition_reply(
        actor=world.office_user,
        petition=petition,
        replied_on=dt.date(2026, 7, 1),
        opinion="not_support",
        text="请求缺乏事实根据，不予支持。",
    )
    with pytest.raises(ValidationError, match="2026-07-31"):
        services.petition_review_request(
            actor=world.office_user,
            petition=petition,
            requested_on=dt.date(2026, 8, 10),
            body="东港区司法局",
        )


def test_only_a_sixth_item_matter_gets_the_sixty_days_and_must_be_answered_first(
    world, today, open_petition, petitioner
):
    user = world.office_user
    referred = _accept(open_petition(user), user, route="4")
    assert "handle" not in _limits(referred)
    referred = services.petition_close(
        actor=user,
        petition=referred,
        outcome="referred",
        satisfaction="basic",
        settled=True,
        closed_on=dt.date(2026, 6, 10),
    )
    assert referred.stage == Stage.CLOSED

    sixth = _accept(open_petition(user, petitioner=petitioner("李四")), user)
    with pytest.raises(ValidationError, match="信访处理意见书"):
        services.petition_close(
            actor=user,
            petition=sixth,
            outcome="resolved",
            satisfaction="satisfied",
            settled=True,
            closed_on=dt.date(2026, 6, 10),
        )
    with pytest.raises(ValidationError, match="办理途径"):
        services.petition_notify(
            actor=user,
            petition=open_petition(user, petitioner=petitioner("王五")),
            notified_on=dt.date(2026, 6, 2),
            accepted=True,
            notice_text="已受理。",
        )


def test_a_petition_outside_the_offices_powers_ends_with_the_notice(world, petition):
    petition = services.petition_notify(
        actor=world.office_user,
        petition=petition,
        notified_on=dt.date(2026, 6, 1),
        accepted=False,
        notice_text="属人社部门职责，请向劳动保障监察大队投诉。",
    )
    assert (petition.stage, petition.outcome) == (Stage.CLOSED, "redirected")
    assert petition.closed_on == dt.date(2026, 6, 1)


def test_the_same_petitioner_again_is_a_repeat_visit_linked_to_the_first(
    world, today, open_petition, petitioner
):
    person = petitioner("张秀兰")
    first = open_petition(world.office_user, petitioner=person)
    second = open_petition(world.office_user, petitioner=person, received_on=dt.date(2026, 8, 1))
    assert (second.repeat_of, second.visit_number) == (first, 2)
    assert second.risk_grade == "yellow" and "repeated" in second.risk_checklist
    assert list(selectors.petitioner_history(second, user=world.office_user)) == [first, second]
    # the colleague in A2 sees neither
    assert not scope(world.colleague, Petition.objects.all()).exists()


def test_from_an_intake_matter_the_period_runs_from_the_day_it_was_received(
    world, today, petitioner
):
    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="window",
        matter_type="petition",
        narrative="反映村务公开不及时。",
        requesters=[petitioner("赵敏")],
        received_on=dt.date(2026, 8, 20),
    )
    due = matter.due_on
    petition = services.petition_open(
        actor=world.office_user,
        unit=matter.unit,
        kind="complaint",
        request=matter.narrative,
        matter=matter,
    )
    assert petition.received_on == dt.date(2026, 8, 20) and petition.channel == "visit"
    assert petition.petitioner.name == "赵敏"
    assert _limits(petition)["notify"].due_on == due == dt.date(2026, 9, 4)
    matter.refresh_from_db()
    # the period moved with the matter: the matter no longer shows it as its own
    assert (matter.state, matter.due_on) == ("in_progress", None)
    with pytest.raises(ValidationError, match="已转为信访件"):
        services.petition_open(
            actor=world.office_user, unit=matter.unit, kind="complaint", request="x", matter=matter
        )
    petition = services.petition_notify(
        actor=world.office_user,
        petition=petition,
        notified_on=dt.date(2026, 8, 21),
        accepted=True,
        route="3",
        notice_text="告知向党组织申诉。",
    )
    services.petition_close(
        actor=world.office_user,
        petition=petition,
        outcome="referred",
        satisfaction="satisfied",
        settled=True,
        closed_on=dt.date(2026, 8, 25),
    )
    matter.refresh_from_db()
    assert matter.state == "closed" and petition.number in matter.result


def test_meetings_name_county_partners_and_red_risk_is_shared_only_with_a_plan(world, petition):
    user = world.office_user
    with pytest.raises(ValidationError):
        services.meeting_add(
            actor=user,
            petition=petition,
            held_on=DAY,
            partners=[world.village_a1],
            attendees="所长",
            conclusions="研判",
        )
    services.meeting_add(
        actor=user,
        petition=petition,
        held_on=dt.date(2026, 6, 5),
        partners=[world.police_a1],
        attendees="所长、派出所所长",
        conclusions="派出所掌握动态，责任部门十日内反馈。",
    )
    assert petition.meetings.get().partners.get() == world.police_a1

    with pytest.raises(ValidationError, match="稳控化解措施"):
        services.petition_screen_risk(actor=user, petition=petition, checklist=["extreme"])
    petition = services.petition_screen_risk(
        actor=user, petition=petition, checklist=["extreme"], control_plan="包案领导每日联系"
    )
    assert petition.risk_grade == "red"
    assert not selectors.watch_list_for_user(user=world.partner).exists()
    services.petition_share_with_partner(actor=user, petition=petition, partner=world.police_a1)
    assert list(selectors.watch_list_for_user(user=world.partner)) == [petition]
    with pytest.raises(PermissionDenied):
        services.petition_share_with_partner(
            actor=world.outsider, petition=petition, partner=world.police_a1
        )


def test_a_double_submit_registers_one_petition(world, today, open_petition):
    import uuid

    token = uuid.uuid4()
    first = open_petition(world.office_user, submission_token=token)
    again = open_petition(world.office_user, submission_token=token)
    assert first == again and Petition.objects.count() == 1
