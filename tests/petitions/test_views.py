"""The 信访 screens as people use them: hand-over from the intake window without retyping, the
case file's steps, the 一案一单 sheet, statistics, and 404 for anyone outside the office."""

import datetime as dt
import uuid
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from sifasuo.core.documents import chinese_font_available
from sifasuo.core.models import AuditEntry
from sifasuo.intake import services as intake_services
from sifasuo.petitions import services
from sifasuo.petitions.models import Petition


@pytest.fixture
def matter(world, today, petitioner):
    return intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="window",
        matter_type="petition",
        narrative="反映村务公开不及时，要求公开上年度集体收支明细。",
        requesters=[petitioner("赵敏")],
        received_on=dt.date(2026, 8, 28),
    )


def _text(response) -> str:
    return response.content.decode()


def test_a_petition_matter_is_handed_over_without_retyping(world, matter, client):
    client.force_login(world.office_user)
    detail = _text(client.get(reverse("intake:detail", args=[matter.pk])))
    create = reverse("petitions:create")
    assert f"{create}?matter={matter.pk}" in detail and "转信访件登记" in detail
    page = client.get(create, {"matter": matter.pk})
    form = page.context["form"]
    assert form["request"].value() == matter.narrative
    assert "p1_name" not in form.fields  # the petitioner comes from the matter
    token = str(uuid.uuid4())
    data = {
        "matter": matter.pk,
        "submission_token": token,
        "kind": "complaint",
        "request": matter.narrative,
        "headcount": 1,
        "lead_name": "张所长",
        "lead_post": "司法所所长",
    }
    first = client.post(create, data)
    client.post(create, data)  # a double click
    petition = Petition.objects.get()
    assert first.url == reverse("petitions:detail", args=[petition.pk])
    assert (petition.petitioner.name, petition.received_on) == ("赵敏", dt.date(2026, 8, 28))
    assert petition.lead_label == "张所长（司法所所长）"
    detail = _text(client.get(reverse("intake:detail", args=[matter.pk])))
    assert f"{create}?matter={matter.pk}" not in detail and "转信访件登记" in detail  # a step now
    page = _text(client.get(reverse("petitions:detail", args=[petition.pk])))
    assert "信访工作条例 第二十三条第二款" in page and "2026-09-14" in page  # 15 days, Sunday 13th


def test_the_case_file_shows_its_steps_and_keeps_what_was_refused(world, petition, client):
    client.force_login(world.office_head)
    url = reverse("petitions:detail", args=[petition.pk])
    client.post(
        reverse("petitions:notify", args=[petition.pk]),
        {"notified_on": "2026-06-02", "accepted": "1", "route": "6", "notice_text": "已受理。"},
    )
    page = _text(client.get(url))
    assert "适用第三十四条：自受理之日起60日内办结" in page and "延长办理期限" in page
    # a reply dated before the acceptance is refused; the opinion typed comes back
    client.post(
        reverse("petitions:reply", args=[petition.pk]),
        {"replied_on": "2026-05-01", "opinion": "support", "text": "经核实，予以支持并督促整改。"},
    )
    page = _text(client.get(url))
    assert "答复日期不能早于受理日期" in page and "经核实，予以支持并督促整改。" in page
    client.post(
        reverse("petitions:reply", args=[petition.pk]),
        {"replied_on": "2026-07-01", "opinion": "support", "text": "经核实，予以支持。"},
    )
    client.post(
        reverse("petitions:close", args=[petition.pk]),
        {
            "closed_on": "2026-07-10",
            "outcome": "resolved",
            "satisfaction": "satisfied",
            "settled": "on",
        },
    )
    page = _text(client.get(url))
    assert "诉求合理，问题已解决" in page and "已息访息诉" in page and "按期" in page


def test_the_sheet_lists_lead_periods_and_masks_the_phone_for_those_who_may_not_see_it(
    world, petition, client
):
    services.petition_set_lead(
        actor=world.office_head, petition=petition, lead_name="刘洋", lead_post="副镇长"
    )
    url = reverse("petitions:sheet", args=[petition.pk, "docx"])
    client.force_login(world.advisor)
    document = Document(BytesIO(client.get(url).content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert petition.number in [p.text for p in document.paragraphs]
    assert "刘洋（副镇长）" in cells and "信访工作条例 第二十三条第二款" in cells
    assert "139****0031" in cells
    client.force_login(world.office_user)
    document = Document(BytesIO(client.get(url).content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "13963300031" in cells
    assert AuditEntry.objects.filter(action="personal_data.print").count() == 1


def test_the_county_sees_its_offices_side_by_side_in_the_statistics(world, petition, client):
    client.force_login(world.supervisor)
    page = client.get(reverse("petitions:statistics"), {"year": 2026})
    rows = {row["unit"].name: row["values"] for row in page.context["unit_rows"]}
    assert set(rows) == {"秦楼司法所", "河山司法所"}
    codes = [ind.code for ind in page.context["codes"]]
    assert rows["秦楼司法所"][codes.index("petitions.received")] == 1
    export = client.get(reverse("petitions:statistics_export"), {"year": 2026})
    book = load_workbook(BytesIO(export.content))
    assert book.sheetnames[:2] == ["指标", "按单位"]
    sheet_rows = {row[0]: row[1:] for row in book["按单位"].iter_rows(min_row=2, values_only=True)}
    assert sheet_rows["秦楼司法所"][codes.index("petitions.received")] == 1


def _record_urls(pk):
    gets = ["detail"]
    posts = [
        "lead",
        "notify",
        "object",
        "objection_answer",
        "extend",
        "reply",
        "review_request",
        "review",
        "recheck_request",
        "recheck",
        "recheck_hearing",
        "close",
        "meeting",
        "risk",
        "share",
    ]
    return (
        [("get", reverse(f"petitions:{n}", args=[pk])) for n in gets]
        + [("get", reverse("petitions:sheet", args=[pk, fmt])) for fmt in ("docx", "pdf")]
        + [("post", reverse(f"petitions:{n}", args=[pk])) for n in posts]
    )


def test_an_outsider_gets_404_on_every_page_of_the_file(world, petition, matter, client):
    for user in (world.outsider, world.colleague, world.partner):
        client.force_login(user)
        for method, url in _record_urls(petition.pk):
            assert getattr(client, method)(url).status_code == 404, (user, url)
        response = client.get(reverse("petitions:create"), {"matter": matter.pk})
        assert response.status_code in (403, 404)
    client.force_login(world.outsider)
    assert client.get(reverse("petitions:create"), {"matter": matter.pk}).status_code == 404
    assert petition.version == Petition.objects.get().version  # nothing was written


def test_a_partner_sees_a_shared_petition_on_its_watch_list_only(world, petition, client):
    services.petition_screen_risk(
        actor=world.office_user, petition=petition, checklist=["leapfrog"], control_plan="每日联系"
    )
    client.force_login(world.partner)
    assert petition.number not in _text(client.get(reverse("petitions:watch_list")))
    services.petition_share_with_partner(
        actor=world.office_user, petition=petition, partner=world.police_a1
    )
    assert petition.number in _text(client.get(reverse("petitions:watch_list")))
    page = _text(client.get(reverse("petitions:detail", args=[petition.pk])))
    assert "红色" in page and "13963300031" not in page


def test_the_handlers_to_do_list_and_the_office_list_show_the_running_period(
    world, petition, client, home, open_petition, petitioner, django_assert_max_num_queries
):
    page = home(world.office_user)
    assert "信访件（本人承办）" in page and "书面告知信访人" in page
    for name in ("甲", "乙", "丙"):
        open_petition(world.office_user, petitioner=petitioner(f"信访人{name}"))
    client.force_login(world.office_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("petitions:list"), {"overdue": "on"})
    # on 31 August the 15 days of 1 June have long passed
    assert response.content.decode().count("已超期") == 4


@pytest.mark.skipif(
    not chinese_font_available(),
    reason="no CJK font for WeasyPrint (apt-get install fonts-noto-cjk; CI installs it)",
)
def test_the_sheet_prints_as_pdf(world, petition, client):
    from pypdf import PdfReader

    client.force_login(world.office_user)
    response = client.get(reverse("petitions:sheet", args=[petition.pk, "pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "信访事项一案一单" in text and "第二十三条第二款" in text
