from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, NavEntry, RecordType, indicator_maker
from sifasuo.core.roles import OFFICE_ROLES, Role

_Q = "sifasuo.contracts.indicators."
_SUBMITTED = "按最近一次报送法律审查的日期计入期间；退回修改后重新报送的以重新报送日期为准"


_UNIT = _("份")


_count = indicator_maker("contracts", _Q, unit=_UNIT)

INDICATORS = (
    _count(
        "registered",
        _("登记合同"),
        "合同台账登记的镇、村级合同份数（含台账导入），按登记日期计入期间。",
        additive=True,
        group=_("合同台账"),
    ),
    _count(
        "submitted",
        _("报送法律审查"),
        f"报送司法所法律审查（司法助理员+法律顾问）的合同份数，{_SUBMITTED}。",
        additive=True,
        group=_("法律审查"),
    ),
    _count(
        "reviewed",
        _("审核合同"),
        f"司法助理员和法律顾问均已出具审查意见的合同份数，{_SUBMITTED}。",
        additive=True,
        headline=True,
        group=_("法律审查"),
        phrase="审核镇、村级合同{}份",
    ),
    _count(
        "problems",
        _("审查发现问题合同"),
        f"司法助理员或法律顾问审查不同意（退回修改）的合同份数，以最近一次审查意见为准，{_SUBMITTED}。",
        additive=True,
        headline=True,
        group=_("法律审查"),
    ),
    _count(
        "review_overdue",
        _("超期未审合同"),
        "法律审查截止日在期间内、已于今日之前届满而仍在法律审查中的合同份数；按截止日计入期间。"
        "随今日变化，不按月累加。",
        better="lower",
        headline=True,
        group=_("法律审查"),
    ),
    _count(
        "signed",
        _("签订合同"),
        "标记为已签订的合同份数，按签订日期计入期间。",
        additive=True,
        group=_("签订履行"),
    ),
    _count(
        "signed_amount",
        _("签订合同金额"),
        "上述签订合同的合同金额之和（元），按签订日期计入期间。",
        unit=_("元"),
        additive=True,
        group=_("签订履行"),
    ),
)


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
        indicators=INDICATORS,
    )
