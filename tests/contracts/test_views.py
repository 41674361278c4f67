"""Contract pages: access, the walk from draft to first payment, the ledger and its export."""

import datetime as dt
from io import BytesIO

import factories
import pytest
from django.urls import reverse
from factories import make_credit_code
from openpyxl import load_workbook

from sifasuo.contracts.models import Contract, ContractStatus


@pytest.fixture
def contract(make_contract):
    return make_contract()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_user", 200),
        ("supervisor", 200),
        ("outsider", 404),
        ("colleague", 404),
        ("business_clerk", 200),
        ("finance_clerk", 200),
        ("other_clerk", 404),
    ],
)
def test_detail_access(world, depts, login, contract, persona, status):
    user = getattr(depts, persona, None) or getattr(world, persona)
    response = login(user).get(reverse("contracts:contract_detail", args=[contract.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    "name",
    [
        "contract_submit_review",
        "contract_opinion",
        "contract_sign",
        "contract_close",
        "contract_instalment",
        "contract_payment",
    ],
)
def test_outsider_and_other_department_get_404_on_every_step(world, depts, login, contract, name):
    for user in (world.outsider, depts.other_clerk):
        response = login(user).post(reverse(f"contracts:{name}", args=[contract.pk]), {})
        assert response.status_code == 404
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT


def test_ledger_lists_in_bounded_queries(
    world, depts, login, make_contract, django_assert_max_num_queries
):
    for index in range(6):
        make_contract(number=f"QL-{index}", title=f"合同{index}")
    client = login(depts.business_clerk)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contracts:contract_list"))
    assert "合同5" in response.content.decode()
    assert (
        "合同5"
        not in login(depts.other_clerk).get(reverse("contracts:contract_list")).content.decode()
    )


def test_create_refuses_bad_credit_code_and_keeps_values(depts, login):
    response = login(depts.business_clerk).post(
        reverse("contracts:contract_create"),
        {
            "department": depts.business.pk,
            "number": "QL-9",
            "title": "绿化养护合同",
            "contract_type": "service",
            "amount": "50000",
            "party_kind": "organization",
            "party_name": "某园林公司",
            "credit_code": "91371102MA00000000",
        },
    )
    text = response.content.decode()
    assert "统一社会信用代码" in text
    assert 'value="绿化养护合同"' in text
    assert Contract.objects.count() == 0


def test_walk_from_draft_to_first_payment(world, depts, login, django_assert_max_num_queries):
    client = login(depts.business_clerk)
    response = client.post(
        reverse("contracts:contract_create"),
        {
            "department": depts.business.pk,
            "payment_department": depts.finance.pk,
            "number": "QL-2026-010",
            "title": "村道维修工程合同",
            "contract_type": "construction",
            "amount": "200000",
            "starts_on": "2026-11-01",
            "ends_on": "2026-12-31",
            "party_kind": "organization",
            "party_name": "日照路桥建设有限公司",
            "credit_code": make_credit_code(),
        },
    )
    contract = Contract.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("contracts:contract_instalment", args=[contract.pk]),
        {"due_on": "2026-12-01", "amount": "100000", "condition": "开工后"},
    )
    response = client.post(
        reverse("contracts:contract_sign", args=[contract.pk]),
        {"signed_on": "2026-11-05"},
        follow=True,
    )
    assert "审查通过后才能标记为已签订" in response.content.decode()
    client.post(reverse("contracts:contract_submit_review", args=[contract.pk]))
    login(world.office_user).post(
        reverse("contracts:contract_opinion", args=[contract.pk]),
        {"opinion": "主体适格", "passed": "1"},
    )
    login(world.advisor).post(
        reverse("contracts:contract_opinion", args=[contract.pk]),
        {"opinion": "条款完备", "passed": "1"},
    )
    client = login(depts.business_clerk)
    client.post(reverse("contracts:contract_sign", args=[contract.pk]), {"signed_on": "2026-11-05"})
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
    login(depts.finance_clerk).post(
        reverse("contracts:contract_payment", args=[contract.pk]),
        {"paid_on": "2026-11-20", "amount": "30000"},
    )
    response = client.get(reverse("contracts:contract_detail", args=[contract.pk]))
    text = response.content.decode()
    assert "30000.00 / 170000.00" in text
    assert "将于2026-12-31到期" in text
    response = login(world.office_head).get(reverse("contracts:contract_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    row = [c.value for c in sheet[2]]
    assert row[0] == "QL-2026-010"
    assert row[4] == "日照路桥建设有限公司"
    assert row[6:8] == [30000, 170000]
    assert row[8] == dt.datetime(2026, 12, 1)
    assert "将于2026-12-31到期" in row[12]


def test_expiry_alert_filter(world, login, make_contract, signed_contract):
    soon = signed_contract(
        make_contract(number="A", title="即将到期合同", ends_on=dt.date(2026, 12, 31))
    )
    signed_contract(make_contract(number="B", title="长期合同", ends_on=dt.date(2028, 12, 31)))
    response = login(world.office_user).get(reverse("contracts:contract_list"), {"alert": "expiry"})
    text = response.content.decode()
    assert soon.title in text
    assert "长期合同" not in text


def test_clerk_cannot_export(depts, login):
    assert login(depts.business_clerk).get(reverse("contracts:contract_export")).status_code == 403


def _docx_bytes(text):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_contract_text_versions_and_bad_upload(world, depts, login, contract):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(depts.business_clerk)
    url = reverse("contracts:contract_document", args=[contract.pk])
    client.post(url, {"file": SimpleUploadedFile("合同.docx", _docx_bytes("第一版"))})
    response = client.post(url, {"file": SimpleUploadedFile("合同.docx", b"broken")}, follow=True)
    assert "Word 文件已损坏" in response.content.decode()
    client.post(url, {"file": SimpleUploadedFile("合同v2.docx", _docx_bytes("第二版"))})
    assert list(contract.documents.values_list("version", flat=True)) == [2, 1]
    first = contract.documents.get(version=1)
    download = reverse("contracts:contract_document_download", args=[contract.pk, first.pk])
    assert client.get(download).content.startswith(b"PK")
    assert login(world.outsider).get(download).status_code == 404
    assert login(depts.other_clerk).post(url, {}).status_code == 404


def test_ledger_export_writes_a_formula_counterparty_as_text(world, login, make_contract):
    make_contract(party_name=factories.FORMULA_TEXT)
    response = login(world.office_user).get(reverse("contracts:contract_export"))
    factories.assert_formula_is_text(response.content)
