"""Hostile files for the importers: Office packages that unpack to hundreds of MB, and a memory
gauge. Bombs are written in chunks, so building one costs no more memory than it is meant to."""

from __future__ import annotations

import resource
import zipfile
from io import BytesIO

from openpyxl import Workbook


def office_bomb(base: bytes, *, member: str = "xl/bomb.xml", megabytes: int = 200) -> bytes:
    """A copy of the package `base` with one part that unpacks to `megabytes` MB of zeros."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(base)) as source, zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            package.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with package.open(info, "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
