from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "sifasuo.contracts"
    label = "contracts"
    verbose_name = _("合同管理")
    # The demo records of the sample offices (see sifasuo.core.demo.DemoOffice).
    demo_loader = "sifasuo.contracts.demo.load"
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("合同管理"), "contracts:contract_list", None),
    ]
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "contract": ("contracts.Contract", "unit"),
    }
    # Chinese names of this app's audit actions, for history panels and the audit log.
    action_labels = {
        "contract.create": _("登记合同"),
        "contract.document": _("上传合同文本"),
        "contract.import": _("导入合同台账"),
        "contract.update": _("按台账更新合同"),
        "contract.instalment": _("添加付款计划"),
        "contract.payment": _("登记付款"),
        "contract.sign": _("标记签订"),
        "contract.submit_review": _("报送法律审查"),
        "contract.opinion_assistant": _("司法助理员审查意见"),
        "contract.opinion_advisor": _("法律顾问审查意见"),
        "contract.completed": _("履行完毕"),
        "contract.terminated": _("解除/终止"),
    }
