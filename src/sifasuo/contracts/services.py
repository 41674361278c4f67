"""Write services of contract management: drafting, the legal review, signing and payments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum

from sifasuo.core import deadline_service, deadlines
from sifasuo.core.actors import is_system
from sifasuo.core.attachments import attachment_add
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, Party, PartyKind, UnitKind
from sifasuo.core.personal_data import normalize_credit_code
from sifasuo.core.roles import Capability, Role
from sifasuo.core.services import party_create, require, require_unit, share_record
from sifasuo.core.workflow import expect_status, lock

from .models import Contract, ContractDocument, ContractStatus, Instalment, Payment


def review_workdays() -> int:
    return int(getattr(settings, "SIFASUO_CONTRACT_REVIEW_WORKDAYS", 5))


def review_due(on: dt.date) -> tuple[dt.date, bool]:
    """The legal review's due date for a draft sent on `on`, and whether it is provisional."""
    try:
        return deadline_service.add_working_days(on, review_workdays())
    except deadlines.DeadlineError as exc:
        raise ValidationError(
            "截止日超出节假日数据范围（请管理员更新节假日数据），暂无法计算审查期限。"
        ) from exc


def _department_step(actor, contract: Contract) -> None:
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, contract.department)


def counterparty_get_or_create(
    *, actor, office: OrgUnit, kind: str, name: str, credit_code: str = "", id_number: str = ""
) -> Party:
    """The office's Party for a counterparty, found by credit code (or name) before creating one;
    the core party service validates the credit code or ID number."""
    if not name.strip():
        raise ValidationError({"counterparty": "请填写相对方名称。"})
    existing = Party.objects.filter(unit=office, kind=kind)
    if credit_code:
        try:
            credit_code = normalize_credit_code(credit_code)
        except ValidationError as exc:
            raise ValidationError({"credit_code": exc.messages}) from exc
        found = existing.filter(credit_code=credit_code).first()
    else:
        found = existing.filter(name=name.strip(), credit_code="").first()
    if found is not None:
        return found
    values = {"credit_code": credit_code} if kind != PartyKind.PERSON else {}
    if kind == PartyKind.PERSON and id_number:
        values["id_number"] = id_number
    # A department's clerk registers the counterparty in the office's register through the
    # department's channel: the audit row names the clerk and the department.
    channel = None
    if not is_system(actor) and actor.unit_id is not None and actor.unit_id != office.pk:
        channel = actor.unit if actor.unit.is_within(office) else None
    return party_create(
        actor=actor, unit=office, kind=kind, name=name, on_behalf_of=channel, **values
    )


@transaction.atomic
def contract_create(
    *,
    actor,
    department: OrgUnit,
    number: str,
    title: str,
    contract_type: str,
    amount: Decimal,
    counterparties: list[Party],
    subject: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    payment_department: OrgUnit | None = None,
    signed_on: dt.date | None = None,
    imported: bool = False,
) -> Contract:
    """N: the owning business department drafts the contract and answers for it.

    A contract taken over from the department's existing ledger (`imported`) may arrive already
    signed, since it was signed before the platform; any other contract is signed only after the
    legal review (`contract_mark_signed`)."""
    require(actor, Capability.MANAGE_WORK)
    if department.kind != UnitKind.DEPARTMENT or department.parent is None:
        raise ValidationError({"department": "请选择承办科室。"})
    require_unit(actor, department)
    office = department.parent
    if payment_department is not None and payment_department.parent_id != office.pk:
        raise ValidationError({"payment_department": "付款管理科室须为本乡镇科室。"})
    if not counterparties:
        raise ValidationError({"counterparty": "请至少填写一个合同相对方。"})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "履行届满日不能早于起始日。"})
    if signed_on is not None and not imported:
        raise ValidationError({"signed_on": "合同须经法律审查通过后才能标记为已签订。"})
    if Contract.objects.filter(unit=office, number=number.strip()).exists():
        raise ValidationError({"number": "该合同编号已存在。"})
    contract = Contract(
        unit=office,
        department=department,
        payment_department=payment_department,
        number=number.strip(),
        title=title.strip(),
        contract_type=contract_type,
        subject=subject.strip(),
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
        status=ContractStatus.SIGNED if signed_on else ContractStatus.DRAFT,
        imported=imported,
        created_by=actor,
    )
    contract.full_clean()
    contract.save()
    contract.counterparties.set(counterparties)
    share_record(actor=actor, obj=contract, unit=department)
    if payment_department is not None:
        share_record(actor=actor, obj=contract, unit=payment_department)
    audit_record(
        actor=actor,
        action="contract.create",
        obj=contract,
        changes={
            "title": [None, contract.title],
            "amount": [None, str(amount)],
            # Before → after, like every other change; names, so the trail reads on its own.
            "counterparties": [None, "、".join(p.name for p in counterparties)],
            **({"imported": [None, True], "signed_on": [None, signed_on]} if imported else {}),
        },
    )
    return contract


# The columns of a department's contract ledger that a re-import may bring up to date.
LEDGER_FIELDS = ("title", "contract_type", "amount", "signed_on", "starts_on", "ends_on")


def contract_ledger_changes(contract: Contract, values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the ledger columns in `values` that differ from the contract."""
    unknown = set(values) - set(LEDGER_FIELDS)
    if unknown:
        raise ValueError(f"not ledger fields: {sorted(unknown)}")
    # Compared as values, so that 150000 and 150000.00 are the same amount.
    return {
        name: [getattr(contract, name), value]
        for name, value in values.items()
        if getattr(contract, name) != value
    }


def contract_ledger_check(contract: Contract) -> None:
    """Refuse a ledger change to a contract whose terms the platform's workflow answers for."""
    if not contract.imported:
        raise ValidationError("该合同是在平台上起草的，不能通过导入台账修改，请在合同页面办理。")
    if contract.status in (ContractStatus.LEGAL_REVIEW, ContractStatus.APPROVED):
        raise ValidationError(
            f"合同当前状态为“{contract.get_status_display()}”，不能通过导入台账修改。"
        )


@transaction.atomic
def contract_update_from_ledger(
    *, actor, contract: Contract, values: dict[str, Any], counterparty: Party | None = None
) -> bool:
    """Bring a contract taken over from the department's ledger in line with its row when the
    ledger is imported again: the changed columns are validated and written with one audit row
    naming them; a row that changes nothing writes nothing. Returns whether anything changed.

    A counterparty the contract does not have yet is added (a ledger row names one; the
    contract's other counterparties stay)."""
    _department_step(actor, contract)
    contract = lock(contract)
    changes = contract_ledger_changes(contract, values)
    new_party = (
        counterparty is not None and not contract.counterparties.filter(pk=counterparty.pk).exists()
    )
    if not changes and not new_party:
        return False
    contract_ledger_check(contract)
    for name, value in values.items():
        setattr(contract, name, value)
    # As when it was first imported: a ledger that records a signing date means it was signed.
    if contract.status == ContractStatus.DRAFT and contract.signed_on is not None:
        changes["status"] = [contract.status, ContractStatus.SIGNED.value]
        contract.status = ContractStatus.SIGNED
    contract.full_clean()
    contract.save(update_fields=[*changes])
    if new_party and counterparty is not None:
        contract.counterparties.add(counterparty)
        changes["counterparties"] = [None, counterparty.pk]
    audit_record(actor=actor, action="contract.update", obj=contract, changes=changes)
    return True


@transaction.atomic
def contract_submit_review(*, actor, contract: Contract, on: dt.date | None = None) -> Contract:
    """Send the draft to the office for legal review (1+专), with its due date."""
    _department_step(actor, contract)
    contract = lock(contract)
    expect_status(contract, ContractStatus.DRAFT)
    on = on or deadline_service.today()
    due, provisional = review_due(on)
    contract.status = ContractStatus.LEGAL_REVIEW
    contract.review_started_on = on
    contract.review_due_on = due
    contract.review_due_provisional = provisional
    contract.assistant_opinion = contract.advisor_opinion = ""
    contract.assistant_passed = contract.advisor_passed = None
    contract.save()
    audit_record(
        actor=actor,
        action="contract.submit_review",
        obj=contract,
        changes={"status": ["draft", "legal_review"], "review_due_on": [None, due]},
    )
    return contract


@transaction.atomic
def contract_legal_opinion(*, actor, contract: Contract, opinion: str, passed: bool) -> Contract:
    """One of the two legal opinions: the judicial assistant's or the legal advisor's. When both
    are in, the contract is approved (both agree) or goes back to the department to redraft."""
    require_unit(actor, contract.unit)
    contract = lock(contract)
    expect_status(contract, ContractStatus.LEGAL_REVIEW)
    if not opinion.strip():
        raise ValidationError({"opinion": "请填写审查意见。"})
    if actor.role == Role.LEGAL_ADVISOR:
        contract.advisor_opinion, contract.advisor_passed = opinion.strip(), passed
        field = "advisor"
    else:
        require(actor, Capability.LEGALITY_REVIEW)
        contract.assistant_opinion, contract.assistant_passed = opinion.strip(), passed
        field = "assistant"
    before = contract.status
    if contract.assistant_passed is not None and contract.advisor_passed is not None:
        both = contract.assistant_passed and contract.advisor_passed
        contract.status = ContractStatus.APPROVED if both else ContractStatus.DRAFT
    contract.save()
    audit_record(
        actor=actor,
        action=f"contract.opinion_{field}",
        obj=contract,
        changes={"passed": passed, "opinion": opinion.strip(), "status": [before, contract.status]},
    )
    return contract


@transaction.atomic
def contract_mark_signed(*, actor, contract: Contract, signed_on: dt.date) -> Contract:
    _department_step(actor, contract)
    contract = lock(contract)
    if contract.status != ContractStatus.APPROVED:
        raise ValidationError("合同须经司法助理员和法律顾问审查通过后才能标记为已签订。")
    contract.status = ContractStatus.SIGNED
    contract.signed_on = signed_on
    contract.save(update_fields=["status", "signed_on"])
    audit_record(
        actor=actor,
        action="contract.sign",
        obj=contract,
        changes={"status": ["approved", "signed"], "signed_on": [None, signed_on]},
    )
    return contract


@transaction.atomic
def contract_close(*, actor, contract: Contract, outcome: str, reason: str = "") -> Contract:
    """End performance (履行完毕) or record a termination (解除/终止, reason required)."""
    _department_step(actor, contract)
    contract = lock(contract)
    if outcome not in (ContractStatus.COMPLETED, ContractStatus.TERMINATED):
        raise ValidationError("请选择履行完毕或解除/终止。")
    if contract.status != ContractStatus.SIGNED:
        raise ValidationError("只有已签订、正在履行的合同可以办结或解除。")
    if outcome == ContractStatus.TERMINATED and not reason.strip():
        raise ValidationError({"reason": "解除或终止合同须写明原因。"})
    contract.status = outcome
    contract.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=f"contract.{outcome}",
        obj=contract,
        changes={"status": [ContractStatus.SIGNED.value, outcome], "reason": reason.strip()},
    )
    return contract


@transaction.atomic
def instalment_add(
    *, actor, contract: Contract, due_on: dt.date, amount: Decimal, condition: str = ""
) -> Instalment:
    _department_step(actor, contract)
    contract = lock(contract)
    expect_status(
        contract,
        ContractStatus.DRAFT,
        ContractStatus.LEGAL_REVIEW,
        ContractStatus.APPROVED,
        ContractStatus.SIGNED,
    )
    if amount <= 0:
        raise ValidationError({"amount": "金额须大于零。"})
    planned = contract.instalments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if planned + amount > contract.amount:
        raise ValidationError({"amount": f"付款计划合计不能超过合同金额（{contract.amount}元）。"})
    seq = (contract.instalments.aggregate(m=Max("seq"))["m"] or 0) + 1
    instalment = Instalment.objects.create(
        contract=contract, seq=seq, due_on=due_on, amount=amount, condition=condition.strip()
    )
    audit_record(
        actor=actor,
        action="contract.instalment",
        obj=contract,
        changes={"seq": seq, "due_on": due_on, "amount": str(amount)},
    )
    return instalment


def _may_pay(actor, contract: Contract) -> bool:
    units = [u for u in (contract.payment_department, contract.unit) if u is not None]
    try:
        require(actor, Capability.MANAGE_WORK)
    except PermissionDenied:
        return False
    return any(actor.unit is not None and u.is_within(actor.unit) for u in units)


@transaction.atomic
def payment_record(
    *,
    actor,
    contract: Contract,
    paid_on: dt.date,
    amount: Decimal,
    instalment: Instalment | None = None,
    note: str = "",
) -> Payment:
    """+1: the finance or engineering office records a payment."""
    if not _may_pay(actor, contract):
        raise PermissionDenied("只有付款管理科室或司法所可以登记付款。")
    contract = lock(contract)
    expect_status(contract, ContractStatus.SIGNED)
    if amount <= 0:
        raise ValidationError({"amount": "金额须大于零。"})
    paid = contract.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if paid + amount > contract.amount:
        raise ValidationError({"amount": f"累计支付不能超过合同金额（{contract.amount}元）。"})
    if instalment is None:
        instalment = contract.instalments.filter(settled=False).order_by("seq").first()
    elif instalment.contract_id != contract.pk:
        raise ValidationError({"instalment": "期次不属于该合同。"})
    payment = Payment.objects.create(
        contract=contract,
        instalment=instalment,
        paid_on=paid_on,
        amount=amount,
        note=note.strip(),
        recorded_by=actor,
    )
    if instalment is not None:
        covered = instalment.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if covered >= instalment.amount and not instalment.settled:
            instalment.settled = True
            instalment.save(update_fields=["settled"])
    audit_record(
        actor=actor,
        action="contract.payment",
        obj=contract,
        changes={
            "paid_on": paid_on,
            "amount": str(amount),
            "instalment": instalment.seq if instalment else None,
        },
    )
    return payment


@transaction.atomic
def contract_add_document(*, actor, contract: Contract, upload) -> ContractDocument:
    """A new version of the contract text (core.attachments: safe reading, never overwritten)."""
    _department_step(actor, contract)
    contract = lock(contract)
    document, _text = attachment_add(
        ContractDocument, actor=actor, owner_field="contract", owner=contract, upload=upload
    )
    audit_record(
        actor=actor,
        action="contract.document",
        obj=contract,
        changes={"document": [None, str(document)]},
    )
    return document
