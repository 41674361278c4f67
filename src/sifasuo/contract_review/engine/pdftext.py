"""A quick reader for the plain text layer of a PDF, the usual output of "save as PDF": fonts
with a ToUnicode map, FlateDecode streams, horizontal text.

PDFium loads every glyph's outline to place it (some 15 ms for a two-page contract in an
embedded CJK font), which was most of the time a city's folder spent on its text PDFs. This
reader decodes the content streams, maps the character codes through each font's ToUnicode
map and places them with the fonts' widths, breaking lines where the baseline moves and putting
a space where a gap opens on a line, as PDFium does. It returns None for anything it does not
fully understand (encryption, other filters, a font without a ToUnicode map, Type3 fonts, form
XObjects, inline images, rotated or vertical text, a code its font does not map, damage, a page
with little or no text), and the caller then reads the file with PDFium as before.
"""

from __future__ import annotations

import re
import zlib
from array import array
from binascii import unhexlify
from collections.abc import Iterator
from itertools import repeat
from typing import Any

__all__ = ["quick_pdf_text"]

_MAX_DEPTH = 32
_MAX_PAGES = 2000
# A contract's content or font stream is kilobytes; a larger inflated stream is left to PDFium
# (and a compression bomb never takes more memory than this here).
_MAX_STREAM = 8 * 1024 * 1024
_MIN_PAGE_CHARS = 20  # as readers.MIN_TEXT_CHARS: fewer on a page may mean a scan


class _Unsupported(Exception):
    """Something this reader does not handle: the file is left to PDFium."""


class _Ref(tuple):  # type: ignore[type-arg]
    """An indirect reference ``N G R``."""

    __slots__ = ()


class _Name(str):
    """A PDF name, ``/Name``."""

    __slots__ = ()


# One token per match, each kind in its own group (the last catches what is not PDF syntax).
_TOKEN = re.compile(
    rb"(?:[\s\x00]+|%[^\r\n]*)*(?:"
    rb"([+-]?(?:\d+\.?\d*|\.\d+))"  # number
    rb"|(<[0-9A-Fa-f\s]*>)"  # hex string
    rb"|([A-Za-z'\"*][A-Za-z0-9'\"*]*)"  # operator, keyword or R
    rb"|(<<|\[)"
    rb"|(>>|\])"
    rb"|(/[^\s/<>\[\]()%{}\x00]*)"  # name
    rb"|(\((?:[^()\\]|\\.)*\))"  # literal string (nested brackets are left to PDFium)
    rb"|(\S))",
    re.S,
)
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n|[\r\n])|(.))", re.S)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_WORDS: dict[bytes, Any] = {b"true": True, b"false": False, b"null": None}
_NOT_HEX = re.compile(rb"[^0-9A-Fa-f]")


def _unescape(match: re.Match[bytes]) -> bytes:
    octal, _newline, other = match.groups()
    if octal:
        return bytes([int(octal, 8) & 0xFF])
    if other is None:
        return b""  # a line continuation
    return _ESCAPED.get(other, other)


def _name(raw: bytes) -> str:
    if b"#" in raw:
        raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return raw.decode("latin-1")


def _scan(
    data: bytes, start: int, end: int, *, operators: bool
) -> Iterator[tuple[bytes, list[Any]]]:
    """Read the PDF syntax of ``data[start:end]``. With ``operators`` (a content stream), yield
    each operator with its operands; else yield ``(None, objects)`` once, the objects found."""
    stack: list[tuple[list[Any], bytes]] = []
    current: list[Any] = []
    value: Any
    for number, hexes, word, opener, closer, name, string, other in _TOKEN.findall(
        data, start, end
    ):
        if number:
            value = float(number) if b"." in number else int(number)
        elif hexes:
            digits = hexes[1:-1]
            if len(digits) % 2 or _NOT_HEX.search(digits):
                digits = _NOT_HEX.sub(b"", digits)
                digits += b"0" * (len(digits) % 2)
            value = unhexlify(digits)
        elif word:
            if word in _WORDS:
                value = _WORDS[word]
            elif word == b"R" and not operators:
                if len(current) < 2 or type(current[-1]) is not int or type(current[-2]) is not int:
                    raise _Unsupported("reference")
                generation = current.pop()
                value = _Ref((current.pop(), generation))
            elif operators and not stack:
                yield word, current
                current = []
                continue
            else:
                raise _Unsupported("keyword inside an object")
        elif opener:
            if len(stack) > _MAX_DEPTH:
                raise _Unsupported("nesting")
            stack.append((current, opener))
            current = []
            continue
        elif closer:
            if not stack:
                raise _Unsupported("unbalanced")
            items = current
            current, opened = stack.pop()
            if opened == b"[":
                if closer != b"]":
                    raise _Unsupported("unbalanced")
                value = items
            else:
                if closer != b">>" or len(items) % 2:
                    raise _Unsupported("dictionary")
                keys = items[::2]
                if any(type(key) is not _Name for key in keys):
                    raise _Unsupported("dictionary key")
                value = dict(zip(keys, items[1::2], strict=True))
        elif name:
            value = _Name(_name(name[1:]))
        elif string:
            value = string[1:-1]
            if b"\\" in value:
                value = _ESCAPE.sub(_unescape, value)
        else:
            raise _Unsupported(f"unexpected {other!r}")
        current.append(value)
    if stack:
        raise _Unsupported("truncated")
    if not operators:
        yield b"", current


def _parse(data: bytes, start: int, end: int) -> Any:
    """The one object in ``data[start:end]``."""
    for _, values in _scan(data, start, end, operators=False):
        if len(values) == 1:
            return values[0]
    raise _Unsupported("not one object")


_OBJ_HEAD = re.compile(rb"[\s\x00]*(\d+)\s+(\d+)\s+obj(?![A-Za-z])")
_STREAM_START = re.compile(rb"stream(?:\r\n|\n)")
_XREF_SECTION = re.compile(rb"\s*(\d+)\s+(\d+)[ \t]*(?:\r\n|\n|\r)")
_TRAILER = re.compile(rb"\s*trailer\s*")


class _Stream(dict):  # type: ignore[type-arg]
    """A stream object: its dictionary, with its data decoded on demand."""

    def __init__(self, dictionary: dict[str, Any], document: _Document, start: int) -> None:
        super().__init__(dictionary)
        self._document = document
        self._start = start
        self._data: bytes | None = None

    def data(self) -> bytes:
        if self._data is None:
            self._data = self._document.stream_data(self, self._start)
        return self._data


class _Document:
    """The objects of a PDF, found through its cross-reference tables or streams."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offsets: dict[int, int] = {}  # object number -> byte offset
        self.packed: dict[int, tuple[int, int]] = {}  # object number -> (object stream, index)
        self.cache: dict[int, Any] = {}
        self.trailer: dict[str, Any] = {}
        tail = data[-1024:]
        at = tail.rfind(b"startxref")
        number = re.match(rb"startxref\s+(\d+)", tail[at:]) if at >= 0 else None
        if number is None:
            raise _Unsupported("no startxref")
        seen: set[int] = set()
        offset: int | None = int(number.group(1))
        while offset is not None:
            if offset in seen or len(seen) > 64:
                raise _Unsupported("cross-reference loop")
            seen.add(offset)
            offset = self._read_xref(offset)
        if "Encrypt" in self.trailer or "Root" not in self.trailer:
            raise _Unsupported("encrypted, or without a root")

    def _read_xref(self, offset: int) -> int | None:
        """Read one cross-reference section; the offset of the previous one, if any."""
        data = self.data
        if data.startswith(b"xref", offset):
            pos = offset + 4
            while head := _XREF_SECTION.match(data, pos):
                first, count = int(head.group(1)), int(head.group(2))
                pos = head.end()
                for index in range(count):
                    fields = data[pos : pos + 20].split()
                    if len(fields) < 3:
                        raise _Unsupported("cross-reference entry")
                    if fields[2] == b"n":
                        self.offsets.setdefault(first + index, int(fields[0]))
                    pos += 20
            trailer = _TRAILER.match(data, pos)
            if trailer is None:
                raise _Unsupported("trailer")
            stop = data.find(b"startxref", trailer.end())
            dictionary = _parse(data, trailer.end(), stop if stop >= 0 else len(data))
            if not isinstance(dictionary, dict) or "XRefStm" in dictionary:
                raise _Unsupported("hybrid cross-reference")
        else:
            head = _OBJ_HEAD.match(data, offset)
            if head is None:
                raise _Unsupported("cross-reference stream")
            stream = self._object_at(head.end())
            if not isinstance(stream, _Stream) or stream.get("Type") != "XRef":
                raise _Unsupported("cross-reference stream type")
            dictionary = stream
            body = stream.data()
            widths = stream["W"]
            index = stream.get("Index", [0, stream["Size"]])
            if len(widths) != 3 or sum(widths) <= 0:
                raise _Unsupported("cross-reference widths")
            pos = 0
            for first, count in zip(index[::2], index[1::2], strict=True):
                for number in range(first, first + count):
                    row: list[int] = []
                    for width in widths:
                        row.append(int.from_bytes(body[pos : pos + width], "big"))
                        pos += width
                    kind = row[0] if widths[0] else 1
                    if number in self.offsets or number in self.packed:
                        continue  # a later section already says where it is
                    if kind == 1:
                        self.offsets[number] = row[1]
                    elif kind == 2:
                        self.packed[number] = (row[1], row[2])
            if pos > len(body):
                raise _Unsupported("short cross-reference stream")
        for key, value in dictionary.items():
            self.trailer.setdefault(key, value)
        previous = dictionary.get("Prev")
        if previous is not None and not isinstance(previous, int):
            raise _Unsupported("Prev")
        return previous

    def _object_at(self, pos: int) -> Any:
        """The object whose body starts at ``pos`` (after ``N G obj``)."""
        data = self.data
        end = data.find(b"endobj", pos)
        if end < 0:
            end = len(data)
        keyword = data.find(b"stream", pos, end)  # before the binary data, so the real keyword
        if keyword < 0:
            return _parse(data, pos, end)
        value = _parse(data, pos, keyword)
        start = _STREAM_START.match(data, keyword)
        if not isinstance(value, dict) or start is None:
            raise _Unsupported("stream")
        return _Stream(value, self, start.end())

    def stream_data(self, dictionary: dict[str, Any], start: int) -> bytes:
        length = self.resolve(dictionary.get("Length"))
        if not isinstance(length, int) or length < 0:
            raise _Unsupported("stream length")
        raw = self.data[start : start + length]
        filters = self.resolve(dictionary.get("Filter"))
        if filters is None:
            return raw
        if isinstance(filters, list):
            if len(filters) != 1:
                raise _Unsupported("filter chain")
            filters = filters[0]
        if filters != "FlateDecode":
            raise _Unsupported(f"filter {filters}")
        try:
            decoded = zlib.decompressobj().decompress(raw, _MAX_STREAM + 1)
        except zlib.error as exc:
            raise _Unsupported("damaged stream") from exc
        if len(decoded) > _MAX_STREAM:
            raise _Unsupported("stream too large")
        params = self.resolve(dictionary.get("DecodeParms"))
        if isinstance(params, list):
            params = self.resolve(params[0]) if len(params) == 1 else {"Predictor": -1}
        if isinstance(params, dict) and params.get("Predictor", 1) != 1:
            decoded = _unpredict(decoded, params)
        return decoded

    def read(self, number: int) -> Any:
        if number in self.cache:
            return self.cache[number]
        self.cache[number] = None  # a reference back to itself reads as null
        if number in self.offsets:
            head = _OBJ_HEAD.match(self.data, self.offsets[number])
            if head is None or int(head.group(1)) != number:
                raise _Unsupported("object offset")
            value = self._object_at(head.end())
        elif number in self.packed:
            value = self._packed(*self.packed[number])
        else:
            value = None
        self.cache[number] = value
        return value

    def _packed(self, container: int, index: int) -> Any:
        stream = self.read(container)
        if not isinstance(stream, _Stream) or stream.get("Type") != "ObjStm":
            raise _Unsupported("object stream")
        data = stream.data()
        count, first = self.resolve(stream["N"]), self.resolve(stream["First"])
        header = data[:first].split()
        if index >= count or 2 * index + 1 >= len(header):
            raise _Unsupported("object stream index")
        start = first + int(header[2 * index + 1])
        end = first + int(header[2 * index + 3]) if 2 * index + 3 < len(header) else len(data)
        return _parse(data, start, end)

    def resolve(self, value: Any) -> Any:
        depth = 0
        while type(value) is _Ref:
            depth += 1
            if depth > _MAX_DEPTH:
                raise _Unsupported("reference chain")
            value = self.read(value[0])
        return value


def _unpredict(data: bytes, params: dict[str, Any]) -> bytes:
    """Undo the PNG "Up" or "None" predictor (as cross-reference streams use)."""
    if not 10 <= params.get("Predictor", 1) <= 15 or params.get("Colors", 1) != 1:
        raise _Unsupported("predictor")
    columns = params.get("Columns", 1) * params.get("BitsPerComponent", 8) // 8
    out = bytearray()
    previous = bytes(columns)
    for start in range(0, len(data), columns + 1):
        kind = data[start]
        row = data[start + 1 : start + 1 + columns]
        if kind == 2:
            row = bytes((a + b) & 0xFF for a, b in zip(row, previous, strict=False))
        elif kind != 0:
            raise _Unsupported("PNG filter")
        out += row
        previous = row
    return bytes(out)


# --- fonts ---------------------------------------------------------------------------------------

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])")
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _utf16(hexdigits: bytes) -> str:
    if len(hexdigits) == 4:
        code = int(hexdigits, 16)
        if not 0xD800 <= code <= 0xDFFF:
            return chr(code)
    return unhexlify(hexdigits).decode("utf-16-be", errors="replace")


def _to_unicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap: character code -> text."""
    if b"usecmap" in data:
        raise _Unsupported("usecmap")
    out: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        for code, text in _PAIR.findall(block):
            out[int(code, 16)] = _utf16(text)
    for block in _BFRANGE.findall(data):
        for low, high, start, listed in _RANGE.findall(block):
            first, last = int(low, 16), int(high, 16)
            if last < first or last - first > 0xFFFF:
                raise _Unsupported("bfrange")
            if listed:
                for code, text in zip(range(first, last + 1), _HEX.findall(listed), strict=False):
                    out[code] = _utf16(text)
                continue
            base = bytes.fromhex(start.decode())
            if not base:
                continue
            head, tail = base[:-2] if len(base) >= 2 else b"", base[-2:]
            value = int.from_bytes(tail, "big")
            for offset, code in enumerate(range(first, last + 1)):
                unit = (
                    (value + offset).to_bytes(len(tail), "big", signed=False)
                    if (value + offset < 1 << (8 * len(tail)))
                    else None
                )
                if unit is None:
                    raise _Unsupported("bfrange overflow")
                out[code] = (head + unit).decode("utf-16-be", errors="replace")
    return out


class _Font:
    """What placing a font's text needs: bytes per code, code -> text, code -> width."""

    __slots__ = ("code_bytes", "default_width", "text", "widths")

    def __init__(self, document: _Document, font: Any) -> None:
        font = document.resolve(font)
        if not isinstance(font, dict):
            raise _Unsupported("font")
        subtype = font.get("Subtype")
        to_unicode = document.resolve(font.get("ToUnicode"))
        if not isinstance(to_unicode, _Stream):
            raise _Unsupported("font without a ToUnicode map")
        self.text = _to_unicode(to_unicode.data())
        self.widths: dict[int, float] = {}
        if subtype == "Type0":
            if font.get("Encoding") != "Identity-H":
                raise _Unsupported("CID encoding")
            descendants = document.resolve(font.get("DescendantFonts"))
            if not isinstance(descendants, list) or len(descendants) != 1:
                raise _Unsupported("descendant font")
            cid_font = document.resolve(descendants[0])
            self.code_bytes = 2
            self.default_width = float(document.resolve(cid_font.get("DW", 1000)))
            widths = document.resolve(cid_font.get("W")) or []
            if any(type(item) is _Ref for item in widths):
                widths = [document.resolve(item) for item in widths]
            position = 0
            while position < len(widths):
                first, following = widths[position], widths[position + 1]
                if type(following) is list:
                    self.widths.update(
                        zip(range(first, first + len(following)), following, strict=True)
                    )
                    position += 2
                else:
                    if following - first > 0xFFFF:
                        raise _Unsupported("width range")
                    self.widths.update(
                        dict.fromkeys(range(first, following + 1), widths[position + 2])
                    )
                    position += 3
            if any(type(width) not in (int, float) for width in self.widths.values()):
                raise _Unsupported("widths")
        elif subtype in ("TrueType", "Type1", "MMType1"):
            self.code_bytes = 1
            descriptor = document.resolve(font.get("FontDescriptor")) or {}
            self.default_width = float(document.resolve(descriptor.get("MissingWidth", 0)))
            first = document.resolve(font.get("FirstChar"))
            widths = document.resolve(font.get("Widths"))
            if not isinstance(first, int) or not isinstance(widths, list):
                raise _Unsupported("simple font without widths")  # a standard 14 font
            for offset, width in enumerate(widths):
                self.widths[first + offset] = float(document.resolve(width))
        else:
            raise _Unsupported(f"font {subtype}")

    def codes(self, string: bytes) -> list[int] | bytes:
        if self.code_bytes == 1:
            return string
        if len(string) % 2:
            raise _Unsupported("odd CID string")
        codes = array("H", string)
        if _LITTLE_ENDIAN:
            codes.byteswap()
        return codes  # type: ignore[return-value]


_LITTLE_ENDIAN = array("H", b"\x00\x01")[0] != 1


# --- pages ---------------------------------------------------------------------------------------


def _pages(document: _Document) -> Iterator[tuple[Any, Any]]:
    """The resources (inherited or its own) and contents of every page, in order."""
    root = document.resolve(document.trailer["Root"])
    stack = [(document.resolve(root.get("Pages")), None, 0)]
    count = 0
    while stack:
        node, inherited, depth = stack.pop()
        if not isinstance(node, dict) or depth > _MAX_DEPTH:
            raise _Unsupported("page tree")
        if document.resolve(node.get("Rotate", 0)) % 360:
            raise _Unsupported("rotated page")
        resources = node.get("Resources", inherited)
        if node.get("Type") == "Pages" or "Kids" in node:
            kids = document.resolve(node.get("Kids")) or []
            stack.extend((document.resolve(kid), resources, depth + 1) for kid in reversed(kids))
            continue
        count += 1
        if count > _MAX_PAGES:
            raise _Unsupported("too many pages")
        yield resources, node.get("Contents")


def _contents(document: _Document, contents: Any) -> bytes:
    contents = document.resolve(contents)
    if contents is None:
        return b""
    parts = contents if isinstance(contents, list) else [contents]
    out = []
    for part in parts:
        stream = document.resolve(part)
        if not isinstance(stream, _Stream):
            raise _Unsupported("contents")
        out.append(stream.data())
    return b"\n".join(out)


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


_IDENTITY: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_BLANKS = frozenset(" \t\r\n\u3000\xa0")
_SPACE = re.compile(r"\s")
_HYPHENS = frozenset("-\xad\u2010\u2011")


class _Page:
    """Lay out one page's text: glyphs in content order, lines and spaces as PDFium puts them."""

    def __init__(self, document: _Document, resources: Any, fonts: dict[int, _Font]) -> None:
        self.document = document
        resources = document.resolve(resources) or {}
        self.font_refs = document.resolve(resources.get("Font")) or {}
        self.xobjects = document.resolve(resources.get("XObject")) or {}
        self.fonts = fonts  # shared by the document's pages, by object number
        self.parts: list[str] = []
        self.last: tuple[float, float, float, float] | None = None  # x end, y, width, size
        self.images = False  # whether the page draws an image (a scan, if it has little text)

    def font(self, name: str) -> _Font:
        ref = self.font_refs.get(name)
        key = ref[0] if type(ref) is _Ref else id(ref)
        font = self.fonts.get(key)
        if font is None:
            font = self.fonts[key] = _Font(self.document, ref)
        return font

    def text(self, content: bytes) -> str:
        ctm = _IDENTITY
        stack: list[tuple[Any, ...]] = []
        tm = tlm = _IDENTITY
        font: _Font | None = None
        size = char_space = word_space = rise = leading = 0.0
        scale = 1.0
        for op, operands in _scan(content, 0, len(content), operators=True):
            try:
                if op in (b"Tj", b"TJ", b"'", b'"'):
                    if font is None:
                        raise _Unsupported("text without a font")
                    if op != b"Tj" and op != b"TJ":
                        if op == b'"':
                            word_space, char_space = float(operands[-3]), float(operands[-2])
                        tlm = tm = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                    items = operands[-1] if op == b"TJ" else [operands[-1]]
                    if not isinstance(items, list):
                        raise _Unsupported("TJ operand")
                    shift = self.show(items, _multiply(tm, ctm), font, size, char_space,
                                      word_space, scale, rise)  # fmt: skip
                    tm = _multiply((1.0, 0.0, 0.0, 1.0, shift, 0.0), tm)
                elif op == b"Tm":
                    tm = tlm = tuple(float(x) for x in operands[-6:])
                elif op == b"Td" or op == b"TD":
                    tx, ty = float(operands[-2]), float(operands[-1])
                    if op == b"TD":
                        leading = -ty
                    tlm = tm = _multiply((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
                elif op == b"T*":
                    tlm = tm = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                elif op == b"Tf":
                    font = self.font(operands[-2])
                    size = float(operands[-1])
                elif op == b"BT":
                    tm = tlm = _IDENTITY
                elif op == b"cm":
                    ctm = _multiply(tuple(float(x) for x in operands[-6:]), ctm)
                elif op == b"q":  # the text state is part of the graphics state
                    stack.append((ctm, font, size, char_space, word_space, scale, leading, rise))
                elif op == b"Q":
                    if stack:
                        ctm, font, size, char_space, word_space, scale, leading, rise = stack.pop()
                elif op == b"Tc":
                    char_space = float(operands[-1])
                elif op == b"Tw":
                    word_space = float(operands[-1])
                elif op == b"Tz":
                    scale = float(operands[-1]) / 100
                elif op == b"TL":
                    leading = float(operands[-1])
                elif op == b"Ts":
                    rise = float(operands[-1])
                elif op == b"Tr":
                    if int(operands[-1]) in (3, 7):
                        raise _Unsupported("invisible text")
                elif op == b"Do":
                    xobject = self.document.resolve(self.xobjects.get(operands[-1]))
                    if not isinstance(xobject, dict) or xobject.get("Subtype") != "Image":
                        raise _Unsupported("form XObject")
                    self.images = True
                elif op in (b"BI", b"ID", b"EI", b"d0", b"d1", b"BX"):
                    raise _Unsupported(f"operator {op!r}")
            except (IndexError, TypeError, ValueError):
                raise _Unsupported(f"operands of {op!r}") from None
        return "".join(self.parts)

    def show(
        self, items: list[Any], matrix: tuple[float, ...], font: _Font, size: float,
        char_space: float, word_space: float, scale: float, rise: float,
    ) -> float:  # fmt: skip
        """Place the strings of a Tj or TJ; the text-space advance."""
        a, b, c, d, e, f = matrix
        if abs(b) > 1e-6 * abs(a) or abs(c) > 1e-6 * abs(d) or a <= 0 or d <= 0:
            raise _Unsupported("rotated or mirrored text")
        if char_space or (word_space and font.code_bytes == 1):
            raise _Unsupported("character or word spacing")  # PDFium may space the glyphs
        height = size * d
        unit = size / 1000 * scale  # text space per glyph-width unit
        widths, texts, default = font.widths, font.text, font.default_width
        parts = self.parts
        last = self.last
        y = d * rise + f
        x_text = 0.0
        for item in items:
            if type(item) is not bytes:
                if type(item) is not int and type(item) is not float:
                    raise _Unsupported("TJ item")
                x_text -= item * unit
                continue
            codes = font.codes(item)
            if not codes:
                continue
            try:
                text = "".join(map(texts.__getitem__, codes))
            except KeyError:
                raise _Unsupported("code without text") from None
            x = a * x_text + c * rise + e
            first_width = widths.get(codes[0], default) * unit * a
            if last is not None:
                last_end, last_y, last_width, last_height = last
                rise_or_fall = abs(y - last_y)
                if rise_or_fall >= max(height, last_height):
                    if parts[-1].rstrip(" ")[-1:] in _HYPHENS:
                        raise _Unsupported("a line ending in a hyphen")  # PDFium may join it
                    parts.append("\n")
                elif rise_or_fall > 0.01 * height:
                    # a cell set between two lines of its neighbour: PDFium weighs the glyphs'
                    # outlines here, which this reader does not load
                    raise _Unsupported("baseline shifted by less than a line")
                elif x < last_end - max(first_width, last_width) / 2:
                    raise _Unsupported("text drawn back over a line")
                elif (
                    x - last_end > max(first_width, last_width) / 4
                    and parts[-1][-1:] not in _BLANKS
                    and text[:1] not in _BLANKS
                ):
                    parts.append(" ")
            parts.append(text)
            x_text += sum(map(widths.get, codes, repeat(default))) * unit
            last = (a * x_text + c * rise + e, y, widths.get(codes[-1], default) * unit * a, height)
        self.last = last
        return x_text


def quick_pdf_text(data: bytes) -> str | None:
    """The text of every page, joined by line breaks, or None to leave the file to PDFium."""
    try:
        document = _Document(data)
        fonts: dict[int, _Font] = {}
        texts = []
        for resources, contents in _pages(document):
            page = _Page(document, resources, fonts)
            text = page.text(_contents(document, contents))
            if page.images and len(_SPACE.sub("", text)) < _MIN_PAGE_CHARS:
                return None  # a scanned page: left to PDFium, pypdf and OCR
            texts.append(text)
    except (_Unsupported, RecursionError, MemoryError, KeyError, IndexError, TypeError,
            ValueError, AttributeError, zlib.error, UnicodeError):  # fmt: skip
        return None
    if len(_SPACE.sub("", "".join(texts))) < _MIN_PAGE_CHARS:
        return None  # no text at all: pypdf says whether it is a scan, damaged or empty
    return "\n".join(texts)
