import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from sifasuo.core.models import AuditEntry, WorkItem
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import MatterState
from sifasuo.mediation import documents, risk, selectors, services
from sifasuo.mediation.models import Stage


def test_open_case_registers_parties_per_side_and_audits(world, open_case, person):
    case = open_case(
        world.mediator,
        applicants=[person("王建国"), person("王建军")],
        respondents=[
            person("赵六"),
            person("某物业公司", kind="organization", id_number="", phone=""),
        ],
    )
    sides = selectors.case_parties(case)
    assert [p.name for p in sides["applicant"]] == ["王建国", "王建军"]
    assert [p.name for p in sides["respondent"]] == ["赵六", "某物业公司"]
    assert case.stage == Stage.APPLICATION
    assert case.number.startswith("秦楼司法所调字〔")
    assert AuditEntry.objects.filter(action="mediation.open", object_id=str(case.pk)).exists()


def test_outsider_cannot_open_in_another_office(world, open_case):
    with pytest.raises(PermissionDenied):
        open_case(world.outsider, unit=world.office_a1)


def test_open_from_intake_matter_uses_requesters_and_closes_matter_on_archive(
    world, open_case, walk
):
    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="window",
        matter_type="dispute",
        narrative="排水沟纠纷",
        counterpart_names="赵六",
        requesters=[{"kind": "person", "name": "王建国", "phone": "13963300011"}],
    )
    case = open_case(world.mediator, matter=matter, applicants=None)
    assert [p.name for p in selectors.case_parties(case)["applicant"]] == ["王建国"]
    matter.refresh_from_db()
    assert matter.state == MatterState.IN_PROGRESS and matter.handler == world.mediator
    case = walk(world.mediator, case)
    services.followup_add(
        actor=world.mediator,
        case=case,
        visited_on=dt.date(2026, 11, 22),
        fulfilled=True,
        note="已履行",
    )
    case.refresh_from_db()
    services.case_archive(actor=world.mediator, case=case)
    matter.refresh_from_db()
    assert matter.state == MatterState.CLOSED
    assert "已归档" in matter.result


def test_agreement_starts_judicial_confirmation_window(world, open_case, walk):
    case = walk(world.mediator, open_case(world.mediator))
    assert case.stage == Stage.AGREEMENT
    assert case.due_rule == "mediation.judicial_confirmation"
    assert case.due_on == dt.date(2026, 12, 21)
    case = services.case_record_confirmation(
        actor=world.mediator, case=case, outcome="confirmed", court="东港区人民法院"
    )
    assert case.get_confirmation_display() == "裁定确认有效"


def test_agreement_needs_a_session(world, open_case):
    case = services.case_advance(actor=world.mediator, case=open_case(world.mediator))
    with pytest.raises(ValidationError):
        services.case_record_agreement(
            actor=world.mediator, case=case, terms="x", agreed_on=dt.date(2026, 11, 21)
        )


def test_terminate_requires_reason_and_freezes_case(world, open_case):
    case = open_case(world.mediator)
    with pytest.raises(ValidationError):
        services.case_terminate(actor=world.mediator, case=case, reason="", text="")
    case = services.case_terminate(
        actor=world.mediator, case=case, reason="no_agreement", text="双方分歧过大"
    )
    assert case.stage == Stage.TERMINATED
    with pytest.raises(ValidationError, match="归档或终止"):
        services.case_advance(actor=world.mediator, case=case)


def test_stale_version_is_a_conflict(world, open_case):
    case = open_case(world.mediator)
    stale = case.version
    services.case_advance(actor=world.mediator, case=case, version=stale)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.case_terminate(
            actor=world.office_head, case=case, reason="other", text="x", version=stale
        )


def test_agreement_docx_contains_parties_and_terms(world, open_case, walk):
    case = walk(world.mediator, open_case(world.mediator))
    content = documents.agreement_docx(case, selectors.case_parties(case))
    text = "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)
    assert "人民调解协议书" in text
    assert "王建国" in text and "赵六" in text
    assert "赵六于2026年12月10日前赔偿王建国3000元。" in text
    assert "秦楼街道人民调解委员会" in text and "2026年11月21日" in text


def test_risk_grades_from_checklist_and_narrative():
    assert risk.assess([], "邻里排水纠纷").grade == "green"
    assert risk.assess(["prior_conflict"], "").grade == "yellow"
    red = risk.assess([], "丈夫长期家暴，妻子扬言喝农药")
    assert red.grade == "red"
    assert any("家暴" in r for r in red.reasons) and any("农药" in r for r in red.reasons)
    assert risk.assess(["prior_conflict", "police_callouts"], "").grade == "red"


def test_red_case_needs_plan_before_sharing_and_only_shared_partner_sees_it(world, open_case):
    red = open_case(world.mediator, dispute_type="family", summary="丈夫多次家暴，扬言报复")
    other_red = open_case(world.mediator, dispute_type="family", summary="扬言自杀")
    assert red.risk_grade == "red"
    with pytest.raises(ValidationError, match="跟进计划"):
        services.case_share_with_partner(actor=world.mediator, case=red, partner=world.police_a1)
    red = services.case_set_followup_plan(
        actor=world.mediator,
        case=red,
        plan="每月走访一次，联合派出所稳控",
        due=dt.date(2026, 12, 20),
    )
    services.case_share_with_partner(actor=world.mediator, case=red, partner=world.police_a1)
    assert list(selectors.watch_list_for_user(user=world.partner)) == [red]
    assert set(selectors.watch_list_for_user(user=world.mediator)) == {red, other_red}
    assert not selectors.watch_list_for_user(user=world.outsider).exists()
    assert not selectors.watch_list_for_user(user=world.colleague).exists()


def test_statistics_roll_up_to_county(world, cases, walk):
    walk(world.mediator, cases["A1"])
    office = selectors.statistics_for_user(user=world.mediator)
    county = selectors.statistics_for_user(user=world.supervisor)
    assert office["totals"]["total"] == 1 and office["totals"]["success"] == 1
    assert county["totals"]["total"] == 2
    assert county["totals"]["amount"] == 6000
    assert {r["unit__name"] for r in county["by_unit"]} == {"秦楼司法所", "河山司法所"}
    assert selectors.statistics_for_user(user=world.outsider)["totals"]["total"] == 0


def test_followup_plan_defaults_to_cadence_and_lands_on_todo(world, open_case, settings):
    red = open_case(world.mediator, dispute_type="family", summary="扬言同归于尽")
    red = services.case_set_followup_plan(actor=world.mediator, case=red, plan="每月走访")
    assert red.followup_due == timezone.localdate() + dt.timedelta(days=30)
    item = WorkItem.objects.get(source_id=red.pk)
    assert item.assignee == world.mediator and item.due_on == red.followup_due
    settings.SIFASUO_RISK_CADENCE_DAYS = {"red": 7}
    red = services.case_set_followup_plan(actor=world.mediator, case=red, plan="每周走访")
    assert red.followup_due == timezone.localdate() + dt.timedelta(days=7)
    green = open_case(world.mediator)
    with pytest.raises(ValidationError):
        services.case_set_followup_plan(actor=world.mediator, case=green, plan="x")


def test_partner_co_mediator_sees_the_case(world, open_case):
    case = open_case(
        world.mediator,
        mediators=[world.mediator, world.partner],
        committee_kind="police_joint",
        committee_name="秦楼派出所联合调解室",
    )
    other = open_case(world.mediator)
    assert selectors.case_get_for_user(user=world.partner, case_id=case.pk) == case
    assert list(selectors.case_list_for_user(user=world.partner)) == [case]
    assert other not in selectors.case_list_for_user(user=world.partner)


def test_co_mediator_from_another_county_is_refused(world, open_case):
    with pytest.raises(ValidationError):
        open_case(world.mediator, mediators=[world.mediator, world.outsider])


def test_watch_list_puts_red_before_yellow(world, open_case):
    yellow = open_case(world.mediator, summary="双方积怨较深")
    red = open_case(world.mediator, summary="扬言报复")
    assert yellow.risk_grade == "yellow" and red.risk_grade == "red"
    assert list(selectors.watch_list_for_user(user=world.mediator)) == [red, yellow]


def test_a_party_who_comes_back_is_one_record(world, open_case, person):
    applicant = person("王建国")
    first = open_case(world.mediator, applicants=[applicant])
    second = open_case(
        world.mediator,
        applicants=[dict(applicant, phone="13963300077")],
        summary="半年后又因宅基地界址发生争执。",
    )
    (party,) = selectors.case_parties(first)["applicant"]
    assert selectors.case_parties(second)["applicant"] == [party]
    party.refresh_from_db()
    assert party.phone == "13963300077"
