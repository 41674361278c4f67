"""Documents of a case print personal data in clear only for an account allowed to reveal it, and
every such print is audited; the 协议书 carries 人民调解法 29(2)'s wording and a line per party."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from sifasuo.core.models import AuditEntry
from sifasuo.core.personal_data import mask_id_number


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@pytest.fixture
def agreed(world, open_case, walk, person):
    applicant = person("王建国", id_number="371102197503150516")
    case = open_case(world.mediator, applicants=[applicant])
    return walk(world.mediator, case)


def _prints(case) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action="personal_data.print", object_type="mediation.case", object_id=str(case.pk)
        )
    )


def test_a_mediator_prints_the_agreement_in_clear_and_the_print_is_audited(agreed, world, client):
    client.force_login(world.mediator)
    body = _text(client.get(reverse("mediation:agreement_docx", args=[agreed.pk])).content)
    assert "371102197503150516" in body
    assert "男，1975年3月15日出生" in body  # derived from the ID number
    rows = _prints(agreed)
    assert len(rows) == 1
    assert rows[0].actor_name == world.mediator.username
    assert "人民调解协议书" in rows[0].changes["document"]


def test_an_account_without_the_reveal_permission_gets_a_masked_agreement(agreed, world, client):
    client.force_login(world.office_head)  # head of the office
    world.office_head.role = "legal_advisor"  # a role that may not reveal personal data
    world.office_head.save()
    body = _text(client.get(reverse("mediation:agreement_docx", args=[agreed.pk])).content)
    assert "371102197503150516" not in body
    assert mask_id_number("371102197503150516") in body
    assert _prints(agreed) == []


def test_a_masked_copy_is_asked_for_explicitly(agreed, world, client):
    client.force_login(world.mediator)
    url = reverse("mediation:confirmation_docx", args=[agreed.pk]) + "?personal=0"
    body = _text(client.get(url).content)
    assert "371102197503150516" not in body
    assert _prints(agreed) == []


def test_the_agreement_takes_effect_as_article_29_says_with_a_line_per_party(agreed, world, client):
    client.force_login(world.mediator)
    body = _text(client.get(reverse("mediation:agreement_docx", args=[agreed.pk])).content)
    assert (
        "自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效" in body
    )
    assert "第二十九条第二款" in body
    assert "当事人（签名、盖章或者按指印）：王建国" in body
    assert "当事人（签名、盖章或者按指印）：赵六" in body


def test_the_case_file_pdf_is_audited_when_printed_in_clear(agreed, world, client):
    client.force_login(world.mediator)
    response = client.get(reverse("mediation:case_file_pdf", args=[agreed.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert [r.changes["document"] for r in _prints(agreed)] == [f"卷宗-{agreed.number}.pdf"]
