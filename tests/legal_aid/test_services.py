"""An application from the office window to the centre's decision, assignment, outcome and visit:
the periods of 法律援助法 第四十三条 and 第四十九条 and the office's forwarding period come from the
deadline engine; only the centre of the office's own county sees a forwarded application."""

import datetime as dt
import uuid

import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from sifasuo.core.indicators import Period, value_for
from sifasuo.core.models import AuditEntry
from sifasuo.legal_aid import selectors, services
from sifasuo.legal_aid.models import Application, Status
from sifasuo.legal_aid.todos import todo_groups

MONDAY = dt.date(2026, 3, 2)


def test_window_to_visit_with_every_period(world, centres, freeze_today, register):
    freeze_today(MONDAY)
    app = register(world.office_user, received_on=MONDAY)
    assert app.status == Status.RECEIVED and app.number == "秦楼司法所援申〔2026〕第1号"
    # Three working days to forward (the default setting): Monday → Thursday.
    assert app.forward_due_on == dt.date(2026, 3, 5) and app.due_on == app.forward_due_on
    app = services.application_forward(
        actor=world.office_user, app=app, forwarded_on=MONDAY, means="online", receipt="R-1"
    )
    assert app.centre == centres.a and app.status == Status.FORWARDED and app.due_on is None
    freeze_today(MONDAY + dt.timedelta(days=1))
    app = services.application_receive(actor=centres.staff_a, app=app, received_on=MONDAY)
    # 第四十三条: seven days from the centre's receipt.
    assert app.decide_due_on == dt.date(2026, 3, 9) and app.due_on == app.decide_due_on
    app = services.application_decide(
        actor=centres.staff_a, app=app, decision="grant", decided_on=MONDAY, reason=""
    )
    assert app.status == Status.GRANTED and app.assign_due_on == dt.date(2026, 3, 5)
    app = services.application_assign(
        actor=centres.staff_a, app=app, assigned_on=MONDAY, lawyer="刘律师", law_firm="正衡律所"
    )
    app = services.application_close(
        actor=centres.staff_a, app=app, outcome="mediation", closed_on=MONDAY, note="调解结案"
    )
    app = services.application_visit(
        actor=world.office_user, app=app, visited_on=MONDAY, satisfaction="satisfied", note=""
    )
    assert app.status == Status.CLOSED and app.satisfaction == "satisfied"
    actions = list(
        AuditEntry.objects.filter(object_id=str(app.pk), action__startswith="legal_aid.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "legal_aid.register",
        "legal_aid.forward",
        "legal_aid.receive",
        "legal_aid.decide",
        "legal_aid.assign",
        "legal_aid.close",
        "legal_aid.visit",
    ]
    titles = [s.title for s in selectors.timeline(app)]
    assert titles[:3] == ["司法所受理申请", "转交法律援助中心", "法律援助中心收到申请"]
    assert all(s.in_time is not False for s in selectors.timeline(app))
    year = Period.year(2026)
    assert value_for("legal_aid.received", world.county_a, year) == 1
    assert value_for("legal_aid.exempt", world.office_a1, year) == 1
    assert value_for("legal_aid.decided_in_time_rate", world.county_a, year) == 100
    assert value_for("legal_aid.satisfaction_rate", world.city, year) == 100
    assert value_for("legal_aid.received", world.county_b, year) == 0


@override_settings(SIFASUO_LEGAL_AID_FORWARD_DAYS=1)
def test_the_forwarding_period_is_a_setting_in_working_days(world, centres, freeze_today, register):
    freeze_today(dt.date(2026, 3, 6))  # a Friday
    app = register(world.office_user, received_on=dt.date(2026, 3, 6))
    assert app.forward_due_on == dt.date(2026, 3, 9)  # next Monday
    assert "SIFASUO_LEGAL_AID_FORWARD_DAYS" in app.due_basis


def test_the_means_check_is_recorded_with_its_article(world, centres, register):
    with pytest.raises(ValidationError) as caught:
        register(world.office_user, exemption_item="", exemption_proof="")
    assert set(caught.value.message_dict) == {"exemption_item", "exemption_proof"}
    with pytest.raises(ValidationError) as caught:
        register(world.office_user, exemption_item="3", art31_item="4")
    assert "第四十二条第三项" in caught.value.message_dict["exemption_item"][0]
    with pytest.raises(ValidationError) as caught:
        register(world.office_user, means_basis="declared", exemption_item="")
    assert {"declaration", "household_size"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        register(world.office_user, art31_item="")
    assert "第三十一条" in caught.value.message_dict["art31_item"][0]
    declared = register(
        world.office_user,
        means_basis="declared",
        exemption_item="1",  # not kept: only an exempt application names an item
        household_size=4,
        household_income=1800,
        declaration="家中无稳定收入。",
        pledge_signed=True,
    )
    assert declared.exemption_item == "" and declared.pledge_signed
    migrant = register(
        world.office_user, exemption_item="3", art31_item="5", groups=["other_group"]
    )
    assert migrant.migrant_worker


def test_a_double_submit_registers_once(world, centres, register):
    token = uuid.uuid4()
    first = register(world.office_user, submission_token=token)
    again = register(world.office_user, submission_token=token)
    assert first.pk == again.pk and Application.objects.count() == 1


def test_only_the_own_county_centre_sees_and_acts(world, centres, application):
    assert not selectors.application_list_for_user(user=centres.staff_a).exists()
    services.application_forward(
        actor=world.office_user,
        app=application,
        forwarded_on=application.received_on,
        means="in_person",
        receipt="",
    )
    assert list(selectors.application_list_for_user(user=centres.staff_a)) == [application]
    assert not selectors.application_list_for_user(user=centres.staff_b).exists()
    assert not selectors.application_list_for_user(user=world.outsider).exists()
    assert not selectors.application_list_for_user(user=world.colleague).exists()
    assert selectors.application_list_for_user(user=world.supervisor).count() == 1
    application.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.application_receive(
            actor=centres.staff_b, app=application, received_on=application.received_on
        )
    with pytest.raises(PermissionDenied):
        services.application_receive(
            actor=world.office_user, app=application, received_on=application.received_on
        )


def test_forwarding_needs_a_centre_in_the_county(world, centres, register):
    county_c = factories.unit("岚山区司法局", "bureau", world.city)
    office_c = factories.unit("虎山司法所", "office", county_c)
    clerk = factories.user("c1_assistant", office_c, "judicial_assistant")
    app = register(clerk, applicant={"name": "赵一"})
    with pytest.raises(ValidationError) as caught:
        services.application_forward(
            actor=clerk, app=app, forwarded_on=app.received_on, means="mail", receipt=""
        )
    assert "尚未登记法律援助中心" in caught.value.messages[0]
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED


def _refused(world, centres, application):
    day = application.received_on
    app = services.application_forward(
        actor=world.office_user, app=application, forwarded_on=day, means="online", receipt=""
    )
    app = services.application_receive(actor=centres.staff_a, app=app, received_on=day)
    with pytest.raises(ValidationError) as caught:
        services.application_decide(
            actor=centres.staff_a, app=app, decision="refuse", decided_on=day, reason=""
        )
    assert "说明理由" in caught.value.message_dict["reason"][0]
    return services.application_decide(
        actor=centres.staff_a, app=app, decision="refuse", decided_on=day, reason="不符合条件"
    )


def test_an_objection_is_answered_within_five_days_and_may_reopen(
    world, centres, freeze_today, register
):
    freeze_today(MONDAY)
    app = _refused(world, centres, register(world.office_user, received_on=MONDAY))
    objection = services.objection_file(
        actor=world.office_user, app=app, received_on=MONDAY, content="申请人经济困难。"
    )
    # Five days end on Saturday 7 March; a period ending on a rest day runs to the next working day.
    assert objection.due_on == dt.date(2026, 3, 9) and "第四十九条" in objection.due_basis
    with pytest.raises(ValidationError):
        services.objection_file(actor=world.office_user, app=app, received_on=MONDAY, content="再")
    services.objection_decide(
        actor=centres.staff_a, objection=objection, result="corrected", decided_on=MONDAY, note=""
    )
    app.refresh_from_db()
    assert app.status == Status.REVIEWING and app.decision == ""
    assert app.due_on == dt.date(2026, 3, 9)


def test_prior_aid_names_its_item(world, centres, application):
    day = application.received_on
    app = services.application_forward(
        actor=world.office_user, app=application, forwarded_on=day, means="online", receipt=""
    )
    app = services.application_receive(actor=centres.staff_a, app=app, received_on=day)
    app = services.application_prior_aid(actor=centres.staff_a, app=app, item="2", given_on=day)
    assert app.get_prior_aid_item_display().startswith("（二）需要立即申请财产保全")
    assert any(s.title.startswith("先行提供") for s in selectors.timeline(app))


def test_todos_for_the_office_and_the_centre(world, centres, application, home):
    assert "待转交法律援助中心" in home(world.office_user)
    services.application_forward(
        actor=world.office_user,
        app=application,
        forwarded_on=application.received_on,
        means="online",
        receipt="",
    )
    page = home(centres.staff_a)
    assert "法律援助（中心待办）" in page and "待中心签收" in page
    assert application.number not in home(centres.staff_b)


def test_an_overdue_decision_heads_the_centres_todos(world, centres, register, freeze_today):
    freeze_today(MONDAY)
    late = register(world.office_user, received_on=MONDAY, summary="迟办的申请")
    fresh = register(world.office_user, received_on=MONDAY, summary="新到的申请")
    for app in (late, fresh):
        app = services.application_forward(
            actor=world.office_user, app=app, forwarded_on=MONDAY, means="online", receipt=""
        )
        services.application_receive(actor=centres.staff_a, app=app, received_on=MONDAY)
    freeze_today(MONDAY + dt.timedelta(days=14))
    fresh.refresh_from_db()
    services.application_decide(
        actor=centres.staff_a,
        app=fresh,
        decision="grant",
        decided_on=MONDAY + dt.timedelta(days=14),
        reason="",
    )
    group = todo_groups(user=centres.staff_a, limit=5)[0]
    assert [t.due_state for t in group.items] == ["overdue", "due_soon"]
    assert group.items[0].step == "待作出是否给予法律援助的决定"
    assert group.items[1].step == "待指派法律援助人员"
    fresh.refresh_from_db()
    assert fresh.decided_in_time is False  # decided on day 14 of 7


def test_recompute_counts_each_step_again(world, centres, application):
    day = application.received_on
    app = services.application_forward(
        actor=world.office_user, app=application, forwarded_on=day, means="online", receipt=""
    )
    app = services.application_receive(actor=centres.staff_a, app=app, received_on=day)
    expected = (app.forward_due_on, app.decide_due_on, app.due_on)
    app.forward_due_on = app.decide_due_on = app.due_on = None
    app.recompute_due()
    assert (app.forward_due_on, app.decide_due_on, app.due_on) == expected


def test_missing_materials_are_asked_for_once_then_count_as_withdrawn(world, centres, application):
    day = application.received_on
    app = services.application_forward(
        actor=world.office_user, app=application, forwarded_on=day, means="online", receipt=""
    )
    app = services.application_receive(actor=centres.staff_a, app=app, received_on=day)
    with pytest.raises(ValidationError):  # nothing was asked for yet
        services.application_withdrawn(actor=centres.staff_a, app=app, on=day, note="")
    app = services.application_request_materials(
        actor=centres.staff_a, app=app, notified_on=day, materials="身份证明；收入证明"
    )
    with pytest.raises(ValidationError) as caught:
        services.application_request_materials(
            actor=centres.staff_a, app=app, notified_on=day, materials="再补一份"
        )
    assert "一次性告知" in caught.value.messages[0]
    app = services.application_withdrawn(actor=centres.staff_a, app=app, on=day, note="未补充")
    assert app.status == Status.WITHDRAWN and app.due_on is None and not app.is_open
    titles = [s.title for s in selectors.timeline(app)]
    assert "一次性告知补充材料（第四十三条第二款）" in titles
    assert "未补充材料，视为撤回申请" in titles
    assert "作出是否给予法律援助的决定" not in titles
