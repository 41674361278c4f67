"""The handling sheet (一案一单) of a matter, as PDF and .docx."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from sifasuo.core.documents import OfficialDocument, pdf_from_html

from .models import Matter


def _facts(matter: Matter, requesters: list) -> list[tuple[str, str]]:
    return [
        ("查询码", matter.tracking_code),
        ("受理单位", matter.unit.name),
        ("来源渠道", matter.get_channel_display()),
        ("收到日期", matter.received_on.isoformat() if matter.received_on else "—"),
        ("事项类型", matter.get_matter_type_display()),
        ("申请人", "、".join(p.name for p in requesters)),
        ("对方当事人", matter.counterpart_names or "—"),
        ("标的额(元)", "—" if matter.amount is None else str(matter.amount)),
        ("事项简述", matter.narrative),
        ("承办人", str(matter.handler) if matter.handler else "—"),
        ("办理期限", matter.due_on.isoformat() if matter.due_on else "—"),
        ("当前状态", matter.get_state_display()),
    ]


def handling_sheet_docx(matter: Matter, requesters: list, steps: list) -> bytes:
    doc = OfficialDocument("受理事项办理单", size=11, title_size=18)
    doc.table(["项目", "内容"], _facts(matter, requesters))
    doc.paragraph("办理过程")
    doc.table(
        ["时间", "环节", "经办人", "单位", "结果/说明"],
        (
            (
                timezone.localtime(step.at).strftime("%Y-%m-%d %H:%M"),
                step.action,
                step.actor_name,
                step.unit_name,
                step.note,
            )
            for step in steps
        ),
    )
    return doc.to_bytes()


def handling_sheet_pdf(matter: Matter, requesters: list, steps: list) -> bytes:
    html = render_to_string(
        "intake/handling_sheet.html",
        {"matter": matter, "facts": _facts(matter, requesters), "steps": steps},
    )
    return pdf_from_html(html)
