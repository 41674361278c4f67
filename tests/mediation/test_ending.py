"""Ending a mediation: the notice of other routes at 终止 (人民调解法 第二十六条), and a party's
express refusal (第十七条) recorded as its own outcome."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sifasuo.core.models import AuditEntry
from sifasuo.mediation import selectors, services
from sifasuo.mediation.models import Stage


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


def test_termination_records_and_prints_the_notice_of_other_routes(world, open_case, client):
    case = open_case(world.mediator)
    client.force_login(world.mediator)
    client.post(
        reverse("mediation:case_terminate", args=[case.pk]),
        {
            "version": case.version,
            "reason": "no_agreement",
            "text": "双方对赔偿数额分歧过大。",
            "notified_on": "2026-11-25",
        },
    )
    case.refresh_from_db()
    assert case.stage == Stage.TERMINATED
    assert case.termination_notified_on == dt.date(2026, 11, 25)
    entry = AuditEntry.objects.get(action="mediation.terminate", object_id=str(case.pk))
    assert "仲裁、行政、司法" in str(entry.changes)

    page = client.get(reverse("mediation:case_detail", args=[case.pk])).content.decode()
    assert "2026-11-25已告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利" in page
    assert reverse("mediation:termination_notice_docx", args=[case.pk]) in page

    notice = _docx_text(
        client.get(reverse("mediation:termination_notice_docx", args=[case.pk])).content
    )
    assert "终止人民调解告知书" in notice
    assert "王建国、赵六：" in notice
    assert "调解不成（双方对赔偿数额分歧过大。）" in notice
    assert "第二十六条" in notice and "仲裁、行政、司法等途径" in notice
    assert "2026年11月25日" in notice
    assert "当事人签收：赵六" in notice


def test_the_notice_is_not_offered_before_the_case_ends(world, open_case, client):
    case = open_case(world.mediator)
    client.force_login(world.mediator)
    response = client.get(reverse("mediation:termination_notice_docx", args=[case.pk]))
    assert response.status_code == 302
    page = client.get(reverse("mediation:case_detail", args=[case.pk])).content.decode()
    assert reverse("mediation:termination_notice_docx", args=[case.pk]) not in page


def test_a_party_refusing_mediation_ends_the_case_with_its_own_reason(world, open_case, client):
    case = open_case(world.mediator)
    respondent = selectors.case_parties(case)["respondent"][0]
    client.force_login(world.mediator)
    page = client.get(reverse("mediation:case_detail", args=[case.pk])).content.decode()
    assert "当事人拒绝调解" in page and "第十七条" in page
    client.post(
        reverse("mediation:case_refusal", args=[case.pk]),
        {
            "version": case.version,
            "party_id": respondent.pk,
            "refused_on": "2026-11-24",
            "statement": "赵六表示不接受调解，要直接起诉。",
        },
    )
    case.refresh_from_db()
    assert case.stage == Stage.TERMINATED
    assert case.get_termination_reason_display() == "当事人一方明确拒绝调解"
    assert "被申请人赵六于2026-11-24明确拒绝调解" in case.termination_text
    assert "第十七条" in case.termination_text
    assert AuditEntry.objects.filter(action="mediation.refused", object_id=str(case.pk)).exists()
    notice = _docx_text(
        client.get(reverse("mediation:termination_notice_docx", args=[case.pk])).content
    )
    assert "当事人一方明确拒绝调解的，不得调解" in notice
    assert "仲裁、行政、司法等途径" in notice


def test_refusal_names_a_party_of_the_case(world, open_case, person):
    case = open_case(world.mediator)
    stranger = open_case(world.mediator, applicants=[person("李四")])
    other = selectors.case_parties(stranger)["applicant"][0]
    with pytest.raises(ValidationError) as exc:
        services.case_record_refusal(
            actor=world.mediator,
            case=case,
            party_id=other.pk,
            statement="不同意",
            refused_on=dt.date(2026, 11, 24),
        )
    assert exc.value.message_dict["party_id"] == ["请选择本案的当事人。"]


def test_refusal_cannot_be_chosen_as_a_plain_termination_reason(world, open_case):
    with pytest.raises(ValidationError) as exc:
        services.case_terminate(
            actor=world.mediator, case=open_case(world.mediator), reason="party_refused", text="x"
        )
    assert "当事人拒绝调解" in exc.value.message_dict["reason"][0]


def test_a_refusal_after_an_agreement_is_refused(world, open_case, walk):
    case = walk(world.mediator, open_case(world.mediator))
    with pytest.raises(ValidationError, match="已达成调解协议"):
        services.case_record_refusal(
            actor=world.mediator,
            case=case,
            party_id=case.party_links.first().party_id,
            statement="反悔",
            refused_on=dt.date(2026, 11, 24),
        )


def test_refusals_are_counted_apart_and_stay_out_of_the_success_rate(
    world, open_case, walk, client
):
    walk(world.mediator, open_case(world.mediator))
    failed = open_case(world.mediator)
    services.case_terminate(actor=world.mediator, case=failed, reason="no_agreement", text="不成")
    refused = open_case(world.mediator)
    services.case_record_refusal(
        actor=world.mediator,
        case=refused,
        party_id=refused.party_links.first().party_id,
        statement="不同意调解",
        refused_on=dt.date(2026, 11, 24),
    )
    stats = selectors.statistics_for_user(user=world.mediator)
    assert stats["totals"]["party_refused"] == 1
    assert stats["totals"]["success_rate"] == 50.0  # one agreement, one failure; not 33.3
    assert {r["label"]: r["n"] for r in stats["by_termination"]} == {
        "调解不成": 1,
        "当事人一方明确拒绝调解": 1,
    }
    client.force_login(world.mediator)
    page = client.get(reverse("mediation:statistics")).content.decode()
    assert 'id="stat-party-refused">1' in page
    client.force_login(world.supervisor)
    book = load_workbook(BytesIO(client.get(reverse("mediation:statistics_export")).content))
    overview = {row[0]: row[1] for row in book["总体"].iter_rows(values_only=True)}
    assert overview["当事人拒绝调解（第十七条）"] == 1
    assert {row[0]: row[1] for row in book["按终止原因"].iter_rows(values_only=True)}[
        "当事人一方明确拒绝调解"
    ] == 1


def test_the_case_file_keeps_the_termination_and_the_notice(world, open_case, client):
    case = services.case_terminate(
        actor=world.mediator,
        case=open_case(world.mediator),
        reason="no_agreement",
        text="双方分歧过大",
        notified_on=dt.date(2026, 11, 25),
    )
    client.force_login(world.mediator)
    pdf = client.get(reverse("mediation:case_file_pdf", args=[case.pk])).content
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "终止调解记录" in text
    assert "2026年11月25日已告知当事人" in text
