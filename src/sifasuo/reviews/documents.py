"""The 合法性审查意见书 as .docx and the review register (合法性审查台账) as .xlsx."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from sifasuo.core import deadline_service
from sifasuo.core.documents import OfficialDocument, cn_date, pdf_from_html
from sifasuo.core.exports import workbook

from .models import Conclusion, Review, ReviewStatus


def _date(value) -> str:
    return cn_date(value, "—")


def opinion_docx(review: Review) -> bytes:
    """合法性审查意见书 of a review with an opinion."""
    document = OfficialDocument(
        _("合法性审查意见书"),
        number=f"{review.unit.name}审〔{review.submitted_on.year}〕{review.pk}号",
    )
    if review.signer is not None:
        document.paragraph(_("签发人：%s") % review.signer, align="right")
    elif review.status == ReviewStatus.AWAITING_SIGN_OFF:
        document.paragraph(_("（送签稿，待所长签发）"), align="right")
    document.paragraph(f"{review.department.name}：")
    document.paragraph(
        _(
            "你单位于%(date)s送请审查的《%(title)s》（%(kind)s，起草单位：%(drafter)s）收悉。"
            "经审查，现提出如下意见："
        )
        % {
            "date": _date(review.submitted_on),
            "title": review.title,
            "kind": review.get_kind_display(),
            "drafter": review.drafting_unit,
        }
    )
    document.paragraph(_("一、审查结论：%s") % review.get_conclusion_display())
    if review.assistant_opinion:
        document.paragraph(_("二、审查意见：%s") % review.assistant_opinion)
    if review.advisor_opinion:
        document.paragraph(f"{review.advisor_label}：{review.advisor_opinion}")
    if review.expert_consultation:
        document.paragraph(_("专家论证情况：%s") % review.expert_consultation)
    points = list(review.points.all())
    if points:
        title = (
            _("三、不合法的理由") if review.conclusion == Conclusion.ILLEGAL else _("三、修改意见")
        )
        document.paragraph(title)
        for point in points:
            document.paragraph(f"{point.seq}. {point.text}（{_('依据')}：{point.basis}）")
    if review.conclusion == Conclusion.LEGAL_AFTER_CHANGES:
        document.paragraph(_("请按上述意见逐条修改或说明理由，并将修改情况反馈本所。"))
    document.signature(review.unit.name, date=review.opinion_on)
    if review.signer is not None:
        document.paragraph(
            _("签发人：%(signer)s    签发日期：%(date)s")
            % {"signer": review.signer, "date": _date(review.signed_on)}
        )
    return document.to_bytes()


def register_workbook(reviews: Iterable[Review]):
    """合法性审查台账: one row per review."""
    headers = [
        _("序号"),
        _("审查事项"),
        _("类别"),
        _("报送科室"),
        _("起草单位"),
        _("报送日期"),
        _("截止日"),
        _("状态"),
        _("审查结论"),
        _("出具意见日期"),
        _("签发人"),
        _("是否按期"),
    ]
    today = deadline_service.today()

    def rows():
        for index, review in enumerate(reviews, start=1):
            on_time = review.on_time
            if on_time is None:
                timely = _("已超期") if review.due_on and review.due_on < today else _("办理中")
            else:
                timely = _("按期") if on_time else _("超期")
            yield [
                index,
                review.title,
                review.get_kind_display(),
                review.department.name,
                review.drafting_unit,
                review.submitted_on,
                review.due_on,
                review.get_status_display(),
                review.get_conclusion_display() or "",
                review.opinion_on,
                str(review.signer) if review.signer_id else "",
                timely,
            ]

    return workbook(
        _("合法性审查台账"), headers, rows(), [6, 36, 18, 16, 16, 12, 12, 12, 12, 12, 10, 10]
    )


def opinion_pdf(review: Review) -> bytes:
    """The same 合法性审查意见书 as PDF."""
    from django.template.loader import render_to_string

    html = render_to_string(
        "reviews/opinion_pdf.html", {"review": review, "points": list(review.points.all())}
    )
    return pdf_from_html(html)
