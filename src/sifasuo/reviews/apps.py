from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, NavEntry, RecordType
from sifasuo.core.roles import OFFICE_ROLES, Role


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
    )
