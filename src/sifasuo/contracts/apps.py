from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, NavEntry, RecordType
from sifasuo.core.roles import OFFICE_ROLES, Role


class ContractsConfig(AppConfig):
    name = "sifasuo.contracts"
    label = "contracts"
    verbose_name = _("合同管理")
    line = BusinessLine(
        label="contracts",
        name=_("合同管理"),
        navigation=(
            NavEntry(
                _("合同管理"),
                "contracts:contract_list",
                roles=OFFICE_ROLES | {Role.DEPARTMENT_CLERK},
            ),
        ),
        records=(RecordType("contracts.contract", "contracts.Contract"),),
        actions={
            "contract.create": _("登记合同"),
            "contract.update": _("按台账更新合同"),
            "contract.document": _("上传合同文本"),
            "contract.import": _("导入合同台账"),
            "contract.instalment": _("添加付款计划"),
            "contract.payment": _("登记付款"),
            "contract.sign": _("标记签订"),
            "contract.submit_review": _("报送法律审查"),
            "contract.opinion_assistant": _("司法助理员审查意见"),
            "contract.opinion_advisor": _("法律顾问审查意见"),
            "contract.completed": _("履行完毕"),
            "contract.terminated": _("解除/终止"),
        },
        todos="sifasuo.contracts.todos.todo_groups",
        due_work="sifasuo.contracts.todos.due_work",
        demo_loader="sifasuo.contracts.demo.load",
    )
