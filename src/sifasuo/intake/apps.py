from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.roles import Capability


class IntakeConfig(AppConfig):
    name = "sifasuo.intake"
    label = "intake"
    verbose_name = _("一站式受理")
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("一站式受理"), "intake:queue", None),
        (_("分流规则"), "intake:routing", Capability.MANAGE_ORG),
    ]
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "matter": ("intake.Matter", "unit"),
    }
