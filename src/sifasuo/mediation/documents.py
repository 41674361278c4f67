"""Documents of a mediation case: the 人民调解协议书 (.docx), the ledger (.xlsx), the 卷宗 (PDF)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from sifasuo.core import exports

from .models import Case, Side

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _party_line(party) -> str:
    parts = [party.name]
    if party.get_gender_display():
        parts.append(party.get_gender_display())
    if party.id_number:
        parts.append(f"身份证号：{party.id_number}")
    if party.credit_code:
        parts.append(f"统一社会信用代码：{party.credit_code}")
    if party.address:
        parts.append(f"住所：{party.address}")
    if party.phone:
        parts.append(f"联系电话：{party.phone}")
    return "，".join(parts)


def agreement_docx(case: Case, parties: dict[str, list]) -> bytes:
    """人民调解协议书 in the standard layout (司法部 文书格式)."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(14)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("人民调解协议书")
    run.bold = True
    run.font.size = Pt(22)
    number = doc.add_paragraph(f"编号：{case.number}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    for side, label in ((Side.APPLICANT, "当事人（甲方）"), (Side.RESPONDENT, "当事人（乙方）")):
        for party in parties.get(side, []):
            doc.add_paragraph(f"{label}：{_party_line(party)}")
    doc.add_paragraph(f"纠纷类型：{case.get_dispute_type_display()}")
    doc.add_paragraph("纠纷主要事实、争议事项：")
    doc.add_paragraph(case.summary)
    doc.add_paragraph("经调解，自愿达成如下协议：")
    for line in case.agreement_terms.splitlines():
        if line.strip():
            doc.add_paragraph(line.strip())
    doc.add_paragraph("履行方式、时限：按上述协议约定履行。")
    doc.add_paragraph(
        "本协议经双方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章后生效。"
        "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。"
    )
    count = len(parties.get(Side.APPLICANT, [])) + len(parties.get(Side.RESPONDENT, [])) + 1
    doc.add_paragraph(f"本协议一式{count}份，当事人、人民调解委员会各持一份。")
    doc.add_paragraph("")
    doc.add_paragraph("当事人（签名或盖章）：")
    doc.add_paragraph("人民调解员（签名）：" + "、".join(str(m) for m in case.mediators.all()))
    sign = doc.add_paragraph(f"{case.committee_name}（印章）")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if case.agreement_on:
        date = doc.add_paragraph(
            f"{case.agreement_on.year}年{case.agreement_on.month}月{case.agreement_on.day}日"
        )
        date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def confirmation_application_docx(case: Case, parties: dict[str, list], court: str = "") -> bytes:
    """司法确认申请书: the parties' joint application to the court (人民调解法 第三十三条)."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(14)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("司法确认申请书")
    run.bold = True
    run.font.size = Pt(22)
    everyone = parties.get(Side.APPLICANT, []) + parties.get(Side.RESPONDENT, [])
    for party in everyone:
        doc.add_paragraph(f"申请人：{_party_line(party)}")
    agreed = case.agreement_on
    agreed_text = f"{agreed.year}年{agreed.month}月{agreed.day}日" if agreed else "____年__月__日"
    doc.add_paragraph("请求事项：")
    doc.add_paragraph(
        f"请求人民法院确认申请人于{agreed_text}经{case.committee_name}主持调解达成的"
        f"人民调解协议（编号：{case.number}）有效。"
    )
    doc.add_paragraph("事实和理由：")
    doc.add_paragraph(
        f"申请人之间因{case.get_dispute_type_display()}纠纷，经{case.committee_name}主持调解，"
        f"于{agreed_text}自愿达成调解协议。协议内容不违反法律、行政法规的强制性规定，"
        "不损害国家利益、社会公共利益和他人合法权益。申请人出于解决纠纷的目的自愿达成协议，"
        "没有恶意串通、规避法律的行为。现依照《中华人民共和国人民调解法》第三十三条的规定，"
        "共同申请司法确认。"
    )
    if case.due_on:
        doc.add_paragraph(
            f"（申请期限：自调解协议生效之日起三十日内，即{case.due_on.year}年"
            f"{case.due_on.month}月{case.due_on.day}日前。）"
        )
    doc.add_paragraph("此致")
    doc.add_paragraph(court or case.confirmation_court or "________人民法院")
    doc.add_paragraph("附：人民调解协议书一份")
    doc.add_paragraph("申请人（签名或盖章）：")
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


LEDGER_HEADERS = [
    "案号",
    "立案日期",
    "所属司法所",
    "纠纷类型",
    "申请人",
    "被申请人",
    "涉及金额(元)",
    "调解组织",
    "调解员",
    "服务方式",
    "阶段",
    "协议日期",
    "司法确认",
    "风险等级",
    "结案日期",
]


def ledger_xlsx(cases: Iterable[Case]):
    """人民调解案件登记台账. Party names come prefetched with the cases."""
    rows = []
    for case in cases:
        applicants = [
            link.party.name for link in case.party_links.all() if link.side == Side.APPLICANT
        ]
        respondents = [
            link.party.name for link in case.party_links.all() if link.side == Side.RESPONDENT
        ]
        rows.append(
            [
                case.number,
                timezone.localtime(case.created_at).date(),
                case.unit.name,
                case.get_dispute_type_display(),
                "、".join(applicants),
                "、".join(respondents),
                float(case.amount),
                case.committee_name,
                "、".join(str(m) for m in case.mediators.all()),
                case.get_service_mode_display(),
                case.get_stage_display(),
                case.agreement_on,
                case.get_confirmation_display() if case.confirmation else "",
                case.get_risk_grade_display(),
                timezone.localtime(case.closed_at).date() if case.closed_at else None,
            ]
        )
    return exports._workbook(
        "人民调解案件登记台账",
        LEDGER_HEADERS,
        rows,
        [28, 12, 14, 10, 16, 16, 12, 20, 16, 8, 8, 12, 14, 8, 12],
    )


def case_file_pdf(case: Case, context: dict) -> bytes:
    """卷宗: cover, index and every document in order, as one PDF."""
    from weasyprint import HTML

    html = render_to_string("mediation/case_file.html", {"case": case, **context})
    return HTML(string=html).write_pdf()


def agreement_pdf(case: Case, parties: dict[str, list]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "mediation/agreement.html",
        {"case": case, "parties": parties, "mediators": list(case.mediators.all())},
    )
    return HTML(string=html).write_pdf()


STATISTICS_TABLES = (
    ("by_unit", "按单位", "单位", "unit__name"),
    ("by_type", "按纠纷类型", "纠纷类型", "label"),
    ("by_committee", "按调解组织", "调解组织", "label"),
    ("by_stage", "按阶段结果", "阶段/结果", "label"),
    ("by_channel", "按来源渠道", "来源渠道", "label"),
)


def statistics_xlsx(stats: dict, *, title: str):
    """The statistics page as a workbook: the totals, then one sheet per breakdown."""
    totals = stats["totals"]
    rate = totals["success_rate"]
    overview = [
        ("统计范围", title),
        ("案件总数", totals["total"]),
        ("调解成功", totals["success"]),
        ("调解成功率(%)", rate if rate is not None else "—"),
        ("已结案（归档/终止）", totals["closed"]),
        ("涉及金额(元)", float(totals["amount"])),
        ("申请司法确认", totals["confirmation_applied"]),
        ("司法确认有效", totals["confirmed"]),
        ("红色风险", totals["red"]),
        ("黄色风险", totals["yellow"]),
        ("绿色风险", totals["green"]),
    ]
    book = exports._workbook("总体", ["项目", "数值"], overview, [22, 40])
    for key, sheet, heading, field in STATISTICS_TABLES:
        rows = [(str(row[field]), row["n"]) for row in stats[key]]
        exports.add_sheet(book, sheet, [heading, "案件数"], rows, [28, 10])
    months = [
        (timezone.localtime(row["month"]).strftime("%Y-%m"), row["n"]) for row in stats["by_month"]
    ]
    exports.add_sheet(book, "按月份", ["月份", "案件数"], months, [12, 10])
    return book
