"""Oral agreements (人民调解法 第二十八条、第三十条、第三十三条): the 司法确认 window runs from the
day they are reached, and a written 协议书 can be made from them within it."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from sifasuo.core.models import AuditEntry
from sifasuo.mediation import services
from sifasuo.mediation.models import Stage


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


@pytest.fixture
def oral_case(world, open_case):
    actor = world.mediator
    case = services.case_advance(actor=actor, case=open_case(actor))
    services.session_add(
        actor=actor,
        case=case,
        held_on=dt.date(2026, 11, 20),
        place="秦楼司法所调解室",
        attendees="王建国、赵六、调解员",
        record="双方当场口头达成协议。",
    )
    case.refresh_from_db()
    return services.case_record_agreement(
        actor=actor,
        case=case,
        terms="赵六当场支付王建国清淤费500元。",
        agreed_on=dt.date(2026, 11, 21),
        oral=True,
    )


def test_an_oral_agreement_gets_the_same_window_as_a_written_one(oral_case, world, open_case, walk):
    written = walk(world.mediator, open_case(world.mediator))
    assert oral_case.stage == Stage.AGREEMENT
    assert oral_case.due_rule == written.due_rule == "mediation.judicial_confirmation"
    assert oral_case.due_on == written.due_on == dt.date(2026, 12, 21)
    assert "第三十三条" in oral_case.due_basis


def test_the_case_page_shows_the_oral_agreements_window_with_its_articles(oral_case, world, client):
    client.force_login(world.mediator)
    page = client.get(reverse("mediation:case_detail", args=[oral_case.pk])).content.decode()
    assert "司法确认申请期限" in page
    assert "2026-12-21" in page
    assert "人民调解法第三十条" in page and "第三十三条" in page
    assert "口头协议制作书面协议书" in page
    # No 协议书 yet: the downloads are not offered.
    assert reverse("mediation:agreement_docx", args=[oral_case.pk]) not in page


def test_confirmation_of_an_oral_agreement_asks_for_the_written_version_first(oral_case, world):
    with pytest.raises(ValidationError) as exc:
        services.case_record_confirmation(actor=world.mediator, case=oral_case, outcome="pending")
    assert "须先制作书面协议书" in exc.value.messages[0]
    assert "只有书面调解协议" not in exc.value.messages[0]


def test_writing_the_oral_agreement_down_opens_the_application(oral_case, world, client):
    client.force_login(world.mediator)
    response = client.post(
        reverse("mediation:agreement_written", args=[oral_case.pk]),
        {
            "version": oral_case.version,
            "written_on": "2026-11-28",
            "terms": "赵六已当场支付王建国清淤费500元。",
        },
    )
    assert response.status_code == 302
    oral_case.refresh_from_db()
    assert oral_case.agreement_written_on == dt.date(2026, 11, 28)
    # The window still runs from the day the oral agreement was reached (第三十条).
    assert oral_case.due_on == dt.date(2026, 12, 21)
    assert AuditEntry.objects.filter(
        action="mediation.agreement_written", object_id=str(oral_case.pk)
    ).exists()

    agreement = _docx_text(
        client.get(reverse("mediation:agreement_docx", args=[oral_case.pk])).content
    )
    assert "2026年11月21日达成的口头调解协议的书面文本" in agreement
    assert "第三十条" in agreement and "第二十八条" in agreement
    assert "赵六已当场支付王建国清淤费500元。" in agreement
    assert "2026年11月28日" in agreement

    application = _docx_text(
        client.get(reverse("mediation:confirmation_docx", args=[oral_case.pk])).content
    )
    assert "2026年12月21日前" in application

    case = services.case_record_confirmation(
        actor=world.mediator, case=oral_case, outcome="pending", court="东港区人民法院"
    )
    assert case.get_confirmation_display() == "已申请，待裁定"


def test_the_written_version_is_refused_after_the_window(oral_case, world):
    with pytest.raises(ValidationError) as exc:
        services.case_write_oral_agreement(
            actor=world.mediator,
            case=oral_case,
            terms="赵六当场支付王建国清淤费500元。",
            written_on=dt.date(2026, 12, 22),
        )
    text = " ".join(exc.value.messages)
    assert "2026-12-21" in text and "第三十三条" in text
    oral_case.refresh_from_db()
    assert oral_case.agreement_written_on is None


def test_a_written_agreement_needs_no_written_version(world, open_case, walk):
    case = walk(world.mediator, open_case(world.mediator))
    with pytest.raises(ValidationError, match="只有口头调解协议"):
        services.case_write_oral_agreement(
            actor=world.mediator, case=case, terms="x", written_on=dt.date(2026, 11, 22)
        )


def test_outsider_cannot_write_down_the_agreement(oral_case, world, client):
    client.force_login(world.outsider)
    response = client.post(
        reverse("mediation:agreement_written", args=[oral_case.pk]),
        {"version": oral_case.version, "written_on": "2026-11-28", "terms": "x"},
    )
    assert response.status_code == 404
    oral_case.refresh_from_db()
    assert oral_case.agreement_written_on is None
