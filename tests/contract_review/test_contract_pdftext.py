"""The quick reader of plain PDF text layers gives PDFium's text, or steps aside for PDFium."""

from __future__ import annotations

import io
from html import escape

import pytest
from contract_review.contract_cases import contract
from contract_review.test_contract_readers import needs_cjk_font

from sifasuo.contract_review.engine import readers
from sifasuo.contract_review.engine.pdftext import quick_pdf_text
from sifasuo.contract_review.engine.readers import read_bytes

TEXT = contract(consent=None)
STYLE = "font-family: Noto Sans CJK SC; font-size: 11pt"


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html><body style='{STYLE}'>{html}</body></html>").write_pdf()


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))


def _pdfium(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    pages = []
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(pages)


_TABLE = (
    "<style>td { padding: 2pt 8pt }</style><table style='border-collapse: collapse'>"
    "<tr><td>地块</td><td>面积（亩）</td><td>四至</td></tr>"
    "<tr><td>西大地</td><td>4.6</td><td>东至卫国栋，西至营西路</td></tr>"
    "<tr><td>南洼</td><td>3.2</td><td>东至南洼沟，西至卫国良</td></tr>"
    "</table>"
)


@needs_cjk_font
def test_a_contract_over_several_pages_reads_as_pdfium_reads_it():
    html = (
        "<h1 style='text-align: center'>土地租赁合同</h1>"
        + _paragraphs(TEXT)
        + _TABLE
        + "<p style='page-break-before: always'>附件：地块四至图（略）</p>"
        + _paragraphs(TEXT)
    )
    data = _pdf(html)
    text = quick_pdf_text(data)
    assert text is not None
    assert text == _pdfium(data)
    assert "西大地 4.6 东至卫国栋，西至营西路" in text  # cells on one line, spaced
    assert text.count("\n") > TEXT.count("\n")


@needs_cjk_font
def test_a_cell_set_between_two_lines_of_its_neighbour_is_left_to_pdfium(monkeypatch):
    """PDFium decides such lines by the glyphs' outlines, which the quick reader does not load."""
    html = (
        _paragraphs(TEXT) + "<table><tr><td style='vertical-align: middle'>地块</td>"
        "<td style='width: 3em'>面积（亩）</td><td>四至</td></tr></table>"
    )
    data = _pdf(html)
    assert quick_pdf_text(data) is None
    (document,) = read_bytes(data, "合同.pdf")
    assert document.reader == "pdf"
    assert "面积" in document.text and "四至" in document.text


@needs_cjk_font
def test_an_encrypted_pdf_is_left_to_pdfium():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(_paragraphs(TEXT)))))
    writer.encrypt(user_password="", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert quick_pdf_text(buffer.getvalue()) is None
    (document,) = read_bytes(buffer.getvalue(), "合同.pdf")
    assert "甲方" in document.text


def test_a_font_without_a_text_map_is_left_to_pdfium():
    """A standard font with no ToUnicode map and no widths: PDFium knows the encodings."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 720 Td (Contract number 2020-118 signed) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    assert quick_pdf_text(data) is None
    (document,) = read_bytes(data, "contract.pdf")
    assert "Contract number 2020-118 signed" in document.text


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.4\nnot really a pdf",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nstartxref\n9\n%%EOF",
        b"%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Root 9 0 R >>\nstartxref\n9\n%%EOF",
    ],
)
def test_damaged_files_are_left_to_the_other_readers(data):
    assert quick_pdf_text(data) is None


@needs_cjk_font
def test_a_truncated_pdf_is_left_to_the_other_readers():
    data = _pdf(_paragraphs(TEXT))
    for cut in (len(data) // 3, len(data) // 2, len(data) - 40):
        assert quick_pdf_text(data[:cut]) is None


def test_a_scanned_page_is_left_to_pdfium_and_pypdf(monkeypatch):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buffer, "PDF")
    assert quick_pdf_text(buffer.getvalue()) is None
    monkeypatch.setattr(readers, "ocr_available", lambda: False)
    (result,) = read_bytes(buffer.getvalue(), "scan.pdf")
    assert "需要安装 OCR 扩展" in result.reason


@needs_cjk_font
def test_a_line_ending_in_a_hyphen_is_left_to_pdfium():
    """PDFium joins a word broken over two lines at its hyphen; the quick reader does not try."""
    html = _paragraphs(TEXT) + "<p style='width: 6em'>Contract-<br>renewal terms</p>"
    data = _pdf(html)
    assert quick_pdf_text(data) is None
    (document,) = read_bytes(data, "合同.pdf")
    assert "renewal" in document.text
