from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "sifasuo.reviews"
    label = "reviews"
    verbose_name = _("合法性审查")
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("合法性审查"), "reviews:review_list", None),
        (_("列席会议"), "reviews:meeting_list", None),
    ]
