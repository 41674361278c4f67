"""Import of an existing contract ledger (.xlsx): column mapping, preview, per-row errors.

Rows are matched on 合同编号 within the office, so importing the same ledger again updates the
contracts instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from openpyxl import load_workbook

from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, Party, PartyKind
from sifasuo.core.personal_data import normalize_credit_code
from sifasuo.core.roles import Capability
from sifasuo.core.services import require, require_unit, share_record
from sifasuo.core.uploads import check_office_package

from .models import Contract, ContractStatus, ContractType
from .services import counterparty_get_or_create

# Field → accepted column headers (the first row of the sheet).
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("合同编号", "编号"),
    "title": ("合同名称", "名称"),
    "contract_type": ("合同类型", "类型"),
    "party_name": ("相对方", "合同相对方", "乙方"),
    "credit_code": ("统一社会信用代码", "信用代码"),
    "amount": ("合同金额", "金额", "合同金额（元）"),
    "signed_on": ("签订日期",),
    "starts_on": ("履行起始日", "起始日期", "开始日期"),
    "ends_on": ("履行届满日", "到期日期", "截止日期", "届满日"),
}
REQUIRED = ("number", "title", "party_name", "amount")
MAX_ROWS = 5000
_UNREADABLE = "无法读取该 Excel 文件，请上传 .xlsx 格式的台账。"
_TEXT_LIMITS = {
    "number": Contract._meta.get_field("number").max_length,
    "title": Contract._meta.get_field("title").max_length,
    "party_name": Party._meta.get_field("name").max_length,
}
TYPE_BY_LABEL = {label: value for value, label in ContractType.choices}


@dataclass
class Row:
    line: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    existing: bool = False


@dataclass
class Preview:
    mapping: dict[str, str]  # field → header found
    rows: list[Row]

    @property
    def valid_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.errors]


def _date(value, label: str, errors: list[str]):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))
    except ValueError:
        errors.append(f"{label}“{value}”不是有效日期")
        return None


def parse_ledger(data: bytes, *, office: OrgUnit) -> Preview:
    """The preview of a ledger. Formulas are never evaluated: a cell gives the value last saved
    with it (data_only), and text that starts like a formula stays text. A file that is broken,
    too big once unpacked, or too long is refused with a message saying so."""
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ValidationError({"file": _UNREADABLE})
    try:
        check_office_package(data, name="合同台账")
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    try:
        return _parse_ledger(data, office=office)
    except (ValidationError, DatabaseError):
        raise
    except Exception as exc:  # openpyxl and lxml raise many kinds for a broken workbook
        raise ValidationError({"file": _UNREADABLE}) from exc


def _parse_ledger(data: bytes, *, office: OrgUnit) -> Preview:
    sheet = load_workbook(BytesIO(data), read_only=True, data_only=True).active
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    mapping, index = {}, {}
    for name, aliases in COLUMNS.items():
        for position, header in enumerate(headers):
            if header in aliases:
                mapping[name], index[name] = header, position
                break
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in index]
    if missing:
        raise ValidationError({"file": f"台账缺少必需的列：{'、'.join(missing)}。"})
    existing = set(Contract.objects.filter(unit=office).values_list("number", flat=True))
    parsed = []
    for line, raw in enumerate(rows, start=2):
        if line > MAX_ROWS + 1:
            raise ValidationError({"file": f"台账超过 {MAX_ROWS} 行，请拆分后分批导入。"})
        if raw is None or all(v in (None, "") for v in raw):
            continue
        cell = {name: raw[pos] if pos < len(raw) else None for name, pos in index.items()}
        row = Row(line=line)
        v = row.values
        for name in ("number", "title", "party_name"):
            v[name] = str(cell.get(name) or "").strip()
            if not v[name]:
                row.errors.append(f"缺少{COLUMNS[name][0]}")
            elif len(v[name]) > _TEXT_LIMITS[name]:
                row.errors.append(f"{COLUMNS[name][0]}超过 {_TEXT_LIMITS[name]} 字")
        try:
            v["amount"] = Decimal(str(cell.get("amount")).replace(",", "").strip())
            if v["amount"] < 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            row.errors.append(f"合同金额“{cell.get('amount')}”无效")
            v["amount"] = None
        type_label = str(cell.get("contract_type") or "").strip()
        v["contract_type"] = TYPE_BY_LABEL.get(type_label, ContractType.OTHER)
        code = str(cell.get("credit_code") or "").strip()
        v["credit_code"] = ""
        if code:
            try:
                v["credit_code"] = normalize_credit_code(code)
            except ValidationError as exc:
                row.errors.append(exc.messages[0])
        for name in ("signed_on", "starts_on", "ends_on"):
            v[name] = _date(cell.get(name), COLUMNS[name][0], row.errors)
        if v["starts_on"] and v["ends_on"] and v["ends_on"] < v["starts_on"]:
            row.errors.append("履行届满日早于起始日")
        row.existing = v["number"] in existing
        parsed.append(row)
    return Preview(mapping=mapping, rows=parsed)


@transaction.atomic
def ledger_import(*, actor, department: OrgUnit, preview: Preview) -> tuple[int, int]:
    """Import the valid rows: new numbers are created, known numbers updated. Returns
    (created, updated)."""
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, department)
    office = department.parent
    created = updated = 0
    for row in preview.valid_rows:
        v = row.values
        party = counterparty_get_or_create(
            actor=actor,
            office=office,
            kind=PartyKind.ORGANIZATION,
            name=v["party_name"],
            credit_code=v["credit_code"],
        )
        fields = {
            "title": v["title"],
            "contract_type": v["contract_type"],
            "amount": v["amount"],
            "signed_on": v["signed_on"],
            "starts_on": v["starts_on"],
            "ends_on": v["ends_on"],
        }
        contract = Contract.objects.filter(unit=office, number=v["number"]).first()
        if contract is None:
            contract = Contract(
                unit=office,
                department=department,
                number=v["number"],
                created_by=actor,
                imported=True,
                status=ContractStatus.SIGNED if v["signed_on"] else ContractStatus.DRAFT,
                **fields,
            )
            contract.save()
            share_record(actor=actor, obj=contract, unit=department)
            created += 1
        else:
            for name, value in fields.items():
                setattr(contract, name, value)
            contract.save()
            updated += 1
        contract.counterparties.add(party)
    audit_record(
        actor=actor,
        action="contract.import",
        obj=None,
        unit=office,
        changes={
            "created": created,
            "updated": updated,
            "rejected": len(preview.rows) - len(preview.valid_rows),
        },
    )
    return created, updated
