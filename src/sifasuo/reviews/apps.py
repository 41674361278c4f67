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
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "review": ("reviews.Review", "unit"),
        "meeting": ("reviews.Meeting", "unit"),
    }
