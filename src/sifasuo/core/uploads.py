"""Limits every upload form shares: the size a user may upload (SIFASUO_UPLOAD_MAX_MB), and for
Office files (.xlsx and .docx are zip packages) what they would unpack to, read from the zip's
directory before any library unpacks them, so a small file cannot expand into gigabytes; and the
safe reading of an uploaded document (.docx / .pdf) into its text."""

from __future__ import annotations

import zipfile
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# An Office package's parts, unpacked: a ledger of thousands of rows is a few MB.
OFFICE_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
OFFICE_MAX_PARTS = 2000
# Beyond this ratio a large part is a decompression bomb, not a spreadsheet (real sheets: 5–30×).
OFFICE_MAX_RATIO = 200
_RATIO_FROM_BYTES = 1024 * 1024


def max_upload_bytes() -> int:
    return settings.SIFASUO_UPLOAD_MAX_MB * 1024 * 1024


def validate_upload_size(upload) -> None:
    """A form field validator: the file is not larger than SIFASUO_UPLOAD_MAX_MB."""
    limit = max_upload_bytes()
    if upload is not None and upload.size > limit:
        raise ValidationError(
            _("文件“%(name)s”过大（%(size).1f MB），上限为 %(limit)d MB。")
            % {
                "name": upload.name,
                "size": upload.size / 1024 / 1024,
                "limit": settings.SIFASUO_UPLOAD_MAX_MB,
            }
        )


def check_office_package(data: bytes, *, name: str) -> None:
    """Refuse an .xlsx/.docx that is not a zip package or would unpack to too much."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(
            _("文件“%(name)s”已损坏或不是 Office 文件，请重新导出后上传。") % {"name": name}
        ) from None
    unpacked = sum(part.file_size for part in parts)
    suspicious = [
        part.filename
        for part in parts
        if part.file_size > _RATIO_FROM_BYTES
        and part.file_size > OFFICE_MAX_RATIO * max(part.compress_size, 1)
    ]
    if len(parts) > OFFICE_MAX_PARTS or unpacked > OFFICE_MAX_UNPACKED_BYTES or suspicious:
        raise ValidationError(
            _(
                "文件“%(name)s”解压后过大（%(size)d MB，上限 %(limit)d MB）或压缩比异常，"
                "不像正常的 Office 文件，已拒收。"
            )
            % {
                "name": name,
                "size": unpacked // 1024 // 1024,
                "limit": OFFICE_MAX_UNPACKED_BYTES // 1024 // 1024,
            }
        )


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


def read_document(upload) -> tuple[bytes, str]:
    """The bytes and the text of an uploaded document (.docx or .pdf), or a ValidationError that
    says why it cannot be accepted: too large, wrong type, broken, encrypted, a zip bomb."""
    if upload is None:
        raise ValidationError({"file": "请上传文件（.docx 或 .pdf）。"})
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


IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")
# A phone photo is a few MB; a larger pixel count is a decompression bomb, not a photo.
IMAGE_MAX_PIXELS = 60_000_000


def read_photo_or_document(upload) -> tuple[bytes, str]:
    """Like `read_document`, but a photo (.jpg / .png) is accepted too: it is checked to be an
    image Pillow can read within IMAGE_MAX_PIXELS, and has no text."""
    name = (getattr(upload, "name", "") or "").lower()
    if upload is None or not name.endswith(IMAGE_EXTENSIONS):
        return read_document(upload)
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {limit // 1024 // 1024} MB。"
            }
        )
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(BytesIO(data)) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise ValidationError({"file": "图片像素过大，请压缩后上传。"})
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError({"file": "图片已损坏或不是 JPG/PNG 格式，请重新上传。"}) from exc
    return data, ""
