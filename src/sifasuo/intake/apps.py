from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, NavEntry, RecordType
from sifasuo.core.roles import OFFICE_ROLES, Capability, Role


class IntakeConfig(AppConfig):
    name = "sifasuo.intake"
    label = "intake"
    verbose_name = _("一站式受理")
    line = BusinessLine(
        label="intake",
        name=_("一站式受理"),
        navigation=(
            NavEntry(
                _("一站式受理"),
                "intake:queue",
                roles=OFFICE_ROLES | {Role.PARTNER_LIAISON, Role.DEPARTMENT_CLERK},
            ),
            NavEntry(_("分流规则"), "intake:routing", Capability.MANAGE_ORG),
        ),
        records=(RecordType("intake.matter", "intake.Matter", detail_url="intake:detail"),),
        actions={
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
            "matter.hand_over": _("转入业务条线"),
            "routing.set": _("设置分流规则"),
            "routing.delete": _("删除分流规则"),
        },
        todos="sifasuo.intake.todos.todo_groups",
        due_work="sifasuo.intake.todos.due_work",
        demo_loader="sifasuo.intake.demo.load",
    )
