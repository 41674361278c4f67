"""Turn input files into contract texts: .txt (UTF-8 or GBK/GB18030), .docx, .pdf (text layer, or
OCR for scans), images (OCR), .xlsx ledgers (one contract per row) and .zip archives of these.

OCR needs the optional extra ``pip install 'sifasuo[ocr]'`` (RapidOCR, whose models ship inside
its wheel, so nothing is downloaded at run time). Without it a scan reads as an error that says so.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path, PurePosixPath

from .pdftext import quick_pdf_text

__all__ = [
    "OCR_MISSING",
    "Document",
    "ReadError",
    "Source",
    "Unreadable",
    "decode_text",
    "iter_sources",
    "ocr_available",
    "read_bytes",
    "read_source",
    "reflow",
]

OCR_MISSING = "需要安装 OCR 扩展：pip install 'sifasuo[ocr]'"
MAX_FILE_BYTES = 200 * 1024 * 1024
# Limits on .zip archives, so that a small hostile archive cannot exhaust memory, disk or time.
# A member is decompressed in chunks and abandoned as soon as it passes a limit, so reading one
# never holds more than MAX_MEMBER_BYTES (plus a chunk) whatever its header claims.
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one file inside an archive, uncompressed
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024  # all files of one archive, uncompressed
MAX_ARCHIVE_MEMBERS = 50_000  # files in one archive (a city's contracts are about 13,000)
MAX_COMPRESSION_RATIO = 100  # contracts compress 2-10 times; a zip bomb thousands of times
RATIO_FLOOR_BYTES = 1024 * 1024  # below this size any ratio is harmless
MAX_ZIP_DEPTH = 2  # a .zip inside a .zip is read; one more level is refused
_CHUNK = 1024 * 1024
MIN_TEXT_CHARS = 20  # fewer readable characters than this on a PDF page: treat it as a scan

TEXT_SUFFIXES = {".txt", ".text"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}
LEDGER_SUFFIXES = {".xlsx", ".xlsm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | IMAGE_SUFFIXES | LEDGER_SUFFIXES | {".docx", ".pdf", ".zip"}
_OLD_FORMATS = {
    ".doc": "旧版 Word（.doc）格式不能直接读取，请另存为 .docx 后再审查",
    ".wps": "WPS 文字（.wps）格式不能直接读取，请另存为 .docx 后再审查",
    ".xls": "旧版 Excel（.xls）格式不能直接读取，请另存为 .xlsx 后再审查",
    ".et": "WPS 表格（.et）格式不能直接读取，请另存为 .xlsx 后再审查",
    ".rar": "不支持 .rar 压缩包，请解压后审查文件夹，或改用 .zip",
    ".7z": "不支持 .7z 压缩包，请解压后审查文件夹，或改用 .zip",
}
_JUNK_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}

logging.getLogger("pypdf").setLevel(logging.ERROR)


class ReadError(Exception):
    """A file cannot be turned into text; ``reason`` says why, in Chinese, for the report."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Document:
    """One contract's text, ready for extraction."""

    name: str  # path relative to the folder given (zip members as archive.zip/inner/name)
    text: str
    sha256: str
    record: str | None = None  # the row of a ledger, e.g. "台账 第5行"
    source: str = "document"  # "document" | "ledger"
    reader: str = ""  # txt | docx | pdf | pdf-ocr | image-ocr | xlsx


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file (or ledger row) that could not be read."""

    name: str
    reason: str
    sha256: str = ""
    record: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One input file to read: a file on disk or a member of a .zip on disk."""

    name: str
    path: str
    member: str | None = None
    error: str | None = None  # known unreadable before opening (e.g. a broken archive)


def _is_junk(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return (
        base.startswith((".", "~$"))
        or base.lower() in _JUNK_NAMES
        or "__MACOSX/" in name
        or name.startswith("__MACOSX")
    )


def iter_sources(
    paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str] = ()
) -> Iterator[Source]:
    """Every input file under ``paths`` in a stable order; .zip archives yield their members."""
    skip = {os.path.realpath(p) for p in exclude}
    # resolving every path is costly on a folder of thousands: only a file with an excluded
    # name, or a link, can be an excluded file
    skip_names = {os.path.basename(p) for p in skip}
    for given in paths:
        root = Path(given)
        if root.is_dir():
            prefix = os.path.join(str(root), "")
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__MACOSX")))
                for filename in sorted(filenames):
                    full = os.path.join(dirpath, filename)
                    if _is_junk(filename):
                        continue
                    if (
                        skip
                        and (filename in skip_names or os.path.islink(full))
                        and os.path.realpath(full) in skip
                    ):
                        continue
                    if full.startswith(prefix):
                        rel = full[len(prefix) :].replace(os.sep, "/")
                    else:  # pragma: no cover - os.walk joins onto the root as given
                        rel = PurePosixPath(Path(full).relative_to(root)).as_posix()
                    yield from _sources_of_file(full, rel)
        elif os.path.realpath(root) not in skip:
            yield from _sources_of_file(str(root), root.name)


def _sources_of_file(path: str, name: str) -> Iterator[Source]:
    if not path.lower().endswith(".zip"):
        yield Source(name, path)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            infos = _archive_files(archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        yield Source(name, path, error=f"压缩包“{name}”已损坏或不是有效的 .zip 文件（{exc}）")
        return
    problem = _archive_problem(infos, name)
    if problem:
        yield Source(name, path, error=problem)
        return
    for info in infos:
        yield Source(f"{name}/{_member_name(info)}", path, member=info.filename)


def _archive_files(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The members that are files to review (not folders, not system clutter)."""
    return [info for info in infos if not info.is_dir() and not _is_junk(_member_name(info))]


def _mb(size: int) -> str:
    return f"{size / 1048576:,.1f} MB" if size < 10 * 1048576 else f"{size // 1048576:,} MB"


def _archive_problem(infos: list[zipfile.ZipInfo], name: str) -> str | None:
    """Why a whole archive is refused before anything is decompressed, or None."""
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        return (
            f"压缩包“{name}”内有 {len(infos):,} 个文件，超过每个压缩包 {MAX_ARCHIVE_MEMBERS:,} "
            "个的上限，未解压；请分成几个压缩包，或解压后审查文件夹"
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_ARCHIVE_BYTES:
        return (
            f"压缩包“{name}”解压后共 {_mb(total)}，超过每个压缩包 {_mb(MAX_ARCHIVE_BYTES)} "
            "的上限，未解压；请分成几个压缩包，或解压后审查文件夹"
        )
    return None


def _member_problem(info: zipfile.ZipInfo, name: str) -> str | None:
    """Why one member is refused from its header alone, or None."""
    if info.flag_bits & 0x1:
        return f"压缩包内的文件“{name}”已加密，无法读取"
    if info.file_size > RATIO_FLOOR_BYTES:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            return (
                f"压缩包内的文件“{name}”压缩比异常（{ratio:,.0f} 倍，上限 "
                f"{MAX_COMPRESSION_RATIO} 倍），疑为压缩炸弹，未解压"
            )
    if info.file_size > MAX_MEMBER_BYTES:
        return (
            f"压缩包内的文件“{name}”解压后 {_mb(info.file_size)}，"
            f"超过单个文件 {_mb(MAX_MEMBER_BYTES)} 的上限，未解压"
        )
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """A member's bytes, decompressed in chunks and abandoned as soon as a limit is passed.

    The header's sizes are checked first, but a forged header must not be trusted: the bytes
    actually produced are counted against the same limits.
    """
    problem = _member_problem(info, name)
    if problem:
        raise ReadError(problem)
    limit = MAX_MEMBER_BYTES
    if info.file_size > RATIO_FLOOR_BYTES or info.compress_size * MAX_COMPRESSION_RATIO > limit:
        limit = min(limit, max(RATIO_FLOOR_BYTES, info.compress_size * MAX_COMPRESSION_RATIO))
    parts: list[bytes] = []
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ReadError(
                    f"压缩包内的文件“{name}”解压后超过 {_mb(limit)}（压缩前 "
                    f"{_mb(info.compress_size)}），超过上限，已停止解压"
                )
            parts.append(chunk)
    return b"".join(parts)


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zip names written by Chinese Windows tools are GBK without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


_open_archives: dict[str, zipfile.ZipFile] = {}


def _archive(path: str) -> zipfile.ZipFile:
    archive = _open_archives.get(path)
    if archive is None:
        for old in _open_archives.values():
            old.close()
        _open_archives.clear()
        archive = _open_archives[path] = zipfile.ZipFile(path)
    return archive


def read_source(source: Source) -> list[Document | Unreadable]:
    """Read one input file (or archive member) into documents; never raises for a bad file."""
    if source.error:
        return [Unreadable(source.name, source.error)]
    try:
        if source.member is None:
            size = os.path.getsize(source.path)
            if size > MAX_FILE_BYTES:
                return [Unreadable(source.name, f"文件过大（{size // 1048576} MB）")]
            with open(source.path, "rb") as handle:
                data = handle.read()
        else:
            archive = _archive(source.path)
            data = _read_member(archive, archive.getinfo(source.member), source.name)
    except ReadError as exc:
        return [Unreadable(source.name, exc.reason)]
    except MemoryError:
        return [Unreadable(source.name, "文件过大，内存不足")]
    except Exception as exc:  # a damaged archive or disk error is this file's error, not the run's
        return [Unreadable(source.name, f"无法打开文件（{type(exc).__name__}: {exc}）")]
    return read_bytes(data, source.name)


def read_bytes(data: bytes, name: str, *, depth: int = 0) -> list[Document | Unreadable]:
    """Read a file's bytes, dispatching on the name's suffix; never raises for a bad file."""
    digest = hashlib.sha256(data).hexdigest()
    suffix = PurePosixPath(name).suffix.lower()
    try:
        if not data:
            raise ReadError("文件为空（0 字节）")
        if suffix in TEXT_SUFFIXES:
            return [Document(name, _checked(reflow(decode_text(data))), digest, reader="txt")]
        if suffix == ".docx":
            return [Document(name, _checked(_docx_text(data)), digest, reader="docx")]
        if suffix == ".pdf":
            text, reader = _pdf_text(data)
            return [Document(name, _checked(text), digest, reader=reader)]
        if suffix in IMAGE_SUFFIXES:
            return [Document(name, _checked(reflow(_ocr([data]))), digest, reader="image-ocr")]
        if suffix in LEDGER_SUFFIXES:
            return _ledger(data, name)
        if suffix == ".zip":
            return _zip_members(data, name, depth)
        if suffix in _OLD_FORMATS:
            raise ReadError(_OLD_FORMATS[suffix])
        raise ReadError(f"不支持的文件类型（{suffix or '无扩展名'}）")
    except ReadError as exc:
        return [Unreadable(name, exc.reason, digest)]
    except MemoryError:
        return [Unreadable(name, "文件过大，内存不足", digest)]
    except Exception as exc:  # a reader library failing on a malformed file is that file's error
        return [Unreadable(name, f"文件无法解析（{type(exc).__name__}: {exc}）", digest)]


def _checked(text: str) -> str:
    blank = sum(map(text.count, " \t\n\r\f\v\u3000\xa0"))  # str.count runs in C
    if len(text) - blank < MIN_TEXT_CHARS:
        raise ReadError("文件中没有可读的文字")
    return text


# --- plain text -------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode a text file: a BOM, else UTF-8, else GB18030 (a superset of GBK) if it looks right."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise ReadError("不是文本文件（含二进制内容）")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReadError("无法识别文本编码（既不是 UTF-8 也不是 GBK/GB18030）") from None
    if not _plausible_chinese(text):
        raise ReadError("无法识别文本编码（按 GBK 解码后不像中文文本）")
    return text


_ASCII = re.compile(r"[\x00-\x7f]+")


def _plausible_chinese(text: str) -> bool:
    """Text decoded with the wrong codec is full of rare characters; real Chinese mostly is GB2312."""
    sample = _ASCII.sub("", text[:4000])
    if not sample:
        return True
    common = sample.encode("gb2312", errors="ignore").decode("gb2312")
    return len(common) / len(sample) >= 0.9


# --- Word ---------------------------------------------------------------------------------------


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_DOCX_XML = 64 * 1024 * 1024  # word/document.xml of a contract is rarely over 1 MB


def _docx_text(data: bytes) -> str:
    """The paragraphs and tables of a .docx body, in order, read straight from its XML.

    Reading word/document.xml with lxml is an order of magnitude faster than building the
    python-docx object model, which matters for a city's folder of thousands of contracts.
    """
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError("Word 文件已加密（需要密码），或是扩展名被改为 .docx 的旧版 .doc 文件")
    if not data.startswith(b"PK"):
        raise ReadError("文件已损坏或不是有效的 .docx 文件")
    from lxml import etree

    try:
        xml = _zip_member(data, b"word/document.xml", _MAX_DOCX_XML)
        if xml is None:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                info = package.getinfo("word/document.xml")
                if info.file_size > _MAX_DOCX_XML:
                    raise ReadError(f"Word 文件正文过大（{_mb(info.file_size)}）")
                xml = package.read(info)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(xml, parser)
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, EOFError) as exc:
        raise ReadError(f"文件已损坏或不是有效的 .docx 文件（{exc}）") from None
    body = root.find(f"{_W}body")
    if body is None:
        raise ReadError("文件已损坏或不是有效的 .docx 文件（没有正文）")
    lines: list[str] = []
    for block in body:
        if block.tag == _W_P:
            lines.append(_paragraph_text(block))
        elif block.tag == f"{_W}tbl":
            lines.extend(_table_lines(_table_rows(block)))
        elif block.tag == f"{_W}sdt":  # content controls wrap paragraphs in some templates
            for paragraph in block.iter(f"{_W}p"):
                lines.append(_paragraph_text(paragraph))
    return "\n".join(lines)


_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_DIRECTORY_ENTRY = struct.Struct("<4s6H3L5H2L")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _zip_member(data: bytes, name: bytes, limit: int) -> bytes | None:
    """One member of a small, plain zip (a Word file) read straight from its directory, or None
    to leave the file to ``zipfile`` (which builds an entry object for every member and checks
    the data in Python: a third of the time a Word contract took to read)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    _, disk, first_disk, on_disk, count, _, offset, _ = _END_OF_DIRECTORY.unpack_from(data, end)
    if disk or first_disk or on_disk != count or count == 0xFFFF or offset == 0xFFFFFFFF:
        return None  # split or zip64: zipfile reads those
    position = offset
    for _ in range(count):
        if position + 46 > len(data) or data[position : position + 4] != b"PK\x01\x02":
            return None
        entry = _DIRECTORY_ENTRY.unpack_from(data, position)
        name_size, extra_size, comment_size = entry[10], entry[11], entry[12]
        if data[position + 46 : position + 46 + name_size] == name:
            flags, method, crc, packed, size, local = (
                entry[3], entry[4], entry[7], entry[8], entry[9], entry[16],
            )  # fmt: skip
            if flags & 0x1 or method not in (0, 8) or size > limit or local + 30 > len(data):
                return None
            header = _LOCAL_HEADER.unpack_from(data, local)
            if header[0] != b"PK\x03\x04":
                return None
            start = local + 30 + header[9] + header[10]
            raw = data[start : start + packed]
            try:
                body = zlib.decompressobj(-15).decompress(raw, size + 1) if method else raw
            except zlib.error:
                return None
            if len(body) != size or zlib.crc32(body) != crc:
                return None
            return body
        position += 46 + name_size + extra_size + comment_size
    return None


_W_P, _W_T, _W_TAB, _W_BR, _W_CR = f"{_W}p", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"


def _paragraph_text(paragraph) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []
    for node in paragraph.iter(_W_T, _W_TAB, _W_BR, _W_CR):
        tag = node.tag
        if tag == _W_T:
            parts.append(node.text or "")
        elif tag == _W_TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Cell texts per row, a merged cell repeated over the grid columns it spans (as Word shows
    it): gridSpan across, vMerge down."""
    rows: list[list[str]] = []
    for row in table.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        for cell in row.iterchildren(f"{_W}tc"):
            props = cell.find(f"{_W}tcPr")
            span, continued = 1, False
            if props is not None:
                grid = props.find(f"{_W}gridSpan")
                if grid is not None:
                    try:
                        span = max(1, min(int(grid.get(f"{_W}val", "1")), 64))
                    except ValueError:
                        span = 1
                merge = props.find(f"{_W}vMerge")
                continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            text = "\n".join(_paragraph_text(p) for p in cell.iterchildren(f"{_W}p")).strip()
            if continued and rows:
                above = rows[-1]
                text = above[len(cells)] if len(cells) < len(above) else ""
            cells.extend([text] * span)
        rows.append(cells)
    return rows


_HEADER_CELL = re.compile(r"[^\d]{1,12}")


def _table_lines(rows: list[list[str]]) -> list[str]:
    """A table as lines of tab-separated cells. A table whose first row names its columns
    (宗地编号 | 坐落 | 面积（亩） …) gives each value its column's name, "面积（亩）：13.5", so a
    value is read with its label as it would be in running text."""
    header = rows[0] if rows else []
    labelled = (
        len(rows) >= 2
        and len(header) >= 3
        and all(_HEADER_CELL.fullmatch(cell) for cell in header)
        and any(re.search(r"\d", cell) for row in rows[1:] for cell in row)
    )
    lines = []
    for index, row in enumerate(rows):
        if len(row) > 1 and len(set(row)) == 1:
            lines.append(row[0])  # one cell merged across the row: a note, not values
            continue
        cells: list[str] = []
        names: list[str] = []
        for position, text in enumerate(row):
            name = header[position] if labelled and position < len(header) else ""
            if cells and cells[-1] == text and (not labelled or names[-1] == name):
                continue  # merged cells repeat their text
            cells.append(text)
            names.append(name)
        if labelled and index > 0 and len(row) == len(header):
            cells = [
                f"{name}：{text}" if text else "" for name, text in zip(names, cells, strict=True)
            ]
        lines.append("\t".join(cells))
    return lines


# --- PDF ----------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> tuple[str, str]:
    """The text layer of a PDF: the quick reader for plain text layers first (``pdftext``), then
    PDFium; pypdf for what neither reads alone (a password, damage, scanned pages to
    recognise), with the messages a reviewer needs."""
    text = quick_pdf_text(data)
    if text is None:
        text = _pdfium_text(data)
    if text is not None:
        return reflow(text), "pdf"
    return _pypdf_text(data)


def _pdfium_text(data: bytes) -> str | None:
    """Every page's text if each page has a text layer, else None (let pypdf explain why)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # damaged or encrypted: pypdf says which
        return None
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
                finally:
                    textpage.close()
                scanned = len(re.sub(r"\s", "", text)) < MIN_TEXT_CHARS and _has_image(page)
            finally:
                page.close()
            if scanned:
                return None  # a scanned page
            texts.append(text)
    except Exception:
        return None
    finally:
        document.close()
    # a short last page (the signatures) is not a scan; a document with no text at all goes to
    # pypdf, which says whether it is a scan, damaged or empty
    if len(re.sub(r"\s", "", "".join(texts))) < MIN_TEXT_CHARS:
        return None
    return "\n".join(texts)


def _has_image(page) -> bool:  # type: ignore[no-untyped-def]
    import pypdfium2.raw as pdfium_c

    try:
        return any(
            True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
        )
    except Exception:
        return True  # cannot tell: let pypdf and OCR look at it


def _pypdf_text(data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise ReadError("PDF 已加密（需要密码），无法读取")
        pages = list(reader.pages)
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(f"PDF 已损坏，无法读取（{exc}）") from None
    if not pages:
        raise ReadError("PDF 没有页面")
    texts: list[str] = []
    scanned_pages = []
    for number, page in enumerate(pages):
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
        if len(re.sub(r"\s", "", text)) < MIN_TEXT_CHARS:
            scanned_pages.append(number)
        texts.append(text)
    if not scanned_pages:
        return reflow("\n".join(texts)), "pdf"
    if not ocr_available():
        if len(scanned_pages) == len(pages):
            raise ReadError(f"PDF 是扫描件（没有文字层），{OCR_MISSING}")
        return reflow("\n".join(texts)), "pdf"
    for number in scanned_pages:
        images = []
        for image in pages[number].images:
            images.append(image.data)
        if images:
            texts[number] = _ocr(images)
    return reflow("\n".join(texts)), "pdf-ocr"


_LINE_END = re.compile(r"[。；;：:！!？?）)\]】]\s*$")
_LINE_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+条|[一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|甲方|乙方|发包方|承包方|出租方|承租方|出租人|承租人|转出方|转入方|流出方|流入方|负责人|法定代表人"
    r"|签订|日期|住所|住址|地址|附件|[\s_＿]*年[\s_＿]*月)"
)
# A line that starts with a date is the signing date, unless the line before runs into it.
_DATE_START = re.compile(r"^\s*(?:\d{4}\s*[年.\-/]|[〇零一二三四五六七八九]{4}年)")
_RUNS_ON = re.compile(r"[至到自从起，,、—\-~～]\s*$")


def reflow(text: str) -> str:
    """Join the visual lines of a PDF page or an OCR result back into paragraphs.

    A line is continued by the next one unless it ends a sentence or the next line starts a new
    clause, party line or signature line; short lines (titles, labels) stand alone.
    """
    lines = text.split("\n")
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    if not widths:
        return text
    full = widths[int(len(widths) * 0.8)] * 0.6  # a line this long probably wrapped
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if (
            out
            and stripped
            and out[-1].strip()
            and len(out[-1].strip()) >= max(full, 12)
            and not _LINE_END.search(out[-1])
            and not _LINE_START.match(stripped)
            and not (_DATE_START.match(stripped) and not _RUNS_ON.search(out[-1]))
        ):
            out[-1] = out[-1].rstrip() + stripped
        else:
            out.append(line.rstrip())
    return "\n".join(out)


# --- OCR ----------------------------------------------------------------------------------------


@cache
def ocr_available() -> bool:
    """Whether the optional OCR extra is installed."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _ocr_engine():  # type: ignore[no-untyped-def]
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _ocr(images: Sequence[bytes]) -> str:
    if not ocr_available():
        raise ReadError(f"图片或扫描件需要文字识别，{OCR_MISSING}")
    engine = _ocr_engine()
    lines: list[str] = []
    for image in images:
        try:
            result, _ = engine(image)
        except Exception as exc:
            raise ReadError(f"图片无法识别（{exc}）") from None
        for _box, text, _score in result or []:
            lines.append(text)
    return "\n".join(lines)


# --- ZIP inside ZIP -----------------------------------------------------------------------------


def _zip_members(data: bytes, name: str, depth: int) -> list[Document | Unreadable]:
    if depth + 1 >= MAX_ZIP_DEPTH:
        raise ReadError(f"压缩包“{name}”嵌套层数超过 {MAX_ZIP_DEPTH} 层，未解压")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = _archive_files(archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ReadError(f"压缩包“{name}”已损坏或不是有效的 .zip 文件（{exc}）") from None
    problem = _archive_problem(infos, name)
    if problem:
        raise ReadError(problem)
    out: list[Document | Unreadable] = []
    with archive:
        for info in infos:
            inner = f"{name}/{_member_name(info)}"
            try:
                member = _read_member(archive, info, inner)
            except ReadError as exc:
                out.append(Unreadable(inner, exc.reason))
                continue
            except Exception as exc:  # a damaged member is its own error
                out.append(Unreadable(inner, f"无法解压（{type(exc).__name__}: {exc}）"))
                continue
            out.extend(read_bytes(member, inner, depth=depth + 1))
    return out


# --- Excel ledger (合同台账) --------------------------------------------------------------------

# Column key and the header words that name it; the first key whose word the header contains wins.
_LEDGER_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lessee_kind", ("承包方身份", "承租方身份", "乙方身份", "承包方类型", "承租方类型", "乙方类型",
                     "主体类型", "身份")),
    ("sign_date", ("签订日期", "签订时间", "签约日期", "签约时间")),
    ("period", ("起止", "起讫")),
    ("start", ("起始", "开始", "起租", "起包")),
    ("end", ("终止", "到期", "截止", "结束")),
    ("years", ("期限", "年限")),
    ("unit_price", ("单价", "每亩", "亩均")),
    ("annual", ("年租金", "年承包费", "年流转费", "年收入", "年收益", "每年")),
    ("total", ("总额", "总价", "合同金额", "总金额", "合同价款")),
    ("payment", ("付款方式", "支付方式", "缴费方式", "收款方式", "缴纳方式", "交款方式")),
    ("contract_no", ("合同编号", "编号")),
    ("title", ("合同名称", "项目名称", "名称")),
    ("lessor", ("发包方", "出租方", "甲方", "出让方", "转出方", "发包单位")),
    ("lessee", ("承包方", "承租方", "乙方", "受让方", "转入方", "承包人", "承租人", "承包户")),
    ("township", ("乡镇", "镇街", "街道")),
    ("village", ("村居", "村庄", "所属村", "村名", "行政村")),
    ("asset_type", ("资产类型", "土地类型", "资源类型", "地类", "类型", "类别")),
    ("location", ("坐落", "位置", "地点", "四至")),
    ("area", ("面积",)),
    ("use", ("用途",)),
    ("consent", ("民主程序", "村民会议", "民主决策", "表决", "四议两公开", "决策程序")),
    ("form", ("合同形式", "书面", "口头")),
    ("signed", ("签字", "签章", "盖章", "签订情况", "是否签")),
)  # fmt: skip
_NO = {"否", "无", "未", "没有", "未签", "未签字", "未履行", "未经", "n", "no", "false", "0", "×"}


def _ledger_key(header: object) -> str | None:
    text = re.sub(r"\s", "", str(header or ""))
    if not text:
        return None
    for key, words in _LEDGER_COLUMNS:
        if any(word in text for word in words):
            return key
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _ledger(data: bytes, name: str) -> list[Document | Unreadable]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ReadError(f"Excel 文件已损坏或已加密，无法读取（{exc}）") from None
    out: list[Document | Unreadable] = []
    try:
        for sheet in workbook.worksheets:
            out.extend(_ledger_sheet(sheet, name))
    finally:
        workbook.close()
    if not out:
        raise ReadError("未识别为合同台账：没有找到含发包方、承包方、面积等列的表头")
    return out


def _ledger_sheet(sheet, name: str) -> list[Document | Unreadable]:  # type: ignore[no-untyped-def]
    rows = sheet.iter_rows(values_only=True)
    header: list[tuple[str | None, str]] | None = None
    out: list[Document | Unreadable] = []
    for number, row in enumerate(rows, start=1):
        if header is None:
            if number > 10:
                return []
            keys = [_ledger_key(cell) for cell in row]
            found = {k for k in keys if k}
            if len(found) >= 3 and found & {"lessor", "lessee", "area", "title"}:
                header = [(k, _cell_text(cell)) for k, cell in zip(keys, row, strict=True)]
            continue
        cells = [_cell_text(cell) for cell in row]
        if not any(cells):
            continue
        record = f"{sheet.title} 第{number}行"
        text = _ledger_text(header, cells)
        digest = hashlib.sha256(
            json.dumps([name, record, cells], ensure_ascii=False).encode("utf-8")
        ).hexdigest()
        out.append(Document(name, text, digest, record=record, source="ledger", reader="xlsx"))
    return out


def _ledger_text(header: list[tuple[str | None, str]], cells: list[str]) -> str:
    """A row as the labelled lines a contract would contain, so one extractor reads both."""
    values: dict[str, str] = {}
    extra: list[str] = []
    units: dict[str, str] = {}
    for (key, title), cell in zip(header, cells, strict=False):
        if not cell:
            continue
        if key and key not in values:
            values[key] = cell
            units[key] = title
        elif title:
            extra.append(f"{title}：{cell}")
    lines = [values.get("title") or "合同"]
    if "contract_no" in values:
        lines.append(f"合同编号：{values['contract_no']}")
    if "lessor" in values:
        lines.append(f"甲方：{values['lessor']}")
    if "township" in values:
        lines.append(f"乡镇：{values['township']}")
    if "village" in values:
        lines.append(f"所属村：{values['village']}")
    if "lessee" in values:
        lines.append(f"乙方：{values['lessee']}")
    if "lessee_kind" in values:
        lines.append(f"乙方身份：{values['lessee_kind']}")
    if "asset_type" in values:
        lines.append(f"土地类型：{values['asset_type']}")
    if "location" in values:
        lines.append(f"坐落：{values['location']}")
    building = bool(re.search(r"厂房|房|仓库|设施|车间", values.get("asset_type", "")))
    if "area" in values:
        area = values["area"]
        if not re.search(r"亩|公顷|平方|㎡|m", area):
            title = units["area"]
            if re.search(r"平方|㎡|m2|m²", title):
                area += "平方米"
            elif "公顷" in title:
                area += "公顷"
            else:
                area += "平方米" if building and "亩" not in title else "亩"
        lines.append(f"面积：{area}")
    if "period" in values:
        lines.append(f"期限：{values['period']}")
    elif "start" in values and "end" in values:
        lines.append(f"期限：自{values['start']}起至{values['end']}止")
    elif "start" in values:
        lines.append(f"期限：自{values['start']}起")
    elif "end" in values:
        lines.append(f"到期日期：{values['end']}")
    if "years" in values:
        years = values["years"]
        lines.append(f"期限{years}年" if re.fullmatch(r"[\d.]+", years) else f"期限：{years}")
    if "unit_price" in values:
        price = re.sub(r"[^\d.]", "", values["unit_price"]) or values["unit_price"]
        per_sqm = building or bool(re.search(r"平方|㎡", units["unit_price"]))
        lines.append(f"每平方米每年租金{price}元" if per_sqm else f"每亩每年租金{price}元")
    if "annual" in values:
        lines.append(f"年租金{re.sub(r'元$', '', values['annual'])}元")
    if "total" in values:
        lines.append(f"租金总额{re.sub(r'元$', '', values['total'])}元")
    if "payment" in values:
        lines.append(f"付款方式：{values['payment']}")
    if "use" in values:
        lines.append(f"用途：{values['use']}")
    if "consent" in values:
        consent = values["consent"]
        if consent.lower() in _NO:
            lines.append("民主程序：未经村民会议讨论")
        elif consent in {"是", "有", "已履行", "√", "已"}:
            lines.append("民主程序：经村民会议讨论通过")
        else:
            lines.append(f"民主程序：{consent}")
    if "form" in values and "口头" in values["form"]:
        lines.append("合同形式：口头协议")
    if "signed" in values:
        signed = values["signed"].lower()
        lines.append("签字盖章：未签字" if signed in _NO else f"签字盖章：{values['signed']}")
    if "sign_date" in values:
        lines.append(f"签订日期：{values['sign_date']}")
    lines.extend(extra)
    return "\n".join(lines)
