"""The .xlsx import kit (台账导入): upload → preview with per-row errors → confirm.

Offices keep their registers in Excel; a line imports one by declaring a `TableImporter`: its
columns (with the headers a sheet may use), the natural key that finds a row's existing record,
and the service call that writes one row. The kit does the rest the same way for every register:

- the upload is checked by `core.uploads` (size limit SIFASUO_UPLOAD_MAX_MB, a zip package that
  does not unpack into too much) before openpyxl reads it;
- at most `max_rows` data rows, each cell at most `MAX_CELL_CHARS` characters (a column may set
  a smaller `max_length`, usually its model field's);
- formulas are never evaluated: a formula cell is read as its text ("=2*3" stays "=2*3") and is
  then checked like any other text, so it fails a date or number column with a message;
- the preview says for each row "新增", "更新：…" or "无变化", or its errors as
  "第N行：…" in Chinese; nothing is written;
- confirming writes every valid row in one transaction, through the line's services (audited,
  with the actor), plus one summary audit row; rows with errors are left out and listed. A row
  whose natural key matches an existing record updates it instead of creating a duplicate.

A view stores the uploaded bytes between preview and confirm with `stash` / `unstash` and offers
the importer's blank sheet with `template_workbook`. See docs/table-import.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment

from .audit import audit_record
from .exports import add_sheet
from .personal_data import mask
from .uploads import check_office_package, max_upload_bytes

MAX_CELL_CHARS = 2000
UNREADABLE = "无法读取该 Excel 文件，请上传 .xlsx 格式的{noun}。"
YES = ("是", "有", "√", "Y", "y", "yes", "1", "TRUE", "True", "true")
NO = ("否", "无", "×", "N", "n", "no", "0", "FALSE", "False", "false", "")


# ---------------------------------------------------------------------------------------------
# Reading cells


def parse_date(value: Any, label: str, errors: list[str]) -> dt.date | None:
    """A date cell (a real date, or text such as 2026-03-01, 2026/3/1, 2026.3.1), else an error
    naming the column and the value."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        errors.append(f"{label}“{value}”不是有效日期")
        return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def open_rows(
    data: bytes, *, name: str, max_rows: int, data_only: bool = False, noun: str = "表格"
) -> Iterator[tuple[int, tuple]]:
    """(row number, cell values) of the first sheet, the header row first (row 1), blank rows
    left out. A broken file, one that would unpack into too much, or one longer than `max_rows`
    data rows raises a ValidationError on the "file" field. With `data_only=False` (the kit's
    way) a formula cell gives its text; with True, the value last saved beside it. `noun`
    names the file in messages (表格, 台账)."""
    unreadable = UNREADABLE.format(noun=noun)
    if len(data) > max_upload_bytes() or not zipfile.is_zipfile(BytesIO(data)):
        raise ValidationError({"file": unreadable})
    try:
        check_office_package(data, name=name)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    try:
        sheet = load_workbook(BytesIO(data), read_only=True, data_only=data_only).active
        rows = list(sheet.iter_rows(values_only=True, max_row=max_rows + 2))
    except Exception as exc:  # openpyxl and lxml raise many kinds for a broken workbook
        raise ValidationError({"file": unreadable}) from exc
    if len(rows) > max_rows + 1:
        raise ValidationError({"file": f"{noun}超过 {max_rows} 行，请拆分后分批导入。"})
    for number, raw in enumerate(rows, start=1):
        if number > 1 and (raw is None or all(v in (None, "") for v in raw)):
            continue
        yield number, tuple(raw or ())


# ---------------------------------------------------------------------------------------------
# Declaring a register


@dataclass(frozen=True)
class Column:
    """One column of a register. `headers`: the names a sheet may give it, the first being the
    template's. `kind`: text, date, decimal, int, bool or choice (`choices`: label → value).
    `mask`: the kind of personal data the column holds ("phone", "id_number", "address"); the
    preview shows it masked, as every list does."""

    name: str
    headers: tuple[str, ...]
    required: bool = False
    kind: str = "text"
    max_length: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    mask: str = ""

    @property
    def label(self) -> str:
        return self.headers[0]


@dataclass
class Row:
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    existing: Any = None  # the record the natural key found
    changed: list[str] = field(default_factory=list)  # Chinese names of what would change
    cells: list[Any] = field(default_factory=list)  # what the preview shows, column by column

    @property
    def action(self) -> str:
        if self.errors:
            return "；".join(self.errors)
        if self.existing is None:
            return "新增"
        return f"更新：{'、'.join(self.changed)}" if self.changed else "无变化"


@dataclass
class Preview:
    mapping: dict[str, str]  # column name → the header found
    rows: list[Row]

    @property
    def error_rows(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    @property
    def valid_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.errors]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: list[str]  # "第N行：…" for the rows left out

    @property
    def message(self) -> str:
        text = (
            f"导入完成：新增 {self.created} 条，更新 {self.updated} 条，{self.unchanged} 条无变化"
        )
        if self.skipped:
            text += f"；{len(self.skipped)} 行有错误未导入"
        return text + "。"


class TableImporter:
    """A register's import. Subclasses set `title`, `columns`, `audit_action` and implement
    `match` (find each row's existing record and what would change; add errors such as a key
    repeated in the sheet) and `write` (one service call for one valid row; returns "created",
    "updated" or "unchanged")."""

    title: str = ""
    columns: tuple[Column, ...] = ()
    audit_action: str = ""
    max_rows: int = 2000

    def clean_row(self, row: Row, context: dict[str, Any]) -> None:
        """Checks across columns of one row (after each cell is read)."""

    def match(self, rows: list[Row], context: dict[str, Any]) -> None:
        raise NotImplementedError

    def write(self, row: Row, *, actor, context: dict[str, Any]) -> str:
        raise NotImplementedError


def _cell(column: Column, raw: Any, row: Row) -> Any:
    text = _as_text(raw)
    if len(text) > MAX_CELL_CHARS:
        row.errors.append(f"{column.label}超过 {MAX_CELL_CHARS} 字")
        return None
    if column.required and not text:
        row.errors.append(f"缺少{column.label}")
        return None
    if column.kind == "text":
        if column.max_length and len(text) > column.max_length:
            row.errors.append(f"{column.label}超过 {column.max_length} 字")
        return text
    if not text:
        return False if column.kind == "bool" else None
    if column.kind == "date":
        return parse_date(raw if not isinstance(raw, str) else text, column.label, row.errors)
    if column.kind in ("decimal", "int"):
        try:
            number = Decimal(text.replace(",", "").replace("，", ""))
            if number < 0 or (column.kind == "int" and number != number.to_integral_value()):
                raise InvalidOperation
        except InvalidOperation:
            row.errors.append(f"{column.label}“{text}”不是有效数字")
            return None
        return int(number) if column.kind == "int" else number
    if column.kind == "bool":
        if text in YES:
            return True
        if text in NO:
            return False
        row.errors.append(f"{column.label}“{text}”应填“是”或“否”")
        return None
    if column.kind == "choice":
        by_label = dict(column.choices)
        if text in by_label:
            return by_label[text]
        allowed = "、".join(label for label, _ in column.choices)
        row.errors.append(f"{column.label}“{text}”不在可选范围（{allowed}）")
        return None
    raise ValueError(f"unknown column kind {column.kind!r}")


def parse(importer: TableImporter, data: bytes, **context: Any) -> Preview:
    """Read the sheet and say row by row what confirming would do; nothing is written."""
    rows_in = open_rows(data, name=importer.title, max_rows=importer.max_rows)
    try:
        _number, header = next(rows_in)
    except StopIteration:
        raise ValidationError({"file": "表格是空的。"}) from None
    headers = [_as_text(h) for h in header]
    mapping, index = {}, {}
    for column in importer.columns:
        for position, text in enumerate(headers):
            if text in column.headers:
                mapping[column.name], index[column.name] = text, position
                break
    missing = [c.label for c in importer.columns if c.required and c.name not in index]
    if missing:
        raise ValidationError({"file": f"表格缺少必需的列：{'、'.join(missing)}。"})
    rows = []
    for number, raw in rows_in:
        row = Row(line=number)
        for column in importer.columns:
            position = index.get(column.name)
            value = raw[position] if position is not None and position < len(raw) else None
            row.values[column.name] = _cell(column, value, row)
        if not row.errors:
            importer.clean_row(row, context)
        row.cells = [_shown(column, row.values.get(column.name)) for column in importer.columns]
        rows.append(row)
    try:
        importer.match(rows, context)
    except DatabaseError:
        raise
    return Preview(mapping=mapping, rows=rows)


def _shown(column: Column, value: Any) -> Any:
    """A cell as the preview shows it: a choice by its label, yes/no as 是/否."""
    if value is None:
        return "—"
    if value is True or value is False:
        return "是" if value else "否"
    if column.kind == "choice":
        return next((label for label, v in column.choices if v == value), value)
    if column.mask and isinstance(value, str):
        return mask(column.mask, value)
    return value


def problems(rows: Iterable[Row]) -> list[str]:
    return [f"第{row.line}行：{'；'.join(row.errors)}" for row in rows if row.errors]


@transaction.atomic
def confirm(
    importer: TableImporter, preview: Preview, *, actor, unit, **context: Any
) -> ImportResult:
    """Write every valid row through the line's services in one transaction and one summary
    audit row on `unit`; rows with errors are left out (and listed in the result). A service
    that refuses a row undoes the whole import: the preview showed a different outcome."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in preview.valid_rows:
        try:
            outcome = importer.write(row, actor=actor, context=context)
        except ValidationError as exc:
            raise ValidationError([f"第{row.line}行：{'；'.join(exc.messages)}"]) from exc
        counts[outcome] += 1
    skipped = problems(preview.rows)
    result = ImportResult(skipped=skipped, **counts)
    audit_record(
        actor=actor,
        action=importer.audit_action,
        obj=None,
        unit=unit,
        changes={**counts, "skipped": len(skipped)},
    )
    return result


# ---------------------------------------------------------------------------------------------
# Around the views


def stash(session, key: str, data: bytes, **context: Any) -> None:
    """Keep the previewed file (and e.g. the unit's id) in the session until it is confirmed."""
    session[key] = {"data": base64.b64encode(data).decode(), **context}


def unstash(session, key: str) -> tuple[bytes, dict[str, Any]] | None:
    stored = session.pop(key, None)
    if not stored:
        return None
    data = base64.b64decode(stored.pop("data"))
    return data, stored


def read_upload(upload) -> bytes:
    """An uploaded .xlsx's bytes, refused with a Chinese message when it is not one or too big."""
    if upload is None:
        raise ValidationError({"file": "请选择要导入的 .xlsx 文件。"})
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise ValidationError({"file": "只接受 .xlsx 文件。"})
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError({"file": f"文件过大，上限为 {limit // 1024 // 1024} MB。"})
    return upload.read()


def template_workbook(importer: TableImporter, example: Iterable[Any] = ()) -> Workbook:
    """The blank register to fill in: the headers (each with a comment saying what it takes)
    and an optional example row."""
    book = Workbook()
    headers = [c.label for c in importer.columns]
    example = list(example)
    sheet = add_sheet(
        book,
        importer.title,
        headers,
        [example] if example else [],
        [max(10, 2 * len(h) + 4) for h in headers],
        sheet=book.active,
    )
    for position, column in enumerate(importer.columns, start=1):
        note = column.help or _column_help(column)
        if note:
            sheet.cell(row=1, column=position).comment = Comment(note, "sifasuo")
    return book


def _column_help(column: Column) -> str:
    parts = ["必填" if column.required else "选填"]
    if column.kind == "date":
        parts.append("日期，如 2026-03-01")
    elif column.kind == "choice":
        parts.append("可填：" + "、".join(label for label, _ in column.choices))
    elif column.kind == "bool":
        parts.append("填“是”或“否”")
    elif column.kind in ("decimal", "int"):
        parts.append("数字")
    elif column.max_length:
        parts.append(f"不超过 {column.max_length} 字")
    return "；".join(parts)


def changed_fields(record: Any, values: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """The Chinese names of the fields in `values` that differ from `record`."""
    return [labels.get(n, n) for n, v in values.items() if getattr(record, n) != v]
