"""Write services for batch contract review: upload a batch, run the engine over it, decide findings.

Every write takes an explicit actor (``None`` for the background worker) and appends its audit row
in the same transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import re
import shutil
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifasuo.core.actors import WORKER
from sifasuo.core.audit import audit_record, hold_chain
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.personal_data import mask_in_text
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.services import require, require_unit
from sifasuo.core.uploads import check_office_package

from .engine import (
    Document,
    PriceFileError,
    ReviewSettings,
    Thresholds,
    ThresholdsError,
    Unreadable,
    iter_sources,
    load_prices,
    read_source,
    review_document,
)
from .models import ContractFile, Finding, ReviewBatch

CONTRACT_SUFFIXES = (".zip", ".docx", ".txt", ".pdf", ".jpg", ".jpeg", ".png", ".xlsx")
PRICE_SUFFIXES = (".csv", ".xlsx")


def batch_root(batch: ReviewBatch) -> Path:
    return Path(settings.MEDIA_ROOT) / batch.storage_dir


def files_dir(batch: ReviewBatch) -> Path:
    return batch_root(batch) / "files"


def price_path(batch: ReviewBatch) -> Path | None:
    if not batch.price_table_name:
        return None
    return batch_root(batch) / ("prices" + Path(batch.price_table_name).suffix.lower())


def _safe_name(name: str | None) -> str:
    base = PurePosixPath((name or "").replace("\\", "/")).name.strip()
    if not base or base in {".", ".."}:
        raise ValidationError({"files": _("文件名无效。")})
    return base


def _thresholds_snapshot(thresholds: Thresholds) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in dataclasses.asdict(thresholds).items()
    }


def batch_create(
    *,
    actor,
    unit: OrgUnit,
    name: str,
    files: Iterable[UploadedFile],
    price_table: UploadedFile | None = None,
    as_of: date | None = None,
    thresholds: dict[str, Any] | None = None,
) -> ReviewBatch:
    """Store the uploaded contracts (a .zip or several files) and queue the review.

    ``thresholds`` overrides the engine's defaults (e.g. ``{"low_price_ratio": 0.6}``); the values
    used are kept with the batch so a resumed or repeated run applies the same ones.
    """
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, unit)
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError({"unit": _("合同审查批次应登记在司法所。")})
    files = list(files)
    if not files:
        raise ValidationError({"files": _("请选择要审查的合同文件或压缩包。")})
    names = [_safe_name(f.name) for f in files]
    bad = [n for n in names if not n.lower().endswith(CONTRACT_SUFFIXES)]
    if bad:
        raise ValidationError(
            {"files": _("不支持的文件类型：%(names)s") % {"names": "、".join(bad)}}
        )
    if len(set(names)) != len(names):
        raise ValidationError({"files": _("有重名文件，请改名或打包成压缩包后上传。")})
    try:
        chosen = Thresholds.from_mapping({k: v for k, v in (thresholds or {}).items() if v})
    except ThresholdsError as exc:
        raise ValidationError({"thresholds": str(exc)}) from None
    price_name = (price_table.name or "") if price_table is not None else ""
    if price_table is not None and not price_name.lower().endswith(PRICE_SUFFIXES):
        raise ValidationError({"price_table": _("参考价格表应为 .csv 或 .xlsx 文件。")})
    if price_table is not None and price_name.lower().endswith((".xlsx", ".xlsm")):
        try:
            check_office_package(price_table.read(), name=price_name)
        except ValidationError as exc:
            raise ValidationError({"price_table": exc.messages}) from None
        price_table.seek(0)

    with transaction.atomic():
        batch = ReviewBatch.objects.create(
            unit=unit,
            name=name.strip() or _("合同审查"),
            uploaded_by=actor,
            thresholds=_thresholds_snapshot(chosen),
            as_of=as_of or timezone.localdate(),
            price_table_name=_safe_name(price_name) if price_table else "",
        )
        batch.storage_dir = f"contract_review/batch_{batch.pk}"
        target = files_dir(batch)
        target.mkdir(parents=True, exist_ok=True)
        try:
            for upload, base in zip(files, names, strict=True):
                _write(upload, target / base)
            if price_table is not None:
                path = price_path(batch)
                assert path is not None
                _write(price_table, path)
                load_prices(path)  # a malformed table is reported now, not in the worker
            batch.files_total = sum(1 for _s in iter_sources([target]))
        except PriceFileError as exc:
            shutil.rmtree(batch_root(batch), ignore_errors=True)
            raise ValidationError(
                {"price_table": _("参考价格表无法读取：%(reason)s") % {"reason": exc}}
            ) from None
        except BaseException:
            shutil.rmtree(batch_root(batch), ignore_errors=True)
            raise
        batch.save(update_fields=["storage_dir", "files_total"])
        audit_record(
            actor=actor,
            action="contract_review.batch_create",
            obj=batch,
            changes={"name": [None, batch.name], "files_total": [None, batch.files_total]},
        )
        transaction.on_commit(lambda: batch_enqueue(batch_id=batch.pk))
    return batch


def _write(upload: UploadedFile, path: Path) -> None:
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def batch_enqueue(*, batch_id: int) -> None:
    from .tasks import review_batch

    review_batch.enqueue(batch_id)


def batch_resume(*, actor, batch: ReviewBatch) -> ReviewBatch:
    """Queue the batch again; files that already have a result are skipped by the run."""
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, batch.unit)
    with transaction.atomic():
        hold_chain(batch.unit)  # the chain before the row, as every audited write takes them
        batch = ReviewBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ReviewBatch.Status.DONE:
            return batch
        batch.status = ReviewBatch.Status.QUEUED
        batch.error = ""
        batch.save(update_fields=["status", "error"])
        audit_record(actor=actor, action="contract_review.batch_resume", obj=batch)
        transaction.on_commit(lambda: batch_enqueue(batch_id=batch.pk))
    return batch


def batch_recover_stalled() -> list[int]:
    """Queue again every batch whose worker stopped mid-run (no progress for the stall limit);
    the run skips what is already stored. Called when a worker starts. Returns the batch ids."""
    now = timezone.now()
    limit = now - dt.timedelta(minutes=settings.SIFASUO_BATCH_STALL_MINUTES)
    recovered = []
    candidates = ReviewBatch.objects.filter(
        status=ReviewBatch.Status.RUNNING, progress_at__lt=limit
    ).values_list("pk", flat=True)
    for pk in candidates:
        with transaction.atomic():
            hold_chain(ReviewBatch.objects.select_related("unit").get(pk=pk).unit)
            batch = ReviewBatch.objects.select_for_update().get(pk=pk)
            if not batch.stalled(now=now):
                continue
            batch.status = ReviewBatch.Status.QUEUED
            batch.save(update_fields=["status"])
            audit_record(
                actor=WORKER,
                action="contract_review.batch_recovered",
                obj=batch,
                changes={"files_done": [batch.files_done, batch.files_done]},
            )
            transaction.on_commit(functools.partial(batch_enqueue, batch_id=pk))
        recovered.append(pk)
    return recovered


def batch_rerun(*, actor, batch: ReviewBatch) -> ReviewBatch:
    """Review every file of a finished batch again (e.g. after the rules changed).

    Results are updated in place by content hash, and reviewers' decisions stay with findings of
    the same rule.
    """
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, batch.unit)
    with transaction.atomic():
        hold_chain(batch.unit)  # the chain before the row, as every audited write takes them
        batch = ReviewBatch.objects.select_for_update().get(pk=batch.pk)
        if not batch.finished:
            raise ValidationError(_("该批次正在审查，完成后才能重新审查。"))
        batch.generation += 1
        batch.status = ReviewBatch.Status.QUEUED
        batch.error = ""
        batch.files_done = 0
        batch.finished_at = None
        batch.save(update_fields=["generation", "status", "error", "files_done", "finished_at"])
        audit_record(
            actor=actor,
            action="contract_review.batch_rerun",
            obj=batch,
            changes={"generation": [batch.generation - 1, batch.generation]},
        )
        transaction.on_commit(lambda: batch_enqueue(batch_id=batch.pk))
    return batch


def _content_key(document: Document | Unreadable) -> str:
    """The content hash that identifies a result within a batch.

    An unreadable file may have no hash of its own; its name (and ledger row) stands in, so a
    rerun still finds it.
    """
    if document.sha256:
        return document.sha256
    raw = f"unreadable:{document.name}:{document.record or ''}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


def _store_result(batch: ReviewBatch, document: Document | Unreadable, key: str, result) -> None:
    """Commit one contract's result with its findings (replacing an earlier run's, if any)."""
    fields = result.fields
    values = {
        "path": result.file[:500],
        "record": (result.record or "")[:60],
        "status": result.status,
        "error": result.error or "",
        "reader": result.reader,
        "text": document.text if isinstance(document, Document) else "",
        "fields": fields.to_dict() if fields is not None else None,
        "problem": result.problem,
        "income_gap": _money(result.income_gap) or Decimal("0"),
        "lessor": str(fields.lessor.value)[:200] if fields and fields.lessor else "",
        "lessee": str(fields.lessee.value)[:200] if fields and fields.lessee else "",
    }
    values["generation"] = batch.generation
    with transaction.atomic():
        contract, created = ContractFile.objects.update_or_create(
            batch=batch, sha256=key, defaults=values
        )
        earlier: dict[str, Finding] = {}
        if not created:
            # Same content reviewed again: a finding of the same rule keeps the reviewer's decision.
            earlier = {f.rule: f for f in contract.findings.all()}
            contract.findings.all().delete()
        Finding.objects.bulk_create(
            Finding(
                contract=contract,
                order=index,
                rule=f.rule,
                name=f.name,
                severity=f.severity,
                message=f.message,
                basis=f.basis[:300],
                basis_quote=f.basis_quote,
                remedy=f.remedy,
                evidence=[
                    {"start": e.start, "end": e.end, "snippet": e.snippet} for e in f.evidence
                ],
                income_gap=_money(f.income_gap),
                **_decision_of(earlier.get(f.rule)),
            )
            for index, f in enumerate(result.findings)
        )


def _decision_of(finding: Finding | None) -> dict[str, Any]:
    if finding is None:
        return {}
    return {
        "decision": finding.decision,
        "dismissal_reason": finding.dismissal_reason,
        "decided_by_id": finding.decided_by_id,
        "decided_at": finding.decided_at,
    }


# Advisory lock keys of batch runs: this prefix in the high 32 bits, the batch id in the low.
_RUN_LOCK_PREFIX = 0x5346_4352 << 32


@contextlib.contextmanager
def _run_claim(batch_id: int) -> Iterator[bool]:
    """Whether this worker may run the batch. On PostgreSQL a session advisory lock per batch is
    held for the run; the server drops it with the connection of a killed worker, so a stopped
    run can be resumed at once while a live one is never run twice. SQLite has one writer."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = _RUN_LOCK_PREFIX + batch_id
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        claimed = cursor.fetchone()[0]
    try:
        yield claimed
    finally:
        # A lost connection has released the lock already.
        if claimed:
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def batch_run(*, batch_id: int) -> ReviewBatch:
    """Review every file of the batch, committing each contract's result as soon as it is ready.

    Contracts whose content hash already has a result are skipped, so a run stopped half-way
    (a killed worker) continues where it stopped, with nothing lost and nothing counted twice.
    A second worker started on a batch that is being run leaves it to the first.
    """
    with _run_claim(batch_id) as claimed:
        if not claimed:
            return ReviewBatch.objects.get(pk=batch_id)
        return _batch_run(batch_id)


def _batch_run(batch_id: int) -> ReviewBatch:
    with transaction.atomic():
        batch = ReviewBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status == ReviewBatch.Status.DONE:
            return batch
        batch.status = ReviewBatch.Status.RUNNING
        batch.started_at = batch.started_at or timezone.now()
        batch.progress_at = timezone.now()
        batch.files_done = 0
        batch.save(update_fields=["status", "started_at", "progress_at", "files_done"])
    try:
        _run(batch)
    except Exception as exc:  # the batch must show why it stopped, not stay "running"
        with transaction.atomic():
            batch.status = ReviewBatch.Status.FAILED
            batch.error = f"{type(exc).__name__}: {exc}"[:2000]
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "error", "finished_at"])
            audit_record(
                actor=WORKER,
                action="contract_review.batch_failed",
                obj=batch,
                changes={"error": [None, batch.error]},
            )
        return batch
    with transaction.atomic():
        batch.status = ReviewBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at", "files_done"])
        audit_record(
            actor=WORKER,
            action="contract_review.batch_done",
            obj=batch,
            changes={"contracts": [None, batch.contracts.count()]},
        )
    return batch


def _run(batch: ReviewBatch) -> None:
    thresholds = Thresholds.from_mapping(batch.thresholds) if batch.thresholds else Thresholds()
    prices_file = price_path(batch)
    prices = load_prices(prices_file) if prices_file else None
    review_settings = ReviewSettings(thresholds, prices, batch.as_of)
    current = ContractFile.objects.filter(batch=batch, generation=batch.generation)
    done = set(current.values_list("sha256", flat=True))
    sources = iter_sources([files_dir(batch)])
    for source in sources:
        for document in read_source(source):
            key = _content_key(document)
            if key in done:
                continue
            result = review_document(document, review_settings)
            # A second worker on the same batch may have stored this contract first.
            with contextlib.suppress(IntegrityError):
                _store_result(batch, document, key, result)
            done.add(key)
        batch.files_done = min(batch.files_done + 1, batch.files_total)
        # A bulk update skips the summaries' signals: no indicator counts the progress.
        ReviewBatch.objects.filter(pk=batch.pk).update(
            files_done=batch.files_done, progress_at=timezone.now()
        )


def finding_decide(*, actor, finding: Finding, decision: str, reason: str = "") -> Finding:
    """Confirm or dismiss a finding (a dismissal keeps its reason). Repeating a decision is a no-op."""
    require(actor, Capability.MANAGE_WORK)
    if decision not in (Finding.Decision.CONFIRMED, Finding.Decision.DISMISSED):
        raise ValidationError({"decision": _("请选择确认或排除。")})
    reason = reason.strip()
    if decision == Finding.Decision.DISMISSED and not reason:
        raise ValidationError({"reason": _("排除该问题须说明理由。")})
    if decision == Finding.Decision.CONFIRMED:
        reason = ""
    with transaction.atomic():
        hold_chain(finding.contract.batch.unit)
        finding = (
            Finding.objects.select_for_update()
            .select_related("contract__batch__unit")
            .get(pk=finding.pk)
        )
        unit = finding.contract.batch.unit
        if not _may_decide(actor, unit):
            raise PermissionDenied(_("不能审查本单位管辖范围以外的合同。"))
        if finding.decision == decision and finding.dismissal_reason == reason:
            return finding
        before = {"decision": finding.decision, "dismissal_reason": finding.dismissal_reason}
        finding.decision = decision
        finding.dismissal_reason = reason
        finding.decided_by = actor
        finding.decided_at = timezone.now()
        finding.save(update_fields=["decision", "dismissal_reason", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action="contract_review.finding_decide",
            obj=finding,
            unit=unit,
            changes={
                "decision": [before["decision"], decision],
                "dismissal_reason": [before["dismissal_reason"], reason],
            },
        )
    return finding


def _numbers_in(text: str) -> str:
    """The ID and mobile numbers of a text, masked (what an audit row may say was shown)."""
    masked = mask_in_text(text)
    found = [m.group(0) for m in _MASKED_NUMBER.finditer(masked)]
    return "、".join(dict.fromkeys(found))[:500]


_MASKED_NUMBER = re.compile(r"\d{6}\*{8}\d{3}[\dXx]|1[3-9]\d\*{4}\d{4}")


def contract_text_reveal(*, actor, contract: ContractFile) -> str:
    """The contract's text with its ID and mobile numbers in clear, for an account allowed to
    reveal personal data; the reveal is written to the audit trail like any personal-data reveal.
    The caller has read `contract` through the scoping gate."""
    require(actor, Capability.REVEAL_PERSONAL_DATA)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="personal_data.reveal",
            obj=contract,
            unit=contract.batch.unit,
            changes={"field": "text", "shown": _numbers_in(contract.text)},
        )
    return contract.text


def contract_text_for_output(*, actor, contract: ContractFile, output: str, include: bool) -> bool:
    """Whether a document of the contract may print its text's numbers in clear: only when asked
    (`include`) by an account allowed to reveal personal data, with one audit row naming the
    document and the numbers it quotes (as core's printed documents do). Otherwise the document
    prints them masked."""
    from .documents import opinion_quotes

    if not include or not has_capability(actor, Capability.REVEAL_PERSONAL_DATA):
        return False
    numbers = _numbers_in(opinion_quotes(contract))
    if numbers:
        audit_record(
            actor=actor,
            action="personal_data.print",
            obj=contract,
            unit=contract.batch.unit,
            changes={"document": output, "people": numbers},
        )
    return True


def _may_decide(actor, unit: OrgUnit) -> bool:
    try:
        require_unit(actor, unit)
    except PermissionDenied:
        return False
    return True


__all__ = [
    "batch_create",
    "batch_enqueue",
    "batch_recover_stalled",
    "batch_rerun",
    "batch_resume",
    "batch_run",
    "contract_text_for_output",
    "contract_text_reveal",
    "finding_decide",
]
