"""Checks on uploaded review texts (.docx / .pdf), and their plain text for the pre-check."""

from __future__ import annotations

import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError

from sifasuo.core.uploads import check_office_package, max_upload_bytes

ALLOWED_EXTENSIONS = (".docx", ".pdf")


def _docx_text(data: bytes, name: str) -> str:
    import docx

    if not zipfile.is_zipfile(BytesIO(data)):
        raise ValidationError({"file": "Word 文件已损坏，无法打开，请重新导出后上传。"})
    try:
        check_office_package(data, name=name)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise ValidationError({"file": "Word 文件已损坏，无法打开，请重新导出后上传。"}) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF"):
        raise ValidationError({"file": "PDF 文件已损坏或不是 PDF 格式，请重新导出后上传。"})
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError({"file": "PDF 文件已加密，请上传未加密的文件。"})
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ValidationError({"file": "PDF 文件已损坏，无法读取，请重新导出后上传。"}) from exc


def read_upload(upload) -> tuple[bytes, str]:
    """The bytes and the text of an uploaded review document, or a ValidationError that says why
    it cannot be accepted."""
    if upload is None:
        raise ValidationError({"file": "请上传审查材料（.docx 或 .pdf）。"})
    name = (upload.name or "").lower()
    if not name.endswith(ALLOWED_EXTENSIONS):
        raise ValidationError({"file": "只接受 .docx 或 .pdf 文件。"})
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {limit // 1024 // 1024} MB。"
            }
        )
    upload.seek(0)
    data = upload.read()
    text = _docx_text(data, upload.name) if name.endswith(".docx") else _pdf_text(data)
    return data, text
