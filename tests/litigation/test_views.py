"""复议应诉 pages: who sees what, outsiders get 404 everywhere, forms keep what was typed."""

import datetime as dt
from io import BytesIO

import factories
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifasuo.litigation import documents, services
from sifasuo.litigation.models import Case, CaseStatus, Outcome, OutcomeDocument

STEPS = [
    "case_accepted",
    "evidence_add",
    "reply_text",
    "reply_generate",
    "reply_upload",
    "reply_unsign",
    "reply_file",
    "hearing_add",
    "case_conclude",
    "case_appeal",
    "case_compliance",
]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_user", 200),
        ("office_head", 200),
        ("supervisor", 200),
        ("admin", 200),
        ("enforcement_clerk", 200),
        ("agri_clerk", 404),
        ("colleague", 404),
        ("outsider", 404),
        ("mediator", 404),
        ("partner", 404),
    ],
)
def test_detail_access(world, depts, login, ready_case, persona, status):
    user = getattr(depts, persona, None) or getattr(world, persona)
    response = login(user).get(reverse("litigation:case_detail", args=[ready_case.pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "王建国" in page and "2026-11-16" in page
        assert "13812345678" not in page  # the phone is masked


@pytest.mark.parametrize("name", STEPS)
def test_outsider_gets_404_on_every_step(world, login, ready_case, name):
    response = login(world.outsider).post(reverse(f"litigation:{name}", args=[ready_case.pk]), {})
    assert response.status_code == 404
    ready_case.refresh_from_db()
    assert ready_case.status == CaseStatus.RECEIVED and ready_case.evidence.count() == 1


def test_outsider_gets_404_on_nested_records_and_downloads(world, login, ready_case):
    reply = ready_case.replies.get()
    item = ready_case.evidence.get()
    hearing = services.hearing_add(
        actor=world.office_user,
        case=ready_case,
        held_on=dt.date(2026, 11, 27),
        body="东港区人民政府",
        form="hearing",
        status="scheduled",
    )
    client = login(world.outsider)
    for name, args in [
        ("reply_download", [ready_case.pk, reply.pk]),
        ("reply_sign", [ready_case.pk, reply.pk]),
        ("evidence_remove", [ready_case.pk, item.pk]),
        ("hearing_record", [ready_case.pk, hearing.pk]),
    ]:
        method = client.get if name == "reply_download" else client.post
        assert method(reverse(f"litigation:{name}", args=args)).status_code == 404
    hearing.refresh_from_db()
    assert hearing.status == "scheduled"
    services.reply_sign(actor=world.office_head, case=ready_case, reply=reply)
    services.reply_file(actor=world.office_user, case=ready_case, filed_on=dt.date(2026, 11, 13))
    services.case_conclude(
        actor=world.office_user,
        case=ready_case,
        outcome=Outcome.REVOKED,
        outcome_document=OutcomeDocument.DECISION,
        outcome_on=dt.date(2026, 11, 19),
    )
    follow_up = ready_case.follow_up
    url = reverse("litigation:follow_up_update", args=[follow_up.pk])
    assert client.post(url, {"plan": "x", "due_on": "2026-12-01"}).status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.plan == ""
    assert "被撤销" not in client.get(reverse("litigation:follow_up_list")).content.decode()
    template = services.template_upload(
        actor=world.office_user,
        unit=world.office_a1,
        kind="lawsuit",
        upload=_upload(documents.default_template("lawsuit"), "模板.docx"),
    )
    url = reverse("litigation:template_download", args=[template.pk])
    assert client.get(url).status_code == 404
    assert login(world.office_user).get(url).status_code == 200


def _upload(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _form(depts, **changes):
    data = {
        "kind": "reconsideration",
        "procedure": "ordinary",
        "department": depts.enforcement.pk,
        "respondent": "秦楼街道办事处",
        "contested_act": "限期拆除决定",
        "act_kind": "coercion",
        "authority": "东港区人民政府",
        "documents_received": "行政复议申请书副本",
        "served_on": "2026-11-18",
        "a1_kind": "person",
        "a1_name": "赵四",
        "a1_id_number": factories.make_id_number(),
        "submission_token": "1c0f7e2a-4b1b-4b8e-9d7e-3f7b6a5c4d21",
    }
    data.update(changes)
    return data


def test_registering_keeps_typed_text_on_a_refusal_and_counts_one_case(world, depts, login):
    client = login(world.office_user)
    url = reverse("litigation:case_create")
    response = client.post(url, _form(depts, procedure="first_instance"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "程序与案件类型不符" in page and "限期拆除决定" in page
    response = client.post(url, _form(depts))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.pk}/")
    client.post(url, _form(depts))  # the same form sent twice
    assert Case.objects.count() == 1
    assert case.periods.get().due_on == dt.date(2026, 12, 2)


def test_a_bad_id_number_is_reported_in_chinese_beside_its_box(world, depts, login):
    response = login(world.office_user).post(
        reverse("litigation:case_create"), _form(depts, a1_id_number="12345")
    )
    assert response.status_code == 200
    assert "身份证号" in response.content.decode()
    assert not Case.objects.exists()


def test_the_head_signs_on_the_page_and_the_reply_is_filed(world, login, ready_case):
    reply = ready_case.replies.get()
    head = login(world.office_head)
    head.post(reverse("litigation:reply_sign", args=[ready_case.pk, reply.pk]))
    head.post(reverse("litigation:reply_file", args=[ready_case.pk]), {"filed_on": "2026-11-13"})
    page = head.get(reverse("litigation:case_detail", args=[ready_case.pk])).content.decode()
    assert "已签发" in page and "在法定期限内" in page
    response = head.get(reverse("litigation:reply_download", args=[ready_case.pk, reply.pk]))
    assert "现场检查笔录" in documents.docx_text(response.content)


def test_statistics_show_a_countys_offices_side_by_side_and_export(world, login, ready_case):
    client = login(world.supervisor)
    page = client.get(reverse("litigation:statistics"), {"year": 2026}).content.decode()
    assert "秦楼司法所" in page and "河山司法所" in page and "东港区司法局（合计）" in page
    assert "负责人出庭应诉率" in page and "综合执法办" in page
    response = client.get(reverse("litigation:statistics_export"), {"year": 2026})
    book = load_workbook(BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "单位" and sheet["B1"].value == "复议应诉案件数"
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["秦楼司法所"] == "1" or rows["秦楼司法所"] == 1
    assert login(world.mediator).get(reverse("litigation:statistics")).status_code == 404


def test_the_list_takes_a_fixed_number_of_queries(
    world, login, make_case, django_assert_max_num_queries
):
    for _ in range(5):
        make_case()
    client = login(world.office_user)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("litigation:case_list")).content.decode()
    assert page.count("王建国") == 5


def test_the_sidebar_shows_the_line_by_role(world, depts, home):
    assert "复议应诉" in home(world.office_user)
    assert "复议应诉" in home(depts.enforcement_clerk)
    assert "复议应诉" not in home(world.mediator)
    assert "复议应诉" not in home(world.partner)


def test_the_case_history_reads_in_chinese(world, login, ready_case):
    url = reverse("core:history", args=["litigation.case", ready_case.pk])
    body = login(world.office_head).get(url).content.decode()
    assert "复议应诉收案" in body and "答复/答辩期限届满日 2026-11-16" in body
    assert "证据1. 现场检查笔录" in body and "行政复议答复书.docx v1" in body
    assert login(world.outsider).get(url).status_code == 404


def test_the_list_filters_overdue_and_due_soon_cases(world, login, make_case):
    overdue = make_case(served_on=dt.date(2026, 11, 2))  # due 16 Nov
    soon = make_case(served_on=dt.date(2026, 11, 9), applicant=_person("李四"))  # due 23 Nov
    client = login(world.office_user)
    url = reverse("litigation:case_list")
    page = client.get(url, {"due": "overdue"}).content.decode()
    assert overdue.number in page and soon.number not in page
    page = client.get(url, {"due": "soon"}).content.decode()
    assert soon.number in page and overdue.number not in page


def _person(name):
    from litigation.conftest import applicant

    return applicant(name)


def test_a_party_page_lists_the_cases_only_to_those_who_read_the_line(world, login, make_case):
    """The applicant's party page names the case for the office, not for its mediator, who
    does not read 复议应诉 (and whose link would lead to a refusal)."""
    case = make_case()
    party_page = reverse("core:party_detail", args=[case.applicant.pk])
    detail = reverse("litigation:case_detail", args=[case.pk])
    history = reverse("core:history", args=["litigation.case", case.pk])
    client = login(world.office_user)
    assert detail in client.get(party_page).content.decode()
    assert client.get(history).status_code == 200
    client = login(world.mediator)
    body = client.get(party_page).content.decode()
    assert "王建国" in body and detail not in body and case.number not in body
    assert client.get(detail).status_code == 404
    assert client.get(history).status_code == 404
