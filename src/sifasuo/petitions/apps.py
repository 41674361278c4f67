from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import (
    BusinessLine,
    HandOver,
    Indicator,
    NavEntry,
    RecordType,
    SummarySource,
)
from sifasuo.core.roles import OFFICE_ROLES, Role

_Q = "sifasuo.petitions.indicators"


class PetitionsConfig(AppConfig):
    name = "sifasuo.petitions"
    label = "petitions"
    verbose_name = _("信访")
    line = BusinessLine(
        label="petitions",
        name=_("信访"),
        navigation=(
            NavEntry(_("信访件"), "petitions:list", roles=OFFICE_ROLES),
            NavEntry(
                _("信访风险关注"),
                "petitions:watch_list",
                roles=OFFICE_ROLES | {Role.PARTNER_LIAISON},
            ),
            NavEntry(_("信访统计"), "petitions:statistics", roles=OFFICE_ROLES),
        ),
        records=(
            RecordType("petitions.petition", "petitions.Petition", detail_url="petitions:detail"),
        ),
        summary_models=(SummarySource("petitions.TimeLimit", "petition__unit", ("done_on",)),),
        actions={
            "petitions.open": _("登记信访件"),
            "petitions.lead": _("确定包案领导"),
            "petitions.accept": _("书面告知并受理"),
            "petitions.redirect": _("告知向有权机关提出"),
            "petitions.object": _("对转送、交办事项提出异议"),
            "petitions.objection_agreed": _("异议经核实同意，交还材料"),
            "petitions.objection_refused": _("异议未获同意"),
            "petitions.extend": _("延长办理期限"),
            "petitions.reply": _("书面答复"),
            "petitions.review_request": _("登记复查请求"),
            "petitions.review": _("登记复查意见"),
            "petitions.recheck_request": _("登记复核请求"),
            "petitions.recheck_hearing": _("登记复核听证"),
            "petitions.recheck": _("登记复核意见"),
            "petitions.close": _("信访件结案"),
            "petitions.meeting": _("召开联席会议"),
            "petitions.risk": _("信访风险研判"),
        },
        todos="sifasuo.petitions.todos.todo_groups",
        due_work="sifasuo.petitions.todos.due_work",
        demo_loader="sifasuo.petitions.demo.load",
        indicators=(
            Indicator(
                "petitions.received",
                _("受理信访件数"),
                _(
                    "司法所登记的信访件（一案一单），含由一站式受理转入、直接登记和上级转送、交办的；"
                    "按收到信访事项之日计入期间。同一信访人再次信访另行登记、另行计数。"
                ),
                _("件"),
                query=f"{_Q}.received",
                additive=True,
                headline=True,
                group=_("受理"),
                phrase="受理信访件{}件",
            ),
            Indicator(
                "petitions.handled",
                _("办结件数（第三十一条第六项）"),
                _(
                    "适用信访工作条例第三十四条六十日办理期限的信访件（第三十一条第六项事项）中，"
                    "已书面答复或已结案的件数；按答复（结案）之日计入期间。导入其他法定程序的事项"
                    "不计入。"
                ),
                _("件"),
                query=f"{_Q}.handled",
                additive=True,
                group=_("办理"),
            ),
            Indicator(
                "petitions.handled_in_time",
                _("按期办结件数"),
                _(
                    "办结件数中，答复（结案）之日不晚于办理期限届满日的件数；经所长批准延长的，"
                    "以延长后的届满日为准（第三十四条）。按答复（结案）之日计入期间。"
                ),
                _("件"),
                query=f"{_Q}.handled_in_time",
                additive=True,
                group=_("办理"),
            ),
            Indicator(
                "petitions.in_time_rate",
                _("按期办结率"),
                _("按期办结件数 ÷ 办结件数（第三十一条第六项事项）。期间内无办结件时不计算。"),
                "%",
                ratio=("petitions.handled_in_time", "petitions.handled"),
                better="higher",
                headline=True,
                group=_("办理"),
            ),
            Indicator(
                "petitions.concluded",
                _("结案件数"),
                _("已结案的信访件，含告知向有权机关提出而结案的；按结案之日计入期间。"),
                _("件"),
                query=f"{_Q}.concluded",
                additive=True,
                group=_("结案"),
            ),
            Indicator(
                "petitions.settled",
                _("息访件数"),
                _("结案件数中，信访人息访息诉的件数；按结案之日计入期间。"),
                _("件"),
                query=f"{_Q}.settled",
                additive=True,
                group=_("结案"),
            ),
            Indicator(
                "petitions.settled_rate",
                _("息访率"),
                _("息访件数 ÷ 结案件数。期间内无结案件时不计算。"),
                "%",
                ratio=("petitions.settled", "petitions.concluded"),
                better="higher",
                headline=True,
                group=_("结案"),
            ),
            Indicator(
                "petitions.repeat",
                _("重复信访件数"),
                _("信访人（同一当事人登记）此前已在本所有信访件的信访件；按收到之日计入期间。"),
                _("件"),
                query=f"{_Q}.repeat",
                better="lower",
                additive=True,
                group=_("受理"),
            ),
            Indicator(
                "petitions.overdue",
                _("超期件数"),
                _(
                    "本所自身期限（第二十三条第二款、第三款十五日书面告知，第二十三条第三款五个工作日"
                    "内对转送、交办事项提出异议，第三十四条办理期限）届满日在期间内，而逾期完成或至今"
                    "未完成的信访件；一件多项超期计一件。复查、复核期限由复查、复核机关负责，不计入。"
                ),
                _("件"),
                query=f"{_Q}.overdue",
                better="lower",
                headline=True,
                group=_("办理"),
            ),
        ),
        hand_overs=(
            HandOver(
                "petitions",
                _("转信访件登记"),
                "petitions:create",
                matter_types=frozenset({"petition"}),
                record_accessor="petition",
            ),
        ),
    )
