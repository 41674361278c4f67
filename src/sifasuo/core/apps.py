from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .lines import BusinessLine, NavEntry, RecordType
from .roles import Capability, Role

# Who reads the statistics reports (统计报表, 工作总结数据).
REPORT_ROLES = frozenset(
    {Role.OFFICE_HEAD, Role.JUDICIAL_ASSISTANT, Role.SUPERVISOR, Role.SYSTEM_ADMIN}
)


class CoreConfig(AppConfig):
    name = "sifasuo.core"
    label = "core"
    verbose_name = "基础平台"

    # The platform's own registers and administration, declared like a business line so every
    # reader of the declarations (sidebar, history panel, audit log, checks) treats them alike.
    line = BusinessLine(
        label="core",
        name=_("基础平台"),
        navigation=(
            NavEntry(_("我的待办"), "core:home"),
            NavEntry(_("期限事项"), "core:work_list"),
            NavEntry(_("当事人"), "core:party_list", Capability.MANAGE_PARTIES),
            NavEntry(_("组织机构"), "core:unit_list"),
            NavEntry(_("工作人员"), "core:staff_list"),
            NavEntry(_("账号管理"), "core:user_list", Capability.MANAGE_ACCOUNTS),
            NavEntry(_("操作日志"), "core:audit_list", Capability.VIEW_AUDIT),
            NavEntry(
                _("指标对比"),
                "core:indicator_compare",
                roles=frozenset({Role.SUPERVISOR, Role.OFFICE_HEAD, Role.SYSTEM_ADMIN}),
            ),
            NavEntry(_("统计报表"), "core:report", roles=REPORT_ROLES),
            NavEntry(_("工作总结数据"), "core:summary_sheet", roles=REPORT_ROLES),
        ),
        records=(
            RecordType("core.unit", "core.OrgUnit", unit_field=""),
            RecordType("core.staff", "core.Staff"),
            RecordType("core.party", "core.Party"),
            RecordType("core.work", "core.WorkItem"),
            RecordType("core.user", "core.User"),
        ),
        actions={
            "unit.create": _("新建单位"),
            "unit.update": _("修改单位信息"),
            "premises.set": _("登记业务用房"),
            "staff.create": _("新增工作人员"),
            "staff.update": _("修改工作人员信息"),
            "staff.delete": _("删除工作人员"),
            "party.create": _("登记当事人"),
            "party.update": _("修改当事人信息"),
            "personal_data.reveal": _("查看个人信息"),
            "personal_data.print": _("打印含个人信息的文书"),
            "personal_data.export": _("导出含个人信息的表格"),
            "user.create": _("创建账号"),
            "user.update": _("修改账号"),
            "user.password": _("修改密码"),
            "user.locked": _("账号锁定"),
            "user.login": _("登录"),
            "user.login_failed": _("登录失败"),
            "share.shared": _("信息共享"),
            "share.referred": _("转办"),
            "work.create": _("新建期限事项"),
            "work.extend": _("延长期限"),
            "work.pause": _("期限中止"),
            "work.resume": _("期限恢复计算"),
            "work.close": _("办结事项"),
            "deadline.recompute": _("期限按节假日数据重算"),
            "data_key.rotate": _("更换个人信息加密密钥"),
            "audit.chain_open": _("开设区县操作日志链"),
        },
        due_work="sifasuo.core.todos.work_items_due",
    )

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from django.urls import register_converter

        from .converters import DocumentFormat

        register_converter(DocumentFormat, "docfmt")

        from . import (
            checks,  # noqa: F401  (registers the system checks)
            summaries,
        )
        from .models import OrgUnit, Share
        from .scoping import forget_resolved

        summaries.connect()

        for model in (OrgUnit, Share):
            post_save.connect(
                forget_resolved, sender=model, dispatch_uid=f"forget-{model.__name__}"
            )
            post_delete.connect(
                forget_resolved, sender=model, dispatch_uid=f"forget-del-{model.__name__}"
            )
