from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "sifasuo.mediation"
    label = "mediation"
    verbose_name = _("人民调解")
    # The demo records of the sample offices (see sifasuo.core.demo.DemoOffice).
    demo_loader = "sifasuo.mediation.demo.load"
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
    # Chinese names of this app's audit actions, for history panels and the audit log.
    action_labels = {
        "mediation.open": _("立案"),
        "mediation.advance": _("推进阶段"),
        "mediation.session": _("记录调解"),
        "mediation.agreement": _("达成调解协议"),
        "mediation.judicial_confirmation": _("申请司法确认"),
        "mediation.confirmation": _("登记司法确认结果"),
        "mediation.followup_plan": _("制定回访计划"),
        "mediation.followup": _("回访"),
        "mediation.risk": _("风险评估"),
        "mediation.terminate": _("终止调解"),
        "mediation.archive": _("归档"),
    }
