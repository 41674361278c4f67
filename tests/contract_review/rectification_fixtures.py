"""Helpers for the rectification tests: a batch with a confirmed problem contract, a document."""

from __future__ import annotations

from contract_review.web_fixtures import make_batch
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.contract_review import services
from sifasuo.contract_review.models import ContractFile, Finding
from sifasuo.core.documents import OfficialDocument


def confirm(actor, contract: ContractFile) -> ContractFile:
    for finding in contract.findings.all():
        services.finding_decide(actor=actor, finding=finding, decision=Finding.Decision.CONFIRMED)
    return contract


def confirmed_batch(actor, unit, *, count: int = 4, seed: int = 3, confirmed: int = 1):
    """A reviewed batch whose first `confirmed` problem contracts are confirmed."""
    batch = make_batch(actor, unit, count=count, seed=seed)[0]
    problems = list(batch.contracts.filter(problem=True).order_by("pk"))
    assert len(problems) >= confirmed, "the sample batch needs more problem contracts"
    for contract in problems[:confirmed]:
        confirm(actor, contract)
    return batch, problems


def agreement_upload(name: str = "补充协议.docx") -> SimpleUploadedFile:
    document = OfficialDocument("土地承包合同补充协议")
    document.paragraph("承包费自2026年起调整为每亩每年900元。")
    return SimpleUploadedFile(name, document.to_bytes())
