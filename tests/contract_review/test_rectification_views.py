"""Rectification and reveal pages: who reaches each endpoint, what the forms write, the totals page
and its export, and the audited reveal of a contract's text."""

from __future__ import annotations

import io

import pytest
from contract_review.rectification_fixtures import agreement_upload, confirm, confirmed_batch
from contract_review.web_fixtures import AS_OF
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from sifasuo.contract_review import rectifications, services
from sifasuo.contract_review.models import Rectification
from sifasuo.core.models import AuditEntry

ID_NUMBER = "110105194912310021"
MOBILE = "13812345678"
LEASE_WITH_NUMBERS = (
    "土地租赁合同\n甲方（出租方）：秦楼街道海滨社区居民委员会\n"
    f"乙方（承租方）：张三，身份证号：{ID_NUMBER}，联系电话：{MOBILE}\n"
    "第一条 租赁的耕地坐落于海滨社区东部，面积共计叁拾亩。\n"
    "第二条 租赁期限为五十年，自2010年1月1日起至2059年12月31日止。\n"
    "第三条 租金为每亩每年100元，乙方应于签订合同时一次性交纳五十年租金。\n"
    "甲方（盖章）：秦楼街道海滨社区居民委员会    乙方（签字）：张三\n签订日期：2009年12月1日\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rectified(world):
    """A confirmed problem contract of office a1 with an opened rectification and a document."""
    _batch, problems = confirmed_batch(world.office_user, world.office_a1)
    contract = problems[0]
    rectification = rectifications.rectification_save(
        actor=world.office_user,
        contract=contract,
        version=None,
        measure=Rectification.Measure.RETENDER,
        description="重新公开协商确定承包方。",
    )
    rectifications.rectification_add_document(
        actor=world.office_user,
        rectification=rectification,
        version=rectification.version,
        upload=agreement_upload(),
    )
    rectification.refresh_from_db()
    return rectification


def _endpoints(rectification) -> list:
    contract = rectification.contract
    document = rectification.documents.get()
    args = [contract.batch_id, contract.pk]
    unit = f"?unit={rectification.unit_id}"
    return [
        ("post", reverse("contract_review:contract_text_reveal", args=args), {}),
        ("post", reverse("contract_review:rectification_save", args=args), {"version": 2}),
        ("post", reverse("contract_review:recovery_add", args=[rectification.pk]), {}),
        ("post", reverse("contract_review:recovery_remove", args=[rectification.pk]), {}),
        ("post", reverse("contract_review:rectification_document", args=[rectification.pk]), {}),
        (
            "get",
            reverse(
                "contract_review:rectification_document_download",
                args=[rectification.pk, document.pk],
            ),
            {},
        ),
        ("get", reverse("contract_review:rectification_totals") + unit, {}),
        ("get", reverse("contract_review:rectification_totals_export") + unit, {}),
        ("get", reverse("contract_review:rectification_list") + unit, {}),
    ]


def test_outsiders_get_404_on_every_new_endpoint(world, login, rectified):
    for user in (world.outsider, world.colleague):
        client = login(user)
        for method, url, data in _endpoints(rectified):
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (user, url)
    assert rectified.recoveries.count() == 0
    assert not AuditEntry.objects.filter(action="personal_data.reveal").exists()


def test_the_county_reads_everything_but_cannot_write(world, login, rectified):
    client = login(world.supervisor)
    for method, url, data in _endpoints(rectified):
        response = getattr(client, method)(url, data)
        assert response.status_code == (403 if method == "post" and "reveal" not in url else 200)
    page = client.get(
        reverse(
            "contract_review:contract_detail",
            args=[rectified.contract.batch_id, rectified.contract_id],
        )
    ).content.decode()
    assert "重新公开协商确定承包方。" in page
    assert reverse("contract_review:recovery_add", args=[rectified.pk]) not in page


def test_the_office_records_a_recovery_and_a_double_submit_adds_one(world, login, rectified):
    client = login(world.office_user)
    url = reverse("contract_review:recovery_add", args=[rectified.pk])
    form = {
        "version": rectified.version,
        "amount": "1234.50",
        "received_on": timezone.localdate().isoformat(),
        "note": "补缴租金",
    }
    first = client.post(url, form, follow=True)
    second = client.post(url, form, follow=True)
    assert "回收资金已登记" in first.content.decode()
    assert "已被他人修改" in second.content.decode()
    assert [str(r.amount) for r in rectified.recoveries.all()] == ["1234.50"]
    assert "1234.50" in second.content.decode().replace(",", "")
    history = client.get(
        reverse("core:history", args=["contract_review.rectification", rectified.pk])
    )
    assert "回收资金 1,234.50 元，到账日期" in history.content.decode()
    rectified.refresh_from_db()
    removed = client.post(
        reverse("contract_review:recovery_remove", args=[rectified.pk]),
        {"version": rectified.version, "recovery": rectified.recoveries.get().pk},
        follow=True,
    )
    assert "该笔回收记录已删除" in removed.content.decode()
    assert not rectified.recoveries.exists()
    assert AuditEntry.objects.filter(action="contract_review.recovery_remove").count() == 1


def test_refused_input_is_explained_and_kept(world, login, rectified):
    client = login(world.office_user)
    contract = rectified.contract
    url = reverse("contract_review:rectification_save", args=[contract.batch_id, contract.pk])
    response = client.post(
        url,
        {
            "version": rectified.version,
            "measure": "retender",
            "description": "已与承包方协商一致，拟重新招标。",
            "done_on": "2020-01-01",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "不能早于问题确认日期" in page
    assert "已与承包方协商一致，拟重新招标。" in page  # what was typed comes back
    rectified.refresh_from_db()
    assert rectified.done_on is None


def test_the_office_opens_a_rectification_through_the_page(world, login):
    _batch, problems = confirmed_batch(world.office_user, world.office_a1)
    contract = problems[0]
    client = login(world.office_user)
    page = client.get(
        reverse("contract_review:contract_detail", args=[contract.batch_id, contract.pk])
    ).content.decode()
    assert "登记整改措施" in page
    response = client.post(
        reverse("contract_review:rectification_save", args=[contract.batch_id, contract.pk]),
        {"measure": "supplement", "description": "签订补充协议。", "new_annual_income": "900"},
    )
    assert response.status_code == 302
    assert Rectification.objects.get(contract=contract).new_annual_income == 900
    batch_page = client.get(reverse("contract_review:batch_detail", args=[contract.batch_id]))
    assert "<td>整改中</td>" in batch_page.content.decode()


def test_totals_page_drills_down_and_exports(
    world, login, rectified, django_assert_max_num_queries
):
    confirmed_batch(world.outsider, world.office_b1, count=4, seed=11)
    client = login(world.supervisor)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("contract_review:rectification_totals")).content.decode()
    assert "秦楼司法所" in page and "河山司法所" in page and "洪凝司法所" not in page
    assert "整改后年收入减去原合同年收入" in page  # the definition is on screen
    office = client.get(
        reverse("contract_review:rectification_totals") + f"?unit={world.office_a1.pk}"
    ).content.decode()
    assert "西村合同" in office  # the office's batches
    last_year = client.get(
        reverse("contract_review:rectification_totals")
        + f"?unit={world.office_a1.pk}&year={timezone.localdate().year - 1}"
    ).content.decode()
    assert '<dd id="total-confirmed">0</dd>' in last_year
    response = client.get(reverse("contract_review:rectification_totals_export"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["整改汇总"].iter_rows(values_only=True))
    assert rows[-4][0] == "合计" and rows[-4][3] == 1
    assert world.office_b1.name not in str(list(book["整改明细"].iter_rows(values_only=True)))
    listed = client.get(reverse("contract_review:rectification_list") + "?state=open")
    assert "重新招标" in listed.content.decode()


def _contract_with_numbers(world):
    batch = services.batch_create(
        actor=world.office_user,
        unit=world.office_a1,
        name="含个人信息的合同",
        files=[SimpleUploadedFile("租赁合同.txt", LEASE_WITH_NUMBERS.encode())],
        as_of=AS_OF,
    )
    services.batch_run(batch_id=batch.pk)
    return batch.contracts.get()


def test_contract_text_is_masked_and_revealed_only_with_permission_and_audit(world, login):
    contract = _contract_with_numbers(world)
    detail = reverse("contract_review:contract_detail", args=[contract.batch_id, contract.pk])
    reveal = reverse("contract_review:contract_text_reveal", args=[contract.batch_id, contract.pk])
    client = login(world.office_user)
    page = client.get(detail).content.decode()
    assert ID_NUMBER not in page and MOBILE not in page
    assert "110105********0021" in page and "查看完整身份证号、电话" in page

    response = client.post(reveal, HTTP_HX_REQUEST="true")
    assert ID_NUMBER in response.content.decode() and MOBILE in response.content.decode()
    entry = AuditEntry.objects.get(action="personal_data.reveal")
    assert entry.object_type == "contract_review.contractfile"
    assert entry.object_id == str(contract.pk) and entry.unit_id == world.office_a1.pk
    assert entry.changes["field"] == "text"
    assert ID_NUMBER not in str(entry.changes) and "110105********0021" in entry.changes["shown"]
    history = client.get(reverse("core:history", args=["contract_review.contract", contract.pk]))
    assert "查看个人信息" in history.content.decode()

    advisor = login(world.advisor)  # 法律顾问: no permission to reveal personal data
    assert ID_NUMBER not in advisor.get(detail).content.decode()
    assert "查看完整身份证号、电话" not in advisor.get(detail).content.decode()
    assert advisor.post(reveal).status_code == 403
    assert login(world.outsider).post(reveal).status_code == 404
    assert AuditEntry.objects.filter(action="personal_data.reveal").count() == 1


def test_the_opinion_prints_numbers_only_when_asked_with_permission(world, login):
    contract = _contract_with_numbers(world)
    confirm(world.office_user, contract)
    # A confirmed finding quoting the lessee's line, numbers included.
    finding = contract.findings.first()
    line = LEASE_WITH_NUMBERS.splitlines()[2]
    start = LEASE_WITH_NUMBERS.index(line)
    finding.evidence = [{"start": start, "end": start + len(line), "snippet": line}]
    finding.save(update_fields=["evidence"])
    url = reverse("contract_review:contract_opinion", args=[contract.batch_id, contract.pk])
    client = login(world.office_user)

    def text(response) -> str:
        return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)

    masked = text(client.get(url))
    assert ID_NUMBER not in masked and "张三" in masked
    assert not AuditEntry.objects.filter(action="personal_data.print").exists()
    assert "110105********0021" in masked
    clear = text(client.get(url + "?personal=1"))
    assert ID_NUMBER in clear and MOBILE in clear
    printed = AuditEntry.objects.get(action="personal_data.print")
    assert printed.changes["document"] == f"审查意见-{contract.pk}.docx"
    assert ID_NUMBER not in str(printed.changes)
    # A masked print asked for explicitly writes no audit row.
    assert ID_NUMBER not in text(login(world.office_head).get(url + "?personal=0"))
    assert AuditEntry.objects.filter(action="personal_data.print").count() == 1


def test_rectification_list_query_count_does_not_grow(
    world, login, rectified, django_assert_max_num_queries
):
    confirmed_batch(world.office_user, world.office_a1, count=4, seed=11, confirmed=3)
    client = login(world.office_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("contract_review:rectification_list") + "?state=all")
    assert response.content.decode().count("#rectification") == 4
