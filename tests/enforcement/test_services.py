"""The rules of the line at the service level: qualified enforcers, the limitation period, the
法制审核 gate of 行政处罚法 第五十八条, standards frozen once published, three independent scores."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sifasuo.core.models import AuditEntry
from sifasuo.enforcement import services
from sifasuo.enforcement.models import Evaluation, ScoringItem, ScoringStandard

pytestmark = pytest.mark.django_db


def test_a_case_with_fewer_than_two_valid_cards_is_flagged(scene, make_case):
    ok = make_case()
    assert services.case_flags(ok) == []
    # 张志强's card ran out on 2026-06-30; the case was decided on 2026-09-20.
    weak = make_case(enforcers=[scene.alice, scene.expired])
    assert services.case_flags(weak) == [
        "持有效执法证的执法人员仅1名（行政处罚法第四十二条要求不少于两人）"
    ]


def test_a_penalty_after_the_limitation_period_is_flagged(make_case):
    case = make_case(violation_on=dt.date(2024, 8, 1))
    assert any("超过追责时效" in f for f in services.case_flags(case))
    longer = make_case(violation_on=dt.date(2024, 8, 1), extended_limitation=True)
    assert not any("超过追责时效" in f for f in services.case_flags(longer))


def test_the_three_systems_list_what_is_missing(world, make_case):
    case = make_case(major=True, decided=False)
    assert services.missing_systems(case) == ["公示", "全过程记录", "法制审核"]
    case = services.case_update_systems(
        actor=world.office_user,
        case=case,
        published=True,
        recorded=True,
        legal_review_required=False,
    )
    # A major decision always needs its review, whatever the form says.
    assert case.legal_review_required is True
    assert services.missing_systems(case) == ["法制审核"]


def _major_review(world, scene, *, conclude=True):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sifasuo.core.documents import DOCX, OfficialDocument
    from sifasuo.reviews import services as reviews
    from sifasuo.reviews.models import Conclusion

    review = reviews.review_submit(
        actor=scene.clerk,
        department=scene.team_dept,
        title="重大行政执法决定法制审核",
        kind="major_enforcement",
        drafting_unit="综合执法队",
        upload=SimpleUploadedFile(
            "决定书.docx", OfficialDocument("行政处罚决定书").to_bytes(), content_type=DOCX
        ),
        submitted_on=dt.date(2026, 9, 5),
    )
    if not conclude:
        return review
    review = reviews.review_accept(actor=world.office_user, review=review, on=dt.date(2026, 9, 6))
    review = reviews.review_record_review(
        actor=world.office_user, review=review, assistant_opinion="主体适格，程序合法。"
    )
    for finding in review.findings.filter(decision="open"):
        reviews.finding_decide(
            actor=world.office_user, finding=finding, accept=False, reason="不适用"
        )
    review = reviews.review_issue_opinion(
        actor=world.office_user, review=review, conclusion=Conclusion.LEGAL, on=dt.date(2026, 9, 9)
    )
    # issued under the head's name (签发)
    return reviews.review_sign_off(actor=world.office_head, review=review, on=dt.date(2026, 9, 9))


def test_a_major_decision_waits_for_its_legality_review(world, scene, make_case):
    case = make_case(major=True, decided=False)
    with pytest.raises(ValidationError, match="第五十八条"):
        services.case_decide(
            actor=scene.clerk, case=case, decided_on=dt.date(2026, 9, 20), decision="罚款"
        )
    pending = _major_review(world, scene, conclude=False)
    services.case_link_review(actor=scene.clerk, case=case, review=pending)
    with pytest.raises(ValidationError, match="第五十八条"):
        services.case_decide(
            actor=scene.clerk, case=case, decided_on=dt.date(2026, 9, 20), decision="罚款"
        )
    passed = _major_review(world, scene)
    case = services.case_link_review(actor=scene.clerk, case=case, review=passed)
    case = services.case_decide(
        actor=scene.clerk, case=case, decided_on=dt.date(2026, 9, 20), decision="罚款二千元"
    )
    assert case.status == "decided"
    assert AuditEntry.objects.filter(
        action="enforcement_case.decide", object_id=str(case.pk)
    ).exists()


def test_an_outsider_cannot_register_into_another_office(world, scene):
    with pytest.raises(PermissionDenied):
        services.case_create(
            actor=world.outsider,
            department=scene.team_dept,
            kind="penalty",
            number="X-1",
            title="案",
            party_name="某",
            opened_on=dt.date(2026, 9, 1),
            enforcers=[scene.alice, scene.bob],
        )
    with pytest.raises(ValidationError):
        services.case_create(
            actor=world.office_user,
            department=scene.team_dept,
            kind="penalty",
            number="X-2",
            title="案",
            party_name="某",
            opened_on=dt.date(2026, 9, 1),
            enforcers=[scene.alice, scene.b1_enforcer],
        )


def test_a_published_standard_is_frozen_and_revised_as_a_new_version(world, scene):
    county = world.county_a
    standard = services.standard_create(
        actor=world.supervisor,
        unit=county,
        family="dg-license",
        title="东港区行政许可案卷评查标准",
        kind="licensing",
    )
    services.standard_item_save(
        actor=world.supervisor,
        standard=standard,
        section="veto",
        seq=1,
        text="无权许可",
        basis="行政许可法第二十二条",
    )
    services.standard_item_save(
        actor=world.supervisor,
        standard=standard,
        section="form",
        seq=2,
        text="卷面规范",
        step=Decimal(2),
        cap=Decimal(20),
    )
    with pytest.raises(ValidationError, match="内容各项最高扣分合计0分"):
        services.standard_publish(actor=world.supervisor, standard=standard)
    services.standard_item_save(
        actor=world.supervisor,
        standard=standard,
        section="content",
        seq=3,
        text="审查规范",
        step=Decimal(5),
        cap=Decimal(80),
    )
    standard = services.standard_publish(actor=world.supervisor, standard=standard)
    with pytest.raises(ValidationError, match="已发布的评查标准不能修改"):
        services.standard_item_save(
            actor=world.supervisor,
            standard=standard,
            section="form",
            seq=2,
            text="改",
            step=1,
            cap=20,
        )
    draft = services.standard_new_version(actor=world.supervisor, standard=standard)
    assert (draft.version, draft.status, draft.items.count()) == (2, "draft", 3)
    services.standard_item_save(
        actor=world.supervisor,
        standard=draft,
        section="form",
        seq=2,
        text="卷面规范、装订整齐",
        step=Decimal(2),
        cap=Decimal(20),
    )
    services.standard_publish(actor=world.supervisor, standard=draft)
    standard.refresh_from_db()
    assert standard.status == "superseded"
    assert ScoringItem.objects.get(standard=standard, seq=2).text == "卷面规范"
    # An office head cannot revise the county's standard, nor anyone but an administrator the
    # platform's default.
    with pytest.raises(PermissionDenied):
        services.standard_new_version(actor=world.office_head, standard=draft)
    with pytest.raises(PermissionDenied):
        services.standard_new_version(actor=world.supervisor, standard=scene.standard)


def _item(standard, seq):
    return ScoringItem.objects.get(standard=standard, seq=seq).pk


def test_three_scores_then_the_agreed_one_and_the_opinion(world, scene, make_case, team):
    case = make_case()
    standard = scene.standard
    evaluation = services.evaluation_create(
        actor=world.supervisor, case=case, standard=standard, reviewers=team
    )
    # The county's supervisor, the assistant and the advisor score on their own.
    services.evaluation_score(
        actor=world.supervisor, evaluation=evaluation, hits={_item(standard, 10): 5}
    )
    with pytest.raises(ValidationError, match="已提交评分"):
        services.evaluation_score(actor=world.supervisor, evaluation=evaluation, hits={})
    with pytest.raises(PermissionDenied):
        services.evaluation_score(actor=world.office_head, evaluation=evaluation, hits={})
    # The audit row says a sheet came in, not its figures.
    entry = AuditEntry.objects.filter(action="evaluation.score").latest("seq")
    assert "total" not in entry.changes
    services.evaluation_score(
        actor=world.office_user, evaluation=evaluation, hits={_item(standard, 10): 2}
    )
    services.evaluation_score(
        actor=world.advisor, evaluation=evaluation, hits={_item(standard, 18): 4}
    )
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.AGREEING
    with pytest.raises(PermissionDenied):
        services.evaluation_agree(actor=world.office_head, evaluation=evaluation, hits={})
    # The 签名 item deducts 1 a defect up to 4; the evidence item 4 a defect up to 12.
    evaluation = services.evaluation_agree(
        actor=world.office_user,
        evaluation=evaluation,
        hits={_item(standard, 10): 5, _item(standard, 18): 4},
        on=dt.date(2026, 11, 10),
    )
    assert (evaluation.form_score, evaluation.content_score, evaluation.total) == (
        Decimal(16),
        Decimal(68),
        Decimal(84),
    )
    assert evaluation.grade == "pass" and evaluation.agreed_by == world.office_user
    with pytest.raises(ValidationError, match="整改期限"):
        services.evaluation_issue(
            actor=world.supervisor,
            evaluation=evaluation,
            opinion="意见",
            rectifications=[("补签名", dt.date(2026, 11, 1))],
        )
    evaluation = services.evaluation_issue(
        actor=world.supervisor,
        evaluation=evaluation,
        opinion="请整改。",
        rectifications=[("补签名", dt.date(2026, 12, 1)), ("补证据来源", dt.date(2026, 12, 10))],
    )
    assert evaluation.opinion_number == "秦楼司法所执法评查〔2026〕第1号"
    first, second = evaluation.rectifications.all()
    services.rectification_close(actor=scene.clerk, rectification=first, result="已补签。")
    evaluation.refresh_from_db()
    assert evaluation.status == "issued"
    services.rectification_close(actor=world.office_user, rectification=second, result="已补。")
    evaluation.refresh_from_db()
    assert evaluation.status == "closed"


def test_a_veto_item_fails_the_file_whatever_its_points(world, scene, make_case, team):
    case = make_case()
    evaluation = services.evaluation_create(
        actor=world.office_user, case=case, standard=scene.standard, reviewers=team
    )
    for person in team:
        services.evaluation_score(actor=person, evaluation=evaluation, hits={})
    evaluation = services.evaluation_agree(
        actor=world.advisor, evaluation=evaluation, hits={_item(scene.standard, 3): 1}
    )
    assert evaluation.vetoed and evaluation.grade == "fail" and evaluation.total == 100
    with pytest.raises(ValidationError, match="不合格案卷须列明整改事项"):
        services.evaluation_issue(
            actor=world.advisor, evaluation=evaluation, opinion="不合格。", rectifications=[]
        )


def test_the_team_is_three_people_who_may_score_the_office(world, scene, make_case):
    case = make_case()
    with pytest.raises(ValidationError, match="三名不同"):
        services.evaluation_create(
            actor=world.supervisor,
            case=case,
            standard=scene.standard,
            reviewers=[world.supervisor, world.office_user, world.office_user],
        )
    with pytest.raises(ValidationError, match="不能评查"):
        services.evaluation_create(
            actor=world.supervisor,
            case=case,
            standard=scene.standard,
            reviewers=[world.supervisor, world.office_user, world.outsider],
        )


def test_the_same_submission_makes_one_evaluation(world, scene, make_case, team):
    import uuid

    case, token = make_case(), uuid.uuid4()
    first = services.evaluation_create(
        actor=world.supervisor,
        case=case,
        standard=scene.standard,
        reviewers=team,
        submission_token=token,
    )
    again = services.evaluation_create(
        actor=world.supervisor,
        case=case,
        standard=scene.standard,
        reviewers=team,
        submission_token=token,
    )
    assert first.pk == again.pk and Evaluation.objects.count() == 1


def test_the_default_standard_is_published_with_20_and_80_points():
    standard = ScoringStandard.objects.get(family="default-penalty")
    assert standard.status == "published"
    assert services.standard_problems(standard) == []
    assert standard.items.filter(section="veto").count() == 7
    assert all(i.basis.startswith("行政处罚法") for i in standard.items.filter(section="veto"))


def test_the_default_standard_comes_back_after_a_flush():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_enforcement_standard", stdout=out)
    assert "已存在" in out.getvalue()
    ScoringItem.objects.all().delete()
    ScoringStandard.objects.all().delete()
    call_command("load_enforcement_standard", stdout=out)
    assert ScoringStandard.objects.get(family="default-penalty").items.count() == 31
