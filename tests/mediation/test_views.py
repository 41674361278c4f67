import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sifasuo.intake.models import Matter, MatterState
from sifasuo.mediation import services
from sifasuo.mediation.models import Case, Stage

# (url name, method, owner persona, supervisor's status)
ENDPOINTS = [
    ("mediation:case_detail", "get", "mediator", 200),
    ("mediation:case_file_pdf", "get", "mediator", 200),
    ("mediation:agreement_docx", "get", "mediator", 302),
    ("mediation:confirmation_docx", "get", "mediator", 302),
    ("mediation:agreement_pdf", "get", "mediator", 302),
    ("mediation:case_advance", "post", "mediator", 403),
    ("mediation:session_add", "post", "mediator", 403),
    ("mediation:agreement", "post", "mediator", 403),
    ("mediation:agreement_written", "post", "mediator", 403),
    ("mediation:confirmation", "post", "mediator", 403),
    ("mediation:followup_add", "post", "mediator", 403),
    ("mediation:case_archive", "post", "mediator", 403),
    ("mediation:case_terminate", "post", "mediator", 403),
    ("mediation:case_refusal", "post", "mediator", 403),
    ("mediation:party_ethnicity", "post", "mediator", 403),
    ("mediation:termination_notice_docx", "get", "mediator", 302),
    ("mediation:risk_screen", "post", "mediator", 403),
    ("mediation:followup_plan", "post", "mediator", 403),
    ("mediation:share", "post", "mediator", 403),
]

POST_DATA = {
    "held_on": "2026-11-20",
    "place": "调解室",
    "attendees": "甲、乙",
    "record": "笔录",
    "agreed_on": "2026-11-21",
    "terms": "赔偿",
    "written_on": "2026-11-28",
    "outcome": "pending",
    "visited_on": "2026-11-22",
    "note": "已履行",
    "reason": "other",
    "text": "说明",
    "notified_on": "2026-11-25",
    "refused_on": "2026-11-25",
    "statement": "不同意调解",
    "ethnicity": "汉族",
    "plan": "计划",
    "due": "2026-12-20",
}


@pytest.mark.parametrize(("name", "method", "owner", "supervisor_status"), ENDPOINTS)
def test_access(world, cases, client, name, method, owner, supervisor_status):
    case = cases["A1"]
    url = reverse(name, args=[case.pk])
    data = {
        **POST_DATA,
        "version": case.version,
        "partner": world.police_a1.pk,
        "party_id": case.party_links.first().party_id,
    }
    for persona, expected in [
        ("outsider", 404),
        ("colleague", 404),
        ("partner", 404),
        ("supervisor", supervisor_status),
    ]:
        client.force_login(getattr(world, persona))
        response = getattr(client, method)(url, data)
        assert response.status_code == expected, (persona, response.status_code)
    client.force_login(getattr(world, owner))
    assert getattr(client, method)(url, data).status_code in (200, 302)


def test_partner_sees_only_the_shared_red_case(world, open_case, login):
    red = open_case(world.mediator, dispute_type="family", summary="丈夫多次家暴，扬言报复")
    other_red = open_case(world.mediator, dispute_type="family", summary="扬言自杀，持刀")
    client = login(world.mediator)
    response = client.post(
        reverse("mediation:share", args=[red.pk]), {"partner": world.police_a1.pk}, follow=True
    )
    assert "跟进计划" in response.content.decode()
    client.post(
        reverse("mediation:followup_plan", args=[red.pk]),
        {"plan": "每月走访", "due": "2026-12-20", "version": red.version},
    )
    client.post(reverse("mediation:share", args=[red.pk]), {"partner": world.police_a1.pk})
    partner = login(world.partner)
    watch = partner.get(reverse("mediation:watch_list")).content.decode()
    assert red.number in watch and other_red.number not in watch
    assert partner.get(reverse("mediation:case_detail", args=[red.pk])).status_code == 200
    assert partner.get(reverse("mediation:case_detail", args=[other_red.pk])).status_code == 404
    outsider = login(world.outsider).get(reverse("mediation:watch_list")).content.decode()
    assert red.number not in outsider


def test_case_list_scoped_with_bounded_queries(
    world, open_case, cases, login, django_assert_max_num_queries
):
    for _ in range(5):
        open_case(world.mediator)
    client = login(world.mediator)
    # One of them fetches the parties of the whole page.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("mediation:case_list") + "?stage=application")
    page = response.content.decode()
    assert cases["A1"].number in page and cases["A2"].number not in page
    supervisor = login(world.supervisor).get(reverse("mediation:case_list")).content.decode()
    assert cases["A2"].number in supervisor


def test_ledger_rows_match_cases_with_bounded_queries(
    world, open_case, cases, login, walk, django_assert_max_num_queries
):
    walk(world.mediator, cases["A1"])
    for _ in range(3):
        open_case(world.mediator)
    client = login(world.office_user)
    # session, user, unit, the visible units and shares (once per request), content type, ledger
    with django_assert_max_num_queries(12):
        response = client.get(reverse("mediation:ledger"))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "案号"
    assert len(rows) == 1 + 4
    numbers = {r[0] for r in rows[1:]}
    assert cases["A1"].number in numbers and cases["A2"].number not in numbers
    first = next(r for r in rows if r[0] == cases["A1"].number)
    assert first[4] == "王建国" and first[5] == "赵六" and first[10] == "协议"
    assert login(world.advisor).get(reverse("mediation:ledger")).status_code == 403


def test_create_form_keeps_values_on_bad_id(world, login):
    client = login(world.mediator)
    response = client.post(
        reverse("mediation:case_create"),
        {
            "dispute_type": "debt",
            "summary": "借款未还",
            "amount": "5000",
            "committee_kind": "township",
            "committee_name": "秦楼街道人民调解委员会",
            "mediators": [world.mediator.pk],
            "service_mode": "clinic",
            "a1_kind": "person",
            "a1_name": "王建国",
            "a1_id_number": "371102198001010000",
            "b1_kind": "person",
            "b1_name": "赵六",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "借款未还" in page and "王建国" in page and "371102198001010000" in page
    assert "a1_id_number" in response.context["form"].errors
    assert not Case.objects.exists()


def test_end_to_end_walk_in_to_archived_case(world, login):
    """Registration at the window → routed → mediated → agreement downloaded → archived."""
    desk = login(world.office_user)
    desk.post(
        reverse("intake:register"),
        {
            "channel": "window",
            "matter_type": "dispute",
            "narrative": "邻居排水沟堵塞致院内积水",
            "counterpart_names": "赵六",
            "r1_kind": "person",
            "r1_name": "王建国",
            "r1_phone": "13963300011",
            "r2_kind": "person",
        },
    )
    matter = Matter.objects.get()
    desk.post(reverse("intake:assign_batch"), {"matter": [matter.pk], "handler": world.mediator.pk})
    matter.refresh_from_db()
    assert matter.handler == world.mediator

    client = login(world.mediator)
    assert matter.tracking_code in client.get(reverse("intake:queue")).content.decode()
    form = client.get(reverse("mediation:case_create") + f"?matter={matter.pk}")
    assert "邻居排水沟堵塞致院内积水" in form.content.decode()
    response = client.post(
        reverse("mediation:case_create"),
        {
            "matter": matter.pk,
            "dispute_type": "adjacency",
            "summary": "邻居排水沟堵塞致院内积水",
            "amount": "1200",
            "committee_kind": "township",
            "committee_name": "秦楼街道人民调解委员会",
            "mediators": [world.mediator.pk],
            "service_mode": "clinic",
            "b1_kind": "person",
            "b1_name": "赵六",
            "b1_phone": "13963300022",
        },
    )
    case = Case.objects.get()
    assert response.url == reverse("mediation:case_detail", args=[case.pk])

    def post(name, **data):
        case.refresh_from_db()
        response = client.post(
            reverse(name, args=[case.pk]), {"version": case.version, **data}, follow=True
        )
        assert response.status_code == 200
        return response

    post("mediation:case_advance")
    post(
        "mediation:session_add",
        held_on="2026-11-20",
        place="秦楼司法所调解室",
        attendees="王建国、赵六",
        record="双方同意共同清理排水沟。",
    )
    post(
        "mediation:agreement",
        agreed_on="2026-11-21",
        terms="一、赵六于2026年11月30日前疏通排水沟。\n二、赵六赔偿王建国损失1200元。",
    )
    download = client.get(reverse("mediation:agreement_docx", args=[case.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(BytesIO(download.content)).paragraphs)
    assert "人民调解协议书" in text
    assert "一、赵六于2026年11月30日前疏通排水沟。" in text
    assert "二、赵六赔偿王建国损失1200元。" in text
    assert "王建国" in text and "赵六" in text
    agreement_pdf = client.get(reverse("mediation:agreement_pdf", args=[case.pk]))
    pdf_text = "".join(p.extract_text() for p in PdfReader(BytesIO(agreement_pdf.content)).pages)
    assert "人民调解协议书" in pdf_text and "疏通排水沟" in pdf_text
    application = client.get(reverse("mediation:confirmation_docx", args=[case.pk]))
    text = "\n".join(p.text for p in Document(BytesIO(application.content)).paragraphs)
    assert "司法确认申请书" in text and "2026年11月21日" in text
    assert "申请人：王建国" in text and "申请人：赵六" in text
    assert "2026年12月21日前" in text
    post("mediation:followup_add", visited_on="2026-11-22", fulfilled="on", note="已疏通并赔偿")
    page = post("mediation:case_archive").content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.ARCHIVED
    assert "归档" in page
    matter.refresh_from_db()
    assert matter.state == MatterState.CLOSED

    pdf = client.get(reverse("mediation:case_file_pdf", args=[case.pk]))
    pdf_text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    for heading in ("人民调解卷宗", "卷内目录", "调解笔录", "人民调解协议书", "回访记录"):
        assert heading in pdf_text
    stats = client.get(reverse("mediation:statistics"))
    assert stats.context["stats"]["totals"]["total"] == 1
    assert stats.context["stats"]["totals"]["success"] == 1


def test_statistics_page_access(world, cases, login):
    for persona, expected in (("mediator", 1), ("supervisor", 2), ("outsider", 0), ("partner", 0)):
        response = login(getattr(world, persona)).get(reverse("mediation:statistics"))
        assert response.context["stats"]["totals"]["total"] == expected, persona


def test_conflict_message_on_stale_form(world, cases, login):
    case = cases["A1"]
    stale = case.version
    services.case_advance(actor=world.office_head, case=case)
    response = login(world.mediator).post(
        reverse("mediation:case_terminate", args=[case.pk]),
        {"version": stale, "reason": "other", "text": "x"},
        follow=True,
    )
    assert "已被他人修改" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.INVESTIGATION


def test_double_submit_opens_one_case(world, login):
    client = login(world.mediator)
    token = str(
        client.get(reverse("mediation:case_create")).context["form"]["submission_token"].value()
    )
    data = {
        "submission_token": token,
        "dispute_type": "debt",
        "summary": "借款未还",
        "amount": "5000",
        "committee_kind": "township",
        "committee_name": "秦楼街道人民调解委员会",
        "mediators": [world.mediator.pk],
        "service_mode": "clinic",
        "a1_kind": "person",
        "a1_name": "王建国",
        "b1_kind": "person",
        "b1_name": "赵六",
    }
    first = client.post(reverse("mediation:case_create"), data)
    second = client.post(reverse("mediation:case_create"), data)
    assert Case.objects.count() == 1
    assert first.url == second.url


def test_watch_list_and_statistics_bounded_queries(
    world, open_case, login, django_assert_max_num_queries
):
    for _ in range(4):
        open_case(world.mediator, dispute_type="family", summary="扬言报复")
    client = login(world.supervisor)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("mediation:watch_list"))
    assert len(page.context["page"].object_list) == 4
    with django_assert_max_num_queries(20):
        client.get(reverse("mediation:statistics"))


def test_double_clicked_session_is_recorded_once(world, cases, login):
    case = services.case_advance(actor=world.mediator, case=cases["A1"])
    client = login(world.mediator)
    data = {
        "version": case.version,
        "held_on": "2026-11-20",
        "place": "调解室",
        "attendees": "甲、乙",
        "record": "笔录",
    }
    client.post(reverse("mediation:session_add", args=[case.pk]), data)
    second = client.post(reverse("mediation:session_add", args=[case.pk]), data, follow=True)
    assert case.sessions.count() == 1
    assert "已被他人修改" in second.content.decode()


def test_case_list_filters_by_risk_grade(world, open_case, login):
    red = open_case(world.mediator, summary="扬言报复")
    green = open_case(world.mediator)
    page = login(world.mediator).get(reverse("mediation:case_list") + "?risk_grade=red")
    assert red.number in page.content.decode() and green.number not in page.content.decode()


def _section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    return page[start : page.index("</section>", start)]


def test_the_step_that_moves_the_case_on_is_open_in_front(world, cases, walk, login):
    client = login(world.mediator)
    case = cases["A1"]
    url = reverse("mediation:case_detail", args=[case.pk])

    front = _section(client.get(url).content.decode(), "next-steps")
    assert "受理，进入调查" in front and "终止调解" not in front

    case = services.case_advance(actor=world.mediator, case=case)
    page = client.get(url).content.decode()
    front = _section(page, "next-steps")
    assert '<details class="panel step-primary" open><summary>登记调解记录</summary>' in front
    assert page.index('id="next-steps"') < page.index('id="other-steps"')
    rest = _section(page, "other-steps")
    assert "登记调解记录" not in rest
    assert "风险排查" in rest and "终止调解" in rest and "当事人拒绝调解" in rest

    services.session_add(
        actor=world.mediator,
        case=case,
        held_on=dt.date(2026, 11, 20),
        place="调解室",
        attendees="王建国、赵六",
        record="双方陈述。",
    )
    front = _section(client.get(url).content.decode(), "next-steps")
    assert '<details class="panel step-primary" open><summary>记录调解协议</summary>' in front
    # Another session is still at hand, folded.
    assert '<details class="panel step-primary"><summary>登记调解记录</summary>' in front


def test_an_oral_agreement_puts_its_written_version_first(world, cases, login):
    case = services.case_advance(actor=world.mediator, case=cases["A1"])
    services.session_add(
        actor=world.mediator,
        case=case,
        held_on=dt.date(2026, 11, 20),
        place="调解室",
        attendees="王建国、赵六",
        record="双方陈述。",
    )
    case.refresh_from_db()
    services.case_record_agreement(
        actor=world.mediator,
        case=case,
        terms="当场付清",
        agreed_on=dt.date(2026, 11, 21),
        oral=True,
    )
    page = login(world.mediator).get(reverse("mediation:case_detail", args=[case.pk]))
    front = _section(page.content.decode(), "next-steps")
    assert "open><summary>口头协议制作书面协议书</summary>" in front
    assert "登记回访" in front
