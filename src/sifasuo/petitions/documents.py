"""The 一案一单 sheet of a petition (.docx and PDF) and the statistics workbook."""

from __future__ import annotations

from django.template.loader import render_to_string

from sifasuo.core import exports
from sifasuo.core.documents import OfficialDocument, cn_date, pdf_from_html

from .models import Petition, TimeLimit


def _day(value) -> str:
    return value.isoformat() if value else "—"


def _limit_row(limit: TimeLimit) -> tuple[str, str, str, str, str]:
    state = "进行中" if limit.done_on is None else ("按期" if limit.met else "逾期")
    due = _day(limit.due_on) + ("（暂定）" if limit.due_provisional else "")
    due += "（已延长）" if limit.due_extended else ""
    return (limit.get_kind_display(), limit.due_basis, due, _day(limit.done_on), state)


def sheet_sections(petition: Petition, petitioner, limits, meetings) -> dict:
    """What the sheet prints: the facts, the periods, the meetings and the steps' results."""
    facts = [
        ("编号", petition.number),
        ("司法所", petition.unit.name),
        ("信访人", petitioner.name),
        ("联系电话", petitioner.phone or "—"),
        ("住址", petitioner.address or "—"),
        ("信访人数", f"{petition.headcount}人"),
        (
            "信访次数",
            f"第{petition.visit_number}次"
            + (f"（前次：{petition.repeat_of.number}）" if petition.repeat_of_id else ""),
        ),
        ("来源", petition.source_label),
        ("信访形式", petition.get_channel_display()),
        ("收到转送、交办日期" if petition.is_forwarded else "收到日期", _day(petition.received_on)),
        ("事项类别", petition.get_kind_display()),
        ("办理途径", petition.get_route_display() if petition.route else "—"),
        ("信访请求及事实理由", petition.request),
        ("包案领导", petition.lead_label or "—"),
        ("责任部门", petition.department.name if petition.department_id else "—"),
        ("承办人", str(petition.handler)),
        ("风险等级", petition.get_risk_grade_display()),
        ("稳控化解措施", petition.control_plan or "—"),
    ]
    answer = ""
    if petition.objection_answered_on:
        answer = ("核实同意异议：" if petition.objection_agreed else "不同意异议：") + (
            petition.objection_answer
        )
        if petition.materials_returned_on:
            answer += f"；{_day(petition.materials_returned_on)}交还相关材料"
            answer += f"（{petition.materials_note}）" if petition.materials_note else ""
    steps = [
        ("提出异议", _day(petition.objected_on), petition.objection_reasons),
        ("异议核实", _day(petition.objection_answered_on), answer),
        ("书面告知", _day(petition.notified_on), petition.notice_text),
        ("延期理由", "", petition.extension_reason),
        (
            "书面答复",
            _day(petition.replied_on),
            (f"{petition.get_reply_opinion_display()}：" if petition.reply_opinion else "")
            + petition.reply_text,
        ),
        (
            "复查",
            _day(petition.review_decided_on),
            (
                f"{petition.review_body} {petition.get_review_result_display()}："
                if petition.review_body
                else ""
            )
            + petition.review_text,
        ),
        (
            "复核",
            _day(petition.recheck_decided_on),
            (
                f"{petition.recheck_body} {petition.get_recheck_result_display()}："
                if petition.recheck_body
                else ""
            )
            + petition.recheck_text,
        ),
        (
            "结案",
            _day(petition.closed_on),
            (
                f"{petition.get_outcome_display()}；评价：{petition.get_satisfaction_display()}；"
                f"{'已息访息诉' if petition.settled else '未息访'}。{petition.closing_note}"
                if petition.outcome
                else ""
            ),
        ),
    ]
    return {
        "facts": facts,
        "limits": [_limit_row(limit) for limit in limits],
        "meetings": [
            (
                _day(m.held_on),
                "、".join(p.name for p in m.partners.all()),
                m.attendees,
                m.conclusions,
            )
            for m in meetings
        ],
        "steps": [step for step in steps if step[1] != "—" or step[2]],
    }


def sheet_docx(petition: Petition, sections: dict) -> bytes:
    doc = OfficialDocument("信访事项一案一单", number=petition.number, size=11, title_size=18)
    doc.table(["项目", "内容"], sections["facts"])
    doc.paragraph("法定期限", bold=True)
    doc.table(["期限", "依据", "届满日", "完成日", "情况"], sections["limits"])
    doc.paragraph("联席会议", bold=True)
    doc.table(
        ["日期", "参会协作单位", "参会人员", "议定事项"], sections["meetings"] or [("—",) * 4]
    )
    doc.paragraph("办理情况", bold=True)
    doc.table(["环节", "日期", "内容"], sections["steps"] or [("—",) * 3])
    doc.signature(
        f"包案领导：{petition.lead_label or '          '}",
        f"承办人：{petition.handler}",
        date=None,
    )
    return doc.to_bytes()


def sheet_pdf(petition: Petition, sections: dict) -> bytes:
    html = render_to_string(
        "petitions/sheet.html", {"petition": petition, "today": cn_date(None), **sections}
    )
    return pdf_from_html(html)


def statistics_xlsx(*, title: str, indicator_rows: list, unit_rows: list, headers: list, tables):
    """The statistics page as a workbook: the indicators, per unit, then the breakdowns."""
    rows = [("统计范围", title, "", ""), *indicator_rows]
    book = exports.workbook("指标", ["指标", "数值", "单位", "定义"], rows, [22, 30, 6, 80])
    exports.add_sheet(book, "按单位", ["单位", *headers], unit_rows, [24] + [12] * len(headers))
    for sheet, rows in tables:
        exports.add_sheet(book, sheet, [sheet.removeprefix("按"), "件数"], rows, [28, 10])
    return book
