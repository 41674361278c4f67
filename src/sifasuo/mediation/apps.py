from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, HandOver, NavEntry, RecordType
from sifasuo.core.roles import OFFICE_ROLES, Role


class MediationConfig(AppConfig):
    name = "sifasuo.mediation"
    label = "mediation"
    verbose_name = _("人民调解")
    line = BusinessLine(
        label="mediation",
        name=_("人民调解"),
        navigation=(
            NavEntry(_("人民调解"), "mediation:case_list", roles=OFFICE_ROLES),
            NavEntry(
                _("风险关注名单"),
                "mediation:watch_list",
                roles=OFFICE_ROLES | {Role.PARTNER_LIAISON},
            ),
            NavEntry(_("调解统计"), "mediation:statistics", roles=OFFICE_ROLES),
        ),
        records=(RecordType("mediation.case", "mediation.Case"),),
        actions={
            "mediation.open": _("立案"),
            "mediation.advance": _("推进阶段"),
            "mediation.party_details": _("补充当事人情况"),
            "mediation.session": _("记录调解"),
            "mediation.agreement": _("达成调解协议"),
            "mediation.agreement_written": _("口头协议制作书面协议书"),
            "mediation.judicial_confirmation": _("申请司法确认"),
            "mediation.confirmation": _("登记司法确认结果"),
            "mediation.followup_plan": _("制定回访计划"),
            "mediation.followup": _("回访"),
            "mediation.risk": _("风险评估"),
            "mediation.terminate": _("终止调解"),
            "mediation.refused": _("当事人拒绝调解"),
            "mediation.archive": _("归档"),
        },
        todos="sifasuo.mediation.todos.todo_groups",
        due_work="sifasuo.mediation.todos.due_work",
        demo_loader="sifasuo.mediation.demo.load",
        hand_overs=(
            HandOver(
                "mediation",
                _("转人民调解立案"),
                "mediation:case_create",
                matter_types=frozenset({"dispute"}),
                record_accessor="mediation_case",
            ),
        ),
    )
