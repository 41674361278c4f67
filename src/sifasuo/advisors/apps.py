from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, Indicator, NavEntry, RecordType
from sifasuo.core.roles import OFFICE_ROLES

_Q = "sifasuo.advisors.indicators."


class AdvisorsConfig(AppConfig):
    name = "sifasuo.advisors"
    label = "advisors"
    verbose_name = _("村居法律顾问")
    line = BusinessLine(
        label="advisors",
        name=_("村居法律顾问"),
        navigation=(
            NavEntry(_("村居法律顾问"), "advisors:coverage", roles=OFFICE_ROLES),
            NavEntry(_("法律顾问工作日志"), "advisors:log_list", roles=OFFICE_ROLES),
        ),
        records=(
            RecordType("advisors.appointment", "advisors.Appointment"),
            RecordType("advisors.log", "advisors.ServiceLog", detail_url="advisors:log_detail"),
        ),
        actions={
            "advisor.appoint": _("聘任村居法律顾问"),
            "advisor.appointment_update": _("修改法律顾问聘任"),
            "advisor.appointment_end": _("提前终止法律顾问聘任"),
            "advisor.import": _("导入法律顾问聘任表"),
            "advisor.log": _("登记法律顾问工作日志"),
            "advisor.log_update": _("修改法律顾问工作日志"),
            "advisor.attachment": _("上传工作日志附件"),
            "advisor.report": _("法律顾问咨询上报受理"),
            "advisor.month_close": _("法律顾问工作日志月度结账"),
            "advisor.rating": _("村居评议法律顾问"),
        },
        todos="sifasuo.advisors.todos.todo_groups",
        demo_loader="sifasuo.advisors.demo.load",
        indicators=(
            Indicator(
                code="advisors.visits",
                name=_("入村服务次数"),
                definition=_(
                    "村居法律顾问工作日志中坐班、讲座、咨询、审查村规民约或合同、参与调解的条数"
                    "（不含在律所出具书面法律意见），按服务日期计入期间。"
                ),
                unit=_("次"),
                query=_Q + "visits",
                additive=True,
                headline=True,
                group=_("入村服务"),
                phrase="法律顾问入村服务{}次",
            ),
            Indicator(
                code="advisors.opinions",
                name=_("提供法律意见条数"),
                definition=_("类型为“出具法律意见”的工作日志条数，按服务日期计入期间。"),
                unit=_("条"),
                query=_Q + "opinions",
                additive=True,
                headline=True,
                group=_("入村服务"),
                phrase="提供法律意见{}条",
            ),
            Indicator(
                code="advisors.logs",
                name=_("法律顾问服务总次数"),
                definition=_("全部类型的法律顾问工作日志条数，按服务日期计入期间。"),
                unit=_("次"),
                query=_Q + "logs",
                additive=True,
                group=_("入村服务"),
            ),
            Indicator(
                code="advisors.villages",
                name=_("村（社区）数"),
                definition=_("在用的村/社区单位数（统计时点的组织架构，不随期间变化）。"),
                unit=_("个"),
                query=_Q + "villages",
                group=_("顾问覆盖"),
            ),
            Indicator(
                code="advisors.villages_covered",
                name=_("已配备法律顾问的村（社区）数"),
                definition=_(
                    "期间末日在聘期内（聘期起始日不晚于、届满日不早于期间末日；提前终止的，"
                    "以终止日期为届满日）的聘任所覆盖的在用村/社区数，一村多名顾问计一次。"
                ),
                unit=_("个"),
                query=_Q + "villages_covered",
                group=_("顾问覆盖"),
            ),
            Indicator(
                code="advisors.coverage_rate",
                name=_("村居法律顾问覆盖率"),
                definition=_("已配备法律顾问的村（社区）数 ÷ 村（社区）数 × 100%。"),
                unit="%",
                ratio=("advisors.villages_covered", "advisors.villages"),
                better="higher",
                headline=True,
                group=_("顾问覆盖"),
            ),
            Indicator(
                code="advisors.villages_visited",
                name=_("期间内有入村服务的村（社区）数"),
                definition=_("期间内至少有一次入村服务日志的村/社区数。"),
                unit=_("个"),
                query=_Q + "villages_visited",
                group=_("入村服务"),
            ),
        ),
    )
