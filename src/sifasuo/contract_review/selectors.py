"""Scoped reads of the contract review: every batch, contract and finding a user may see."""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from sifasuo.core.scoping import get_scoped_or_404, scope

from .models import ContractFile, Finding, Rectification, ReviewBatch


def batch_list_for_user(*, user) -> QuerySet[ReviewBatch]:
    return (
        scope(user, ReviewBatch.objects.select_related("unit", "uploaded_by"))
        .annotate(
            contract_count=Count("contracts"),
            problem_count=Count("contracts", filter=Q(contracts__problem=True)),
            error_count=Count("contracts", filter=Q(contracts__status=ContractFile.Status.ERROR)),
        )
        .order_by("-created_at", "-pk")
    )


def batch_get(*, user, pk) -> ReviewBatch:
    return get_scoped_or_404(user, ReviewBatch.objects.select_related("unit", "uploaded_by"), pk)


def batch_counts(batch: ReviewBatch) -> dict:
    """Totals shown on the batch page (two queries, whatever the batch size)."""
    counts = batch.contracts.aggregate(
        contracts=Count("pk"),
        problems=Count("pk", filter=Q(problem=True)),
        errors=Count("pk", filter=Q(status=ContractFile.Status.ERROR)),
        income_gap=Sum("income_gap"),
    )
    decisions = Finding.objects.filter(contract__batch=batch).aggregate(
        pending=Count("pk", filter=Q(decision=Finding.Decision.PENDING)),
        confirmed=Count("pk", filter=Q(decision=Finding.Decision.CONFIRMED)),
        dismissed=Count("pk", filter=Q(decision=Finding.Decision.DISMISSED)),
    )
    return counts | decisions


class RuleCount(TypedDict):
    rule: str
    name: str
    contracts: int
    confirmed: int
    dismissed: int


def batch_rule_counts(batch: ReviewBatch) -> list[RuleCount]:
    """Per rule: contracts flagged, and how many findings reviewers confirmed or dismissed."""
    return list(
        Finding.objects.filter(contract__batch=batch)
        .values("rule", "name")
        .annotate(
            contracts=Count("contract", distinct=True),
            confirmed=Count("pk", filter=Q(decision=Finding.Decision.CONFIRMED)),
            dismissed=Count("pk", filter=Q(decision=Finding.Decision.DISMISSED)),
        )
        .order_by("-contracts", "rule")
    )


CONTRACT_FILTERS = {
    "problem": Q(problem=True),
    "error": Q(status=ContractFile.Status.ERROR),
    # A subquery, not a join, so the per-contract counts below still count every finding.
    "pending": Q(
        Exists(Finding.objects.filter(contract=OuterRef("pk"), decision=Finding.Decision.PENDING))
    ),
    "all": Q(),
}


def contract_list(*, batch: ReviewBatch, show: str = "problem") -> QuerySet[ContractFile]:
    """The contracts of a batch the caller already read through `batch_get`."""
    condition = CONTRACT_FILTERS.get(show, CONTRACT_FILTERS["problem"])
    return (
        batch.contracts.filter(condition)
        .annotate(
            rectification_measure=F("rectification__measure"),
            rectification_done_on=F("rectification__done_on"),
            finding_count=Count("findings", distinct=True),
            pending_count=Count(
                "findings",
                filter=Q(findings__decision=Finding.Decision.PENDING),
                distinct=True,
            ),
        )
        .defer("text", "fields")
        .order_by("pk")
    )


def contract_get(*, user, batch_pk, pk) -> ContractFile:
    contract = get_scoped_or_404(
        user,
        ContractFile.objects.select_related("batch__unit"),
        pk,
        unit_field="batch__unit",
    )
    if str(contract.batch_id) != str(batch_pk):
        raise Http404
    return contract


def contract_neighbours(contract: ContractFile) -> tuple[int | None, int | None]:
    """The previous and next problem contracts of the same batch (for one-by-one review)."""
    problems = ContractFile.objects.filter(batch_id=contract.batch_id, problem=True)
    previous = problems.filter(pk__lt=contract.pk).order_by("-pk").values_list("pk", flat=True)
    following = problems.filter(pk__gt=contract.pk).order_by("pk").values_list("pk", flat=True)
    return previous.first(), following.first()


def next_pending_contract(batch: ReviewBatch) -> int | None:
    return (
        ContractFile.objects.filter(batch=batch, findings__decision=Finding.Decision.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def finding_get(*, user, pk) -> Finding:
    return get_scoped_or_404(
        user,
        Finding.objects.select_related("contract__batch__unit", "decided_by"),
        pk,
        unit_field="contract__batch__unit",
    )


def contract_findings(contract: ContractFile) -> list[Finding]:
    return list(contract.findings.select_related("decided_by"))


def report_contracts(batch: ReviewBatch) -> QuerySet[ContractFile]:
    return batch.contracts.prefetch_related("findings").order_by("pk")


def rectification_get(*, user, pk) -> Rectification:
    return get_scoped_or_404(
        user, Rectification.objects.select_related("unit", "contract__batch"), pk
    )


def rectification_of(contract: ContractFile) -> Rectification | None:
    """The contract's rectification with its recoveries and documents (None: not opened)."""
    return (
        Rectification.objects.filter(contract=contract)
        .select_related("created_by")
        .prefetch_related("recoveries", "documents")
        .first()
    )
