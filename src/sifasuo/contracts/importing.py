"""Import of a department's existing contract ledger (.xlsx): column mapping, preview, per-row
errors.

Rows are matched on 合同编号 among the importing department's own contracts that the user may
see, so importing the same ledger again brings those contracts up to date instead of duplicating
them. A ledger is imported whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, Party, PartyKind
from sifasuo.core.personal_data import normalize_credit_code
from sifasuo.core.roles import Capability
from sifasuo.core.scoping import scope
from sifasuo.core.services import require, require_unit
from sifasuo.core.table_import import open_rows, parse_date

from . import services
from .models import Contract, ContractType

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
_TEXT_LIMITS = {
    "number": Contract._meta.get_field("number").max_length,
    "title": Contract._meta.get_field("title").max_length,
    "party_name": Party._meta.get_field("name").max_length,
}
TYPE_BY_LABEL = {label: value for value, label in ContractType.choices}


# Contract numbers are one sequence per township (the office), so a number used by a contract of
# another department cannot be registered again; the message does not say whose it is.
NUMBER_TAKEN = "合同编号已被本乡镇另一份合同使用（同一乡镇的合同编号不能重复），请核对编号。"


@dataclass
class Row:
    line: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # The importing department's contract of this number, found within the user's scope.
    contract: Contract | None = None
    # Chinese names of what the import would change on `contract`.
    changed: list[str] = field(default_factory=list)

    @property
    def fields(self) -> dict:
        return {name: self.values[name] for name in services.LEDGER_FIELDS}


@dataclass
class Preview:
    mapping: dict[str, str]  # field → header found
    rows: list[Row]

    @property
    def error_rows(self) -> list[Row]:
        return [r for r in self.rows if r.errors]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def parse_ledger(data: bytes, *, user, department: OrgUnit) -> Preview:
    """Read the sheet and say, row by row, what importing it into `department` would do.
    Formulas are never evaluated: a cell gives the value last saved with it (data_only), and text
    that starts like a formula stays text. A file that is broken, too big once unpacked, or too
    long is refused with a message saying so (the checks of `core.table_import.open_rows`)."""
    rows = open_rows(data, name="合同台账", max_rows=MAX_ROWS, data_only=True, noun="台账")
    _number, header = next(rows, (1, ()))
    headers = [str(h).strip() if h is not None else "" for h in header]
    mapping, index = {}, {}
    for name, aliases in COLUMNS.items():
        for position, text in enumerate(headers):
            if text in aliases:
                mapping[name], index[name] = text, position
                break
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in index]
    if missing:
        raise ValidationError({"file": f"台账缺少必需的列：{'、'.join(missing)}。"})
    parsed = []
    for line, raw in rows:
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
            v[name] = parse_date(cell.get(name), COLUMNS[name][0], row.errors)
        if v["starts_on"] and v["ends_on"] and v["ends_on"] < v["starts_on"]:
            row.errors.append("履行届满日早于起始日")
        _check_model_fields(row)
        parsed.append(row)
    _match(parsed, user=user, department=department)
    return Preview(mapping=mapping, rows=parsed)


def _check_model_fields(row: Row) -> None:
    """The model's own field checks (lengths, digits), so the preview shows what saving would."""
    checks = [(Contract, name) for name in ("number", *services.LEDGER_FIELDS)]
    for model, name in [*checks, (Party, "name")]:
        value = row.values["party_name" if model is Party else name]
        if value in (None, ""):
            continue
        model_field = model._meta.get_field(name)
        try:
            model_field.clean(value, None)
        except ValidationError as exc:
            label = COLUMNS["party_name"][0] if model is Party else model_field.verbose_name
            row.errors.append(f"{label}：{'；'.join(exc.messages)}")


def _has_counterparty(contract: Contract, values: dict) -> bool:
    # The same lookup as services.counterparty_get_or_create: by credit code, else by name.
    code, name = values["credit_code"], values["party_name"]
    return any(
        p.kind == PartyKind.ORGANIZATION
        and (p.credit_code == code if code else (p.name == name and not p.credit_code))
        for p in contract.counterparties.all()
    )


def _match(rows: list[Row], *, user, department: OrgUnit) -> None:
    """Pair each row with the department's contract of its number, as far as `user` may see it;
    a number used elsewhere in the township is an error that names no other record."""
    office = department.parent
    numbers = {r.values["number"] for r in rows if r.values["number"]}
    visible = scope(user, Contract.objects.filter(unit=office, department=department))
    visible = visible.filter(number__in=numbers).prefetch_related("counterparties")
    own = {c.number: c for c in visible}
    taken = set(
        Contract.objects.filter(unit=office, number__in=numbers)
        .exclude(pk__in=[c.pk for c in own.values()])
        .values_list("number", flat=True)
    )
    first_line: dict[str, int] = {}
    for row in rows:
        number = row.values["number"]
        if not number:
            continue
        if number in first_line:
            row.errors.append(f"合同编号与第{first_line[number]}行重复")
            continue
        first_line[number] = row.line
        if number in taken:
            row.errors.append(NUMBER_TAKEN)
            continue
        row.contract = own.get(number)
        if row.contract is None or row.errors:
            continue
        changed = list(services.contract_ledger_changes(row.contract, row.fields))
        if not _has_counterparty(row.contract, row.values):
            changed.append("counterparties")
        row.changed = [str(Contract._meta.get_field(name).verbose_name) for name in changed]
        if changed:
            try:
                services.contract_ledger_check(row.contract)
            except ValidationError as exc:
                row.errors.extend(exc.messages)


def _row_problem(row: Row, messages: list[str]) -> str:
    return f"第{row.line}行：{'；'.join(messages)}"


@transaction.atomic
def ledger_import(*, actor, department: OrgUnit, preview: Preview) -> ImportResult:
    """Import the whole ledger into `department`, or nothing when any row has an error: new
    numbers are created through the ordinary create path, the department's known numbers get one
    validated, audited update each, unchanged rows write nothing."""
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, department)
    problems = [_row_problem(row, row.errors) for row in preview.error_rows]
    if problems:
        raise ValidationError(problems)
    office = department.parent
    created = updated = 0
    for row in preview.rows:
        v = row.values
        try:
            party = services.counterparty_get_or_create(
                actor=actor,
                office=office,
                kind=PartyKind.ORGANIZATION,
                name=v["party_name"],
                credit_code=v["credit_code"],
            )
            if row.contract is None:
                services.contract_create(
                    actor=actor,
                    department=department,
                    number=v["number"],
                    counterparties=[party],
                    imported=True,
                    **row.fields,
                )
                created += 1
            elif services.contract_update_from_ledger(
                actor=actor, contract=row.contract, values=row.fields, counterparty=party
            ):
                updated += 1
        except ValidationError as exc:
            # Each service rolled its own row back; the rest is undone when this raises below.
            problems.append(_row_problem(row, exc.messages))
    if problems:
        raise ValidationError(problems)
    result = ImportResult(created, updated, len(preview.rows) - created - updated)
    if created or updated:
        audit_record(
            actor=actor,
            action="contract.import",
            obj=None,
            unit=office,
            changes={
                "created": created,
                "updated": updated,
                "unchanged": result.unchanged,
            },
        )
    return result
