"""复议应诉 services: periods from the engine, the signed reply, hearings, outcomes, feedback."""

import datetime as dt
from io import BytesIO

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from litigation.conftest import SERVED, TODAY
from sifasuo.core.models import AuditEntry
from sifasuo.litigation import documents, services
from sifasuo.litigation.models import (
    Case,
    CaseKind,
    CaseStatus,
    FollowUp,
    HearingForm,
    Outcome,
    OutcomeDocument,
    PeriodPurpose,
    Procedure,
)


def _period(case, purpose=PeriodPurpose.REPLY):
    return case.periods.get(purpose=purpose)


@pytest.mark.parametrize(
    ("kind", "procedure", "due", "basis"),
    [
        # 10 working days after Mon 2 Nov (行政复议法 第四十八条, 第八十八条第二款).
        (CaseKind.RECONSIDERATION, Procedure.ORDINARY, dt.date(2026, 11, 16), "第四十八条"),
        (CaseKind.RECONSIDERATION, Procedure.SIMPLE, dt.date(2026, 11, 9), "第五十四条"),
        # 15 days (行政诉讼法 第六十七条).
        (CaseKind.LAWSUIT, Procedure.FIRST_INSTANCE, dt.date(2026, 11, 17), "第六十七条"),
        (CaseKind.LAWSUIT, Procedure.SECOND_INSTANCE, dt.date(2026, 11, 17), "第一百七十四条"),
    ],
)
def test_the_reply_period_comes_from_the_engine(make_case, kind, procedure, due, basis):
    case = make_case(kind=kind, procedure=procedure)
    period = _period(case)
    assert period.due_on == due
    assert basis in period.due_basis
    assert period.state == "overdue"  # today is 20 Nov and nothing was filed


def test_the_start_day_follows_civil_procedure_through_the_reconsideration_law(make_case):
    explanation = _period(make_case()).explanation()
    assert "民事诉讼法 第八十五条第二款，依行政复议法 第八十八条第一款适用" in explanation
    assert "届满日：2026-11-16" in explanation


def test_the_decision_period_runs_from_acceptance(make_case):
    case = make_case(accepted_on=dt.date(2026, 10, 30))
    decision = _period(case, PeriodPurpose.DECISION)
    assert decision.due_on == dt.date(2026, 12, 29)  # 60 days (第六十二条第一款)
    assert "第六十二条" in decision.due_basis


def test_a_double_submit_registers_one_case(make_case):
    token = "8b7c2f8e-3c1d-4a55-9e57-0e6a1f0b2c11"
    first = make_case(submission_token=token)
    second = make_case(submission_token=token)
    assert first.pk == second.pk
    assert Case.objects.count() == 1
    assert first.number == "秦楼司法所应诉〔2026〕第1号"


def test_registration_is_audited_and_the_department_sees_the_case(world, depts, make_case):
    case = make_case()
    entry = AuditEntry.objects.get(action="litigation.register")
    assert entry.object_id == str(case.pk) and entry.actor_id == world.office_user.pk
    from sifasuo.litigation import selectors

    assert list(selectors.case_list_for_user(user=depts.enforcement_clerk)) == [case]
    assert list(selectors.case_list_for_user(user=depts.agri_clerk)) == []


def test_a_department_of_another_office_is_refused(world, make_case):
    import factories

    from sifasuo.core.models import UnitKind

    foreign = factories.unit("河山镇执法办", UnitKind.DEPARTMENT, world.office_a2)
    with pytest.raises(ValidationError) as error:
        make_case(department=foreign)
    assert "本乡镇" in str(error.value)


def test_only_the_office_head_signs_and_only_a_signed_reply_is_filed(world, ready_case):
    reply = ready_case.replies.get()
    with pytest.raises(ValidationError, match="签发"):
        services.reply_file(actor=world.office_user, case=ready_case, filed_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.reply_sign(actor=world.office_user, case=ready_case, reply=reply)
    services.reply_sign(actor=world.office_head, case=ready_case, reply=reply)
    case = services.reply_file(
        actor=world.office_user, case=ready_case, filed_on=dt.date(2026, 11, 13)
    )
    assert case.status == CaseStatus.FILED
    assert case.filed_in_time is True
    assert _period(case).done_on == dt.date(2026, 11, 13)
    assert _period(case).state_label == "已完成"


def test_a_reply_filed_after_the_period_is_marked_late(world, ready_case):
    services.reply_sign(actor=world.office_head, case=ready_case, reply=ready_case.replies.get())
    case = services.reply_file(actor=world.office_user, case=ready_case, filed_on=TODAY)
    assert case.filed_in_time is False
    assert _period(case).state_label == "逾期完成"


def test_a_signed_reply_is_frozen_until_the_head_withdraws_the_sign_off(world, ready_case):
    services.reply_sign(actor=world.office_head, case=ready_case, reply=ready_case.replies.get())
    with pytest.raises(ValidationError, match="已签发"):
        services.reply_generate(actor=world.office_user, case=ready_case)
    services.reply_unsign(actor=world.office_head, case=ready_case)
    second = services.reply_generate(actor=world.office_user, case=ready_case)
    assert second.version == 2
    assert ready_case.replies.count() == 2


def test_the_generated_reply_carries_the_evidence_list_and_the_legal_basis(ready_case):
    with ready_case.replies.get().file.open("rb") as handle:
        text = documents.docx_text(handle.read())
    assert "行政复议答复书" in text
    assert "申请人王建国不服答复人作出的罚款五千元的行政处罚决定（秦罚决字〔2026〕8号）" in text
    assert "《中华人民共和国行政复议法》第四十八条" in text
    assert "1\t现场检查笔录\t综合执法办现场检查\t证明申请人占道经营的事实\t3" in text
    assert "《城市市容和环境卫生管理条例》第十七条" in text
    assert "{{" not in text


def _template(*paragraphs):
    document = docx.Document()
    for line in paragraphs:
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("本所答复书.docx", buffer.getvalue())


def test_the_office_template_is_used_and_must_hold_the_body_placeholders(world, ready_case):
    with pytest.raises(ValidationError) as error:
        services.template_upload(
            actor=world.office_user,
            unit=world.office_a1,
            kind="reconsideration",
            upload=_template("答复书", "{{事实和理由}}"),
        )
    assert "{{法律依据}}" in str(error.value) and "{{证据目录}}" in str(error.value)
    services.template_upload(
        actor=world.office_user,
        unit=world.office_a1,
        kind="reconsideration",
        upload=_template(
            "秦楼街道办事处行政复议答复书",
            "致{{受理机关}}：",
            "{{事实和理由}}",
            "依据：",
            "{{法律依据}}",
            "{{证据目录}}",
        ),
    )
    reply = services.reply_generate(actor=world.office_user, case=ready_case)
    with reply.file.open("rb") as handle:
        text = documents.docx_text(handle.read())
    assert text.startswith("秦楼街道办事处行政复议答复书\n致东港区人民政府：")
    assert "现场检查笔录" in text


def test_an_absent_head_needs_a_reason_and_an_entrusted_person(world, make_case):
    case = make_case()
    with pytest.raises(ValidationError) as error:
        services.hearing_add(
            actor=world.office_user,
            case=case,
            held_on=dt.date(2026, 11, 18),
            body="东港区人民政府",
            form=HearingForm.HEARING,
            appeared="李明",
        )
    assert "第三条第三款" in str(error.value)
    hearing = services.hearing_add(
        actor=world.office_user,
        case=case,
        held_on=dt.date(2026, 11, 18),
        body="东港区人民政府",
        form=HearingForm.HEARING,
        appeared="李明",
        absence_reason="参加防汛紧急会议",
        entrusted="综合执法办主任李明",
    )
    assert hearing.counts_for_appearance and not hearing.head_in_person


def test_outcomes_follow_the_kind_of_case(world, make_case):
    reconsideration = make_case()
    with pytest.raises(ValidationError):
        services.case_conclude(
            actor=world.office_user,
            case=reconsideration,
            outcome=Outcome.WITHDRAWN,  # a 复议 withdrawn ends in 终止 (行政复议法 第四十一条)
            outcome_document=OutcomeDocument.DECISION,
            outcome_on=TODAY,
        )
    lawsuit = make_case(kind=CaseKind.LAWSUIT, procedure=Procedure.FIRST_INSTANCE)
    with pytest.raises(ValidationError):
        services.case_conclude(
            actor=world.office_user,
            case=lawsuit,
            outcome=Outcome.TERMINATED,
            outcome_document=OutcomeDocument.RULING,
            outcome_on=TODAY,
        )


def test_a_lost_case_opens_the_appeal_period_and_the_department_follow_up(world, depts, make_case):
    case = make_case(kind=CaseKind.LAWSUIT, procedure=Procedure.FIRST_INSTANCE)
    case = services.case_conclude(
        actor=world.office_user,
        case=case,
        outcome=Outcome.REVOKED,
        outcome_document=OutcomeDocument.JUDGMENT,
        outcome_on=dt.date(2026, 11, 19),
    )
    appeal = _period(case, PeriodPurpose.APPEAL)
    assert appeal.due_on == dt.date(2026, 12, 4)  # 15 days (行政诉讼法 第八十五条)
    assert _period(case).done_on == dt.date(2026, 11, 19)
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.department == depts.enforcement and follow_up.for_case_talk
    assert "被撤销" in follow_up.problem
    # The department's own clerk writes the 整改 plan; another department's may not.
    with pytest.raises(PermissionDenied):
        services.follow_up_update(
            actor=depts.agri_clerk,
            follow_up=follow_up,
            plan="整改",
            due_on=TODAY,
            for_case_talk=False,
        )
    services.follow_up_update(
        actor=depts.enforcement_clerk,
        follow_up=follow_up,
        plan="重新学习征收补偿程序",
        due_on=dt.date(2026, 12, 31),
        case_talk_note="补偿程序未听取意见",
    )
    services.case_appeal(actor=world.office_user, case=case, appeal="not_appealed")
    assert _period(case, PeriodPurpose.APPEAL).done_on == TODAY


def test_a_ruling_has_the_ten_day_appeal_period(world, make_case):
    case = make_case(kind=CaseKind.LAWSUIT, procedure=Procedure.FIRST_INSTANCE)
    case = services.case_conclude(
        actor=world.office_user,
        case=case,
        outcome=Outcome.DISMISSED,
        outcome_document=OutcomeDocument.RULING,
        outcome_on=dt.date(2026, 11, 19),
    )
    assert _period(case, PeriodPurpose.APPEAL).due_on == dt.date(2026, 11, 30)  # 29th a Sunday
    assert not FollowUp.objects.exists()


def test_a_mediator_may_not_work_the_cases(world, make_case):
    with pytest.raises(PermissionDenied):
        make_case(actor=world.mediator)
    assert SERVED < TODAY
