"""Holiday override tables (节假日安排覆盖表) an administrator loads from the State Council's notice.

A table is a small UTF-8 file (a byte-order mark is allowed) with one row per date:

* CSV: a header ``date,kind,name`` then rows such as ``2027-10-01,off,国庆节``; blank lines and
  lines starting with ``#`` are ignored.
* JSON: a list of ``{"date": "2027-10-01", "kind": "off", "name": "国庆节"}`` objects, or an object
  whose ``"days"`` key holds that list (other keys, e.g. a description, are ignored).

``kind`` is ``off`` (rest day / public holiday) or ``work`` (make-up working day, 调休上班);
``name`` is optional. See ``examples/holidays-2027.example.json`` for the format.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any

from .calendar import DayKind, DeadlineError, HolidayCalendar, OverrideDay

__all__ = ["OverrideFileError", "calendar_with_overrides", "load_overrides", "parse_overrides"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COLUMNS = ("date", "kind", "name")


class OverrideFileError(DeadlineError):
    """An override table that cannot be read; the message names the file and line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


def load_overrides(path: str | PathLike[str], *, allow_example: bool = False) -> list[OverrideDay]:
    """Read an override table from a ``.json`` or ``.csv`` file.

    A JSON table marked ``"example": true`` (like the shipped example) is refused unless
    ``allow_example`` is set, so sample dates never drive real deadlines by mistake.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OverrideFileError(str(p), None, f"not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise OverrideFileError(str(p), None, exc.strerror or str(exc)) from exc
    suffix = p.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise OverrideFileError(str(p), None, "expected a .json or .csv file")
    return parse_overrides(text, fmt=suffix[1:], source=str(p), allow_example=allow_example)


def calendar_with_overrides(path: str | PathLike[str] | None) -> HolidayCalendar:
    """A calendar with the built-in data plus the override table at ``path`` (if any)."""
    return HolidayCalendar(load_overrides(path) if path else ())


def parse_overrides(
    text: str, *, fmt: str, source: str = "<overrides>", allow_example: bool = False
) -> list[OverrideDay]:
    """Parse override rows from ``text`` in format ``"json"`` or ``"csv"``."""
    text = text.removeprefix("\ufeff")
    if fmt == "json":
        rows = _json_rows(text, source, allow_example)
    elif fmt == "csv":
        rows = _csv_rows(text, source)
    else:
        raise ValueError(f"unknown override format {fmt!r}")
    seen: dict[date, tuple[int, OverrideDay]] = {}
    out: list[OverrideDay] = []
    for line, raw in rows:
        row = _row(raw, source, line)
        if row.day in seen:
            first_line, first = seen[row.day]
            if first.kind != row.kind:
                raise OverrideFileError(
                    source, line, f"{row.day} is also listed as {first.kind!s} on line {first_line}"
                )
            continue
        seen[row.day] = (line, row)
        out.append(row)
    return out


def _row(raw: Any, source: str, line: int) -> OverrideDay:
    if not isinstance(raw, dict):
        raise OverrideFileError(source, line, "a row must be an object with date and kind")
    unknown = set(raw) - set(_COLUMNS)
    if unknown:
        raise OverrideFileError(source, line, f"unknown field(s): {', '.join(sorted(unknown))}")
    day_text = str(raw.get("date") or "").strip()
    if not _ISO_DATE.fullmatch(day_text):
        raise OverrideFileError(source, line, f"date must be YYYY-MM-DD, got {day_text!r}")
    try:
        day = date.fromisoformat(day_text)
    except ValueError as exc:
        raise OverrideFileError(source, line, f"invalid date {day_text!r}") from exc
    kind_text = str(raw.get("kind") or "").strip().lower()
    try:
        kind = DayKind(kind_text)
    except ValueError as exc:
        raise OverrideFileError(
            source, line, f"kind must be 'off' or 'work', got {kind_text!r}"
        ) from exc
    name = str(raw.get("name") or "").strip() or None
    return OverrideDay(day, kind, name)


def _csv_rows(text: str, source: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in cells]
        if header is None:
            if cells[0].lower() != "date":
                raise OverrideFileError(source, line, "first row must be the header date,kind,name")
            header = [c.lower() for c in cells]
            missing = {"date", "kind"} - set(header)
            if missing:
                raise OverrideFileError(source, line, f"header lacks {', '.join(sorted(missing))}")
            continue
        if len(cells) > len(header):
            raise OverrideFileError(source, line, f"{len(cells)} cells for {len(header)} columns")
        rows.append((line, dict(zip(header, cells, strict=False))))
    return rows


def _json_rows(text: str, source: str, allow_example: bool) -> list[tuple[int, Any]]:
    """Rows of a JSON table paired with the line each row starts on.

    ``json.loads`` forgets positions, so the list is walked with ``raw_decode`` to report the line
    of a bad row.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OverrideFileError(source, exc.lineno, f"invalid JSON: {exc.msg}") from exc
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if isinstance(doc, dict):
        if doc.get("example") is True and not allow_example:
            raise OverrideFileError(
                source, None, "this is an example file, not real holiday data; do not load it"
            )
        if not isinstance(doc.get("days"), list):
            raise OverrideFileError(
                source, None, 'expected a list of rows or an object with "days"'
            )
        pos = _find_key_value(text, pos, "days", decoder)
    elif not isinstance(doc, list):
        raise OverrideFileError(source, None, 'expected a list of rows or an object with "days"')
    rows: list[tuple[int, Any]] = []
    pos = _skip_ws(text, pos + 1)  # past "["
    while text[pos] != "]":
        value, end = decoder.raw_decode(text, pos)
        rows.append((text.count("\n", 0, pos) + 1, value))
        pos = _skip_ws(text, end)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
    return rows


def _find_key_value(text: str, pos: int, key: str, decoder: json.JSONDecoder) -> int:
    """Position of the value of top-level ``key`` in the JSON object starting at ``pos``."""
    pos = _skip_ws(text, pos + 1)  # past "{"
    while True:
        name, pos = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, _skip_ws(text, pos) + 1)  # past ":"
        if name == key:
            return pos
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, _skip_ws(text, pos) + 1)  # past ","


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos
