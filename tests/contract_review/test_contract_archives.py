"""Hostile and broken input: zip limits, a zip bomb's memory, and files that fail one by one."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from contract_review.contract_cases import AS_OF, contract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sifasuo.contract_review.engine import readers, review_paths
from sifasuo.contract_review.engine.readers import (
    Document,
    Unreadable,
    iter_sources,
    read_bytes,
    read_source,
)

TEXT = contract()
BOMB_MB = 200


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A zip of well under 1 MB holding one 200 MB member (zeros) and a real contract."""
    path = tmp_path_factory.mktemp("bomb") / "炸弹.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("大文件.txt", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(BOMB_MB):
                member.write(chunk)
        archive.writestr("合同.txt", TEXT.encode("utf-8"))
    assert path.stat().st_size < 1024 * 1024
    return path


def _read_all(path) -> tuple[list[Document | Unreadable], int]:
    """Every document read from ``path`` and the peak Python memory while reading, in bytes."""
    tracemalloc.start()
    try:
        docs = [doc for source in iter_sources([path]) for doc in read_source(source)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        readers._open_archives.clear()
    return docs, peak


def test_a_zip_bomb_is_refused_without_decompressing_it(bomb):
    docs, peak = _read_all(bomb)
    by_name = {doc.name: doc for doc in docs}
    refused = by_name["炸弹.zip/大文件.txt"]
    assert isinstance(refused, Unreadable)
    assert "压缩比异常" in refused.reason and "“炸弹.zip/大文件.txt”" in refused.reason
    assert isinstance(by_name["炸弹.zip/合同.txt"], Document)  # the rest is reviewed
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1048576:.1f} MB"


def test_a_forged_header_is_stopped_while_decompressing(bomb, monkeypatch):
    # Even if the header's sizes were believed, decompression stops at the ratio bound:
    # at most compressed size x MAX_COMPRESSION_RATIO (here about 20 MB) is ever held.
    monkeypatch.setattr(readers, "_member_problem", lambda info, name: None)
    docs, peak = _read_all(bomb)
    refused = {doc.name: doc for doc in docs}["炸弹.zip/大文件.txt"]
    assert isinstance(refused, Unreadable)
    assert "已停止解压" in refused.reason
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1048576:.1f} MB"


def test_archive_limits_name_the_archive_and_the_rest_is_reviewed(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ARCHIVE_MEMBERS", 3)
    monkeypatch.setattr(readers, "MAX_ARCHIVE_BYTES", 50_000)
    monkeypatch.setattr(readers, "MAX_MEMBER_BYTES", 20_000)
    many = {f"{i}.txt": TEXT.encode() for i in range(4)}
    (tmp_path / "多.zip").write_bytes(_zip(many))
    big = {f"{i}.txt": TEXT.encode() for i in range(2)}  # with 大.txt under 50 KB in all
    big["大.txt"] = b"x" * 25_000
    (tmp_path / "单个过大.zip").write_bytes(_zip(big))
    (tmp_path / "总量过大.zip").write_bytes(_zip({f"{i}.txt": b"y" * 19_000 for i in range(3)}))
    level3 = _zip({"c.zip": _zip({"d.zip": _zip({"合同.txt": TEXT.encode()})})})
    (tmp_path / "嵌套.zip").write_bytes(level3)
    (tmp_path / "空.txt").write_bytes(b"")
    (tmp_path / "好.txt").write_text(TEXT, encoding="utf-8")

    results = {r.file: r for r in review_paths([tmp_path], as_of=AS_OF)}

    assert (
        "多.zip" in results["多.zip"].error
        and "超过每个压缩包 3 个的上限" in results["多.zip"].error
    )
    assert "解压后共" in results["总量过大.zip"].error
    assert "“总量过大.zip”" in results["总量过大.zip"].error
    member = results["单个过大.zip/大.txt"]
    assert member.status == "error" and "超过单个文件" in member.error
    assert results["单个过大.zip/0.txt"].status == "ok"
    nested = results["嵌套.zip/c.zip/d.zip"]
    assert nested.status == "error" and "嵌套层数超过 2 层" in nested.error
    assert results["空.txt"].error == "文件为空（0 字节）"
    assert results["好.txt"].status == "ok"


def test_a_damaged_member_is_reported_alone(tmp_path):
    data = bytearray(_zip({"坏.txt": TEXT.encode() * 3, "好.txt": TEXT.encode()}))
    start = 40  # inside the first member's compressed bytes
    for i in range(start, start + 30):
        data[i] ^= 0xFF
    (tmp_path / "包.zip").write_bytes(bytes(data))
    results = {r.file: r for r in review_paths([tmp_path], as_of=AS_OF)}
    assert results["包.zip/坏.txt"].status == "error"
    assert results["包.zip/好.txt"].status == "ok"


def _docx() -> bytes:
    import docx

    document = docx.Document()
    for line in TEXT.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(buffer)
    return buffer.getvalue()


_SEEDS = {
    ".zip": _zip({"a.txt": TEXT.encode(), "b/c.zip": _zip({"d.txt": TEXT.encode()})}),
    ".docx": _docx(),
    ".pdf": _pdf(),
    ".txt": TEXT.encode("gb18030"),
}


@st.composite
def _damaged(draw):
    suffix = draw(st.sampled_from(sorted(_SEEDS)))
    data = bytearray(_SEEDS[suffix])
    for _ in range(draw(st.integers(0, 8))):
        pos = draw(st.integers(0, len(data) - 1))
        data[pos] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    if draw(st.booleans()):
        data = data[:cut]
    name = draw(st.sampled_from([f"x{suffix}", "x.zip", "x.docx", "x.pdf", "x.xlsx", "x.txt"]))
    return name, bytes(data)


@settings(max_examples=80, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(_damaged())
def test_damaged_files_never_crash_or_hang_the_readers(item):
    name, data = item
    docs = read_bytes(data, name)
    assert docs and all(isinstance(doc, Document | Unreadable) for doc in docs)
    assert all(doc.name.startswith(name) for doc in docs)


@settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(_damaged())
def test_damaged_archives_on_disk_never_crash_the_run(tmp_path_factory, item):
    name, data = item
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / name).write_bytes(data)
    try:
        results = list(review_paths([folder], as_of=AS_OF))
    finally:
        readers._open_archives.clear()
    assert results and all(r.status in {"ok", "error"} for r in results)
    assert all(r.error for r in results if r.status == "error")
