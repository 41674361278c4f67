"""Word documents (.docx) in the layout of official papers, shared by every business line: the
font for Chinese text, the centred title, the 文号 line, numbered body paragraphs and the signature
block with its seal and date. Each line writes only its own wording."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from functools import cache
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Installed by Debian's fonts-noto-cjk; Word falls back to its own 宋体 where it is missing.
FONT = "Noto Serif CJK SC"

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def cn_date(value: dt.date | None, empty: str = "    年  月  日") -> str:
    """2026年6月15日 (the date style of official papers); blanks to fill by hand when None."""
    return f"{value.year}年{value.month}月{value.day}日" if value else empty


class OfficialDocument:
    """A .docx being written: `title` centred in bold, then an optional 文号 (`number`)."""

    def __init__(
        self,
        title: str,
        *,
        number: str = "",
        number_align: str = "center",
        size: int = 12,
        title_size: int = 20,
    ) -> None:
        self.document = Document()
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        self.paragraph(title, align="center", bold=True, size=title_size)
        if number:
            self.paragraph(number, align=number_align)

    def paragraph(
        self, text: str = "", *, align: str = "", bold: bool = False, size: int | None = None
    ):
        paragraph = self.document.add_paragraph()
        if align:
            paragraph.alignment = _ALIGN[align]
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return paragraph

    def lines(self, text: str) -> None:
        """A block of text typed by a person: one paragraph per non-empty line."""
        for line in (text or "").splitlines():
            if line.strip():
                self.paragraph(line.strip())

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = str(header)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None else str(value)

    def signature(self, *lines: str, date: dt.date | None = None, dated: bool = True) -> None:
        """The block at the foot: the signer and seal lines right-aligned, then the date."""
        self.paragraph("")
        for line in lines:
            self.paragraph(line, align="right")
        if dated:
            self.paragraph(cn_date(date), align="right")

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


PDF = "application/pdf"


class ChineseFontMissing(RuntimeError):
    """No font with Chinese glyphs is installed: a PDF would print every character as a box."""


@cache
def chinese_font_available() -> bool:
    """Whether fontconfig (which WeasyPrint uses) knows a font covering Chinese."""
    if shutil.which("fc-list") is None:
        return False
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.stdout.strip())


def pdf_from_html(html: str) -> bytes:
    """A PDF of an HTML page; refuses (ChineseFontMissing) rather than print empty boxes."""
    if not chinese_font_available():
        raise ChineseFontMissing
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
