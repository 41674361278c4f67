"""Import of an existing contract ledger from .xlsx: preview, per-row errors, re-import updates."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

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
