"""Review contracts: one text, one file, or whole folders streamed through worker processes.

Every input ends as a :class:`ContractResult` with status ``ok`` or ``error`` (with the reason);
nothing is skipped silently and a bad file never stops the run.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from .extract import Extraction, extract
from .prices import PriceTable
from .readers import Document, Source, Unreadable, iter_sources, read_source
from .rules import Finding, Thresholds, check

__all__ = [
    "ContractResult",
    "ReviewSettings",
    "review_document",
    "review_file",
    "review_paths",
    "review_text",
]

BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """What a review run needs besides the contracts; picklable for worker processes."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    prices: PriceTable | None = None
    as_of: date = field(default_factory=date.today)


@dataclass(slots=True)
class ContractResult:
    """The review of one contract (one file, or one row of a ledger)."""

    file: str
    status: str  # "ok" | "error"
    sha256: str = ""
    record: str | None = None
    error: str | None = None
    reader: str = ""
    fields: Extraction | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def problem(self) -> bool:
        return bool(self.findings)

    @property
    def income_gap(self) -> float:
        """Estimated yuan the collective loses over the remaining term (0 when not estimated)."""
        return round(sum(f.income_gap or 0.0 for f in self.findings), 2)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file}
        if self.record is not None:
            out["record"] = self.record
        out |= {
            "status": self.status,
            "error": self.error,
            "sha256": self.sha256,
            "reader": self.reader,
            "problem": self.problem,
            "income_gap": self.income_gap,
            "fields": self.fields.to_dict() if self.fields is not None else None,
            "findings": [f.to_dict() for f in self.findings],
        }
        return out


def review_text(
    text: str,
    *,
    file: str = "",
    record: str | None = None,
    source: str = "document",
    sha256: str | None = None,
    thresholds: Thresholds | None = None,
    prices: PriceTable | None = None,
    as_of: date | None = None,
) -> ContractResult:
    """Review one contract's text. ``source="ledger"`` for a ledger row (clauses not checked)."""
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    settings = ReviewSettings(thresholds or Thresholds(), prices, as_of or date.today())
    return _review(Document(file, text, digest, record=record, source=source), settings)


def review_document(document: Document | Unreadable, settings: ReviewSettings) -> ContractResult:
    """Review a document produced by the readers (an :class:`Unreadable` becomes an error)."""
    if isinstance(document, Unreadable):
        return ContractResult(
            document.name, "error", document.sha256, document.record, document.reason
        )
    return _review(document, settings)


def _review(document: Document, settings: ReviewSettings) -> ContractResult:
    result = ContractResult(
        document.name,
        "ok",
        document.sha256,
        document.record,
        reader=document.reader,
    )
    try:
        fields = extract(document.text, source=document.source)
        result.fields = fields
        result.findings = check(
            fields, thresholds=settings.thresholds, prices=settings.prices, as_of=settings.as_of
        )
    except Exception as exc:  # one odd contract must not stop a run of thousands
        result.status = "error"
        result.error = f"审查时出错（{type(exc).__name__}: {exc}）"
        result.fields = None
        result.findings = []
    return result


def review_file(
    path: str | os.PathLike[str],
    *,
    thresholds: Thresholds | None = None,
    prices: PriceTable | None = None,
    as_of: date | None = None,
) -> list[ContractResult]:
    """Review one file: a contract, a ledger (a result per row) or a .zip (a result per member)."""
    settings = ReviewSettings(thresholds or Thresholds(), prices, as_of or date.today())
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    return [
        review_document(doc, settings)
        for source in iter_sources([path])
        for doc in read_source(source)
    ]


def review_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    thresholds: Thresholds | None = None,
    prices: PriceTable | None = None,
    as_of: date | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[ContractResult]:
    """Review every file under ``paths``, yielding results in input order as they are ready.

    Files are listed lazily and at most a few batches per worker are in flight, so memory stays
    flat however many contracts there are. ``exclude`` names files to leave out (e.g. the price
    table or the report when they sit inside the folder being reviewed).
    """
    settings = ReviewSettings(thresholds or Thresholds(), prices, as_of or date.today())
    sources = iter_sources(paths, exclude=[os.fspath(p) for p in exclude])
    if workers <= 1:
        for source in sources:
            for document in read_source(source):
                yield review_document(document, settings)
        return
    yield from _parallel(sources, workers, settings)


# --- worker processes ---------------------------------------------------------------------------

_worker_settings: ReviewSettings | None = None


def _init_worker(settings: ReviewSettings) -> None:
    global _worker_settings
    _worker_settings = settings


def _review_batch(batch: list[Source]) -> list[ContractResult]:
    assert _worker_settings is not None
    return [
        review_document(document, _worker_settings)
        for source in batch
        for document in read_source(source)
    ]


def _batches(sources: Iterator[Source], size: int) -> Iterator[list[Source]]:
    while batch := list(islice(sources, size)):
        yield batch


def _parallel(
    sources: Iterator[Source], workers: int, settings: ReviewSettings
) -> Iterator[ContractResult]:
    """Ordered results from a process pool, with a bounded window of batches in flight.

    If a worker process dies (e.g. a native library crashing on one file), the pool is rebuilt
    and the batches it held are retried one file at a time; the file that kills a worker again
    is reported as an error.
    """

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings,))

    pool = new_pool()
    pending: deque[tuple[list[Source], Future[list[ContractResult]]]] = deque()
    window = workers * 4
    batches = _batches(sources, BATCH_SIZE)
    try:
        while True:
            while len(pending) < window:
                batch = next(batches, None)
                if batch is None:
                    break
                pending.append((batch, pool.submit(_review_batch, batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                retry = [batch] + [b for b, _ in pending]
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                results = []
                for single in (s for b in retry[:1] for s in b):
                    results.extend(_retry_alone(single, settings))
                for b in retry[1:]:
                    pending.append((b, pool.submit(_review_batch, b)))
            yield from results
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _retry_alone(source: Source, settings: ReviewSettings) -> list[ContractResult]:
    with ProcessPoolExecutor(1, initializer=_init_worker, initargs=(settings,)) as solo:
        try:
            return solo.submit(_review_batch, [source]).result()
        except BrokenProcessPool:
            return [ContractResult(source.name, "error", error="读取该文件时程序异常退出")]
