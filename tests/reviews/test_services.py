"""Legality review services: the closed loop, who may do what, bad uploads, due dates."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from time_support import FIRST_YEAR_WITHOUT_DATA, workdays_after_oracle

from sifasuo.core.models import AuditEntry
from sifasuo.reviews import due, selectors, services
from sifasuo.reviews.models import (
    Conclusion,
    Finding,
    LawArticle,
    OpinionPoint,
    Review,
    ReviewDocument,
    ReviewKind,
    ReviewStatus,
)


def test_submission_sets_due_date_by_kind(make_review):
    major = make_review(kind=ReviewKind.MAJOR_DECISION, title="镇区道路改造重大行政决策")
    # No date asked for: the office's period, 7 working days from Monday 2026-11-02.
    assert major.due_on == dt.date(2026, 11, 11)
    assert "SIFASUO_REVIEW_DUE_WORKDAYS" in major.due_basis
    homestead = make_review(kind=ReviewKind.HOMESTEAD, title="王某宅基地审批")
    assert homestead.due_on == dt.date(2026, 11, 9)  # 5 working days


def test_configured_days_feed_the_engine(make_review, settings):
    settings.SIFASUO_REVIEW_DUE_WORKDAYS = {"homestead": 2}
    assert make_review(kind=ReviewKind.HOMESTEAD).due_on == dt.date(2026, 11, 4)


def test_due_date_beyond_calendar_data_is_provisional(make_review):
    submitted = dt.date(FIRST_YEAR_WITHOUT_DATA - 1, 12, 28)  # 10 working days into that year
    review = make_review(submitted_on=submitted)
    assert review.due_provisional
    # Weekends and the statutory holidays (New Year's Day) until the year's notice is loaded.
    assert review.due_on == workdays_after_oracle(submitted, 10)
    assert not make_review(submitted_on=dt.date(2026, 11, 2)).due_provisional


def test_department_clerk_sees_own_department_reviews_only(world, depts, make_review):
    agri = make_review()
    enforcement = make_review(clerk=depts.enforcement_clerk, title="占道经营整治方案")

    def visible(user):
        return set(selectors.review_list_for_user(user=user))

    assert visible(depts.agri_clerk) == {agri}
    assert visible(depts.enforcement_clerk) == {enforcement}
    assert visible(world.office_user) == {agri, enforcement}
    assert visible(world.supervisor) == {agri, enforcement}
    assert visible(world.outsider) == set()
    assert visible(world.colleague) == set()
    assert agri.unit == world.office_a1


def test_clerk_cannot_submit_for_another_department(depts, docx_upload):
    with pytest.raises(PermissionDenied):
        services.review_submit(
            actor=depts.agri_clerk,
            department=depts.enforcement,
            title="x",
            kind=ReviewKind.CONTRACT,
            drafting_unit="x",
            upload=docx_upload(),
        )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("草案.txt", b"plain"), "只接受 .docx 或 .pdf"),
        (SimpleUploadedFile("草案.docx", b"PK\x03\x04broken"), "Word 文件已损坏"),
        (SimpleUploadedFile("草案.pdf", b"not a pdf"), "PDF 文件已损坏"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(make_review, upload, message):
    with pytest.raises(ValidationError, match=message):
        make_review(upload=upload)
    assert Review.objects.count() == 0
    assert ReviewDocument.objects.count() == 0


def test_missing_upload_is_refused(depts):
    with pytest.raises(ValidationError, match="请上传文件"):
        services.review_submit(
            actor=depts.agri_clerk,
            department=depts.agri,
            title="x",
            kind=ReviewKind.CONTRACT,
            drafting_unit="x",
            upload=None,
            submitted_on=dt.date(2026, 11, 2),
        )
    assert Review.objects.count() == 0


def test_encrypted_pdf_is_refused(make_review):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    from io import BytesIO

    buffer = BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError, match="PDF 文件已加密"):
        make_review(upload=SimpleUploadedFile("草案.pdf", buffer.getvalue()))
    assert Review.objects.count() == 0


def test_oversized_upload_is_refused(make_review, settings):
    settings.SIFASUO_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("草案.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10))
    with pytest.raises(ValidationError, match="文件过大"):
        make_review(upload=big)


def test_bad_new_version_keeps_existing_versions(make_review, depts, docx_upload):
    review = make_review()
    with pytest.raises(ValidationError):
        services.review_add_document(
            actor=depts.agri_clerk, review=review, upload=SimpleUploadedFile("v2.doc", b"x")
        )
    services.review_add_document(actor=depts.agri_clerk, review=review, upload=docx_upload())
    assert list(review.documents.values_list("version", flat=True)) == [2, 1]


def _ready_for_opinion(world, review):
    services.review_accept(actor=world.office_user, review=review)
    services.review_advisor_opinion(actor=world.advisor, review=review, text="建议删除罚款条款。")
    for finding in review.findings.all():
        if finding.category == "penalty":
            services.finding_decide(actor=world.office_user, finding=finding, accept=True)
        else:
            services.finding_decide(
                actor=world.office_user, finding=finding, accept=False, reason="已在定稿中补充"
            )
    services.review_record_review(
        actor=world.office_user, review=review, assistant_opinion="制定主体适格，部分条款超越权限。"
    )


def test_full_loop_from_submission_to_archive(world, depts, make_review):
    review = make_review()
    categories = set(review.findings.values_list("category", flat=True))
    assert {"penalty", "entry_barrier", "missing_issuer", "missing_validity"} <= categories
    _ready_for_opinion(world, review)
    basis = LawArticle.objects.get(law="公平竞争审查条例", article="第八条")
    services.review_issue_opinion(
        actor=world.office_user,
        review=review,
        conclusion=Conclusion.LEGAL_AFTER_CHANGES,
        points=[("删除第三条指定供应商的规定。", basis)],
        on=dt.date(2026, 11, 10),
    )
    review.refresh_from_db()
    # Drafted by the assistant, issued by the head (签发).
    assert review.status == ReviewStatus.AWAITING_SIGN_OFF and review.opinion_on is None
    with pytest.raises(PermissionDenied):
        services.review_sign_off(actor=world.office_user, review=review)
    services.review_sign_off(actor=world.office_head, review=review, on=dt.date(2026, 11, 10))
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPINION_ISSUED
    assert (review.signer, review.signed_on) == (world.office_head, dt.date(2026, 11, 10))
    points = list(review.points.all())
    assert [p.basis.law for p in points] == ["行政处罚法", "公平竞争审查条例"]
    assert review.on_time is True
    with pytest.raises(PermissionDenied):
        services.point_answer(
            actor=depts.enforcement_clerk,
            point=points[0],
            answer=OpinionPoint.Answer.DONE,
            text="已删除",
        )
    services.point_answer(
        actor=depts.agri_clerk,
        point=points[0],
        answer=OpinionPoint.Answer.DONE,
        text="已删除第二条",
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPINION_ISSUED
    services.point_answer(
        actor=depts.agri_clerk,
        point=points[1],
        answer=OpinionPoint.Answer.EXPLAINED,
        text="改为公开比选",
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.ANSWERED
    with pytest.raises(PermissionDenied):
        services.review_archive(actor=depts.agri_clerk, review=review)
    services.review_archive(actor=world.office_head, review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.ARCHIVED
    actions = set(
        AuditEntry.objects.filter(
            object_id=str(review.pk), object_type__contains="review"
        ).values_list("action", flat=True)
    )
    assert {
        "review.submit",
        "review.accept",
        "review.opinion",
        "review.sign_off",
        "review.answer",
        "review.archive",
    } <= actions


def test_return_names_the_missing_material_and_resubmit_restarts(world, depts, make_review):
    review = make_review(kind=ReviewKind.CONTRACT)
    with pytest.raises(ValidationError):
        services.review_return(actor=world.office_user, review=review, missing=" ")
    services.review_return(actor=world.office_user, review=review, missing="缺少对方资质证明")
    review.refresh_from_db()
    assert review.status == ReviewStatus.RETURNED
    assert review.missing_material == "缺少对方资质证明"
    services.review_resubmit(actor=depts.agri_clerk, review=review, on=dt.date(2026, 11, 16))
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.due_on == dt.date(2026, 11, 23)


def test_opinion_rules(world, make_review):
    # This office's head does not issue contract opinions: the reviewer issues them directly.
    services.sign_off_policy_set(
        actor=world.office_head,
        unit=world.office_a1,
        kinds=[kind for kind in ReviewKind.values if kind != ReviewKind.CONTRACT],
    )
    review = make_review(kind=ReviewKind.CONTRACT)
    services.review_accept(actor=world.office_user, review=review)
    services.review_record_review(actor=world.office_user, review=review, assistant_opinion="审查")
    with pytest.raises(ValidationError, match="逐条列明理由"):
        services.review_issue_opinion(
            actor=world.office_user, review=review, conclusion=Conclusion.ILLEGAL
        )
    with pytest.raises(ValidationError, match="法律依据"):
        services.review_issue_opinion(
            actor=world.office_user,
            review=review,
            conclusion=Conclusion.ILLEGAL,
            points=[("违法", None)],
        )
    services.review_issue_opinion(
        actor=world.office_user, review=review, conclusion=Conclusion.LEGAL
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.ANSWERED  # nothing to answer: awaits confirmation
    assert review.signer is None and review.opinion_on == dt.date(2026, 11, 22)


def test_open_findings_block_the_opinion_and_dismissal_needs_reason(world, make_review):
    review = make_review()
    services.review_accept(actor=world.office_user, review=review)
    finding = review.findings.first()
    with pytest.raises(ValidationError, match="理由"):
        services.finding_decide(actor=world.office_user, finding=finding, accept=False)
    services.review_record_review(actor=world.office_user, review=review, assistant_opinion="审查")
    with pytest.raises(ValidationError, match="未处理的预审发现"):
        services.review_issue_opinion(
            actor=world.office_user, review=review, conclusion=Conclusion.LEGAL
        )
    assert Finding.objects.filter(review=review, decision="open").exists()


def test_only_an_advisor_gives_the_advisor_opinion(world, make_review):
    review = make_review()
    services.review_accept(actor=world.office_user, review=review)
    with pytest.raises(PermissionDenied):
        services.review_advisor_opinion(actor=world.office_user, review=review, text="x")
    with pytest.raises(PermissionDenied):
        services.review_accept(actor=world.outsider, review=review)


def test_a_word_file_that_unpacks_to_hundreds_of_megabytes_is_refused(make_review, docx_upload):
    import upload_bombs

    base = docx_upload().read()
    bomb = upload_bombs.office_bomb(base, member="word/media/bomb.bin")
    before = upload_bombs.peak_rss_mb()
    with pytest.raises(ValidationError, match="解压后过大"):
        make_review(upload=SimpleUploadedFile("草案.docx", bomb))
    assert upload_bombs.peak_rss_mb() - before < 50
    assert not Review.objects.exists()


def test_accepted_findings_restated_in_typed_points_appear_once_in_the_opinion(
    world, depts, make_review
):
    review = make_review()
    _ready_for_opinion(world, review)
    accepted = list(review.findings.filter(decision="accepted"))
    assert accepted
    first = accepted[0]
    basis = LawArticle.objects.get(law=first.law, article=first.article)
    other = LawArticle.objects.get(law="公平竞争审查条例", article="第八条")
    restated = f"{first.clause}超越规范性文件权限，应予删除。"
    services.review_issue_opinion(
        actor=world.office_user,
        review=review,
        conclusion=Conclusion.LEGAL_AFTER_CHANGES,
        points=[
            (restated, basis),  # the reviewer's own words for the accepted finding
            (f"{first.prohibition}：“{first.clause}”", basis),  # and the finding copied again
            ("删除第三条指定供应商的规定。", other),
        ],
        on=dt.date(2026, 11, 10),
    )
    texts = [p.text for p in review.points.all()]
    assert len(texts) == len(accepted) + 1
    assert sum(first.clause in t for t in texts) == 1
    assert texts[0] == restated and texts[-1] == "删除第三条指定供应商的规定。"
    assert len(set(texts)) == len(texts)


def test_a_configured_review_period_says_what_sets_it(make_review, settings):
    review = make_review(kind=ReviewKind.NORMATIVE)
    assert review.due_basis == (
        "本系统默认审查时限：10个工作日（可由部署设置 SIFASUO_REVIEW_DUE_WORKDAYS 调整）"
    )
    settings.SIFASUO_REVIEW_DUE_WORKDAYS = {"normative": 15}
    review = make_review(kind=ReviewKind.NORMATIVE, title="村规民约审查办法")
    assert review.due_basis == (
        "本所设定的审查时限：15个工作日（部署设置 SIFASUO_REVIEW_DUE_WORKDAYS）"
    )


def test_a_major_decision_sent_with_less_than_seven_working_days_warns_and_is_not_overdue(
    make_review,
):
    # Submitted Monday 2026-11-02; the seventh working day is Wednesday 2026-11-11.
    short = make_review(
        kind=ReviewKind.MAJOR_DECISION,
        title="垃圾中转站选址决策",
        requested_on=dt.date(2026, 11, 5),
    )
    assert short.due_on == dt.date(2026, 11, 11)
    assert "第二十六条第二款" in short.due_basis
    warning = due.short_notice(short)
    assert "一般不少于7个工作日" in warning and "不因此计为超期" in warning
    # An opinion on the tenth, after the asked-for fifth, is on time.
    short.opinion_on = dt.date(2026, 11, 10)
    assert short.on_time is True
    ample = make_review(
        kind=ReviewKind.MAJOR_DECISION, title="集贸市场迁建决策", requested_on=dt.date(2026, 11, 20)
    )
    assert ample.due_on == dt.date(2026, 11, 20)
    assert ample.due_basis == "报送单位要求的完成日期"
    assert due.short_notice(ample) == ""


def test_a_major_decision_opinion_needs_a_legal_advisers_opinion(world, depts, make_review):
    review = make_review(kind=ReviewKind.MAJOR_DECISION, title="镇区道路改造重大行政决策")
    services.review_accept(actor=world.office_user, review=review)
    services.review_record_review(
        actor=world.office_user, review=review, assistant_opinion="决策权限、程序合法。"
    )
    with pytest.raises(ValidationError, match="第二十八条"):
        services.review_issue_opinion(
            actor=world.office_user, review=review, conclusion=Conclusion.LEGAL
        )
    review.refresh_from_db()
    assert review.status == ReviewStatus.REVIEWED
    services.review_advisor_opinion(
        actor=world.advisor, review=review, text="决策事项属本级政府权限，程序完备。"
    )
    services.review_issue_opinion(
        actor=world.office_user, review=review, conclusion=Conclusion.LEGAL
    )
    review.refresh_from_db()
    assert review.conclusion == Conclusion.LEGAL
