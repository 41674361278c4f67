"""The pages: what each persona sees, the outsider's 404 on every record, the evaluation page's
independence rule, the 评查意见 document, the statistics with offices side by side."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import factories
import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from sifasuo.core.models import UnitKind
from sifasuo.enforcement import services
from sifasuo.enforcement.models import (
    CaseDiscussion,
    DiscretionCalculation,
    EnforcementCase,
    Evaluation,
    ScoringItem,
)

pytestmark = pytest.mark.django_db


def _item(standard, seq):
    return ScoringItem.objects.get(standard=standard, seq=seq).pk


@pytest.fixture
def records(world, scene, make_case, team):
    case = make_case()
    standard = scene.standard
    evaluation = services.evaluation_create(
        actor=world.supervisor, case=case, standard=standard, reviewers=team
    )
    for person, hits in zip(team, ({10: 1}, {10: 2}, {10: 1, 22: 1}), strict=True):
        services.evaluation_score(
            actor=person,
            evaluation=evaluation,
            hits={_item(standard, k): v for k, v in hits.items()},
        )
    services.evaluation_agree(
        actor=world.advisor,
        evaluation=evaluation,
        hits={_item(standard, 10): 1, _item(standard, 22): 1},
        on=dt.date(2026, 11, 1),
    )
    evaluation = services.evaluation_issue(
        actor=world.supervisor,
        evaluation=evaluation,
        opinion="告知书未载明陈述申辩期限。",
        rectifications=[("修订事先告知书格式", dt.date(2026, 11, 15))],
        on=dt.date(2026, 11, 2),
    )
    discussion = services.discussion_create(
        actor=world.office_user,
        department=scene.team_dept,
        held_on=dt.date(2026, 10, 30),
        case=case,
        case_summary="焚烧秸秆",
        issue="从轻情节认定",
        conclusion="不属于主动消除",
        attendees="所长、助理员",
        attendance=5,
        teaching=True,
        teaching_title="从轻情节的认定",
    )
    from sifasuo.enforcement.demo import TIERS

    benchmark = services.benchmark_create(
        actor=world.supervisor,
        unit=world.county_a,
        offence="露天焚烧秸秆",
        violated="大气污染防治法第七十七条",
        penalty_basis="大气污染防治法第一百一十九条第一款",
        statutory_range="五百元以上二千元以下",
    )
    for name, condition, low, high in TIERS:
        services.benchmark_tier_add(
            actor=world.supervisor,
            standard=benchmark,
            name=name,
            condition=condition,
            fine_min=Decimal(low),
            fine_max=Decimal(high),
        )
    services.benchmark_publish(
        actor=world.supervisor,
        standard=benchmark,
        published_on=dt.date(2026, 3, 1),
        publication="东港区人民政府网站",
    )
    calculation = services.calculation_create(
        actor=world.office_user,
        standard=benchmark,
        tier=benchmark.tiers.first(),
        factors=[],
        facts="焚烧",
        decided_amount=Decimal(600),
        case=case,
    )
    return {
        "case": case,
        "evaluation": evaluation,
        "rectification": evaluation.rectifications.first(),
        "discussion": discussion,
        "benchmark": benchmark,
        "calculation": calculation,
        "enforcer": scene.alice,
        "standard": standard,
    }


GET_PAGES = [
    ("enforcement:case_detail", "case"),
    ("enforcement:enforcer_detail", "enforcer"),
    ("enforcement:evaluation_detail", "evaluation"),
    ("enforcement:evaluation_opinion", "evaluation"),
    ("enforcement:discussion_detail", "discussion"),
    ("enforcement:benchmark_detail", "benchmark"),
    ("enforcement:benchmark_calculate", "benchmark"),
    ("enforcement:calculation_detail", "calculation"),
    ("enforcement:evaluation_create", "case"),
]
POST_STEPS = [
    ("enforcement:case_systems", "case"),
    ("enforcement:case_link_review", "case"),
    ("enforcement:case_decide", "case"),
    ("enforcement:enforcer_update", "enforcer"),
    ("enforcement:enforcer_training", "enforcer"),
    ("enforcement:evaluation_score", "evaluation"),
    ("enforcement:evaluation_agree", "evaluation"),
    ("enforcement:evaluation_issue", "evaluation"),
    ("enforcement:rectification_close", "rectification"),
    ("enforcement:benchmark_tier", "benchmark"),
    ("enforcement:benchmark_factor", "benchmark"),
    ("enforcement:benchmark_publish", "benchmark"),
]


@pytest.mark.parametrize(("name", "key"), GET_PAGES + POST_STEPS)
def test_an_outsider_gets_404_on_every_record(world, records, login, name, key):
    client = login(world.outsider)
    url = reverse(name, args=[records[key].pk])
    response = client.post(url, {}) if (name, key) in POST_STEPS else client.get(url)
    assert response.status_code == 404


def test_the_platform_standard_is_open_to_all_but_a_county_standard_is_not(world, records, login):
    client = login(world.outsider)
    assert (
        client.get(
            reverse("enforcement:standard_detail", args=[records["standard"].pk])
        ).status_code
        == 200
    )
    county = services.standard_create(
        actor=world.supervisor, unit=world.county_a, family="dg", title="东港标准", kind="penalty"
    )
    for name in ("standard_detail", "standard_item", "standard_publish", "standard_new_version"):
        url = reverse(f"enforcement:{name}", args=[county.pk])
        response = client.get(url) if name == "standard_detail" else client.post(url, {})
        assert response.status_code == 404, name


def test_lists_show_only_what_the_user_may_see(world, records, login):
    for user, sees in (
        (world.office_user, True),
        (world.supervisor, True),
        (world.colleague, False),
    ):
        client = login(user)
        for name in (
            "case_list",
            "evaluation_list",
            "discussion_list",
            "calculation_list",
            "enforcer_list",
        ):
            body = client.get(reverse(f"enforcement:{name}")).content.decode()
            assert (records["case"].number in body or "王海涛" in body) is sees, (user, name)


def test_each_reviewer_sees_only_their_own_score_until_all_three_are_in(
    world, scene, make_case, team, login
):
    case = make_case()
    evaluation = services.evaluation_create(
        actor=world.supervisor, case=case, standard=scene.standard, reviewers=team
    )
    services.evaluation_score(
        actor=world.supervisor, evaluation=evaluation, hits={_item(scene.standard, 18): 3}
    )
    url = reverse("enforcement:evaluation_detail", args=[evaluation.pk])
    mine = login(world.supervisor).get(url).content.decode()
    assert "您已提交评分：88.0分" in mine
    other = login(world.office_user).get(url).content.decode()
    assert "88.0" not in other and "提交我的评分" in other
    head = login(world.office_head).get(url).content.decode()
    assert "88.0" not in head and "三人评分对照" not in head


def test_the_differences_are_shown_item_by_item(world, records, login):
    body = (
        login(world.office_head)
        .get(reverse("enforcement:evaluation_detail", args=[records["evaluation"].pk]))
        .content.decode()
    )
    assert "三人评分对照" in body and body.count("有差异") == 2
    assert "合议确认人" in body and str(world.advisor) in body


def test_scoring_through_the_page_keeps_bad_input(world, scene, make_case, team, login):
    case = make_case()
    evaluation = services.evaluation_create(
        actor=world.supervisor, case=case, standard=scene.standard, reviewers=team
    )
    client = login(world.office_user)
    url = reverse("enforcement:evaluation_score", args=[evaluation.pk])
    item = _item(scene.standard, 10)
    response = client.post(url, {f"hits_{item}": "abc", "note": "签名不全"}, follow=True)
    assert "请输入整数" in response.content.decode() or "整数" in response.content.decode()
    assert "签名不全" in response.content.decode()
    client.post(url, {f"hits_{item}": "2", "note": "签名不全"})
    sheet = evaluation.sheets.get(reviewer=world.office_user)
    assert sheet.total == Decimal(98) and sheet.submitted_at is not None


def test_the_opinion_document_names_the_findings_and_the_deadlines(world, records, login):
    response = login(world.office_head).get(
        reverse("enforcement:evaluation_opinion", args=[records["evaluation"].pk])
    )
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    tables = " ".join(
        c.text for t in Document(BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "秦楼司法所执法评查〔2026〕第1号" in text
    assert "合计96.0分" in text and "评查结论：优秀" in text
    assert "修订事先告知书格式" in tables and "2026年11月15日" in tables
    assert "行政处罚法第四十四条" in tables


def test_the_department_sees_its_opinion_and_closes_the_overdue_item(
    world, scene, records, login, home
):
    page = home(scene.clerk)
    assert "执法案卷整改（已逾期）" in page and "修订事先告知书格式" in page
    client = login(scene.clerk)
    url = reverse("enforcement:rectification_close", args=[records["rectification"].pk])
    client.post(url, {"result": "已修订告知书格式。"})
    records["evaluation"].refresh_from_db()
    assert records["evaluation"].status == Evaluation.Status.CLOSED
    assert "执法案卷整改（已逾期）" not in home(scene.clerk)


def test_an_expiring_card_is_a_todo_and_a_badge(world, scene, home, login):
    services.enforcer_create(
        actor=factories.SETUP,
        department=scene.team_dept,
        name="周春梅",
        card_number="371102099",
        card_issued_on=dt.date(2021, 1, 1),
        card_expires_on=dt.date(2027, 1, 5),
    )
    page = home(world.office_user)
    assert "执法证到期提醒" in page and "周春梅" in page
    listing = login(world.office_user).get(reverse("enforcement:enforcer_list") + "?alert=expiring")
    body = listing.content.decode()
    assert "证件即将到期" in body and "周春梅" in body and "王海涛" not in body
    assert "证件已过期" in body  # 张志强


def test_a_case_is_registered_once_and_its_flags_show(world, scene, login):
    client = login(world.office_user)
    data = {
        "department": scene.team_dept.pk,
        "kind": "penalty",
        "number": "秦楼综执罚〔2026〕9号",
        "title": "占道经营案",
        "party_name": "某商户",
        "opened_on": "2026-11-01",
        "enforcers": [scene.alice.pk, scene.expired.pk],
    }
    first = client.post(reverse("enforcement:case_create"), data)
    again = client.post(reverse("enforcement:case_create"), data)
    assert first.status_code == 302 and "该案号已登记" in again.content.decode()
    assert EnforcementCase.objects.filter(number="秦楼综执罚〔2026〕9号").count() == 1
    body = client.get(first.url).content.decode()
    assert "仅1名" in body and "案件日期时证件无效" in body


def test_the_systems_page_lists_missing_parts_per_department(world, scene, make_case, login):
    make_case(number="秦楼综执罚〔2026〕30号")
    body = login(world.supervisor).get(reverse("enforcement:systems")).content.decode()
    assert "综合执法队" in body and "公示" in body and "秦楼综执罚〔2026〕30号" in body


def test_a_county_sees_its_offices_side_by_side_and_exports(world, records, login):
    client = login(world.supervisor)
    body = client.get(reverse("enforcement:statistics") + "?year=2026").content.decode()
    assert "秦楼司法所" in body and "河山司法所" in body and "东港区司法局（合计）" in body
    assert "案卷平均得分" in body
    response = client.get(reverse("enforcement:statistics_export") + "?year=2026")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["秦楼司法所"][1] == 1  # one file reviewed
    assert rows["秦楼司法所"][4] == 96.0  # its average score
    assert rows["河山司法所"][1] == 0


def test_the_calculator_shows_the_rule_and_needs_a_reason(world, records, login):
    client = login(world.office_user)
    benchmark = records["benchmark"]
    url = reverse("enforcement:benchmark_calculate", args=[benchmark.pk])
    tier = benchmark.tiers.get(name="一般")
    data = {"facts": "焚烧秸秆两亩", "tier": tier.pk, "decided_amount": "1800", "action": "propose"}
    body = client.post(url, data).content.decode()
    assert "一般处罚" in body and "1000.00—1500.00" in body and "东港区人民政府网站" in body
    body = client.post(url, {**data, "action": "save"}).content.decode()
    assert "请书面说明理由" in body and "焚烧秸秆两亩" in body
    assert DiscretionCalculation.objects.count() == 1
    response = client.post(url, {**data, "action": "save", "reason": "屡教不改，经集体讨论。"})
    assert response.status_code == 302
    assert DiscretionCalculation.objects.get(
        pk=int(response.url.rstrip("/").split("/")[-1])
    ).outside


def test_the_calculator_is_offered_only_to_those_who_may_use_it(world, records, login):
    """The county sees the published benchmark but does not apply it: no link to a refusal."""
    benchmark = records["benchmark"]
    url = reverse("enforcement:benchmark_calculate", args=[benchmark.pk])
    pages = [
        reverse("enforcement:benchmark_list"),
        reverse("enforcement:benchmark_detail", args=[benchmark.pk]),
    ]
    office = login(world.office_user)
    for page in pages:
        assert url in office.get(page).content.decode()
    county = login(world.supervisor)
    assert county.get(url).status_code == 403
    for page in pages:
        body = county.get(page).content.decode()
        assert benchmark.offence in body and url not in body


def test_teaching_items_are_listed_and_referenced(world, records, login):
    client = login(world.office_user)
    body = client.get(reverse("enforcement:discussion_list") + "?teaching=1").content.decode()
    assert "从轻情节的认定" in body
    body = client.get(
        reverse("enforcement:evaluation_detail", args=[records["evaluation"].pk])
    ).content.decode()
    assert "本科室的教学案例" in body and "从轻情节的认定" in body
    assert CaseDiscussion.objects.filter(teaching=True).count() == 1


def test_personal_numbers_are_masked(world, scene, login):
    body = (
        login(world.office_user)
        .get(reverse("enforcement:enforcer_detail", args=[scene.alice.pk]))
        .content.decode()
    )
    assert "138****0011" in body and "13853300011" not in body


def test_a_department_clerk_is_not_a_reviewer(scene, records, login):
    client = login(scene.clerk)
    assert (
        client.get(reverse("enforcement:evaluation_create", args=[records["case"].pk])).status_code
        == 403
    )
    unit = factories.unit("社会事务办", UnitKind.DEPARTMENT, scene.team_dept.parent)
    assert unit.parent_id == scene.team_dept.parent_id


def test_a_department_clerk_sees_links_only_to_what_they_may_open(world, scene, records, login):
    """The case is shared with its department; an enforcer of another department and the
    office's discretion calculation are named on the page but not linked for its clerk."""
    case = records["case"]
    case.enforcers.add(scene.expired)  # of the 农业农村办, lent to the case
    page = reverse("enforcement:case_detail", args=[case.pk])
    own = reverse("enforcement:enforcer_detail", args=[scene.alice.pk])
    lent = reverse("enforcement:enforcer_detail", args=[scene.expired.pk])
    calculation = reverse("enforcement:calculation_detail", args=[records["calculation"].pk])
    body = login(world.office_user).get(page).content.decode()
    assert own in body and lent in body and calculation in body
    client = login(scene.clerk)
    body = client.get(page).content.decode()
    assert "张志强" in body and "600" in body
    assert own in body and lent not in body and calculation not in body
    assert client.get(own).status_code == 200
    assert client.get(lent).status_code == 404
    assert client.get(calculation).status_code == 404


def test_the_lists_take_a_fixed_number_of_queries(
    world, scene, make_case, login, django_assert_max_num_queries
):
    client = login(world.office_user)
    make_case()
    pages = ("case_list", "enforcer_list", "evaluation_list", "systems")
    counts = {}
    for name in pages:
        with django_assert_max_num_queries(40) as context:
            client.get(reverse(f"enforcement:{name}"))
        counts[name] = len(context.captured_queries)
    for _ in range(4):
        make_case()
    for name in pages:
        with django_assert_max_num_queries(counts[name]):
            client.get(reverse(f"enforcement:{name}"))


def test_a_double_submitted_discussion_is_saved_once(world, scene, login):
    import uuid

    client = login(world.office_user)
    data = {
        "submission_token": str(uuid.uuid4()),
        "department": scene.team_dept.pk,
        "held_on": "2026-11-10",
        "case_summary": "占道经营",
        "issue": "先行登记保存的审批",
        "conclusion": "须经负责人批准",
        "attendees": "全体执法队员",
        "attendance": "8",
    }
    first = client.post(reverse("enforcement:discussion_create"), data)
    again = client.post(reverse("enforcement:discussion_create"), data)
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert CaseDiscussion.objects.count() == 1
    refused = client.post(
        reverse("enforcement:discussion_create"),
        {**data, "submission_token": str(uuid.uuid4()), "teaching": "on"},
    )
    assert (
        "请填写案例标题" in refused.content.decode()
        and "先行登记保存的审批" in refused.content.decode()
    )


def test_the_limitation_period_shows_on_the_case(world, make_case, login):
    case = make_case(violation_on=dt.date(2026, 8, 28))
    body = (
        login(world.office_user)
        .get(reverse("enforcement:case_detail", args=[case.pk]))
        .content.decode()
    )
    assert "追责时效届满 2028-08-28" in body
