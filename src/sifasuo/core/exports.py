"""Excel ledgers (.xlsx) of the core: the overdue-items ledger and the staff roster.

Personal numbers leave the platform masked: an export is a copy nobody can audit afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import deadline_service
from .models import Staff, WorkItem
from .personal_data import mask
from .spreadsheet_cells import inert_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int]):
    """A new workbook whose one sheet is `add_sheet(title, headers, rows, widths)`."""
    book = Workbook()
    add_sheet(book, title, headers, rows, widths, sheet=book.active)
    return book


def add_sheet(
    book: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int],
    *,
    sheet=None,
):
    """A sheet with a bold, shaded header row that stays in view; text that starts like a formula
    is written as text (see spreadsheet_cells)."""
    sheet = sheet if sheet is not None else book.create_sheet()
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append(inert_row(row))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def overdue_ledger(items: Iterable[WorkItem], *, today: dt.date | None = None) -> Workbook:
    """超期事项台账: one row per overdue open item."""
    today = today or deadline_service.today()
    headers = [
        _("单位"),
        _("事项"),
        _("承办人"),
        _("起算日"),
        _("截止日"),
        _("超期天数"),
        _("法律依据"),
    ]
    rows = (
        [
            item.unit.name,
            item.title,
            str(item.assignee) if item.assignee else "",
            item.due_start,
            item.due_on,
            (today - item.due_on).days,
            item.due_basis,
        ]
        for item in items
    )
    book = workbook(_("超期事项台账"), headers, rows, [18, 36, 12, 12, 12, 10, 36])
    for row in book.active.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    return book


def staff_roster(
    staff: Iterable[Staff], *, year: int | None = None, clear: bool = False
) -> Workbook:
    """工作人员名册, with ID numbers and phones masked."""
    year = year or deadline_service.today().year
    yes, no = _("是"), _("否")
    headers = [
        _("姓名"),
        _("单位"),
        _("岗位"),
        _("人员性质"),
        _("性别"),
        _("年龄"),
        _("学历"),
        _("法学专业"),
        _("法律职业资格"),
        _("身份证号"),
        _("联系电话"),
        _("在岗"),
    ]
    rows = (
        [
            person.name,
            person.unit.name,
            person.get_post_display(),
            person.get_employment_display(),
            person.get_gender_display(),
            year - person.birth_year,
            person.get_education_display(),
            yes if person.law_major else no,
            yes if person.legal_qualification else no,
            person.id_number if clear else mask("id_number", person.id_number),
            person.phone if clear else mask("phone", person.phone),
            yes if person.is_active else no,
        ]
        for person in staff
    )
    return workbook(_("工作人员名册"), headers, rows, [10, 18, 16, 14, 6, 6, 10, 8, 12, 22, 16, 6])
