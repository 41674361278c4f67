"""The handling sheet (一案一单) of a matter, as PDF and .docx."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .models import Matter

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _facts(matter: Matter, requesters: list) -> list[tuple[str, str]]:
    return [
        ("查询码", matter.tracking_code),
        ("受理单位", matter.unit.name),
        ("来源渠道", matter.get_channel_display()),
        ("收到日期", matter.received_on.isoformat() if matter.received_on else "—"),
        ("事项类型", matter.get_matter_type_display()),
        ("申请人", "、".join(p.name for p in requesters)),
        ("对方当事人", matter.counterpart_names or "—"),
        ("事项简述", matter.narrative),
        ("承办人", str(matter.handler) if matter.handler else "—"),
        ("办理期限", matter.due_on.isoformat() if matter.due_on else "—"),
        ("当前状态", matter.get_state_display()),
    ]


def handling_sheet_docx(matter: Matter, requesters: list, steps: list) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(11)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("受理事项办理单")
    run.bold = True
    run.font.size = Pt(18)
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in _facts(matter, requesters):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_paragraph("办理过程")
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, label in zip(
        table.rows[0].cells, ["时间", "环节", "经办人", "单位", "结果/说明"], strict=True
    ):
        cell.text = label
    for step in steps:
        cells = table.add_row().cells
        values = [
            timezone.localtime(step.at).strftime("%Y-%m-%d %H:%M"),
            step.action,
            step.actor_name,
            step.unit_name,
            step.note,
        ]
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def handling_sheet_pdf(matter: Matter, requesters: list, steps: list) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "intake/handling_sheet.html",
        {"matter": matter, "facts": _facts(matter, requesters), "steps": steps},
    )
    return HTML(string=html).write_pdf()
