"""The screens: the window's form (typed text kept on refusal, an intake matter handed over
without retyping), the application page for the office and the centre, outsiders get 404, the
declaration print and the statistics with their .xlsx."""

from io import BytesIO

import factories
import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from sifasuo.core import lines
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import MatterState
from sifasuo.legal_aid import services
from sifasuo.legal_aid.models import Application

RECORD_URLS = [
    ("legal_aid:detail", "get"),
    ("legal_aid:declaration", "get"),
    ("legal_aid:refusal_docx", "get"),
    ("legal_aid:forward", "post"),
    ("legal_aid:receive", "post"),
    ("legal_aid:decide", "post"),
    ("legal_aid:prior_aid", "post"),
    ("legal_aid:materials", "post"),
    ("legal_aid:supplied", "post"),
    ("legal_aid:withdrawn", "post"),
    ("legal_aid:assign", "post"),
    ("legal_aid:close", "post"),
    ("legal_aid:visit", "post"),
    ("legal_aid:objection_add", "post"),
]


@pytest.mark.parametrize(("name", "method"), RECORD_URLS)
def test_an_outsider_gets_404(world, centres, application, client, name, method):
    url = reverse(name, args=[application.pk])
    for user in (world.outsider, world.colleague, centres.staff_a, centres.staff_b):
        client.force_login(user)
        assert getattr(client, method)(url).status_code == 404, (user, name)
    client.force_login(world.office_user)
    assert getattr(client, method)(url).status_code in (200, 302)


def test_an_outsider_gets_404_for_an_objection(world, centres, application, client):
    day = application.received_on
    app = services.application_forward(
        actor=world.office_user, app=application, forwarded_on=day, means="online", receipt=""
    )
    app = services.application_receive(actor=centres.staff_a, app=app, received_on=day)
    app = services.application_decide(
        actor=centres.staff_a, app=app, decision="refuse", decided_on=day, reason="不符合条件"
    )
    objection = services.objection_file(
        actor=world.office_user, app=app, received_on=day, content="异议"
    )
    client.force_login(world.office_user)
    notice = client.get(reverse("legal_aid:refusal_docx", args=[app.pk]))
    text = "\n".join(p.text for p in Document(BytesIO(notice.content)).paragraphs)
    assert "理由：不符合条件" in text and "第四十三条第一款" in text
    assert "向东港区司法局提出" in text and "五日内" in text
    url = reverse("legal_aid:objection_decide", args=[app.pk, objection.pk])
    data = {"result": "upheld", "decided_on": day.isoformat(), "note": ""}
    for user in (world.outsider, centres.staff_b):
        client.force_login(user)
        assert client.post(url, data).status_code == 404
    client.force_login(centres.staff_a)
    page = client.get(reverse("legal_aid:detail", args=[app.pk])).content.decode()
    assert "登记审查结果" in page and "第四十九条第二款" in page
    assert client.post(url, data).status_code == 302
    objection.refresh_from_db()
    assert objection.result == "upheld"


def _form_data(**extra):
    data = {
        "applicant_name": "孙桂芝",
        "applicant_phone": "13963300041",
        "received_on": "2026-03-02",
        "matter_kind": "civil",
        "art31_item": "5",
        "summary": "在某建筑工地务工被拖欠工资一万二千元。",
        "groups": ["migrant_worker", "woman"],
        "means_basis": "exempt",
        "exemption_item": "3",
        "exemption_proof": "",
    }
    data.update(extra)
    return data


def test_the_window_form_keeps_what_was_typed_and_names_the_article(world, centres, client):
    client.force_login(world.office_user)
    response = client.post(reverse("legal_aid:create"), _form_data())
    page = response.content.decode()
    assert response.status_code == 200 and not Application.objects.exists()
    assert "第四十二条要求申请人有材料证明" in page and "在某建筑工地务工被拖欠工资" in page
    response = client.post(
        reverse("legal_aid:create"), _form_data(exemption_proof="欠薪清单及工友证言")
    )
    app = Application.objects.get()
    assert response.status_code == 302 and app.migrant_worker and app.woman
    page = client.get(reverse("legal_aid:detail", args=[app.pk])).content.decode()
    assert "（三）申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员" in page
    assert "13963300041" not in page and "139****0041" in page  # masked by default


def test_an_intake_matter_is_handed_over_without_retyping(world, centres, client):
    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="hotline",
        matter_type="legal_aid",
        narrative="12348热线转来：王秀兰在某厂务工期间受伤，已认定工伤，申请法律援助。",
        counterpart_names="日照市某机械厂",
        requesters=[
            {"kind": "person", "name": "王秀兰", "gender": "female", "phone": "13963300051"}
        ],
    )
    client.force_login(world.office_user)
    response = client.get(reverse("legal_aid:create"), {"matter": matter.pk})
    form = response.context["form"]
    assert "applicant_name" not in form.fields
    assert form["summary"].value() == matter.narrative
    assert form["opponent"].value() == "日照市某机械厂"
    assert form["art31_item"].value() == "7"
    assert set(form["groups"].value()) == {"woman", "migrant_worker"}
    data = {
        name: form[name].value() for name in form.fields if form[name].value() not in (None, "")
    }
    data.update(means_basis="exempt", exemption_item="3", exemption_proof="工伤认定决定书")
    data["received_on"] = data["received_on"].isoformat()
    response = client.post(reverse("legal_aid:create") + f"?matter={matter.pk}", data)
    assert response.status_code == 302
    app = Application.objects.get(intake_matter=matter)
    assert app.applicant.name == "王秀兰"
    matter.refresh_from_db()
    assert matter.state == MatterState.CLOSED and app.number in matter.result
    client.force_login(world.outsider)
    assert client.get(reverse("legal_aid:create"), {"matter": matter.pk}).status_code == 404


def test_the_declaration_prints_the_pledge(world, centres, register, client):
    app = register(
        world.office_user,
        means_basis="declared",
        household_size=3,
        household_income=1500,
        declaration="丈夫长期患病，家庭无其他收入。",
        pledge_signed=True,
    )
    client.force_login(world.office_user)
    page = client.get(reverse("legal_aid:declaration", args=[app.pk])).content.decode()
    assert "丈夫长期患病" in page and "个人诚信承诺" in page and "第四十一条" in page


def test_statistics_side_by_side_and_export(world, centres, register, client):
    register(world.office_user)
    register(world.colleague, applicant={"name": "河山乙"}, groups=["disabled"])
    register(world.outsider, applicant={"name": "洪凝丙"})
    client.force_login(world.supervisor)
    response = client.get(reverse("legal_aid:statistics"))
    rows = response.context["stats"]["by_unit"]
    assert [r["unit__name"] for r in rows] == ["秦楼司法所", "河山司法所"]
    assert response.context["stats"]["totals"]["received"] == 2
    assert dict(response.context["stats"]["by_group"])["残疾人"] == 1
    export = client.get(reverse("legal_aid:statistics_export"))
    book = load_workbook(BytesIO(export.content))
    assert book["按单位"]["A2"].value == "秦楼司法所"
    assert book["按单位"]["A4"].value == "合计" and book["按单位"]["B4"].value == 2
    client.force_login(world.outsider)
    response = client.get(reverse("legal_aid:statistics"), {"unit": world.county_a.pk})
    assert response.context["stats"]["totals"]["received"] == 1  # its own only


def test_the_centre_account_opens_home_and_its_sidebar(world, centres, application, client):
    services.application_forward(
        actor=world.office_user,
        app=application,
        forwarded_on=application.received_on,
        means="online",
        receipt="",
    )
    client.force_login(centres.staff_a)
    home = client.get("/")
    assert home.status_code == 200 and "待中心签收" in home.content.decode()
    shown = [e for e in lines.navigation() if e.shown_to(centres.staff_a)]
    assert {"legal_aid:list", "legal_aid:statistics"} <= {e.url_name for e in shown}
    for entry in shown:
        assert client.get(reverse(entry.url_name)).status_code == 200, entry.url_name
    page = client.get(reverse("legal_aid:detail", args=[application.pk])).content.decode()
    assert "139****0031" in page and "13963300031" not in page and "查看</button>" not in page
    stats = client.get(reverse("legal_aid:statistics")).context["stats"]
    assert stats["totals"]["received"] == 1  # the forwarded one, counted for its office


def test_the_ledger_is_scoped_masked_and_inert(world, centres, register, client):
    register(world.office_user, applicant={"name": factories.FORMULA_TEXT, "phone": "13963300061"})
    register(world.outsider, applicant={"name": "洪凝丙"})
    client.force_login(world.office_user)
    response = client.get(reverse("legal_aid:ledger"))
    factories.assert_formula_is_text(response.content)
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][4] == "139****0061"
    client.force_login(world.advisor)  # no export permission
    assert client.get(reverse("legal_aid:ledger")).status_code == 403
