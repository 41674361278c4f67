"""Scoped reads of contracts: the dynamic ledger (合同动态管理台账) with its alerts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from sifasuo.core import deadline_service
from sifasuo.core.models import Party
from sifasuo.core.scoping import get_scoped_or_404, scope

from .models import Contract, ContractStatus, Instalment, Payment

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

MONEY = DecimalField(max_digits=14, decimal_places=2)


def expiry_window_days() -> int:
    return int(getattr(settings, "SIFASUO_CONTRACT_EXPIRY_ALERT_DAYS", 60))


def payment_window_days() -> int:
    return int(getattr(settings, "SIFASUO_CONTRACT_PAYMENT_ALERT_DAYS", 30))


class LedgerFigures(TypedDict):
    paid: Decimal
    next_due_on: dt.date | None
    next_due_amount: Decimal | None


def _with_ledger_figures(
    queryset: QuerySet[Contract],
) -> QuerySet[WithAnnotations[Contract, LedgerFigures]]:
    paid = (
        Payment.objects.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    next_instalment = Instalment.objects.filter(contract=OuterRef("pk"), settled=False).order_by(
        "due_on", "seq"
    )
    return queryset.annotate(
        paid=Coalesce(Subquery(paid, output_field=MONEY), Value(Decimal(0)), output_field=MONEY),
        next_due_on=Subquery(next_instalment.values("due_on")[:1]),
        next_due_amount=Subquery(next_instalment.values("amount")[:1], output_field=MONEY),
    )


def contract_ledger_for_user(
    *,
    user,
    q: str = "",
    contract_type: str = "",
    status: str = "",
    amount_min: Decimal | None = None,
    amount_max: Decimal | None = None,
    signed_from: dt.date | None = None,
    signed_to: dt.date | None = None,
    alert: str = "",
) -> QuerySet[Contract]:
    contracts = scope(user, Contract.objects.all()).select_related("department", "unit")
    if q:
        party_match = Exists(Party.objects.filter(contracts=OuterRef("pk"), name__contains=q))
        contracts = contracts.filter(Q(title__contains=q) | Q(number__contains=q) | party_match)
    if contract_type:
        contracts = contracts.filter(contract_type=contract_type)
    if status:
        contracts = contracts.filter(status=status)
    if amount_min is not None:
        contracts = contracts.filter(amount__gte=amount_min)
    if amount_max is not None:
        contracts = contracts.filter(amount__lte=amount_max)
    if signed_from:
        contracts = contracts.filter(signed_on__gte=signed_from)
    if signed_to:
        contracts = contracts.filter(signed_on__lte=signed_to)
    contracts = _with_ledger_figures(contracts).prefetch_related(
        Prefetch("counterparties", queryset=Party.objects.only("id", "name"))
    )
    today = deadline_service.today()
    if alert == "payment":
        contracts = contracts.filter(
            status=ContractStatus.SIGNED,
            next_due_on__lte=today + dt.timedelta(days=payment_window_days()),
        )
    elif alert == "expiry":
        contracts = contracts.filter(
            status=ContractStatus.SIGNED,
            ends_on__lte=today + dt.timedelta(days=expiry_window_days()),
        )
    return contracts


def alerts_for(contract: Contract, *, today: dt.date | None = None) -> list[str]:
    """The ledger's warnings on one annotated contract."""
    if contract.status != ContractStatus.SIGNED:
        return []
    today = today or deadline_service.today()
    alerts = []
    next_due = getattr(contract, "next_due_on", None)
    if next_due is not None:
        if next_due < today:
            alerts.append(f"付款已逾期（应于{next_due:%Y-%m-%d}支付）")
        elif next_due <= today + dt.timedelta(days=payment_window_days()):
            alerts.append(f"{next_due:%Y-%m-%d}应付款")
    if contract.ends_on is not None:
        if contract.ends_on < today:
            alerts.append("合同已到期")
        elif contract.ends_on <= today + dt.timedelta(days=expiry_window_days()):
            alerts.append(f"将于{contract.ends_on:%Y-%m-%d}到期")
    return alerts


def contract_get_for_user(*, user, pk) -> Contract:
    queryset = _with_ledger_figures(
        Contract.objects.select_related("unit", "department", "payment_department")
    ).prefetch_related("counterparties", "instalments", "payments__instalment", "documents")
    return get_scoped_or_404(user, queryset, pk)
