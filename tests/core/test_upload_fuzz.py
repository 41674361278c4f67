"""Every importer, fed broken and hostile files: a clear message or a result, never a crash, a
hang, or memory past a stated bound.

Bound: the whole run (several hundred files: random bytes, damaged .xlsx/.docx/.pdf and bombs
that unpack to 200 MB) may raise this process's peak resident memory by at most 150 MB. Each
file must be judged within 5 seconds.
"""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
import upload_bombs
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from sifasuo.contract_review.engine.prices import PriceFileError, load_prices
from sifasuo.contracts.importing import parse_ledger
from sifasuo.core.uploads import read_document as read_upload

MEMORY_BOUND_MB = 150


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("第一条 为规范村级事务管理，制定本办法。")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


LEDGER = upload_bombs.xlsx(
    [
        ["合同编号", "合同名称", "合同类型", "相对方", "统一社会信用代码", "合同金额"],
        ["HT-1", "保洁", "服务合同", "洁美", "", 100],
    ]
)
PRICES = upload_bombs.xlsx([["乡镇", "类型", "价格"], ["全县", "耕地", 800]])
DOCX, PDF = _docx(), _pdf()


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """`original` with some bytes overwritten, a stretch cut out, or cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data) - 1))
        del data[start : start + draw(st.integers(1, 512))]
    return bytes(data[: draw(st.integers(1, len(data)))] if draw(st.booleans()) else data)


def files(original: bytes):
    return st.one_of(st.binary(max_size=2048), damaged(original))


FUZZ = settings(
    max_examples=60,
    deadline=5000,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def memory_before():
    before = upload_bombs.peak_rss_mb()
    yield before
    assert upload_bombs.peak_rss_mb() - before < MEMORY_BOUND_MB


@FUZZ
@given(data=files(LEDGER))
def test_ledger_import(world, memory_before, data):
    try:
        parse_ledger(data, user=world.office_head, department=world.office_a1)
    except ValidationError as exc:
        assert "Excel" in exc.messages[0] or "文件" in exc.messages[0]


@FUZZ
@given(data=files(DOCX))
def test_review_material_docx(memory_before, data):
    try:
        read_upload(SimpleUploadedFile("草案.docx", data))
    except ValidationError as exc:
        assert "文件" in exc.messages[0]


@FUZZ
@given(data=files(PDF))
def test_review_material_pdf(memory_before, data):
    try:
        read_upload(SimpleUploadedFile("草案.pdf", data))
    except ValidationError as exc:
        assert "PDF" in exc.messages[0]


@FUZZ
@given(data=files(PRICES))
def test_price_table(memory_before, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prices.xlsx"
        path.write_bytes(data)
        try:
            load_prices(path)
        except PriceFileError as exc:
            assert "prices.xlsx" in str(exc)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_bombs_in_the_parts_a_reader_opens_are_refused(world, memory_before, member):
    # A second part of the same name is what zipfile reads back: the reader would open the bomb.
    bomb = upload_bombs.office_bomb(LEDGER, member=member)
    with pytest.raises(ValidationError, match="解压后过大"):
        parse_ledger(bomb, user=world.office_head, department=world.office_a1)
