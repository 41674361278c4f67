from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import (
    BusinessLine,
    Indicator,
    NavEntry,
    RecordType,
    SummarySource,
    indicator_maker,
)
from sifasuo.core.roles import OFFICE_ROLES, Role

_Q = "sifasuo.reviews.indicators."
_ISSUED = "按出具（签发）意见日期计入期间；待所长签发的草稿不计"
_HELD = "按会议日期计入期间"
# models.ReviewKind, in its order.
_KINDS = (
    ("homestead", "农村宅基地及建房审批"),
    ("normative", "行政规范性文件"),
    ("contract", "合同"),
    ("info_disclosure", "政府信息公开答复"),
    ("major_decision", "重大行政决策"),
    ("major_enforcement", "重大行政执法决定"),
    ("complaint", "疑难复杂投诉举报答复"),
    ("village_rules", "村规民约"),
)


_UNIT = _("件")


_count = indicator_maker("reviews", _Q, unit=_UNIT)

INDICATORS = (
    _count(
        "submitted",
        _("报送审查事项"),
        "乡镇（街道）科室报送司法所合法性审查的事项数（含退回补正后重新报送的，一事项计一件），"
        "按报送日期计入期间。",
        additive=True,
        headline=True,
        group=_("合法性审查"),
    ),
    *(
        _count(
            f"kind_{value}",
            label,
            f"报送审查事项中类别为“{label}”的件数，按报送日期计入期间。",
            additive=True,
            group=_("按审查类别"),
        )
        for value, label in _KINDS
    ),
    _count(
        "opinions",
        _("出具审查意见"),
        f"已出具合法性审查意见的事项数，{_ISSUED}。",
        additive=True,
        headline=True,
        group=_("审查意见"),
        phrase="出具合法性审查意见{}件",
    ),
    _count(
        "major_decisions",
        _("审查重大行政决策"),
        f"类别为“重大行政决策”且已出具审查意见的事项数，{_ISSUED}。",
        unit=_("次"),
        additive=True,
        group=_("审查意见"),
        phrase="审查、论证行政决策合法性{}次",
    ),
    _count(
        "normative_documents",
        _("审查行政规范性文件"),
        f"类别为“行政规范性文件”且已出具审查意见的事项数，{_ISSUED}。",
        additive=True,
        group=_("审查意见"),
        phrase="审查规范性文件{}件",
    ),
    _count(
        "illegal",
        _("审查结论不合法"),
        f"审查结论为“不合法”的事项数，{_ISSUED}。",
        additive=True,
        group=_("审查意见"),
    ),
    _count(
        "legal_after_changes",
        _("修改后合法"),
        f"审查结论为“修改后合法”的事项数，{_ISSUED}。",
        additive=True,
        group=_("审查意见"),
    ),
    _count(
        "opinions_with_due",
        _("有审查期限的意见"),
        f"已出具意见的事项中有审查截止日的件数，{_ISSUED}。",
        additive=True,
        group=_("审查意见"),
    ),
    _count(
        "opinions_on_time",
        _("按期出具意见"),
        f"有审查截止日的事项中，出具意见日期不晚于截止日的件数，{_ISSUED}。",
        additive=True,
        group=_("审查意见"),
    ),
    Indicator(
        code="reviews.on_time_rate",
        name=_("按期审查率"),
        definition=_("按期出具意见件数 ÷ 有审查期限的意见件数 × 100；无此类意见时不计算。"),
        unit="%",
        ratio=("reviews.opinions_on_time", "reviews.opinions_with_due"),
        better="higher",
        group=_("审查意见"),
    ),
    _count(
        "points",
        _("审查意见条数"),
        f"已出具的审查意见所列修改意见条数，{_ISSUED}。",
        unit=_("条"),
        additive=True,
        group=_("意见采纳"),
    ),
    _count(
        "points_adopted",
        _("已修改的意见条数"),
        f"上述意见中起草单位答复“已修改”的条数（以当前答复为准），{_ISSUED}。",
        unit=_("条"),
        additive=True,
        group=_("意见采纳"),
    ),
    Indicator(
        code="reviews.points_adoption_rate",
        name=_("审查意见采纳率"),
        definition=_("已修改的意见条数 ÷ 审查意见条数 × 100；无意见条目时不计算。"),
        unit="%",
        ratio=("reviews.points_adopted", "reviews.points"),
        better="higher",
        group=_("意见采纳"),
    ),
    _count(
        "meetings",
        _("列席会议"),
        f"司法所长（或其指派人员）列席乡镇（街道）党委会、政府常务会议、专题会议、村两委会议"
        f"等会议的次数，一次会议计一次，{_HELD}。",
        unit=_("次"),
        additive=True,
        headline=True,
        group=_("列席会议"),
        phrase="列席有关会议{}次",
    ),
    _count(
        "meeting_opinions",
        _("会上提供法律意见建议"),
        f"列席会议的议题中登记了法律意见的条数，一个议题计一条；不含合法性审查意见，{_HELD}。",
        unit=_("条"),
        additive=True,
        headline=True,
        group=_("列席会议"),
        phrase="提供法律意见建议{}条",
    ),
    _count(
        "meeting_vetoes",
        _("否决议题"),
        f"列席会议中司法所长提出否决意见的议题数，{_HELD}。",
        unit=_("个"),
        additive=True,
        group=_("列席会议"),
    ),
    _count(
        "meeting_decided",
        _("已明确采纳情况的议题"),
        f"列席会议的议题中采纳情况为“已采纳”或“未采纳”的议题数（待定的不计），{_HELD}。",
        unit=_("个"),
        additive=True,
        group=_("列席会议"),
    ),
    _count(
        "meeting_adopted",
        _("法律意见被采纳的议题"),
        f"列席会议的议题中法律意见“已采纳”的议题数，{_HELD}。",
        unit=_("个"),
        additive=True,
        group=_("列席会议"),
    ),
    Indicator(
        code="reviews.meeting_adoption_rate",
        name=_("会议法律意见采纳率"),
        definition=_("法律意见被采纳的议题数 ÷ 已明确采纳情况的议题数 × 100；待定的不计入。"),
        unit="%",
        ratio=("reviews.meeting_adopted", "reviews.meeting_decided"),
        better="higher",
        group=_("列席会议"),
    ),
)


class ReviewsConfig(AppConfig):
    name = "sifasuo.reviews"
    label = "reviews"
    verbose_name = _("合法性审查")
    line = BusinessLine(
        label="reviews",
        name=_("合法性审查"),
        navigation=(
            NavEntry(
                _("合法性审查"),
                "reviews:review_list",
                roles=OFFICE_ROLES | {Role.DEPARTMENT_CLERK, Role.PUBLIC_LAWYER},
            ),
            NavEntry(_("审查统计"), "reviews:review_statistics", roles=OFFICE_ROLES),
            NavEntry(_("列席会议"), "reviews:meeting_list", roles=OFFICE_ROLES),
        ),
        records=(
            RecordType("reviews.review", "reviews.Review"),
            RecordType("reviews.meeting", "reviews.Meeting"),
        ),
        summary_models=(
            SummarySource("reviews.OpinionPoint", "review__unit", ("review__opinion_on",)),
            SummarySource("reviews.AgendaItem", "meeting__unit", ("meeting__held_on",)),
        ),
        actions={
            "review.submit": _("送审"),
            "review.resubmit": _("补正后重新送审"),
            "review.return": _("退回补正"),
            "review.accept": _("受理"),
            "review.document": _("上传材料"),
            "review.advisor_opinion": _("法律顾问或公职律师意见"),
            "review.review": _("审查"),
            "review.finding": _("处理预审提示"),
            "review.opinion": _("出具审查意见"),
            "review.sign_off": _("签发审查意见"),
            "review.sign_off_return": _("退回修改审查意见"),
            "review.sign_off_policy": _("修改签发设置"),
            "review.answer": _("答复整改"),
            "review.archive": _("确认归档"),
            "review.law_article": _("维护法律依据"),
            "meeting.create": _("登记列席会议"),
            "meeting.opinion": _("发表法律意见"),
        },
        todos="sifasuo.reviews.todos.todo_groups",
        due_work="sifasuo.reviews.todos.due_work",
        demo_loader="sifasuo.reviews.demo.load",
        indicators=INDICATORS,
    )
