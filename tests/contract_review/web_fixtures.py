"""Helpers for the contract review web tests: uploads built from the sample generator."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.contract_review import services
from sifasuo.contract_review.engine import samples

AS_OF = date(2025, 6, 30)


def sample_zip(count: int = 6, seed: int = 3, *, extra: dict[str, bytes] | None = None):
    """A .zip upload of ``count`` generated contracts (plus ``extra`` members)."""
    buffer = io.BytesIO()
    chosen = list(samples.generate(count, seed))
    with zipfile.ZipFile(buffer, "w") as archive:
        for sample in chosen:
            archive.writestr(sample.name, sample.text.encode("utf-8"))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return SimpleUploadedFile("合同.zip", buffer.getvalue(), "application/zip"), chosen


def price_upload():
    rows = samples.reference_price_rows()
    text = "\n".join(",".join(row) for row in rows)
    return SimpleUploadedFile("prices.csv", text.encode("utf-8"), "text/csv")


def make_batch(actor, unit, *, count: int = 6, seed: int = 3, run: bool = True, extra=None):
    upload, chosen = sample_zip(count, seed, extra=extra)
    batch = services.batch_create(
        actor=actor,
        unit=unit,
        name="西村合同",
        files=[upload],
        price_table=price_upload(),
        as_of=AS_OF,
    )
    if run:
        batch = services.batch_run(batch_id=batch.pk)
    return batch, chosen
