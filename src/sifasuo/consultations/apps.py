from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import (
    BusinessLine,
    CapabilityGrant,
    Indicator,
    NavEntry,
    RecordType,
    indicator_maker,
)
from sifasuo.core.roles import OFFICE_ROLES, Role

_Q = "sifasuo.consultations.indicators."
_GROUP = _("网上法律咨询")
_USERS = OFFICE_ROLES | {Role.PUBLIC_LAWYER}
_MANAGERS = frozenset({Role.SYSTEM_ADMIN, Role.OFFICE_HEAD, Role.JUDICIAL_ASSISTANT})


_count = indicator_maker("consultations", _Q, additive=True, group=_GROUP)


class ConsultationsConfig(AppConfig):
    """网上法律咨询: citizens ask online, the lawyers on duty answer, staff keep the rota,
    the response targets and the 高频涉法难点 FAQ."""

    name = "sifasuo.consultations"
    label = "consultations"
    verbose_name = _("网上法律咨询")
    line = BusinessLine(
        label="consultations",
        name=_("网上法律咨询"),
        navigation=(NavEntry(_("网上法律咨询"), "consultations:question_list", roles=_USERS),),
        records=(
            RecordType(
                "consultations.question",
                "consultations.Question",
                detail_url="consultations:question_detail",
            ),
            RecordType(
                "consultations.consultant",
                "consultations.Consultant",
                detail_url="consultations:consultant_edit",
            ),
            RecordType(
                "consultations.faq", "consultations.FaqEntry", detail_url="consultations:faq_edit"
            ),
        ),
        actions={
            "consult.consultant_save": _("登记咨询律师信息"),
            "consult.duty_add": _("安排咨询值班"),
            "consult.duty_remove": _("取消咨询值班"),
            "consult.target_set": _("设定咨询响应时限"),
            "consult.question_ask": _("公众提交网上法律咨询"),
            "consult.question_claim": _("认领网上法律咨询"),
            "consult.question_answer": _("解答网上法律咨询"),
            "consult.question_rate": _("咨询人评价解答"),
            "consult.question_to_matter": _("网上咨询转为受理事项"),
            "consult.question_erase": _("删除保存期满的咨询人信息"),
            "consult.faq_save": _("编写高频涉法难点"),
            "consult.faq_publish": _("公开高频涉法难点"),
            "consult.faq_unpublish": _("撤下高频涉法难点"),
        },
        todos="sifasuo.consultations.todos.todo_groups",
        demo_loader="sifasuo.consultations.demo.load",
        capabilities=(
            CapabilityGrant(
                "consultations.manage", _("管理咨询律师、值班和高频涉法难点"), _MANAGERS
            ),
        ),
        indicators=(
            _count(
                "received",
                _("收到网上法律咨询数"),
                _("提问时间在期间内的网上法律咨询件数（按咨询人所选乡镇的司法所计）。"),
                _("件"),
                phrase=_("收到网上法律咨询{}件"),
            ),
            _count(
                "answered",
                _("解答网上法律咨询数"),
                _("解答时间在期间内的网上法律咨询件数。"),
                _("次"),
                headline=True,
                phrase=_("提供网上法律咨询{}次"),
            ),
            _count(
                "answered_in_target",
                _("按时解答数"),
                _(
                    "解答时间在期间内、且响应用时不超过提问时该类别响应时限的咨询件数；"
                    "响应用时只计工作日的工作时间（SIFASUO_CONSULT_WORKING_HOURS，法定节假日不计，"
                    "调休上班日计入）。"
                ),
                _("件"),
                phrase=_("其中按时解答{}件"),
            ),
            Indicator(
                code="consultations.target_rate",
                name=_("响应时限达标率"),
                definition=_("按时解答数 ÷ 解答网上法律咨询数 × 100%。"),
                unit="%",
                ratio=("consultations.answered_in_target", "consultations.answered"),
                better="higher",
                headline=True,
                group=_GROUP,
                phrase=_("响应时限达标率{}%"),
            ),
            _count(
                "response_minutes",
                _("响应用时合计（工作分钟）"),
                _(
                    "解答时间在期间内的咨询的响应用时之和；平均响应用时 = 本数 ÷ 解答网上法律咨询数。"
                ),
                _("分钟"),
            ),
            _count(
                "ratings",
                _("咨询评价数"),
                _("评价时间在期间内的咨询人评价件数。"),
                _("件"),
                phrase=_("收到咨询人评价{}件"),
            ),
            _count(
                "rating_points",
                _("评价分数合计"),
                _("评价时间在期间内的评价分数（1至5分）之和；平均评分 = 本数 ÷ 咨询评价数。"),
                _("分"),
            ),
            _count(
                "satisfied",
                _("满意评价数"),
                _("评价时间在期间内、评分4分及以上的评价件数。"),
                _("件"),
            ),
            Indicator(
                code="consultations.satisfaction_rate",
                name=_("咨询满意率"),
                definition=_("满意评价数 ÷ 咨询评价数 × 100%。"),
                unit="%",
                ratio=("consultations.satisfied", "consultations.ratings"),
                better="higher",
                headline=True,
                group=_GROUP,
                phrase=_("咨询满意率{}%"),
            ),
        ),
    )
