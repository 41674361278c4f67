"""公职律师: their legal opinion meets 重大行政决策程序暂行条例 第二十八条 as an advisor's does."""

from io import BytesIO

import docx
import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sifasuo.core.roles import Role
from sifasuo.reviews import services
from sifasuo.reviews.models import Conclusion, ReviewKind, ReviewStatus


def test_a_public_sector_lawyers_opinion_lets_a_major_decision_be_issued(
    world, depts, make_review, login, home
):
    lawyer = factories.user("a1_lawyer", world.office_a1, Role.PUBLIC_LAWYER)
    review = make_review(kind=ReviewKind.MAJOR_DECISION, title="道路改造决策")
    services.review_accept(actor=world.office_user, review=review)
    services.review_record_review(actor=world.office_user, review=review, assistant_opinion="合法")
    with pytest.raises(ValidationError, match="法律顾问或公职律师"):
        services.review_issue_opinion(
            actor=world.office_user, review=review, conclusion=Conclusion.LEGAL
        )
    with pytest.raises(PermissionDenied):
        services.review_advisor_opinion(actor=depts.agri_clerk, review=review, text="同意")
    body = home(lawyer)
    assert "合法性审查（待提出法律意见）" in body and "道路改造决策" in body
    client = login(lawyer)
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "公职律师意见" in page
    client.post(
        reverse("reviews:review_advisor", args=[review.pk]), {"text": "决策程序完备，同意。"}
    )
    review.refresh_from_db()
    assert review.advisor == lawyer and review.advisor_opinion == "决策程序完备，同意。"
    services.review_issue_opinion(
        actor=world.office_user, review=review, conclusion=Conclusion.LEGAL
    )
    services.review_sign_off(actor=world.office_head, review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.ANSWERED
    response = login(world.office_user).get(
        reverse("reviews:review_opinion_docx", args=[review.pk])
    )
    text = [p.text for p in docx.Document(BytesIO(response.content)).paragraphs]
    assert "公职律师意见：决策程序完备，同意。" in text
    assert "道路改造决策" not in home(lawyer)
