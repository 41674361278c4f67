"""Issued under the head's name: the assistant drafts the opinion, the 所长 issues it (签发);
which kinds the head issues is the office's setting, and every change is in the audit trail."""

import datetime as dt
from io import BytesIO

import docx
import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sifasuo.core.models import AuditEntry
from sifasuo.core.roles import Role
from sifasuo.reviews import services
from sifasuo.reviews.models import Conclusion, ReviewKind, ReviewStatus


@pytest.fixture
def drafted(world, make_review):
    """A contract review whose opinion the assistant has drafted."""
    review = make_review(kind=ReviewKind.CONTRACT, title="保洁服务合同")
    services.review_accept(actor=world.office_user, review=review)
    services.review_record_review(
        actor=world.office_user, review=review, assistant_opinion="合同主体适格，内容合法。"
    )
    services.review_issue_opinion(
        actor=world.office_user, review=review, conclusion=Conclusion.LEGAL
    )
    review.refresh_from_db()
    return review


def test_the_drafted_opinion_waits_for_the_head_and_is_issued_on_the_day_signed(
    world, drafted, home, login
):
    assert drafted.status == ReviewStatus.AWAITING_SIGN_OFF
    assert drafted.opinion_on is None and drafted.conclusion == Conclusion.LEGAL
    head_home = home(world.office_head)
    assert "合法性审查（待所长签发）" in head_home and "保洁服务合同" in head_home
    assert "待签发审查意见" in head_home
    assert "保洁服务合同" not in home(world.office_user)  # the assistant waits, nothing to do
    for someone in (world.office_user, world.advisor, world.supervisor):
        with pytest.raises(PermissionDenied):
            services.review_sign_off(actor=someone, review=drafted)
    other_head = factories.user("a2_head", world.office_a2, Role.OFFICE_HEAD)
    with pytest.raises(PermissionDenied):
        services.review_sign_off(actor=other_head, review=drafted)

    services.review_sign_off(actor=world.office_head, review=drafted, on=dt.date(2026, 11, 20))
    drafted.refresh_from_db()
    assert drafted.status == ReviewStatus.ANSWERED
    assert drafted.signer == world.office_head
    assert drafted.signed_on == drafted.opinion_on == dt.date(2026, 11, 20)
    entry = AuditEntry.objects.filter(action="review.sign_off").get()
    assert entry.actor_name == world.office_head.username
    page = login(world.office_user).get(reverse("reviews:review_detail", args=[drafted.pk]))
    text = page.content.decode()
    assert "签发人" in text and "签发日期" in text and "2026-11-20" in text
    document = login(world.office_user).get(
        reverse("reviews:review_opinion_docx", args=[drafted.pk])
    )
    paragraphs = [p.text for p in docx.Document(BytesIO(document.content)).paragraphs]
    assert f"签发人：{world.office_head}" in paragraphs
    assert f"签发人：{world.office_head}    签发日期：2026年11月20日" in paragraphs


def test_the_head_sends_a_draft_back_with_a_reason(world, drafted, login):
    with pytest.raises(ValidationError):
        services.review_sign_off_return(actor=world.office_head, review=drafted, reason=" ")
    client = login(world.office_head)
    response = client.post(
        reverse("reviews:review_sign_off_return", args=[drafted.pk]),
        {"reason": "请补充对合同价款的审查意见。"},
        follow=True,
    )
    assert response.status_code == 200
    drafted.refresh_from_db()
    assert drafted.status == ReviewStatus.REVIEWED and drafted.conclusion == ""
    entry = AuditEntry.objects.get(action="review.sign_off_return")
    assert entry.changes["reason"] == "请补充对合同价款的审查意见。"
    # Drafted again, then issued.
    services.review_issue_opinion(
        actor=world.office_user, review=drafted, conclusion=Conclusion.LEGAL
    )
    services.review_sign_off(actor=world.office_head, review=drafted)
    drafted.refresh_from_db()
    assert drafted.status == ReviewStatus.ANSWERED


def test_the_department_sees_no_draft(world, depts, drafted, login):
    clerk = login(depts.agri_clerk)
    page = clerk.get(reverse("reviews:review_detail", args=[drafted.pk])).content.decode()
    assert "下载审查意见书" not in page and "合法性审查意见书" not in page
    response = clerk.get(reverse("reviews:review_opinion_docx", args=[drafted.pk]))
    assert response.status_code == 302


def test_sign_off_endpoints_are_hidden_from_outsiders(world, drafted, client):
    for name, data in (
        ("reviews:review_sign_off", {}),
        ("reviews:review_sign_off_return", {"reason": "x"}),
    ):
        for persona in ("outsider", "colleague"):
            client.force_login(getattr(world, persona))
            response = client.post(reverse(name, args=[drafted.pk]), data)
            assert response.status_code == 404, (name, persona)
    drafted.refresh_from_db()
    assert drafted.status == ReviewStatus.AWAITING_SIGN_OFF


def test_the_head_chooses_the_kinds_and_the_change_is_audited(world, make_review, login):
    assert services.sign_off_kinds(world.office_a1) == frozenset(ReviewKind.values)
    for someone in (world.office_user, world.supervisor):
        client = login(someone)
        assert client.get(reverse("reviews:sign_off_settings")).status_code == 403
    client = login(world.office_head)
    page = client.get(reverse("reviews:sign_off_settings")).content.decode()
    assert "须所长签发的审查类别" in page and "村规民约" in page
    keep = [ReviewKind.NORMATIVE, ReviewKind.MAJOR_DECISION]
    response = client.post(reverse("reviews:sign_off_settings"), {"kinds": keep})
    assert response.status_code == 302
    assert services.sign_off_kinds(world.office_a1) == frozenset(keep)
    assert services.sign_off_kinds(world.office_a2) == frozenset(ReviewKind.values)
    entry = AuditEntry.objects.get(action="review.sign_off_policy")
    assert entry.changes["kinds"][1] == ["normative", "major_decision"]
    assert entry.actor_name == world.office_head.username
    with pytest.raises(PermissionDenied):
        services.sign_off_policy_set(actor=world.office_head, unit=world.office_a2, kinds=[])

    # A contract is now issued by the reviewer, under the office's name.
    review = make_review(kind=ReviewKind.CONTRACT, title="绿化养护合同")
    services.review_accept(actor=world.office_user, review=review)
    services.review_record_review(actor=world.office_user, review=review, assistant_opinion="合法")
    services.review_issue_opinion(
        actor=world.office_user, review=review, conclusion=Conclusion.LEGAL
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.ANSWERED and review.signer is None


def test_statistics_have_their_own_sidebar_entry_and_count_drafts_apart(world, drafted, login):
    client = login(world.office_head)
    page = client.get(reverse("reviews:review_statistics")).content.decode()
    statistics = reverse("reviews:review_statistics")
    assert f'<a href="{statistics}" class="active" aria-current="page">审查统计</a>' in page
    listing = reverse("reviews:review_list")
    assert f'<a href="{listing}">合法性审查</a>' in page  # not active as well
    assert '<dd class="stat-awaiting-sign-off">1</dd>' in page
    assert "<td>合法</td><td>0</td>" in page  # a draft is not an opinion yet
    assert "签发设置" in page
    clerk_page = login(world.partner).get("/").content.decode()
    assert statistics not in clerk_page
