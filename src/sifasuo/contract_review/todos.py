"""集体合同清理 in 我的待办: confirmed problem contracts whose rectification is not done yet."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse

from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.todos import (
    DueRecords,
    Todo,
    TodoGroup,
    UnitDue,
    due_by_unit,
    group_from,
    works_in_office,
)

from .models import ContractFile
from .totals import rectification_list


def _row(contract: ContractFile) -> Todo:
    rectification = getattr(contract, "rectification", None)
    return Todo(
        title=f"{contract.lessor or contract.path}：{contract.lessee or ''}".rstrip("："),
        url=reverse("contract_review:contract_detail", args=[contract.batch_id, contract.pk])
        + "#rectification",
        step="待登记整改措施" if rectification is None else "待完成整改",
        due_on=rectification.due_on if rectification is not None else None,
        unit=contract.batch.unit.name,
    )


def todo_groups(*, user, limit: int) -> list[TodoGroup | None]:
    # The office rectifies; the bureaus above follow it on the totals page.
    if not works_in_office(user) or not has_capability(user, Capability.MANAGE_WORK):
        return []
    contracts = rectification_list(user=user, state="open").order_by(
        F("rectification__due_on").asc(nulls_last=True), "pk"
    )
    return [
        group_from(
            "合同清理整改（未完成）",
            reverse("contract_review:rectification_list"),
            contracts,
            _row,
            limit=limit,
        )
    ]


def due_records(*, user) -> DueRecords:
    """Contracts with an unfinished rectification, as the dashboards count them."""
    contracts = rectification_list(user=user, state="open")
    return DueRecords(contracts, due_field="rectification__due_on", unit_field="batch__unit")


def due_work(*, user) -> list[UnitDue]:
    """Unfinished rectifications by office, for the dashboards."""
    return [
        due_by_unit(
            "合同清理整改",
            reverse("contract_review:rectification_list"),
            due_records(user=user),
            _row,
        )
    ]
