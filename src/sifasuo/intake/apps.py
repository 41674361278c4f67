from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.roles import Capability


class IntakeConfig(AppConfig):
    name = "sifasuo.intake"
    label = "intake"
    verbose_name = _("一站式受理")
    # The demo records of the sample offices (see sifasuo.core.demo.DemoOffice).
    demo_loader = "sifasuo.intake.demo.load"
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("一站式受理"), "intake:queue", None),
        (_("分流规则"), "intake:routing", Capability.MANAGE_ORG),
    ]
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "matter": ("intake.Matter", "unit"),
    }
    # Chinese names of this app's audit actions, for history panels and the audit log.
    action_labels = {
        "matter.register": _("登记事项"),
        "matter.refer_in": _("部门转入"),
        "matter.assign": _("分派承办人"),
        "matter.start": _("开始办理"),
        "matter.close": _("办结"),
        "matter.refuse": _("不予受理"),
        "matter.transfer": _("转出"),
        "matter.transfer_accept": _("签收转办"),
        "matter.transfer_refuse": _("拒收转办"),
        "matter.to_mediation": _("转入人民调解"),
        "routing.set": _("设置分流规则"),
        "routing.delete": _("删除分流规则"),
    }
