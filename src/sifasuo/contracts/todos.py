"""合同管理 in 我的待办: contracts awaiting the person's legal opinion (1+专)."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse

from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.scoping import scope
from sifasuo.core.todos import (
    DueRecords,
    Todo,
    TodoGroup,
    UnitDue,
    due_by_unit,
    group_from,
    works_in_office,
)

from .models import Contract, ContractStatus


def _row(contract: Contract) -> Todo:
    return Todo(
        title=f"{contract.number} {contract.title}",
        url=reverse("contracts:contract_detail", args=[contract.pk]),
        step="待出具法律审查意见",
        due_on=contract.review_due_on,
        due_provisional=contract.review_due_provisional,
        unit=contract.department.name,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    # The legal advisor gives one opinion, the office's judicial staff the other.
    if not works_in_office(user):
        return []
    if user.role == Role.LEGAL_ADVISOR:
        waiting = {"advisor_opinion": ""}
    elif has_capability(user, Capability.LEGALITY_REVIEW):
        waiting = {"assistant_opinion": ""}
    else:
        return []
    contracts = (
        scope(user, Contract.objects.select_related("department"))
        .filter(status=ContractStatus.LEGAL_REVIEW, **waiting)
        .order_by(F("review_due_on").asc(nulls_last=True), "id")
    )
    return [
        group_from(
            "合同法律审查（待出具意见）",
            reverse("contracts:contract_list"),
            contracts,
            _row,
            limit=limit,
            due_field="review_due_on",
        )
    ]


def due_records(*, user) -> DueRecords:
    """Contracts in legal review, as the dashboards count them."""
    contracts = scope(user, Contract.objects.select_related("department", "unit")).filter(
        status=ContractStatus.LEGAL_REVIEW
    )
    return DueRecords(contracts, due_field="review_due_on")


def due_work(*, user) -> list[UnitDue]:
    """Contracts in legal review by office, for the dashboards."""
    return [
        due_by_unit(
            "合同法律审查", reverse("contracts:contract_list"), due_records(user=user), _row
        )
    ]
