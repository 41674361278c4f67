"""The 协议书's party details (人民调解法 第二十九条第一项): 性别、民族、出生日期、住址."""

from io import BytesIO

from django.urls import reverse
from docx import Document

from sifasuo.core.documents import cn_date
from sifasuo.core.models import AuditEntry
from sifasuo.core.personal_data import person_facts
from sifasuo.mediation import selectors


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


def _expected_start(party, ethnicity: str) -> str:
    facts = person_facts(party.id_number)
    return f"{party.name}，{facts['gender']}，{ethnicity}，{cn_date(facts['birth_date'])}出生"


def test_the_agreement_prints_gender_ethnicity_birth_date_and_address(
    world, open_case, walk, person, client
):
    case = open_case(
        world.mediator,
        applicants=[person("王建国", ethnicity="汉族")],
        respondents=[person("马小兰", ethnicity="回")],
    )
    case = walk(world.mediator, case)
    sides = selectors.case_parties(case)
    client.force_login(world.mediator)
    text = _docx_text(client.get(reverse("mediation:agreement_docx", args=[case.pk])).content)
    assert f"当事人（甲方）：{_expected_start(sides['applicant'][0], '汉族')}" in text
    # "回" as typed is printed as the name of the 民族.
    assert f"当事人（乙方）：{_expected_start(sides['respondent'][0], '回族')}" in text
    assert "住址：日照市东港区秦楼街道海滨二路88号" in text
    page = client.get(reverse("mediation:case_detail", args=[case.pk])).content.decode()
    assert "王建国（汉族）" in page and "马小兰（回）" in page


def test_the_opening_form_takes_each_partys_ethnicity(world, client):
    client.force_login(world.mediator)
    token = client.get(reverse("mediation:case_create")).context["form"]["submission_token"]
    response = client.post(
        reverse("mediation:case_create"),
        {
            "submission_token": token.value(),
            "dispute_type": "debt",
            "summary": "借款未还",
            "amount": "5000",
            "committee_kind": "township",
            "committee_name": "秦楼街道人民调解委员会",
            "mediators": [world.mediator.pk],
            "service_mode": "clinic",
            "a1_kind": "person",
            "a1_name": "王建国",
            "a1_ethnicity": "满族",
            "b1_kind": "person",
            "b1_name": "赵六",
            "b1_ethnicity": "汉族",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    case = selectors.case_list_for_user(user=world.mediator).first()
    sides = selectors.case_parties(case)
    assert [p.ethnicity for p in sides["applicant"]] == ["满族"]
    assert [p.ethnicity for p in sides["respondent"]] == ["汉族"]


def test_ethnicity_can_be_added_later_on_the_case(world, open_case, client):
    case = open_case(world.mediator)
    respondent = selectors.case_parties(case)["respondent"][0]
    client.force_login(world.mediator)
    client.post(
        reverse("mediation:party_ethnicity", args=[case.pk]),
        {"version": case.version, "party_id": respondent.pk, "ethnicity": "壮族"},
    )
    assert selectors.case_parties(case)["respondent"][0].ethnicity == "壮族"
    assert AuditEntry.objects.filter(
        action="mediation.party_details", object_id=str(case.pk)
    ).exists()
    client.force_login(world.outsider)
    response = client.post(
        reverse("mediation:party_ethnicity", args=[case.pk]),
        {"version": case.version + 1, "party_id": respondent.pk, "ethnicity": "汉族"},
    )
    assert response.status_code == 404
    assert selectors.case_parties(case)["respondent"][0].ethnicity == "壮族"
