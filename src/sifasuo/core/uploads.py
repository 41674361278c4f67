"""Limits every upload form shares: the size a user may upload (SIFASUO_UPLOAD_MAX_MB), and for
Office files (.xlsx and .docx are zip packages) what they would unpack to, read from the zip's
directory before any library unpacks them, so a small file cannot expand into gigabytes."""

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
