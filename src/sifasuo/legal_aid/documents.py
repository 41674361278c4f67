"""Legal-aid documents: the statistics workbook (.xlsx) with the units side by side and each
breakdown, and the written notice of a refusal (.docx)."""

from __future__ import annotations

from openpyxl import Workbook

from sifasuo.core.documents import OfficialDocument, cn_date
from sifasuo.core.exports import add_sheet
from sifasuo.core.personal_data import mask

from .selectors import COLUMNS


def statistics_xlsx(stats: dict, *, title: str) -> Workbook:
    """`title` names the workbook's scope; it is the file name the view gives."""
    book = Workbook()
    headers = ["单位", *(label for _key, label in COLUMNS)]
    rows = [[row["unit__name"], *(row[key] for key, _label in COLUMNS)] for row in stats["by_unit"]]
    rows.append(["合计", *(stats["totals"][key] for key, _label in COLUMNS)])
    add_sheet(book, "按单位", headers, rows, [28] + [12] * len(COLUMNS), sheet=book.active)
    for name, key in (
        ("按事项类别", "by_kind"),
        ("按人群", "by_group"),
        ("按经济状况", "by_means"),
        ("按审查决定", "by_decision"),
        ("按结案方式", "by_outcome"),
        ("按回访结果", "by_satisfaction"),
        ("按状态", "by_status"),
    ):
        add_sheet(book, name, [name.removeprefix("按"), "件数"], stats[key], [40, 10])
    return book


def refusal_notice_docx(app) -> bytes:
    """不予法律援助决定书: a refusal is told to the applicant in writing with its reasons
    (法律援助法 第四十三条第一款), with the way to object (第四十九条)."""
    centre = app.centre.name if app.centre else "法律援助中心"
    bureau = app.centre.parent.name if app.centre and app.centre.parent else "司法行政部门"
    doc = OfficialDocument("不予法律援助决定书", number=f"编号：{app.number}", number_align="right")
    doc.paragraph(f"{app.applicant.name}：")
    doc.paragraph(
        f"你于{cn_date(app.received_on)}经{app.unit.name}提出的法律援助申请"
        f"（{app.get_matter_kind_display()}：{app.summary}），本中心于"
        f"{cn_date(app.centre_received_on)}收到。经审查，决定不给予法律援助。"
    )
    doc.paragraph(f"理由：{app.decision_reason}")
    doc.paragraph(
        "依照《中华人民共和国法律援助法》第四十三条第一款的规定，特此书面告知。"
        f"你对本决定有异议的，可以向{bureau}提出（《中华人民共和国法律援助法》第四十九条第一款）；"
        "司法行政部门应当自收到异议之日起五日内进行审查，作出维持法律援助机构决定或者责令法律援助"
        "机构改正的决定（第四十九条第二款）。"
    )
    doc.signature(f"{centre}（印章）", date=app.decision_on)
    doc.paragraph("")
    doc.paragraph(f"申请人签收：{app.applicant.name}  ____________    年  月  日")
    return doc.to_bytes()


LEDGER_HEADERS = [
    "编号",
    "受理司法所",
    "受理日期",
    "申请人",
    "联系电话",
    "事项类别",
    "申请事项（第三十一条）",
    "人群类别",
    "经济状况",
    "免予核查情形（第四十二条）",
    "状态",
    "转交日期",
    "转交期限",
    "中心收到日期",
    "审查决定",
    "决定日期",
    "决定期限",
    "指派日期",
    "法律援助人员",
    "结案方式",
    "结案日期",
    "回访结果",
]


def ledger_xlsx(apps) -> Workbook:
    """法律援助申请登记台账; phone numbers leave masked (an export cannot be audited later)."""
    rows = (
        [
            app.number,
            app.unit.name,
            app.received_on,
            app.applicant.name,
            mask("phone", app.applicant.phone or ""),
            app.get_matter_kind_display(),
            app.get_art31_item_display() if app.art31_item else "",
            "、".join(app.groups),
            app.get_means_basis_display(),
            app.get_exemption_item_display() if app.exemption_item else "",
            app.get_status_display(),
            app.forwarded_on,
            app.forward_due_on,
            app.centre_received_on,
            app.get_decision_display() if app.decision else "",
            app.decision_on,
            app.decide_due_on,
            app.assigned_on,
            app.lawyer,
            app.get_outcome_display() if app.outcome else "",
            app.closed_on,
            app.get_satisfaction_display() if app.satisfaction else "",
        ]
        for app in apps
    )
    book = Workbook()
    widths = [30, 14, 12, 10, 14, 8, 30, 16, 26, 30, 16] + [12] * 11
    add_sheet(book, "法律援助申请登记台账", LEDGER_HEADERS, rows, widths, sheet=book.active)
    return book
