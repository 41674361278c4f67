"""Excel ledgers of 一村（居）一法律顾问: the 服务台账, the yearly evaluation, the statistics."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook

from sifasuo.core.exports import add_sheet

from .models import AttachmentKind, LogKind, ServiceLog
from .selectors import Evaluation


def ledger_workbook(logs: Iterable[ServiceLog], *, title: str) -> Workbook:
    """服务台账: one row per log, with what is attached."""
    book = Workbook()
    headers = [
        "服务日期",
        "司法所",
        "村/社区",
        "法律顾问",
        "律师事务所",
        "服务类型",
        "服务人数",
        "服务内容",
        "村（居）请求",
        "签字确认单",
        "现场照片",
        "法律意见书",
        "上报事项查询码",
    ]
    rows = []
    for log in logs:
        kinds = {a.kind for a in log.attachments.all()}
        rows.append(
            [
                log.served_on,
                log.unit.name,
                log.village.name,
                log.appointment.lawyer_name,
                log.appointment.firm,
                log.get_kind_display(),
                log.people_served,
                log.content,
                log.request,
                "有" if AttachmentKind.SIGNATURE in kinds else "缺",
                "有" if AttachmentKind.PHOTO in kinds else "—",
                "有" if AttachmentKind.OPINION in kinds else "—",
                log.matter.tracking_code if log.matter else "",
            ]
        )
    sheet = add_sheet(
        book,
        title,
        headers,
        rows,
        [12, 16, 14, 10, 22, 14, 8, 50, 30, 10, 10, 10, 14],
        sheet=book.active,
    )
    for row in sheet.iter_rows(min_row=2, max_col=1):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    return book


def evaluation_workbook(rows: Iterable[Evaluation], *, title: str) -> Workbook:
    book = Workbook()
    headers = [
        "司法所",
        "法律顾问",
        "律师事务所",
        "执业证号",
        "聘任村（居）数",
        "入村服务次数",
        *[str(label) for _, label in LogKind.choices],
        "服务人数",
        "未到村（居）",
        "平均评分",
        "评议等次",
        "服务费合计（元）",
    ]
    data = [
        [
            r.office,
            r.name,
            r.firm,
            r.license_no,
            len(r.villages),
            r.visits,
            *[r.kind_count(kind) for kind, _ in LogKind.choices],
            r.people,
            "、".join(r.unvisited),
            r.average_score if r.average_score is not None else "",
            r.grade_text,
            r.fee,
        ]
        for r in rows
    ]
    add_sheet(book, title, headers, data, [16, 10, 22, 20] + [10] * 13, sheet=book.active)
    return book
