from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "sifasuo.contracts"
    label = "contracts"
    verbose_name = _("合同管理")
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("合同管理"), "contracts:contract_list", None),
    ]
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "contract": ("contracts.Contract", "unit"),
    }
