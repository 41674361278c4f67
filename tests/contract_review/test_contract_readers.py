"""Every input format, and every way a file can fail, ends as a result with a status."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from contract_review.contract_cases import AS_OF, contract

from sifasuo.contract_review.engine import extract, readers, review_file
from sifasuo.contract_review.engine.readers import decode_text, read_bytes, reflow

TEXT = contract(consent=None)  # one problem: an outside company without a village meeting


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    lines = text.strip().split("\n")
    for line in lines[:-2]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=1)  # signatures often sit in a table
    for row, line in zip(table.rows, lines[-2:], strict=True):
        row.cells[0].text = line
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(listing.strip())


needs_cjk_font = pytest.mark.skipif(
    not _has_cjk_font(),
    reason="no CJK font for WeasyPrint (apt-get install fonts-noto-cjk; CI installs it)",
)


def _pdf_bytes(text: str) -> bytes:
    from html import escape

    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    page = (
        f"<html><body style='font-family: Noto Sans CJK SC; font-size: 11pt'>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()


def _review_one(path, prices):
    results = review_file(path, prices=prices, as_of=AS_OF)
    assert len(results) == 1
    return results[0]


def test_docx_with_a_table(tmp_path, prices):
    path = tmp_path / "合同.docx"
    path.write_bytes(_docx_bytes(TEXT))
    result = _review_one(path, prices)
    assert result.status == "ok", result.error
    assert result.reader == "docx"
    assert [f.rule for f in result.findings] == ["no_democratic_procedure"]
    assert result.fields.lessee_signed.value is True


def test_gbk_text_is_detected(tmp_path, prices):
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gbk"))
    result = _review_one(path, prices)
    assert result.status == "ok"
    assert result.fields.lessor.value == "河山镇西村村民委员会"
    assert [f.rule for f in result.findings] == ["no_democratic_procedure"]


def test_utf8_with_bom_and_utf16():
    assert decode_text("\ufeff甲方".encode()) == "甲方"
    assert decode_text("甲方：西村".encode("utf-16")) == "甲方：西村"


def test_text_in_an_unknown_encoding_is_an_error(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(("土地租賃合同，甲方：西村村民委員會，租賃期限二十年。" * 3).encode("big5"))
    result = review_file(path)[0]
    assert result.status == "error"
    assert "编码" in result.error


@needs_cjk_font
def test_pdf_with_a_text_layer(tmp_path, prices):
    path = tmp_path / "合同.pdf"
    path.write_bytes(_pdf_bytes(TEXT))
    result = _review_one(path, prices)
    assert result.status == "ok", result.error
    assert result.reader == "pdf"
    assert result.fields.start.value == date(2020, 3, 1)
    assert [f.rule for f in result.findings] == ["no_democratic_procedure"]


@needs_cjk_font
def test_a_short_last_page_of_a_text_pdf_is_not_a_scan(monkeypatch):
    """A signature page with a date line only is read by PDFium with the rest, not handed to
    the slower pypdf path as if it were a scanned page."""
    from html import escape

    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in TEXT.split("\n"))
    html = (
        "<html><body style='font-family: Noto Sans CJK SC; font-size: 11pt'>"
        f"{body}<p style='page-break-before: always'>2020年2月20日</p></body></html>"
    )
    data = HTML(string=html).write_pdf()
    monkeypatch.setattr(readers, "_pypdf_text", lambda data: pytest.fail("read by pypdf"))
    (document,) = read_bytes(data, "合同.pdf")
    assert document.reader == "pdf"
    assert "2020年2月20日" in document.text


@needs_cjk_font
def test_pdf_with_only_an_owner_password_opens(tmp_path, prices):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes(TEXT))))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "owner.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert _review_one(path, prices).status == "ok"


def test_pdf_that_needs_a_password_is_an_error(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    result = review_file(path)[0]
    assert result.status == "error"
    assert result.error == "PDF 已加密（需要密码），无法读取"
    assert len(result.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "PDF 已损坏"),
        ("broken.docx", b"PK\x03\x04 not a real package", "不是有效的 .docx"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "已加密"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
        ("empty.txt", b"   \n ", "没有可读的文字"),
        ("notes.rtf", b"{\\rtf1}", "不支持的文件类型"),
        ("broken.xlsx", b"PK\x03\x04 nope", "Excel 文件已损坏"),
    ],
)
def test_unreadable_files_report_why(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    results = review_file(path)
    assert [r.status for r in results] == ["error"]
    assert reason in results[0].error
    assert results[0].file == name


def _image_pdf() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buffer, "PDF")
    return buffer.getvalue()


def test_scanned_pdf_without_the_ocr_extra(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "ocr_available", lambda: False)
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_pdf())
    result = review_file(path)[0]
    assert result.status == "error"
    assert "需要安装 OCR 扩展" in result.error


def test_photo_without_the_ocr_extra(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "ocr_available", lambda: False)
    from PIL import Image

    path = tmp_path / "photo.jpg"
    Image.new("RGB", (60, 40), "white").save(path)
    result = review_file(path)[0]
    assert result.status == "error"
    assert "需要安装 OCR 扩展" in result.error


class _RawNameInfo(zipfile.ZipInfo):
    """Writes the name as given bytes with given flags (the stdlib always writes UTF-8)."""

    def _encodeFilenameFlags(self):  # noqa: N802 - overrides the stdlib's private name
        return self.raw_name, self.raw_flags


def _gbk_named_zip(members: dict[str, bytes], *, encrypted: tuple[str, ...] = ()) -> bytes:
    """A zip whose names are GBK bytes without the UTF-8 flag, as Chinese Windows writes them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = _RawNameInfo(name)
            info.raw_name = name.encode("gbk")
            info.raw_flags = 0x1 if name in encrypted else 0
            archive.writestr(info, data)
    return buffer.getvalue()


def test_zip_with_gbk_names_nested_zip_and_an_encrypted_member(tmp_path, prices):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("二组/合同3.txt", TEXT.encode())
    data = _gbk_named_zip(
        {
            "西村/合同1.txt": TEXT.encode("gbk"),
            "西村/合同2.docx": _docx_bytes(TEXT),
            "西村/内层.zip": inner.getvalue(),
            "西村/加密.txt": b"secret",
            "__MACOSX/._合同1.txt": b"junk",
        },
        encrypted=("西村/加密.txt",),
    )
    path = tmp_path / "合同.zip"
    path.write_bytes(data)
    results = review_file(path, prices=prices, as_of=AS_OF)
    by_name = {r.file: r for r in results}
    assert list(by_name) == [
        "合同.zip/西村/合同1.txt",
        "合同.zip/西村/合同2.docx",
        "合同.zip/西村/内层.zip/二组/合同3.txt",
        "合同.zip/西村/加密.txt",
    ]
    assert (
        by_name["合同.zip/西村/加密.txt"].error
        == "压缩包内的文件“合同.zip/西村/加密.txt”已加密，无法读取"
    )
    for name in list(by_name)[:3]:
        assert [f.rule for f in by_name[name].findings] == ["no_democratic_procedure"], name


def test_broken_zip_is_one_error(tmp_path):
    path = tmp_path / "坏.zip"
    path.write_bytes(b"PK\x05\x06 truncated")
    results = review_file(path)
    assert [(r.file, r.status) for r in results] == [("坏.zip", "error")]
    assert "压缩包“坏.zip”已损坏" in results[0].error


def _ledger_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["2024年河山镇农村集体经济合同台账"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_ledger_has_a_result_per_row(tmp_path, prices):
    header = [
        "合同编号", "合同名称", "发包方", "承包方", "承包方身份", "土地类型", "面积（亩）",
        "起始日期", "终止日期", "单价（元/亩/年）", "付款方式", "民主程序", "合同形式",
    ]  # fmt: skip
    rows = [
        header,
        ["HS-1", "土地租赁合同", "河山镇西村村民委员会", "赵六", "外村村民", "耕地", 50,
         date(2020, 1, 1), date(2044, 12, 31), 850, "每年支付", "无", "书面"],
        ["HS-2", "土地租赁合同", "河山镇西村村民委员会", "孙七", "本村村民", "耕地", 20,
         date(2021, 1, 1), date(2030, 12, 31), 900, "每年支付", "", "书面"],
        ["HS-3", "坑塘承包合同", "河山镇西村村民委员会", "钱八", "本村村民", "坑塘", 8,
         date(2019, 1, 1), date(2023, 12, 31), 600, "一次性付清", "", "口头"],
    ]  # fmt: skip
    path = tmp_path / "台账.xlsx"
    path.write_bytes(_ledger_bytes(rows))
    results = review_file(path, prices=prices, as_of=AS_OF)
    assert [r.record for r in results] == ["台账 第3行", "台账 第4行", "台账 第5行"]
    assert all(r.file == "台账.xlsx" and r.status == "ok" for r in results)
    findings = [sorted(f.rule for f in r.findings) for r in results]
    assert findings == [
        ["no_democratic_procedure", "term_over_limit"],
        [],
        ["lump_sum_prepayment", "unsigned"],
    ]
    oral = [f for f in results[2].findings if f.rule == "unsigned"][0]
    assert oral.basis == "农村土地承包法 第四十条第一款；民法典 第七百零七条"
    assert len({r.sha256 for r in results}) == 3


def test_spreadsheet_that_is_not_a_ledger(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(_ledger_bytes([["姓名", "电话"], ["张三", "123"]]))
    result = review_file(path)[0]
    assert result.status == "error"
    assert "未识别为合同台账" in result.error


def test_reflow_joins_wrapped_pdf_lines():
    text = (
        "土地租赁合同\n甲方：西村村民委员会\n第一条 租赁的耕地坐落于河山镇西村村南，面积共计伍拾亩，土地\n"
        "类型为耕地，四至以附图为准。\n第二条 租赁期限自2020年3月1日起至\n2040年2月29日止，共二十年。\n"
    )
    flowed = reflow(text)
    assert "面积共计伍拾亩，土地类型为耕地" in flowed
    assert "第二条 租赁期限自2020年3月1日起至2040年2月29日止" in flowed
    assert "甲方：西村村民委员会\n第一条" in flowed


def test_read_bytes_never_raises_on_garbage():
    for name in ("x.pdf", "x.docx", "x.xlsx", "x.zip", "x.txt", "x.png"):
        docs = read_bytes(b"\x00\x01garbage\xff" * 10, name)
        assert len(docs) == 1


def _font_path() -> str | None:
    if not shutil.which("fc-list"):
        return None
    found = subprocess.run(
        ["fc-list", ":lang=zh", "-f", "%{file}\n"], capture_output=True, text=True
    ).stdout.split()
    return sorted(found)[0] if found else None


@pytest.mark.skipif(not readers.ocr_available(), reason="OCR extra not installed (sifasuo[ocr])")
def test_ocr_reads_a_photographed_contract(tmp_path):
    font_file = _font_path()
    if not font_file:
        pytest.skip("no CJK font to draw the test image")
    from PIL import Image, ImageDraw, ImageFont

    lines = [
        "土地租赁合同",
        "甲方：河山镇西村村民委员会",
        "乙方：日照绿源农业发展有限公司",
        "面积共计50亩",
    ]
    font = ImageFont.truetype(font_file, 28)
    image = Image.new("L", (700, 60 + 48 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((30, 30 + 48 * number), line, font=font, fill=0)
    path = tmp_path / "scan.png"
    image.save(path)
    result = review_file(path)[0]
    assert result.status == "ok", result.error
    assert result.reader == "image-ocr"
    assert result.fields.lessor.value == "河山镇西村村民委员会"
    assert result.fields.area.value == 50


def test_a_table_whose_first_row_names_the_columns_labels_each_value():
    rows = [
        ["宗地编号", "坐落", "面积（亩）", "用途"],
        ["JA00017", "西村北", "20", "工业用地"],
    ]
    lines = readers._table_lines(rows)
    assert lines[1] == "宗地编号：JA00017\t坐落：西村北\t面积（亩）：20\t用途：工业用地"
    result = extract("出让合同\n" + "\n".join(lines))
    assert (result.area.value, result.area_unit) == (20, "亩")
    # a two-column table of labels and values stays as it is
    assert readers._table_lines([["发包方", "西村经济合作社"], ["承包方", "李四"]]) == [
        "发包方\t西村经济合作社",
        "承包方\t李四",
    ]


def test_docx_tables_with_merged_cells_read_as_word_shows_them():
    import docx

    document = docx.Document()
    document.add_paragraph("土地租赁合同")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows, [["地块", "坐落", "面积（亩）"], ["一号", "村南", "20"]], strict=False
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = table.cell(2, 0).merge(table.cell(2, 2))
    merged.text = "四至以附图为准"
    buffer = io.BytesIO()
    document.save(buffer)
    (result,) = read_bytes(buffer.getvalue(), "表格.docx")
    assert result.text.split("\n") == [
        "土地租赁合同",
        "地块\t坐落\t面积（亩）",
        "地块：一号\t坐落：村南\t面积（亩）：20",
        "四至以附图为准",
    ]


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_word_files_read_straight_from_the_zip_directory_as_zipfile_reads_them(method):
    original = _docx_bytes(TEXT)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(buffer, "w") as copy:
        copy.comment = "由 WPS 导出".encode()
        for info in source.infolist():
            copy.writestr(info.filename, source.read(info), compress_type=method)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        expected = package.read("word/document.xml")
    assert readers._zip_member(data, b"word/document.xml", 1 << 20) == expected
    assert readers._zip_member(data, b"word/missing.xml", 1 << 20) is None
    assert readers._zip_member(data, b"word/document.xml", 10) is None  # over the limit
    damaged = data.replace(expected[-40:], b"x" * 40) if method == zipfile.ZIP_STORED else None
    if damaged is not None:  # the checksum no longer matches: left to zipfile, which says so
        assert readers._zip_member(damaged, b"word/document.xml", 1 << 20) is None
    (document,) = read_bytes(data, "合同.docx")
    assert document.text == read_bytes(original, "合同.docx")[0].text
    assert "第一条" in document.text
