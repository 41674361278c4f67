"""我的待办: each open period for its handler, and the head's early warning before the reply."""

import datetime as dt

import pytest

from sifasuo.litigation.todos import todo_groups


def _labels(user):
    return {g.label: g for g in todo_groups(user=user, limit=5) if g is not None}


@pytest.mark.parametrize(
    ("served", "warned"), [(dt.date(2026, 11, 9), True), (dt.date(2026, 11, 19), False)]
)
def test_the_head_is_warned_before_the_reply_deadline(world, make_case, served, warned):
    # Served 9 Nov: due 23 Nov, within 3 working days of Friday 20 Nov. Served 19 Nov: due 3 Dec.
    case = make_case(served_on=served)
    groups = _labels(world.office_head)
    warning = "答复/答辩期限预警（3个工作日内届满或已超期）"
    assert (warning in groups) is warned
    if warned:
        assert groups[warning].items[0].step == "提交答复/答辩"
    mine = groups["复议应诉期限（本人承办）"] if world.office_head == case.handler else None
    assert mine is None
    assistant_groups = _labels(world.office_user)
    assert assistant_groups["复议应诉期限（本人承办）"].items[0].due_on == case.periods.get().due_on


def test_the_warning_window_is_a_setting(world, make_case, settings):
    make_case(served_on=dt.date(2026, 11, 19))  # due 3 Dec: 9 working days away
    settings.SIFASUO_LITIGATION_WARN_WORKING_DAYS = 10
    assert "答复/答辩期限预警（10个工作日内届满或已超期）" in _labels(world.office_head)


def test_a_mediator_gets_no_litigation_todos(world, make_case):
    make_case()
    assert _labels(world.mediator) == {}


def test_a_scheduled_hearing_reminds_the_head_until_attendance_is_recorded(world, make_case):
    from django.core.exceptions import ValidationError

    from sifasuo.core.indicators import Period, value_for
    from sifasuo.litigation import services
    from sifasuo.litigation.models import HearingForm, HearingStatus

    case = make_case()
    hearing = services.hearing_add(
        actor=world.office_user,
        case=case,
        held_on=dt.date(2026, 11, 27),  # next Friday: the notice came first
        body="东港区人民政府",
        form=HearingForm.HEARING,
        status=HearingStatus.SCHEDULED,
    )
    group = _labels(world.office_head)["开庭/听证（待出庭应诉）"]
    assert group.items[0].due_on == dt.date(2026, 11, 27)
    assert "负责人出庭应诉" in group.items[0].step
    with pytest.raises(ValidationError, match="开庭/听证日期不能晚于今天"):
        services.hearing_record(
            actor=world.office_user,
            hearing=hearing,
            appeared="李明",
            head_in_person=True,
            head_name="主任张强",
        )
    hearing.held_on = dt.date(2026, 11, 20)
    hearing.save()
    with pytest.raises(ValidationError, match="第三条第三款"):
        services.hearing_record(actor=world.office_user, hearing=hearing, appeared="李明")
    services.hearing_record(
        actor=world.office_user,
        hearing=hearing,
        appeared="张强、李明",
        head_in_person=True,
        head_name="主任张强",
    )
    assert "开庭/听证（待出庭应诉）" not in _labels(world.office_head)
    assert value_for("litigation.head_appearance_rate", world.office_a1, Period.year(2026)) == 100


def test_the_department_gets_its_follow_up_after_a_lost_case(world, depts, make_case):
    from sifasuo.litigation import services
    from sifasuo.litigation.models import Outcome, OutcomeDocument

    case = make_case()
    services.case_conclude(
        actor=world.office_user,
        case=case,
        outcome=Outcome.DECLARED_UNLAWFUL,
        outcome_document=OutcomeDocument.DECISION,
        outcome_on=dt.date(2026, 11, 19),
    )
    group = _labels(depts.enforcement_clerk)["应诉整改（本科室）"]
    assert group.items[0].step == "制定整改方案" and "被确认违法" in group.items[0].title
    assert _labels(depts.agri_clerk) == {}
