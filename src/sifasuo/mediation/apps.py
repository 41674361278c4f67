from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import (
    BusinessLine,
    HandOver,
    Indicator,
    NavEntry,
    RecordType,
    indicator_maker,
)
from sifasuo.core.roles import OFFICE_ROLES, Role

_Q = "sifasuo.mediation.indicators."
_OPENED = "按立案日期计入期间（与调解统计页相同）"
# The dispute types of the statistics page (models.DisputeType), in its order.
_TYPES = (
    ("family", "婚姻家庭"),
    ("neighbour", "邻里"),
    ("adjacency", "相邻关系"),
    ("debt", "债务"),
    ("contract", "合同"),
    ("inheritance", "继承"),
    ("damages", "损害赔偿"),
    ("labour", "劳动/劳务"),
    ("property_mgmt", "物业"),
    ("land_contract", "土地承包"),
    ("homestead", "宅基地"),
    ("medical", "医疗"),
    ("traffic", "道路交通"),
    ("consumer", "消费/文旅"),
    ("other", "其他"),
)


_UNIT = _("件")


_count = indicator_maker("mediation", _Q, unit=_UNIT)

INDICATORS = (
    _count(
        "received",
        _("受理调解案件"),
        f"人民调解立案的案件数（含由一站式受理转入和直接立案的），{_OPENED}。",
        additive=True,
        headline=True,
        group=_("受理"),
        phrase="受理矛盾纠纷{}件",
    ),
    _count(
        "success",
        _("调解成功"),
        f"立案的案件中已达成调解协议（登记了协议日期）的件数，{_OPENED}。",
        additive=True,
        headline=True,
        group=_("调解结果"),
        phrase="调解成功{}件",
    ),
    _count(
        "decided",
        _("调解终结"),
        "立案的案件中已达成协议或已终止调解的件数；当事人一方明确拒绝调解而终止的"
        f"（人民调解法第十七条）不是调解不成，不计入；{_OPENED}。",
        additive=True,
        group=_("调解结果"),
    ),
    Indicator(
        code="mediation.success_rate",
        name=_("调解成功率"),
        definition=_(
            "调解成功件数 ÷ 调解终结件数 × 100（当事人拒绝调解的不计入分母），"
            "按立案日期计入期间；无调解终结件时不计算。"
        ),
        unit="%",
        ratio=("mediation.success", "mediation.decided"),
        better="higher",
        headline=True,
        group=_("调解结果"),
    ),
    _count(
        "terminated",
        _("终止调解"),
        f"立案的案件中已终止调解的件数（含不予受理、撤回、调解不成、起诉、拒绝调解等），{_OPENED}。",
        additive=True,
        group=_("调解结果"),
    ),
    _count(
        "party_refused",
        _("当事人拒绝调解"),
        f"立案的案件中因当事人一方明确拒绝调解而终止的件数（人民调解法第十七条），{_OPENED}。",
        additive=True,
        group=_("调解结果"),
    ),
    _count(
        "closed",
        _("已结案"),
        f"立案的案件中已归档或已终止的件数，{_OPENED}。",
        additive=True,
        group=_("调解结果"),
    ),
    _count(
        "agreements",
        _("达成调解协议"),
        "达成调解协议的件数（书面和口头协议），按协议日期计入期间。",
        additive=True,
        group=_("调解协议"),
        phrase="达成调解协议{}份",
    ),
    _count(
        "oral_agreements",
        _("口头协议"),
        "上述协议中为口头协议的件数（人民调解法第二十八条），按协议日期计入期间。",
        additive=True,
        group=_("调解协议"),
    ),
    _count(
        "amount",
        _("涉及金额"),
        f"立案的案件登记的涉及金额之和（元），{_OPENED}。",
        unit=_("元"),
        additive=True,
        headline=True,
        group=_("调解协议"),
        phrase="涉及金额{}元",
    ),
    _count(
        "confirmation_applied",
        _("申请司法确认"),
        f"立案的案件中当事人已申请司法确认的件数（含待裁定、确认有效、驳回），{_OPENED}。",
        additive=True,
        group=_("司法确认"),
        phrase="申请司法确认{}件",
    ),
    _count(
        "confirmed",
        _("司法确认有效"),
        f"立案的案件中人民法院裁定确认调解协议有效的件数，{_OPENED}。",
        additive=True,
        group=_("司法确认"),
    ),
    _count(
        "confirmation_lapsed",
        _("逾期未申请司法确认"),
        "调解协议生效之日起三十日的司法确认申请期限（人民调解法第三十三条）届满日在期间内、"
        "已于今日之前届满且未申请司法确认的协议件数；按期限届满日计入期间。随今日变化，不按月累加。",
        better="lower",
        group=_("司法确认"),
    ),
    _count(
        "red",
        _("红色风险案件"),
        f"立案的案件中风险等级为红色的件数（以当前风险等级为准），{_OPENED}。",
        additive=True,
        better="lower",
        group=_("风险"),
    ),
    _count(
        "yellow",
        _("黄色风险案件"),
        f"立案的案件中风险等级为黄色的件数（以当前风险等级为准），{_OPENED}。",
        additive=True,
        group=_("风险"),
    ),
    *(
        _count(
            f"type_{value}",
            f"{label}纠纷",
            f"立案的案件中纠纷类型为“{label}”的件数，{_OPENED}。",
            additive=True,
            group=_("按纠纷类型"),
        )
        for value, label in _TYPES
    ),
)


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
        indicators=INDICATORS,
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
