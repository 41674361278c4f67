from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import (
    BusinessLine,
    CapabilityGrant,
    HandOver,
    Indicator,
    NavEntry,
    RecordType,
    UnitKindSpec,
)
from sifasuo.core.roles import OFFICE_ROLES

CENTRE_ROLE = "legal_aid_staff"
CENTRE_CAPABILITY = "legal_aid_centre"
_Q = "sifasuo.legal_aid.indicators."
_ROLES = OFFICE_ROLES | {CENTRE_ROLE}


class LegalAidConfig(AppConfig):
    name = "sifasuo.legal_aid"
    label = "legal_aid"
    verbose_name = _("法律援助")
    line = BusinessLine(
        label="legal_aid",
        name=_("法律援助"),
        navigation=(
            NavEntry(_("法律援助"), "legal_aid:list", roles=_ROLES),
            NavEntry(_("法律援助统计"), "legal_aid:statistics", roles=_ROLES),
        ),
        records=(
            RecordType(
                "legal_aid.application", "legal_aid.Application", detail_url="legal_aid:detail"
            ),
        ),
        actions={
            "legal_aid.register": _("受理法律援助申请"),
            "legal_aid.forward": _("转交法律援助中心"),
            "legal_aid.receive": _("法律援助中心签收"),
            "legal_aid.materials": _("一次性告知补充材料"),
            "legal_aid.materials_supplied": _("登记补充材料"),
            "legal_aid.withdrawn": _("视为撤回申请"),
            "legal_aid.decide": _("作出是否给予法律援助的决定"),
            "legal_aid.prior_aid": _("先行提供法律援助"),
            "legal_aid.assign": _("指派法律援助人员"),
            "legal_aid.objection": _("登记异议"),
            "legal_aid.objection_decide": _("异议审查决定"),
            "legal_aid.close": _("结案"),
            "legal_aid.visit": _("回访"),
        },
        todos="sifasuo.legal_aid.todos.todo_groups",
        due_work="sifasuo.legal_aid.todos.due_work",
        demo_loader="sifasuo.legal_aid.demo.load",
        roles=((CENTRE_ROLE, _("法律援助中心工作人员")),),
        unit_kinds=(UnitKindSpec("legal_aid_centre", _("法律援助中心"), frozenset({"bureau"})),),
        capabilities=(
            CapabilityGrant(
                CENTRE_CAPABILITY,
                _("法律援助中心审查、指派"),
                frozenset({CENTRE_ROLE}),
            ),
        ),
        hand_overs=(
            HandOver(
                "legal_aid",
                _("转法律援助申请"),
                "legal_aid:create",
                matter_types=frozenset({"legal_aid"}),
                shown_if="sifasuo.legal_aid.services.may_register_application",
            ),
        ),
        indicators=(
            Indicator(
                code="legal_aid.received",
                name=_("受理法律援助申请"),
                definition=_(
                    "司法所窗口受理（含由一站式受理转入）的法律援助申请件数，按受理日期计入期间。"
                ),
                unit=_("件"),
                query=_Q + "received",
                additive=True,
                headline=True,
                group=_("受理转交"),
                phrase="受理法律援助申请{}件",
            ),
            Indicator(
                code="legal_aid.forwarded",
                name=_("转交法律援助中心"),
                definition=_("司法所转交县级法律援助中心的申请件数，按转交日期计入期间。"),
                unit=_("件"),
                query=_Q + "forwarded",
                additive=True,
                group=_("受理转交"),
            ),
            Indicator(
                code="legal_aid.forwarded_in_time",
                name=_("按期转交"),
                definition=_(
                    "转交日期不晚于转交期限（受理之日起按 SIFASUO_LEGAL_AID_FORWARD_DAYS "
                    "个工作日计）的申请件数，按转交日期计入期间。"
                ),
                unit=_("件"),
                query=_Q + "forwarded_in_time",
                additive=True,
                group=_("受理转交"),
            ),
            Indicator(
                code="legal_aid.forwarded_in_time_rate",
                name=_("按期转交率"),
                definition=_("按期转交件数 ÷ 转交件数 × 100。"),
                unit="%",
                ratio=("legal_aid.forwarded_in_time", "legal_aid.forwarded"),
                better="higher",
                headline=True,
                group=_("受理转交"),
            ),
            Indicator(
                code="legal_aid.decided",
                name=_("作出审查决定"),
                definition=_("法律援助中心作出给予或不予法律援助决定的件数，按决定日期计入期间。"),
                unit=_("件"),
                query=_Q + "decided",
                additive=True,
                group=_("审查决定"),
            ),
            Indicator(
                code="legal_aid.decided_in_time",
                name=_("七日内作出决定"),
                definition=_(
                    "自中心收到申请之日起七日内（法律援助法第四十三条第一款，规则 legal_aid.decide）"
                    "作出决定的件数，按决定日期计入期间。"
                ),
                unit=_("件"),
                query=_Q + "decided_in_time",
                additive=True,
                group=_("审查决定"),
            ),
            Indicator(
                code="legal_aid.decided_in_time_rate",
                name=_("按期决定率"),
                definition=_("七日内作出决定件数 ÷ 作出决定件数 × 100。"),
                unit="%",
                ratio=("legal_aid.decided_in_time", "legal_aid.decided"),
                better="higher",
                group=_("审查决定"),
            ),
            Indicator(
                code="legal_aid.granted",
                name=_("决定给予法律援助"),
                definition=_("决定给予法律援助的件数，按决定日期计入期间。"),
                unit=_("件"),
                query=_Q + "granted",
                additive=True,
                headline=True,
                group=_("审查决定"),
                phrase="给予法律援助{}件",
            ),
            Indicator(
                code="legal_aid.exempt",
                name=_("免予核查经济困难状况"),
                definition=_(
                    "申请人有材料证明属于法律援助法第四十二条所列人员、免予核查经济困难状况的"
                    "申请件数，按受理日期计入期间。"
                ),
                unit=_("件"),
                query=_Q + "exempt",
                additive=True,
                group=_("受理转交"),
            ),
            Indicator(
                code="legal_aid.closed",
                name=_("法律援助案件结案"),
                definition=_("已结案的法律援助案件件数（含终止），按结案日期计入期间。"),
                unit=_("件"),
                query=_Q + "closed",
                additive=True,
                group=_("结案回访"),
            ),
            Indicator(
                code="legal_aid.visited",
                name=_("结案回访"),
                definition=_("已回访受援人的案件件数，按回访日期计入期间。"),
                unit=_("件"),
                query=_Q + "visited",
                additive=True,
                group=_("结案回访"),
            ),
            Indicator(
                code="legal_aid.satisfied",
                name=_("回访满意"),
                definition=_("回访结果为“满意”或“基本满意”的案件件数，按回访日期计入期间。"),
                unit=_("件"),
                query=_Q + "satisfied",
                additive=True,
                group=_("结案回访"),
            ),
            Indicator(
                code="legal_aid.satisfaction_rate",
                name=_("受援人满意率"),
                definition=_("回访满意（含基本满意）件数 ÷ 回访件数 × 100。"),
                unit="%",
                ratio=("legal_aid.satisfied", "legal_aid.visited"),
                better="higher",
                headline=True,
                group=_("结案回访"),
            ),
        ),
    )
