from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "sifasuo.reviews"
    label = "reviews"
    verbose_name = _("合法性审查")
    # The demo records of the sample offices (see sifasuo.core.demo.DemoOffice).
    demo_loader = "sifasuo.reviews.demo.load"
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("合法性审查"), "reviews:review_list", None),
        (_("列席会议"), "reviews:meeting_list", None),
    ]
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "review": ("reviews.Review", "unit"),
        "meeting": ("reviews.Meeting", "unit"),
    }
    # Chinese names of this app's audit actions, for history panels and the audit log.
    action_labels = {
        "review.submit": _("送审"),
        "review.resubmit": _("补正后重新送审"),
        "review.return": _("退回补正"),
        "review.accept": _("受理"),
        "review.document": _("上传材料"),
        "review.advisor_opinion": _("法律顾问意见"),
        "review.review": _("审查"),
        "review.finding": _("处理预审提示"),
        "review.opinion": _("出具审查意见"),
        "review.answer": _("答复整改"),
        "review.archive": _("确认归档"),
        "review.law_article": _("维护法律依据"),
        "meeting.create": _("登记列席会议"),
        "meeting.opinion": _("发表法律意见"),
    }
