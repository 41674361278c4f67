from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "sifasuo.mediation"
    label = "mediation"
    verbose_name = _("人民调解")
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("人民调解"), "mediation:case_list", None),
        (_("风险关注名单"), "mediation:watch_list", None),
        (_("调解统计"), "mediation:statistics", None),
    ]
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "case": ("mediation.Case", "unit"),
    }
