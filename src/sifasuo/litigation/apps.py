from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import (
    BusinessLine,
    CapabilityGrant,
    Indicator,
    NavEntry,
    RecordType,
    SummarySource,
    indicator_maker,
)
from sifasuo.core.roles import Role

# Who works the cases (登记、答复、出庭、结案), who reads them, and who sees the sidebar entries.
WORKERS = frozenset({Role.OFFICE_HEAD, Role.JUDICIAL_ASSISTANT})
READERS = WORKERS | {Role.SUPERVISOR, Role.SYSTEM_ADMIN, Role.DEPARTMENT_CLERK}

Q = "sifasuo.litigation.indicators."
_RECEIVED = "以复议申请书副本或起诉状副本送达本机关的日期（送达日期）归入统计期间"


# Every count here is of cases, hearings or filings dated in the period: additive.
_count = indicator_maker("litigation", Q, unit="件", additive=True)


def _act(code: str, label: str, **options) -> Indicator:
    return _count(
        f"cases_{code}",
        f"{label}类复议应诉案件数",
        f"被复议/被诉行为属于“{label}”的案件（行政复议和行政诉讼合计），{_RECEIVED}。",
        **options,
    )


INDICATORS = (
    _count(
        "cases_received",
        "复议应诉案件数",
        "本乡镇（街道）或其科室作为被申请人、被告的行政复议和行政诉讼案件，每个登记案件计1件"
        f"（一审、二审分别登记、分别计数），{_RECEIVED}。",
        headline=True,
        group="收案",
        phrase="办理行政复议应诉案件{}件",
    ),
    _count(
        "reconsiderations_received",
        "行政复议案件数",
        f"作为被申请人的行政复议案件，{_RECEIVED}。",
        group="收案",
    ),
    _count(
        "lawsuits_received",
        "行政诉讼案件数",
        f"作为被告（或二审当事人）的行政诉讼案件，{_RECEIVED}。",
        group="收案",
    ),
    _act("penalty", "行政处罚", group="按被复议/被诉行为"),
    _act("coercion", "行政强制", group="按被复议/被诉行为"),
    _act("licence", "行政许可", group="按被复议/被诉行为"),
    _act("expropriation", "行政征收", group="按被复议/被诉行为"),
    _act("inaction", "不履行法定职责", group="按被复议/被诉行为"),
    _act("other", "其他", group="按被复议/被诉行为"),
    _count(
        "hearings_held",
        "应出庭（听证）次数",
        "已举行的开庭审理、听证和当面听取意见，每次计1次；不计已取消的开庭/听证和书面审理"
        "（行政复议法第四十九条、第五十四条第二款）；以开庭/听证日期归入统计期间。",
        "次",
        group="出庭应诉",
    ),
    _count(
        "head_appearances",
        "行政机关负责人出庭次数",
        "上述已举行的开庭/听证中，行政机关负责人本人出庭（参加听证）的次数"
        "（行政诉讼法第三条第三款、行政复议法第五十一条第三款）；以开庭/听证日期归入统计期间。",
        "次",
        group="出庭应诉",
    ),
    Indicator(
        code="litigation.head_appearance_rate",
        name="负责人出庭应诉率",
        definition="行政机关负责人出庭次数 ÷ 应出庭（听证）次数 × 100%。已取消的开庭/听证和书面审理"
        "不计入分子分母；负责人委托工作人员出庭的计入分母、不计入分子。",
        unit="%",
        ratio=("litigation.head_appearances", "litigation.hearings_held"),
        better="higher",
        headline=True,
        group="出庭应诉",
        phrase="负责人出庭应诉率达{}%",
    ),
    _count(
        "lawsuits_concluded",
        "行政诉讼审结数",
        "已登记结果的行政诉讼案件（判决、裁定、调解、撤诉），以结案文书送达日期归入统计期间。",
        group="审结",
    ),
    _count(
        "lawsuits_lost",
        "行政诉讼败诉数",
        "审结的行政诉讼中，结果为撤销、变更、确认违法（含确认无效）或责令履行的案件；驳回、维持、"
        "调解、撤诉不计为败诉；以结案文书送达日期归入统计期间。",
        better="lower",
        group="审结",
    ),
    Indicator(
        code="litigation.loss_rate",
        name="行政诉讼败诉率",
        definition="行政诉讼败诉数 ÷ 行政诉讼审结数 × 100%。只计行政诉讼；一审、二审各按其结果计。",
        unit="%",
        ratio=("litigation.lawsuits_lost", "litigation.lawsuits_concluded"),
        better="lower",
        headline=True,
        group="审结",
    ),
    _count(
        "reconsiderations_concluded",
        "行政复议审结数",
        "已登记结果的行政复议案件（决定、调解、和解、终止），以结案文书送达日期归入统计期间。",
        group="审结",
    ),
    _count(
        "reconsiderations_corrected",
        "行政复议被纠错数",
        "审结的行政复议中，复议机关决定撤销、变更、确认违法或责令履行的案件；维持、驳回、调解、"
        "和解、终止不计为纠错；以结案文书送达日期归入统计期间。",
        better="lower",
        group="审结",
    ),
    Indicator(
        code="litigation.correction_rate",
        name="行政复议纠错率",
        definition="行政复议被纠错数 ÷ 行政复议审结数 × 100%。只计行政复议。",
        unit="%",
        ratio=("litigation.reconsiderations_corrected", "litigation.reconsiderations_concluded"),
        better="lower",
        group="审结",
    ),
    _count(
        "replies_filed",
        "提交答复/答辩数",
        "经所长签发并提交复议机关或人民法院的答复书、答辩状，以提交日期归入统计期间。",
        group="答复答辩",
    ),
    _count(
        "replies_filed_in_time",
        "按期提交答复/答辩数",
        "上述答复/答辩中，提交日期不晚于法定期限届满日的（行政复议法第四十八条、第五十四条，"
        "行政诉讼法第六十七条），以提交日期归入统计期间。",
        group="答复答辩",
    ),
    Indicator(
        code="litigation.reply_in_time_rate",
        name="按期答复率",
        definition="按期提交答复/答辩数 ÷ 提交答复/答辩数 × 100%。",
        unit="%",
        ratio=("litigation.replies_filed_in_time", "litigation.replies_filed"),
        better="higher",
        headline=True,
        group="答复答辩",
    ),
)


class LitigationConfig(AppConfig):
    name = "sifasuo.litigation"
    label = "litigation"
    verbose_name = _("复议应诉")
    line = BusinessLine(
        label="litigation",
        name=_("复议应诉"),
        navigation=(
            NavEntry(_("复议应诉"), "litigation:case_list", roles=READERS),
            NavEntry(_("应诉整改跟进"), "litigation:follow_up_list", roles=READERS),
            NavEntry(
                _("应诉统计"),
                "litigation:statistics",
                roles=WORKERS | {Role.SUPERVISOR, Role.SYSTEM_ADMIN},
            ),
        ),
        records=(
            RecordType(
                "litigation.case",
                "litigation.Case",
                readable_if="sifasuo.litigation.selectors.can_read",
            ),
        ),
        summary_models=(SummarySource("litigation.Hearing", "case__unit", ("held_on",)),),
        actions={
            "litigation.register": _("复议应诉收案"),
            "litigation.accepted": _("登记复议机关受理日期"),
            "litigation.evidence": _("编辑证据目录"),
            "litigation.reply_text": _("编写答复/答辩内容"),
            "litigation.reply_version": _("答复/答辩文书新版本"),
            "litigation.sign": _("所长签发答复/答辩"),
            "litigation.unsign": _("撤回签发"),
            "litigation.file": _("提交答复/答辩"),
            "litigation.hearing": _("登记开庭/听证"),
            "litigation.conclude": _("登记审结结果"),
            "litigation.appeal": _("登记上诉情况"),
            "litigation.compliance": _("登记履行情况"),
            "litigation.follow_up": _("整改跟进"),
            "litigation.template": _("上传答复/答辩模板"),
        },
        todos="sifasuo.litigation.todos.todo_groups",
        due_work="sifasuo.litigation.todos.due_work",
        demo_loader="sifasuo.litigation.demo.load",
        indicators=INDICATORS,
        capabilities=(CapabilityGrant("litigation_work", _("办理复议应诉案件"), WORKERS),),
    )
