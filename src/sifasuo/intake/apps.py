from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import (
    BusinessLine,
    Indicator,
    NavEntry,
    RecordType,
    SummarySource,
    indicator_maker,
)
from sifasuo.core.roles import OFFICE_ROLES, Capability, Role

# The audit actions that take a matter into a business line's record (转入业务条线), and the
# transfer to another office: the indicators count these audit rows.
HAND_OVER_ACTIONS = ("matter.to_mediation", "matter.hand_over")
TRANSFER_ACTIONS = ("matter.transfer",)

_Q = "sifasuo.intake.indicators."
_RECEIVED = "按收到日期计入期间（未登记收到日期的按登记日期）"
# models.Channel and models.MatterType, in their order.
_CHANNELS = (
    ("window", "窗口来访"),
    ("phone", "电话"),
    ("hotline", "12345/12348热线转办"),
    ("online", "网上申请"),
    ("department", "部门转来"),
    ("grassroots", "法律明白人/网格员上报"),
    ("advisor", "村居法律顾问上报"),
)
_TYPES = (
    ("dispute", "纠纷调解"),
    ("consultation", "法律咨询"),
    ("legal_aid", "法律援助申请"),
    ("notary_guide", "公证/司法鉴定引导"),
    ("petition", "信访事项"),
    ("legality_review", "合法性审查"),
    ("other", "其他"),
)


_UNIT = _("件")


_count = indicator_maker("intake", _Q, unit=_UNIT)

INDICATORS = (
    _count(
        "received",
        _("受理事项"),
        f"一站式受理登记的事项数（含部门转入、热线转办、网上申请），{_RECEIVED}。",
        additive=True,
        headline=True,
        group=_("受理"),
        phrase="一站式受理群众事项{}件",
    ),
    _count(
        "consultation_people",
        _("法律咨询人次"),
        f"事项类型为“法律咨询”的事项登记的申请人人数之和（一件多人计多人次），{_RECEIVED}。",
        unit=_("人次"),
        additive=True,
        group=_("受理"),
        phrase="提供法律咨询{}人次",
    ),
    *(
        _count(
            f"channel_{value}",
            label,
            f"来源渠道为“{label}”的受理事项数，{_RECEIVED}。",
            additive=True,
            group=_("按来源渠道"),
        )
        for value, label in _CHANNELS
    ),
    *(
        _count(
            f"type_{value}",
            label,
            f"事项类型为“{label}”的受理事项数，{_RECEIVED}。",
            additive=True,
            group=_("按事项类型"),
        )
        for value, label in _TYPES
    ),
    _count(
        "handed_over",
        _("转入业务条线"),
        "事项转入人民调解立案或转入其他业务条线（信访、法律援助、合法性审查等）的次数，"
        "按转入日期计入期间。",
        unit=_("次"),
        additive=True,
        headline=True,
        group=_("分流办理"),
    ),
    _count(
        "transferred",
        _("转出其他单位"),
        "事项转往其他单位办理的次数（含对方拒收后再次转出），按转出日期计入期间。",
        unit=_("次"),
        additive=True,
        group=_("分流办理"),
    ),
    _count(
        "closed",
        _("办结"),
        "状态为“已办结”的事项数，按办结日期计入期间；不予受理和转出的不计入。",
        additive=True,
        headline=True,
        group=_("办结"),
    ),
    _count(
        "refused",
        _("不予受理"),
        "不予受理的事项数，按作出不予受理的日期计入期间。",
        additive=True,
        group=_("办结"),
    ),
    _count(
        "closed_with_due",
        _("有办理期限的办结事项"),
        "办结的事项中有法定办理期限（截止日）的件数，按办结日期计入期间。"
        "已转入业务条线的事项期限随之转出，不计入。",
        additive=True,
        group=_("办结"),
    ),
    _count(
        "closed_on_time",
        _("按期办结"),
        "有办理期限的办结事项中，办结日期不晚于截止日的件数，按办结日期计入期间。",
        additive=True,
        group=_("办结"),
    ),
    Indicator(
        code="intake.on_time_rate",
        name=_("按期办结率"),
        definition=_("按期办结件数 ÷ 有办理期限的办结事项件数 × 100；无此类事项时不计算。"),
        unit="%",
        ratio=("intake.closed_on_time", "intake.closed_with_due"),
        better="higher",
        headline=True,
        group=_("办结"),
    ),
)


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
        summary_models=(
            SummarySource(
                "intake.MatterRequester",
                "matter__unit",
                ("matter__received_on", "matter__created_at"),
            ),
            # handed_over and transferred count the audit rows of those steps.
            SummarySource(
                "core.AuditEntry",
                "unit_id",
                ("at",),
                only=(("action", HAND_OVER_ACTIONS + TRANSFER_ACTIONS),),
            ),
        ),
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
        indicators=INDICATORS,
    )
