"""Documents of a mediation case: the 人民调解协议书 (.docx), the ledger (.xlsx), the 卷宗 (PDF)."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone

from sifasuo.core import exports
from sifasuo.core.documents import OfficialDocument, cn_date, pdf_from_html
from sifasuo.core.personal_data import person_facts

from .models import Case, Side, TerminationReason


def _party_line(party) -> str:
    """当事人的基本情况 (人民调解法 第二十九条第一项): 性别、民族、出生日期、身份证号、住址.
    性别、出生日期 come from the ID number when it is readable (a masked copy has none); 民族 is
    recorded on the case."""
    parts = [party.name]
    facts = person_facts(party.id_number)
    gender = party.get_gender_display() or facts.get("gender", "")
    if gender:
        parts.append(gender)
    ethnicity = getattr(party, "ethnicity", "")
    if ethnicity:
        parts.append(ethnicity if ethnicity.endswith("族") else f"{ethnicity}族")
    if facts.get("birth_date"):
        parts.append(f"{cn_date(facts['birth_date'])}出生")
    if party.id_number:
        parts.append(f"身份证号：{party.id_number}")
    if party.credit_code:
        parts.append(f"统一社会信用代码：{party.credit_code}")
    if party.address:
        parts.append(f"住址：{party.address}")
    if party.phone:
        parts.append(f"联系电话：{party.phone}")
    return "，".join(parts)


# 人民调解法 第二十九条第二款.
TAKES_EFFECT = (
    "本协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效"
    "（《中华人民共和国人民调解法》第二十九条第二款）。"
)


def effect_text(case: Case) -> str:
    """When the agreement took effect and until when 司法确认 may be applied for. An oral agreement
    written down later took effect when it was reached (人民调解法 第三十条)."""
    if case.agreement_oral:
        return (
            f"本协议书系各方当事人于{cn_date(case.agreement_on)}达成的口头调解协议的书面文本"
            "（《中华人民共和国人民调解法》第二十八条），该口头调解协议自各方当事人达成协议之日起"
            "生效（第三十条）。各方当事人认为有必要的，可以自该日起三十日内共同向人民法院申请司法"
            "确认（第三十三条）。"
        )
    return (
        TAKES_EFFECT + "各方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院"
        "申请司法确认（第三十三条）。"
    )


def agreement_date(case: Case):
    """The date the 协议书 itself bears: the day it was written."""
    return case.agreement_written_on or case.agreement_on


def agreement_docx(case: Case, parties: dict[str, list]) -> bytes:
    """人民调解协议书 in the standard layout (司法部 文书格式)."""
    doc = OfficialDocument("人民调解协议书", number=f"编号：{case.number}", number_align="right")
    for side, label in ((Side.APPLICANT, "当事人（甲方）"), (Side.RESPONDENT, "当事人（乙方）")):
        for party in parties.get(side, []):
            doc.paragraph(f"{label}：{_party_line(party)}")
    doc.paragraph(f"纠纷类型：{case.get_dispute_type_display()}")
    doc.paragraph("纠纷主要事实、争议事项：")
    doc.lines(case.summary)
    doc.paragraph("经调解，自愿达成如下协议：")
    doc.lines(case.agreement_terms)
    doc.paragraph("履行方式、时限：按上述协议约定履行。")
    doc.paragraph(effect_text(case))
    everyone = parties.get(Side.APPLICANT, []) + parties.get(Side.RESPONDENT, [])
    doc.paragraph(f"本协议书一式{len(everyone) + 1}份，当事人各执一份，人民调解委员会留存一份。")
    doc.paragraph("")
    for party in everyone:
        doc.paragraph(f"当事人（签名、盖章或者按指印）：{party.name}  ____________")
    doc.paragraph("人民调解员（签名）：" + "、".join(str(m) for m in case.mediators.all()))
    doc.signature(f"{case.committee_name}（印章）", date=agreement_date(case))
    return doc.to_bytes()


def confirmation_application_docx(case: Case, parties: dict[str, list], court: str = "") -> bytes:
    """司法确认申请书: the parties' joint application to the court (人民调解法 第三十三条)."""
    doc = OfficialDocument("司法确认申请书")
    everyone = parties.get(Side.APPLICANT, []) + parties.get(Side.RESPONDENT, [])
    for party in everyone:
        doc.paragraph(f"申请人：{_party_line(party)}")
    agreed_text = cn_date(case.agreement_on, "____年__月__日")
    doc.paragraph("请求事项：")
    doc.paragraph(
        f"请求人民法院确认申请人于{agreed_text}经{case.committee_name}主持调解达成的"
        f"人民调解协议（编号：{case.number}）有效。"
    )
    doc.paragraph("事实和理由：")
    doc.paragraph(
        f"申请人之间因{case.get_dispute_type_display()}纠纷，经{case.committee_name}主持调解，"
        f"于{agreed_text}自愿达成调解协议。协议内容不违反法律、行政法规的强制性规定，"
        "不损害国家利益、社会公共利益和他人合法权益。申请人出于解决纠纷的目的自愿达成协议，"
        "没有恶意串通、规避法律的行为。现依照《中华人民共和国人民调解法》第三十三条的规定，"
        "共同申请司法确认。"
    )
    if case.due_on:
        doc.paragraph(f"（申请期限：自调解协议生效之日起三十日内，即{cn_date(case.due_on)}前。）")
    doc.paragraph("此致")
    doc.paragraph(court or case.confirmation_court or "________人民法院")
    doc.paragraph("附：人民调解协议书一份")
    for party in everyone:
        doc.paragraph(f"申请人（签名、盖章或者按指印）：{party.name}  ____________")
    doc.paragraph(cn_date(None), align="right")
    return doc.to_bytes()


def termination_notice_docx(case: Case, parties: dict[str, list]) -> bytes:
    """终止人民调解告知书: at 终止 the parties are told they may use 仲裁、行政、司法 routes
    (人民调解法 第二十六条); a party's express refusal ends the case before it starts (第十七条)."""
    doc = OfficialDocument(
        "终止人民调解告知书", number=f"编号：{case.number}", number_align="right"
    )
    everyone = parties.get(Side.APPLICANT, []) + parties.get(Side.RESPONDENT, [])
    doc.paragraph("、".join(p.name for p in everyone) + "：")
    kind = case.get_dispute_type_display()
    if case.termination_reason == TerminationReason.PARTY_REFUSED:
        doc.paragraph(
            f"你们之间的{kind}纠纷，{case.termination_text}。依照《中华人民共和国人民调解法》"
            f"第十七条“当事人一方明确拒绝调解的，不得调解”的规定，{case.committee_name}"
            "不再调解该纠纷。"
        )
    else:
        doc.paragraph(
            f"你们之间的{kind}纠纷，经{case.committee_name}调解，"
            f"因{case.get_termination_reason_display()}（{case.termination_text}），"
            "依照《中华人民共和国人民调解法》第二十六条的规定，终止调解。"
        )
    doc.paragraph(
        "当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（《中华人民共和国人民调解法》"
        "第二十六条）。"
    )
    doc.paragraph("特此告知。")
    doc.signature(f"{case.committee_name}（印章）", date=case.termination_notified_on)
    doc.paragraph("")
    for party in everyone:
        doc.paragraph(f"当事人签收：{party.name}  ____________    年  月  日")
    return doc.to_bytes()


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
    return exports.workbook(
        "人民调解案件登记台账",
        LEDGER_HEADERS,
        rows,
        [28, 12, 14, 10, 16, 16, 12, 20, 16, 8, 8, 12, 14, 8, 12],
    )


def case_file_pdf(case: Case, context: dict) -> bytes:
    """卷宗: cover, index and every document in order, as one PDF."""
    context = {**agreement_context(case, context["parties"]), **context}
    html = render_to_string("mediation/case_file.html", context)
    return pdf_from_html(html)


def agreement_context(case: Case, parties: dict[str, list]) -> dict:
    """What the PDF agreement (and the 卷宗 that includes it) prints."""
    return {
        "case": case,
        "parties": parties,
        "party_lines": {side: [_party_line(p) for p in people] for side, people in parties.items()},
        "effect_text": effect_text(case),
        "agreement_date": agreement_date(case),
        "mediators": list(case.mediators.all()),
    }


def agreement_pdf(case: Case, parties: dict[str, list]) -> bytes:
    html = render_to_string("mediation/agreement.html", agreement_context(case, parties))
    return pdf_from_html(html)


STATISTICS_TABLES = (
    ("by_unit", "按单位", "单位", "unit__name"),
    ("by_type", "按纠纷类型", "纠纷类型", "label"),
    ("by_committee", "按调解组织", "调解组织", "label"),
    ("by_stage", "按阶段结果", "阶段/结果", "label"),
    ("by_channel", "按来源渠道", "来源渠道", "label"),
    ("by_termination", "按终止原因", "终止原因", "label"),
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
        ("当事人拒绝调解（第十七条）", totals["party_refused"]),
        ("涉及金额(元)", float(totals["amount"])),
        ("申请司法确认", totals["confirmation_applied"]),
        ("司法确认有效", totals["confirmed"]),
        ("红色风险", totals["red"]),
        ("黄色风险", totals["yellow"]),
        ("绿色风险", totals["green"]),
    ]
    book = exports.workbook("总体", ["项目", "数值"], overview, [22, 40])
    for key, sheet, heading, field in STATISTICS_TABLES:
        rows = [(str(row[field]), row["n"]) for row in stats[key]]
        exports.add_sheet(book, sheet, [heading, "案件数"], rows, [28, 10])
    months = [
        (timezone.localtime(row["month"]).strftime("%Y-%m"), row["n"]) for row in stats["by_month"]
    ]
    exports.add_sheet(book, "按月份", ["月份", "案件数"], months, [12, 10])
    return book
