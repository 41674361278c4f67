"""统计报表 and the 工作总结 data sheet, built only on the lines' indicator declarations.

A statistics report has one sheet per business line: a row for each unit one level below the
unit reported on (a city's counties, a county's offices) and a total row for the unit itself
(its whole subtree), with the line's indicators as columns under their `group` headings. The
工作总结 data sheet quotes every indicator that declares a `phrase`, worded as a summary words
it. Every value comes from `core.indicators` (never from the records directly), so a faster way
of computing them serves these pages unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import exports, indicators, lines
from .apps import REPORT_ROLES
from .documents import OfficialDocument, pdf_from_html
from .indicators import Number, Period
from .models import OrgUnit, UnitKind
from .spreadsheet_cells import inert, inert_row

# The level a report's rows stand at, below each level of the hierarchy.
LEVEL_BELOW = {UnitKind.CITY: UnitKind.BUREAU, UnitKind.BUREAU: UnitKind.OFFICE}
REPORTED_KINDS = (UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def may_report(user) -> bool:
    return bool(user.is_superuser or user.role in REPORT_ROLES)


def shown(value: Number | None) -> str:
    """A value as a report prints it: whole numbers without decimals, amounts and rates with
    the decimals they have (at most two), no value as "—"."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return f"{number.quantize(Decimal('0.01')).normalize():f}"


def cell_value(value: Number | None):
    """A value as a spreadsheet cell holds it (a number stays a number)."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return value
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def units_below(root: OrgUnit) -> list[OrgUnit]:
    """The rows of a report on `root`: a city's counties, a county's offices, none for an office."""
    below = LEVEL_BELOW.get(UnitKind(root.kind))
    if below is None:
        return []
    return list(OrgUnit.objects.filter(parent=root, kind=below, is_active=True).order_by("path"))


def report_lines() -> list[lines.BusinessLine]:
    return [line for line in lines.lines() if line.indicators]


@dataclass
class Group:
    label: str
    columns: list[lines.Indicator] = field(default_factory=list)


@dataclass
class Row:
    unit: OrgUnit
    values: list[Number | None]
    is_total: bool = False

    @property
    def cells(self) -> list[str]:
        return [shown(value) for value in self.values]


@dataclass
class Sheet:
    """One line's statistical table."""

    line: lines.BusinessLine
    groups: list[Group]
    rows: list[Row]
    total: Row
    revisions: dict[str, list] = field(default_factory=dict)

    @property
    def columns(self) -> list[lines.Indicator]:
        return [column for group in self.groups for column in group.columns]

    @property
    def all_rows(self) -> list[Row]:
        return [*self.rows, self.total]

    def parts(self, width: int = 16) -> list[dict]:
        """The sheet cut, between groups, into tables of at most `width` columns (a wider group
        stays whole), each repeating the unit column: a printed page stays legible."""
        chunks: list[list[Group]] = []
        count = 0
        for group in self.groups:
            if not chunks or (count and count + len(group.columns) > width):
                chunks.append([])
                count = 0
            chunks[-1].append(group)
            count += len(group.columns)
        parts, start = [], 0
        for chunk in chunks:
            stop = start + sum(len(group.columns) for group in chunk)
            columns = [column for group in chunk for column in group.columns]
            rows = [(row, row.cells[start:stop]) for row in self.all_rows]
            parts.append({"groups": chunk, "columns": columns, "rows": rows})
            start = stop
        return parts


def grouped(line: lines.BusinessLine) -> list[Group]:
    """The line's indicators under their group headings: groups in the order they first appear,
    each group's columns in declaration order."""
    groups: dict[str, Group] = {}
    for indicator in line.indicators:
        label = str(indicator.group or line.name)
        groups.setdefault(label, Group(label)).columns.append(indicator)
    return list(groups.values())


def sheet_for(
    line: lines.BusinessLine,
    root: OrgUnit,
    period: Period,
    *,
    units: list[OrgUnit] | None = None,
    table: Mapping[int, Mapping[str, Any]] | None = None,
) -> Sheet:
    """The line's sheet: a row per unit below `root` and the total (from `table` when the
    values of every line were computed together)."""
    groups = grouped(line)
    columns = [column for group in groups for column in group.columns]
    codes = [column.code for column in columns]
    units = units_below(root) if units is None else units
    if table is None:
        table = indicators.values_for(codes, [*units, root], period)
    rows = [Row(unit, [table[unit.pk][code] for code in codes]) for unit in units]
    total = Row(root, [table[root.pk][code] for code in codes], is_total=True)
    revisions = {
        code: notes for code in codes if (notes := indicators.revised_within(code, period))
    }
    return Sheet(line, groups, rows, total, revisions)


def statistics_report(
    root: OrgUnit, period: Period, only: lines.BusinessLine | None = None
) -> list[Sheet]:
    chosen = [only] if only is not None else report_lines()
    units = units_below(root)
    # Every line's numbers in one evaluation: one grouped query over the summaries, one call
    # per other indicator, whatever the number of sheets.
    codes = [indicator.code for line in chosen for indicator in line.indicators]
    table = indicators.values_for(codes, [*units, root], period)
    return [sheet_for(line, root, period, units=units, table=table) for line in chosen]


# ---------------------------------------------------------------------------------------------
# Exports of the statistics report


def report_title(root: OrgUnit, period: Period) -> str:
    return f"{root.name}统计报表（{period.label}）"


def report_workbook(sheets: list[Sheet], root: OrgUnit, period: Period) -> Workbook:
    """One worksheet per line: group headings over the indicator columns, a row per unit and
    the total row; a last worksheet holds every column's definition."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _line_worksheet(book, sheet, root, period)
    notes = [
        (str(sheet.line.name), str(c.name), str(c.definition), str(c.unit))
        for sheet in sheets
        for c in sheet.columns
    ]
    exports.add_sheet(
        book, "指标说明", ["业务条线", "指标", "定义", "单位"], notes, [16, 24, 90, 8]
    )
    return book


def _line_worksheet(book: Workbook, sheet: Sheet, root: OrgUnit, period: Period) -> None:
    ws = book.create_sheet(_sheet_title(book, str(sheet.line.name)))
    ws.append(inert_row([f"{sheet.line.name} · {report_title(root, period)}"]))
    ws["A1"].font = Font(bold=True, size=13)
    group_row = ["单位"]
    for group in sheet.groups:
        group_row.extend([group.label] + [""] * (len(group.columns) - 1))
    ws.append(inert_row(group_row))
    ws.append(inert_row(["", *(f"{c.name}（{c.unit}）" for c in sheet.columns)]))
    column = 2
    for group in sheet.groups:
        if len(group.columns) > 1:
            ws.merge_cells(
                start_row=2,
                start_column=column,
                end_row=2,
                end_column=column + len(group.columns) - 1,
            )
        column += len(group.columns)
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    for header_row in (ws[2], ws[3]):
        for cell in header_row:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in sheet.all_rows:
        name = f"{row.unit.name}（合计）" if row.is_total else row.unit.name
        ws.append([inert(name), *(cell_value(value) for value in row.values)])
        if row.is_total:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 24
    for index in range(2, len(sheet.columns) + 2):
        ws.column_dimensions[get_column_letter(index)].width = 12
    ws.row_dimensions[3].height = 48
    ws.freeze_panes = "B4"


def _sheet_title(book: Workbook, name: str) -> str:
    # A worksheet's name: at most 31 characters, none of []:*?/\ , unique in the book.
    title = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    taken = set(book.sheetnames)
    candidate, n = title, 2
    while candidate in taken:
        candidate = f"{title[:28]}({n})"
        n += 1
    return candidate


def report_xlsx(sheets: list[Sheet], root: OrgUnit, period: Period) -> bytes:
    buffer = BytesIO()
    report_workbook(sheets, root, period).save(buffer)
    return buffer.getvalue()


def report_pdf(sheets: list[Sheet], root: OrgUnit, period: Period) -> bytes:
    html = render_to_string(
        "core/reports/report_pdf.html",
        {"sheets": sheets, "root": root, "period": period, "title": report_title(root, period)},
    )
    return pdf_from_html(html)


# ---------------------------------------------------------------------------------------------
# 工作总结 data sheet


@dataclass
class Quote:
    indicator: lines.Indicator
    value: Number | None

    @property
    def number(self) -> str:
        return shown(self.value)

    @property
    def before(self) -> str:
        return str(self.indicator.phrase).split("{}", 1)[0]

    @property
    def after(self) -> str:
        return str(self.indicator.phrase).split("{}", 1)[1]

    @property
    def text(self) -> str:
        return str(self.indicator.phrase).replace("{}", self.number, 1)


@dataclass
class SummaryLine:
    line: lines.BusinessLine
    quotes: list[Quote]

    @property
    def quoted(self) -> list[Quote]:
        """The phrases with a number (a rate without a denominator is left out)."""
        return [quote for quote in self.quotes if quote.value is not None]

    @property
    def text(self) -> str:
        """The line's numbers as one sentence: "列席有关会议1256次，提供法律意见建议1271条。"."""
        quoted = self.quoted
        return "，".join(quote.text for quote in quoted) + "。" if quoted else ""


def summary_sheet(root: OrgUnit, period: Period) -> list[SummaryLine]:
    """Every indicator with a phrase, by line, for the unit and everything below it."""
    phrased = [
        (line, [i for i in line.indicators if i.phrase])
        for line in report_lines()
        if any(i.phrase for i in line.indicators)
    ]
    codes = [i.code for _line, found in phrased for i in found]
    values = indicators.values_for(codes, [root], period)[root.pk]
    return [SummaryLine(line, [Quote(i, values[i.code]) for i in found]) for line, found in phrased]


def summary_title(root: OrgUnit, period: Period) -> str:
    return f"{root.name}工作总结数据（{period.label}）"


def summary_text(summary: list[SummaryLine]) -> str:
    """The copy-friendly block: one paragraph per line, "人民调解：……。"."""
    return "\n".join(f"{entry.line.name}：{entry.text}" for entry in summary if entry.text)


def summary_docx(summary: list[SummaryLine], root: OrgUnit, period: Period) -> bytes:
    document = OfficialDocument(summary_title(root, period), size=14, title_size=18)
    document.paragraph(
        f"以下数字由平台按{period.label}、{root.name}及所属单位的业务记录计算，"
        "各数字的统计口径见平台“指标说明”。",
        size=11,
    )
    for entry in summary:
        if not entry.text:
            continue
        document.paragraph(str(entry.line.name), bold=True)
        document.paragraph(entry.text)
    return document.to_bytes()
