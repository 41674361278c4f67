"""Legality review pages: who sees what, the walk from submission to archive, the register."""

from io import BytesIO

import docx
import factories
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sifasuo.reviews.models import LawArticle, Review, ReviewKind, ReviewStatus

GET_PAGES = ["reviews:review_detail"]


@pytest.fixture
def review(make_review):
    return make_review()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_user", 200),
        ("supervisor", 200),
        ("outsider", 404),
        ("colleague", 404),
        ("agri_clerk", 200),
        ("enforcement_clerk", 404),
    ],
)
def test_detail_access(world, depts, login, review, persona, status):
    user = getattr(depts, persona, None) or getattr(world, persona)
    response = login(user).get(reverse("reviews:review_detail", args=[review.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    "name",
    [
        "review_return",
        "review_resubmit",
        "review_accept",
        "review_advisor",
        "review_review",
        "review_opinion",
        "review_archive",
        "review_document",
    ],
)
def test_outsider_gets_404_on_every_step(world, login, review, name):
    response = login(world.outsider).post(reverse(f"reviews:{name}", args=[review.pk]), {})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_outsider_gets_404_on_downloads_findings_and_points(world, login, review):
    client = login(world.outsider)
    document = review.documents.get()
    finding = review.findings.first()
    assert client.get(reverse("reviews:review_opinion_docx", args=[review.pk])).status_code == 404
    assert client.get(reverse("reviews:review_opinion_pdf", args=[review.pk])).status_code == 404
    assert (
        client.get(
            reverse("reviews:review_document_download", args=[review.pk, document.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("reviews:finding_decide", args=[review.pk, finding.pk]), {"accept": "1"}
        ).status_code
        == 404
    )
    assert client.post(reverse("reviews:point_answer", args=[review.pk, 1]), {}).status_code == 404


def test_other_department_clerk_cannot_act(depts, login, review):
    response = login(depts.enforcement_clerk).post(
        reverse("reviews:review_resubmit", args=[review.pk])
    )
    assert response.status_code == 404


def test_clerk_cannot_accept_own_submission(depts, login, review):
    response = login(depts.agri_clerk).post(reverse("reviews:review_accept", args=[review.pk]))
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_list_shows_department_rows_only_in_bounded_queries(
    depts, login, make_review, django_assert_max_num_queries
):
    for index in range(6):
        make_review(title=f"农业事项{index}", kind=ReviewKind.CONTRACT)
    make_review(title="执法事项", clerk=depts.enforcement_clerk, kind=ReviewKind.CONTRACT)
    client = login(depts.agri_clerk)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reviews:review_list"))
    text = response.content.decode()
    assert "农业事项5" in text
    assert "执法事项" not in text


def test_submit_form_keeps_values_on_bad_upload(depts, login):
    client = login(depts.agri_clerk)
    response = client.post(
        reverse("reviews:review_submit"),
        {
            "department": depts.agri.pk,
            "title": "宅基地审批答复",
            "kind": "homestead",
            "drafting_unit": "农业农村办",
            "urgency": "normal",
            "file": SimpleUploadedFile("答复.docx", b"corrupted"),
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Word 文件已损坏" in text
    assert 'value="宅基地审批答复"' in text
    assert Review.objects.count() == 0


def test_walk_from_submission_to_archived_opinion(world, depts, login, client, docx_upload):
    client = login(depts.agri_clerk)
    response = client.post(
        reverse("reviews:review_submit"),
        {
            "department": depts.agri.pk,
            "title": "农村人居环境整治管理办法",
            "kind": "normative",
            "drafting_unit": "农业农村办",
            "urgency": "normal",
            "file": docx_upload(),
        },
        follow=True,
    )
    review = Review.objects.get()
    assert "规范性文件不得设定行政处罚" in response.content.decode()
    url = reverse("reviews:review_detail", args=[review.pk])

    client = login(world.office_user)
    client.post(reverse("reviews:review_accept", args=[review.pk]))
    for finding in review.findings.all():
        data = (
            {"accept": "1"}
            if finding.category == "penalty"
            else {"accept": "0", "reason": "定稿已补正"}
        )
        client.post(reverse("reviews:finding_decide", args=[review.pk, finding.pk]), data)
    client = login(world.advisor)
    client.post(reverse("reviews:review_advisor", args=[review.pk]), {"text": "同意审查意见。"})
    client = login(world.office_user)
    client.post(
        reverse("reviews:review_review", args=[review.pk]),
        {"assistant_opinion": "制定主体适格，程序合法，第二条超越权限。"},
    )
    basis = LawArticle.objects.get(law="行政许可法", article="第十七条")
    response = client.post(
        reverse("reviews:review_opinion", args=[review.pk]),
        {
            "conclusion": "legal_after_changes",
            "point_1": "删除须经审批的表述。",
            "basis_1": basis.pk,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "修改后合法" in page and "拟稿，待所长签发" in page
    # The department sees no draft until the head issues it.
    assert (
        login(depts.agri_clerk)
        .get(reverse("reviews:review_opinion_docx", args=[review.pk]))
        .status_code
        == 302
    )
    client = login(world.office_head)
    response = client.post(reverse("reviews:review_sign_off", args=[review.pk]), follow=True)
    assert "签发人" in response.content.decode()

    client = login(depts.agri_clerk)
    for point in review.points.all():
        client.post(
            reverse("reviews:point_answer", args=[review.pk, point.pk]),
            {"answer": "done", "text": "已按意见修改"},
        )
    client = login(world.office_head)
    response = client.post(reverse("reviews:review_archive", args=[review.pk]), follow=True)
    assert "已归档" in response.content.decode()

    response = login(depts.agri_clerk).get(reverse("reviews:review_opinion_docx", args=[review.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(BytesIO(response.content)).paragraphs)
    assert "合法性审查意见书" in text
    assert "农业农村办：" in text
    assert "《农村人居环境整治管理办法》" in text
    assert "审查结论：修改后合法" in text
    assert (
        "1. 规范性文件不得设定行政处罚：“第二条 违反本办法规定乱倒垃圾的，处以二百元罚款。”" in text
    )
    assert "（依据：《行政处罚法》第十六条）" in text
    assert "2. 删除须经审批的表述。（依据：《行政许可法》第十七条）" in text
    assert "法律顾问意见：同意审查意见。" in text
    assert f"签发人：{world.office_head}" in text
    pdf = login(world.supervisor).get(reverse("reviews:review_opinion_pdf", args=[review.pk]))
    assert pdf.status_code == 200
    pdf_text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "合法性审查意见书" in pdf_text
    assert "修改后合法" in pdf_text
    assert login(world.outsider).get(url).status_code == 404


def test_register_export_and_statistics(world, login, make_review):
    make_review(kind=ReviewKind.CONTRACT, title="保洁服务合同")
    make_review(kind=ReviewKind.MAJOR_DECISION, title="道路改造决策")
    client = login(world.office_head)
    response = client.get(reverse("reviews:review_register_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"保洁服务合同", "道路改造决策"}
    assert sheet.cell(1, 2).value == "审查事项"
    response = client.get(reverse("reviews:review_statistics"))
    assert '<dd class="stat-total">2</dd>' in response.content.decode()
    assert login(world.outsider).get(reverse("reviews:review_register_export")).status_code == 200
    outsider_sheet = load_workbook(
        BytesIO(login(world.outsider).get(reverse("reviews:review_register_export")).content)
    ).active
    assert outsider_sheet.max_row == 1


def test_clerk_cannot_export_register(depts, login):
    response = login(depts.agri_clerk).get(reverse("reviews:review_register_export"))
    assert response.status_code == 403


def test_law_list_is_maintained_by_the_office(world, depts, login):
    client = login(world.office_user)
    client.post(
        reverse("reviews:law_list"),
        {
            "law": "《行政强制法》",
            "article": "第十三条",
            "summary": "强制执行由法律设定",
            "is_active": "on",
        },
    )
    entry = LawArticle.objects.get(law="行政强制法", article="第十三条")
    assert entry.summary == "强制执行由法律设定"
    assert "强制执行由法律设定" in client.get(reverse("reviews:law_list")).content.decode()
    response = login(depts.agri_clerk).post(
        reverse("reviews:law_list"), {"law": "x", "article": "y"}
    )
    assert response.status_code == 403
    assert login(world.outsider).get(reverse("reviews:law_list")).status_code == 200


def test_statistics_count_kind_outcome_timeliness_and_adoption(world, depts, login, make_review):
    import datetime as dt

    from sifasuo.reviews import services

    review = make_review(kind=ReviewKind.CONTRACT, title="租赁合同")
    services.review_accept(actor=world.office_user, review=review)
    services.review_record_review(actor=world.office_user, review=review, assistant_opinion="审")
    basis = LawArticle.objects.get(law="民法典", article="第一百五十三条")
    services.review_issue_opinion(
        actor=world.office_user,
        review=review,
        conclusion="legal_after_changes",
        points=[("删除无效条款", basis)],
    )
    services.review_sign_off(actor=world.office_head, review=review, on=dt.date(2026, 11, 5))
    services.point_answer(
        actor=depts.agri_clerk, point=review.points.get(), answer="done", text="已删除"
    )
    make_review(kind=ReviewKind.HOMESTEAD, title="宅基地审批")
    text = login(world.supervisor).get(reverse("reviews:review_statistics")).content.decode()
    assert '<dd class="stat-total">2</dd>' in text
    assert '<dd class="stat-on-time">1</dd>' in text
    assert '<dd class="stat-adopted">1</dd>' in text
    assert "<td>合同</td><td>1</td>" in text
    assert "<td>修改后合法</td><td>1</td>" in text
    outsider = login(world.outsider).get(reverse("reviews:review_statistics")).content.decode()
    assert '<dd class="stat-total">0</dd>' in outsider


def test_findings_cite_enforcement_articles_and_a_document_number_without_title_marks(
    world, depts, login, make_review, docx_upload
):
    draft = (
        "秦楼街道违法建设治理办法\n"
        "第一条 对违规搭建的构筑物，街道综合执法队可以强制拆除。\n"
        "第二条 对拒不配合整治的住户，可以采取断水断电措施。\n"
        "第三条 拒不参加义务劳动的家庭，不得享受年度惠民补贴。\n"
    )
    review = make_review(upload=docx_upload(draft))
    page = login(world.office_user).get(reverse("reviews:review_detail", args=[review.pk]))
    text = page.content.decode()
    assert "《行政强制法》第十三条" in text
    assert "《行政强制法》第四十三条第二款" in text
    assert "国办发〔2018〕37号 一、（一）" in text
    assert "《国办发" not in text and "《立法法》第九十一条" not in text
    rights = review.findings.get(category="rights_duties")
    assert (
        str(LawArticle(law=rights.law, article=rights.article)) == "国办发〔2018〕37号 一、（一）"
    )


def test_register_export_writes_a_formula_title_as_text(world, login, make_review):
    make_review(kind=ReviewKind.CONTRACT, title=factories.FORMULA_TEXT)
    response = login(world.office_head).get(reverse("reviews:review_register_export"))
    factories.assert_formula_is_text(response.content)


def test_a_major_decision_sent_with_too_little_time_warns_the_submitter(
    world, depts, login, docx_upload
):
    client = login(depts.agri_clerk)
    response = client.post(
        reverse("reviews:review_submit"),
        {
            "department": depts.agri.pk,
            "title": "垃圾中转站选址决策",
            "kind": "major_decision",
            "drafting_unit": "农业农村办",
            "urgency": "normal",
            "requested_on": "2026-11-04",
            "file": docx_upload(),
        },
        follow=True,
    )
    body = response.content.decode()
    assert "一般不少于7个工作日" in body and "第二十六条第二款" in body
    review = Review.objects.get()
    assert review.due_on > review.requested_on
    # The office sees the same warning on the review.
    page = login(world.office_user).get(reverse("reviews:review_detail", args=[review.pk]))
    assert "一般不少于7个工作日" in page.content.decode()


def test_a_request_sent_twice_in_any_way_is_one_review(world, depts, login, docx_upload):
    client = login(depts.agri_clerk)

    def token():
        form = client.get(reverse("reviews:review_submit")).context["form"]
        return str(form["submission_token"].value())

    data = {
        "department": depts.agri.pk,
        "title": "秸秆禁烧管理办法",
        "kind": "normative",
        "drafting_unit": "农业农村办",
        "urgency": "normal",
    }
    first_tab, second_tab = token(), token()
    first = client.post(
        reverse("reviews:review_submit"),
        {**data, "submission_token": first_tab, "file": docx_upload()},
    )
    again = client.post(  # Back and resubmit
        reverse("reviews:review_submit"),
        {**data, "submission_token": first_tab, "file": docx_upload()},
        follow=True,
    )
    other = client.post(  # the other tab
        reverse("reviews:review_submit"),
        {**data, "submission_token": second_tab, "file": docx_upload()},
        follow=True,
    )
    review = Review.objects.get()
    assert first.url == reverse("reviews:review_detail", args=[review.pk])
    for response in (again, other):
        assert response.redirect_chain[-1][0] == first.url
        assert "该审查事项已报送过，未重复报送。" in response.content.decode()
    assert review.documents.count() == 1
    # Replayed from another office, the token says nothing of this review.
    stranger_clerk = factories.user(
        "a2_clerk",
        factories.unit("经发办", "department", world.office_a2, department_type="business"),
        "department_clerk",
    )
    stranger = login(stranger_clerk)
    response = stranger.post(
        reverse("reviews:review_submit"),
        {
            **data,
            "department": stranger_clerk.unit.pk,
            "submission_token": first_tab,
            "file": docx_upload(),
        },
    )
    assert "该表单已提交过，请重新打开报送页面填写。" in response.content.decode()
    assert Review.objects.count() == 1
