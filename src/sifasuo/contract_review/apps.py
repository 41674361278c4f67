from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractReviewConfig(AppConfig):
    name = "sifasuo.contract_review"
    label = "contract_review"
    verbose_name = _("农村集体合同清理")
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("集体合同清理"), "contract_review:batch_list", None),
    ]
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "batch": ("contract_review.ReviewBatch", "unit"),
    }
