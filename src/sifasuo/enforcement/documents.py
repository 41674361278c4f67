"""The 评查意见 (.docx) issued to the department."""

from __future__ import annotations

from sifasuo.core.documents import DOCX, OfficialDocument, cn_date

from .models import Evaluation, Section

__all__ = ["DOCX", "opinion_docx"]


def opinion_docx(evaluation: Evaluation) -> bytes:
    case = evaluation.case
    standard = evaluation.standard
    document = OfficialDocument("行政执法案卷评查意见书", number=evaluation.opinion_number)
    document.paragraph(f"{case.department.name}：")
    document.paragraph(
        f"依据《{standard.title}》（第{standard.version}版），评查组对你单位办理的"
        f"{case.number}（{case.title}，当事人{case.party_name}）{case.get_kind_display()}案卷"
        f"进行了评查，意见如下："
    )
    verdict = evaluation.get_grade_display()
    if evaluation.vetoed:
        verdict += "（触及否决项）"
    document.paragraph(
        f"一、评查结论：{verdict}。卷面得分{evaluation.form_score}分，内容得分"
        f"{evaluation.content_score}分，合计{evaluation.total}分。"
    )
    agreed = [m for m in evaluation.marks.all() if m.sheet_id is None]
    items = {i.pk: i for i in standard.items.all()}
    rows = []
    for mark in sorted(agreed, key=lambda m: items[m.item_id].seq):
        item = items[mark.item_id]
        from .scoring import Item, deduction

        lost = deduction(Item(item.pk, item.section, item.step, item.cap), mark.hits)
        rows.append(
            [
                Section(item.section).label,
                item.text,
                mark.hits,
                "否决" if item.section == Section.VETO else str(lost),
                mark.note,
                item.basis,
            ]
        )
    document.paragraph("二、发现的问题：")
    if rows:
        document.table(["类别", "评查内容", "问题处数", "扣分", "问题说明", "依据"], rows)
    else:
        document.paragraph("未发现扣分问题。")
    document.paragraph("三、评查意见：")
    document.lines(evaluation.opinion_text)
    rectifications = list(evaluation.rectifications.all())
    if rectifications:
        document.paragraph("四、整改要求：请按期完成下列整改，并将整改情况反馈司法所。")
        document.table(
            ["序号", "整改事项", "整改期限"],
            [[r.seq, r.text, cn_date(r.due_on)] for r in rectifications],
        )
    reviewers = "、".join(str(s.reviewer) for s in evaluation.sheets.all())
    document.paragraph(f"评查人员：{reviewers}；合议确认人：{evaluation.agreed_by}。")
    document.signature(evaluation.unit.name, date=evaluation.issued_on)
    return document.to_bytes()
