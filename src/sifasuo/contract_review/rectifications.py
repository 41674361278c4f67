"""Write services of the rectification (整改) of confirmed problem contracts: the measure taken,
the money recovered for the collective, the document, and the new annual income.

Only the office that owns the batch writes these records (the bureaus above it read them); every
write locks the record, refuses a form opened on an older version (EditConflict) and is audited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifasuo.core import deadline_service
from sifasuo.core.actors import Actor, is_system
from sifasuo.core.attachments import attachment_add
from sifasuo.core.audit import audit_record, hold_chain, snapshot
from sifasuo.core.models import OrgUnit
from sifasuo.core.roles import Capability
from sifasuo.core.services import require
from sifasuo.core.text_limits import NOTE_MAX
from sifasuo.core.workflow import EditConflict, lock, save_audited

from .models import ContractFile, Finding, Recovery, Rectification, RectificationDocument

FIELDS = (
    "measure",
    "description",
    "due_on",
    "old_annual_income",
    "new_annual_income",
    "done_on",
)
# Bound on one amount (a hundred million yuan): a typo of a few zeros is refused, not totalled.
MAX_AMOUNT = Decimal("100000000")
NOTE_LIMIT = 200


def require_owner(actor: Actor, unit: OrgUnit) -> None:
    """Rectification is the owning office's work: its staff write, the bureaus above only read."""
    require(actor, Capability.MANAGE_WORK)
    if not is_system(actor) and actor.unit_id != unit.pk:
        raise PermissionDenied(_("只有批次所属司法所可以登记整改情况。"))


def confirmed_at(contract: ContractFile) -> dt.datetime | None:
    """When the contract was first confirmed as a problem contract (its earliest confirmed
    finding), or None when no finding of it stands confirmed."""
    return (
        Finding.objects.filter(contract=contract, decision=Finding.Decision.CONFIRMED)
        .order_by("decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() and number >= 0 else None


def suggested_old_income(contract: ContractFile) -> Decimal | None:
    """The contract's annual price as the review read it: its annual rent, else price × area."""
    fields = contract.fields or {}

    def value(name: str) -> Decimal | None:
        found = fields.get(name)
        return _number(found.get("value")) if isinstance(found, dict) else None

    annual = value("annual_rent")
    if annual is None:
        price, area = value("price"), value("area")
        annual = price * area if price is not None and area is not None else None
    return annual.quantize(Decimal("0.01")) if annual is not None else None


def _money(value: Any, field: str, *, positive: bool = False) -> Decimal | None:
    if value in (None, ""):
        return None
    number = _number(value)
    if number is None or number > MAX_AMOUNT or (positive and number <= 0):
        raise ValidationError(
            {
                field: _("金额应为 %(low)s 至 1 亿元之间的数。")
                % {"low": "0.01" if positive else "0"}
            }
        )
    return number.quantize(Decimal("0.01"))


def _check_dates(*, confirmed: dt.date, due_on, done_on) -> None:
    today = deadline_service.today()
    if done_on is not None and done_on > today:
        raise ValidationError({"done_on": _("整改完成日期不能晚于今天。")})
    if done_on is not None and done_on < confirmed:
        raise ValidationError(
            {"done_on": _("整改完成日期不能早于问题确认日期（%(day)s）。") % {"day": confirmed}}
        )
    if due_on is not None and due_on < confirmed:
        raise ValidationError(
            {"due_on": _("整改期限不能早于问题确认日期（%(day)s）。") % {"day": confirmed}}
        )


@transaction.atomic
def rectification_save(
    *,
    actor: Actor,
    contract: ContractFile,
    version: int | None,
    measure: str,
    description: str,
    due_on: dt.date | None = None,
    old_annual_income: Any = None,
    new_annual_income: Any = None,
    done_on: dt.date | None = None,
) -> Rectification:
    """Open or update the rectification of a confirmed problem contract. `version` is the one the
    form was opened on (None for a new record): a record saved since then raises EditConflict, so
    a double submit opens one record. Marking it done needs the document first."""
    # The contract's row alone is locked: two first submits of the form open one record.
    hold_chain(contract.batch.unit)  # the chain before the row, as every audited write takes them
    contract = (
        ContractFile.objects.select_for_update(of=("self",))
        .select_related("batch__unit")
        .get(pk=contract.pk)
    )
    unit = contract.batch.unit
    require_owner(actor, unit)
    first_confirmed = confirmed_at(contract)
    if first_confirmed is None:
        raise ValidationError(_("该合同没有已确认的问题，无需登记整改。"))
    if measure not in Rectification.Measure.values:
        raise ValidationError({"measure": _("请选择整改措施。")})
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("请说明整改情况。")})
    if len(description) > NOTE_MAX:
        raise ValidationError(
            {"description": _("整改情况说明不能超过 %(n)d 字。") % {"n": NOTE_MAX}}
        )
    values = {
        "measure": measure,
        "description": description,
        "due_on": due_on,
        "old_annual_income": _money(old_annual_income, "old_annual_income"),
        "new_annual_income": _money(new_annual_income, "new_annual_income"),
        "done_on": done_on,
    }
    _check_dates(confirmed=timezone.localdate(first_confirmed), due_on=due_on, done_on=done_on)

    existing = Rectification.objects.filter(contract=contract).first()
    if existing is None:
        if version is not None:
            raise EditConflict()
        rectification = Rectification(
            contract=contract, unit=unit, created_by=None if is_system(actor) else actor
        )
        before: dict[str, Any] = {}
        action = "contract_review.rectification_open"
    else:
        if version is None:
            raise EditConflict()  # opened by someone else (or by this form, submitted twice)
        rectification = lock(existing, version=version)
        before = snapshot(rectification, FIELDS)
        action = "contract_review.rectification_update"
    if done_on is not None and (rectification.pk is None or not rectification.documents.exists()):
        raise ValidationError(
            {"done_on": _("标记整改完成前，请先上传整改材料（补充协议、解除通知、判决书等）。")}
        )
    if done_on is not None and rectification.done_on is None:
        action = "contract_review.rectification_done"
    for name, value in values.items():
        setattr(rectification, name, value)
    save_audited(rectification, actor=actor, action=action, before=before, fields=FIELDS, unit=unit)
    return rectification


def _locked(actor: Actor, rectification: Rectification, version: int | None) -> Rectification:
    require_owner(actor, rectification.unit)
    if version is None:
        raise EditConflict()
    return lock(rectification, version=version)


def _moved_on(rectification: Rectification) -> None:
    rectification.version += 1
    rectification.save(update_fields=["version", "updated_at"])


def _recovery_text(recovery: Recovery) -> str:
    """One recovery as the history panel names it (under core's 新增 / 修改前 labels)."""
    text = _("回收资金 %(amount)s 元，到账日期 %(day)s") % {
        "amount": f"{recovery.amount:,.2f}",
        "day": recovery.received_on.isoformat(),
    }
    return f"{text}（{recovery.note}）" if recovery.note else text


@transaction.atomic
def recovery_add(
    *,
    actor: Actor,
    rectification: Rectification,
    version: int | None,
    amount: Any,
    received_on: dt.date,
    note: str = "",
) -> Recovery:
    """Record an amount recovered for the collective on `received_on` (one of several)."""
    rectification = _locked(actor, rectification, version)
    value = _money(amount, "amount", positive=True)
    if value is None:
        raise ValidationError({"amount": _("请填写回收金额。")})
    if received_on is None:
        raise ValidationError({"received_on": _("请填写到账日期。")})
    if received_on > deadline_service.today():
        raise ValidationError({"received_on": _("到账日期不能晚于今天。")})
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError({"note": _("说明不能超过 %(n)d 字。") % {"n": NOTE_LIMIT}})
    recovery = Recovery.objects.create(
        rectification=rectification,
        amount=value,
        received_on=received_on,
        note=note,
        recorded_by=None if is_system(actor) else actor,
    )
    _moved_on(rectification)
    audit_record(
        actor=actor,
        action="contract_review.recovery_add",
        obj=rectification,
        unit=rectification.unit,
        changes={"created": _recovery_text(recovery)},
    )
    return recovery


@transaction.atomic
def recovery_remove(
    *, actor: Actor, rectification: Rectification, version: int | None, recovery_id: int
) -> None:
    """Take back an amount recorded by mistake (the audit trail keeps what it was)."""
    rectification = _locked(actor, rectification, version)
    recovery = rectification.recoveries.filter(pk=recovery_id).first()
    if recovery is None:
        raise ValidationError(_("该回收记录不存在或已删除。"))
    changes = {"before": _recovery_text(recovery)}
    recovery.delete()
    _moved_on(rectification)
    audit_record(
        actor=actor,
        action="contract_review.recovery_remove",
        obj=rectification,
        unit=rectification.unit,
        changes=changes,
    )


@transaction.atomic
def rectification_add_document(
    *, actor: Actor, rectification: Rectification, version: int | None, upload
) -> RectificationDocument:
    """A new version of the rectification's document (core.attachments: read safely, kept)."""
    rectification = _locked(actor, rectification, version)
    document, _text = attachment_add(
        RectificationDocument,
        actor=actor,
        owner_field="rectification",
        owner=rectification,
        upload=upload,
    )
    _moved_on(rectification)
    audit_record(
        actor=actor,
        action="contract_review.rectification_document",
        obj=rectification,
        unit=rectification.unit,
        changes={"document": [None, str(document)]},
    )
    return document


__all__ = [
    "confirmed_at",
    "recovery_add",
    "recovery_remove",
    "rectification_add_document",
    "rectification_save",
    "require_owner",
    "suggested_old_income",
]
