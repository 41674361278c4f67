from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, CapabilityGrant, Indicator, NavEntry, RecordType
from sifasuo.core.roles import OFFICE_ROLES, Role

# Who scores case files (案卷评查): the 三合一 team is drawn from the county bureau, the office's
# judicial staff and its legal advisors.
REVIEW = "enforcement_review"
# Who maintains the scoring and discretion standards (评查标准、裁量基准).
STANDARDS = "enforcement_standards"

_I = "sifasuo.enforcement.indicators."


class EnforcementConfig(AppConfig):
    name = "sifasuo.enforcement"
    label = "enforcement"
    verbose_name = _("行政执法监督")
    line = BusinessLine(
        label="enforcement",
        name=_("行政执法监督"),
        navigation=(
            NavEntry(
                _("行政执法监督"),
                "enforcement:case_list",
                roles=OFFICE_ROLES | {Role.DEPARTMENT_CLERK},
            ),
        ),
        records=(
            RecordType("enforcement.enforcer", "enforcement.Enforcer"),
            RecordType(
                "enforcement.case",
                "enforcement.EnforcementCase",
                detail_url="enforcement:case_detail",
            ),
            RecordType(
                "enforcement.standard",
                "enforcement.ScoringStandard",
                detail_url="enforcement:standard_detail",
            ),
            RecordType("enforcement.evaluation", "enforcement.Evaluation"),
            RecordType(
                "enforcement.discussion",
                "enforcement.CaseDiscussion",
                detail_url="enforcement:discussion_detail",
            ),
            RecordType(
                "enforcement.benchmark",
                "enforcement.DiscretionStandard",
                detail_url="enforcement:benchmark_detail",
            ),
            RecordType(
                "enforcement.calculation",
                "enforcement.DiscretionCalculation",
                detail_url="enforcement:calculation_detail",
            ),
        ),
        actions={
            "enforcer.create": _("登记执法人员"),
            "enforcer.update": _("修改执法人员信息"),
            "enforcer.training": _("登记培训学时"),
            "enforcement_case.create": _("登记执法案件"),
            "enforcement_case.systems": _("更新三项制度情况"),
            "enforcement_case.link_review": _("关联法制审核"),
            "enforcement_case.decide": _("登记执法决定"),
            "standard.create": _("新建评查标准"),
            "standard.item": _("编辑评查项目"),
            "standard.publish": _("发布评查标准"),
            "standard.new_version": _("修订评查标准（新版本）"),
            "evaluation.create": _("启动案卷评查"),
            "evaluation.score": _("提交评分"),
            "evaluation.agree": _("确定合议分数"),
            "evaluation.issue": _("出具评查意见"),
            "rectification.close": _("整改销号"),
            "discussion.create": _("登记每月说案"),
            "benchmark.create": _("新建裁量基准"),
            "benchmark.part": _("编辑裁量档次与情节"),
            "benchmark.publish": _("公布裁量基准"),
            "calculation.create": _("裁量计算"),
        },
        todos="sifasuo.enforcement.todos.todo_groups",
        demo_loader="sifasuo.enforcement.demo.load",
        capabilities=(
            CapabilityGrant(
                REVIEW,
                _("案卷评查"),
                frozenset(
                    {
                        Role.SYSTEM_ADMIN,
                        Role.SUPERVISOR,
                        Role.OFFICE_HEAD,
                        Role.JUDICIAL_ASSISTANT,
                        Role.LEGAL_ADVISOR,
                    }
                ),
            ),
            CapabilityGrant(
                STANDARDS,
                _("维护评查标准和裁量基准"),
                frozenset({Role.SYSTEM_ADMIN, Role.SUPERVISOR, Role.OFFICE_HEAD}),
            ),
        ),
        indicators=(
            Indicator(
                code="enforcement.cases_reviewed",
                name=_("评查案卷数"),
                definition=_(
                    "三名评查人员评分后确定合议分数的执法案卷数（含已出具评查意见、整改完毕的）；"
                    "以确定合议分数之日计入期间；尚在评分或合议中的不计。"
                ),
                unit=_("件"),
                query=_I + "cases_reviewed",
                additive=True,
                headline=True,
                group=_("案卷评查"),
                phrase="评查行政执法案卷{}件",
            ),
            Indicator(
                code="enforcement.files_failed",
                name=_("不合格案卷数"),
                definition=_(
                    "已确定合议分数的案卷中，触及任一否决项或总分低于评查标准合格线的案卷数；"
                    "以确定合议分数之日计入期间。"
                ),
                unit=_("件"),
                query=_I + "files_failed",
                additive=True,
                better="lower",
                group=_("案卷评查"),
            ),
            Indicator(
                code="enforcement.failed_rate",
                name=_("案卷不合格率"),
                definition=_("不合格案卷数 ÷ 评查案卷数。"),
                unit="%",
                ratio=("enforcement.files_failed", "enforcement.cases_reviewed"),
                better="lower",
                headline=True,
                group=_("案卷评查"),
            ),
            Indicator(
                code="enforcement.average_score",
                name=_("案卷平均得分"),
                definition=_(
                    "已确定合议分数的案卷合议总分（否决的案卷按其卷面与内容得分计）的算术平均，"
                    "保留一位小数；以确定合议分数之日计入期间；没有评查案卷时为0。"
                ),
                unit=_("分"),
                query=_I + "average_score",
                better="higher",
                group=_("案卷评查"),
            ),
            Indicator(
                code="enforcement.cases_decided",
                name=_("作出决定的执法案件数"),
                definition=_("登记了执法决定的执法案件数，以决定日期计入期间。"),
                unit=_("件"),
                query=_I + "cases_decided",
                additive=True,
                group=_("执法三项制度"),
            ),
            Indicator(
                code="enforcement.cases_complete",
                name=_("三项制度落实完整的案件数"),
                definition=_(
                    "作出决定的执法案件中，已公示、已全过程记录，且需要法制审核的已通过法制审核"
                    "的案件数；以决定日期计入期间。"
                ),
                unit=_("件"),
                query=_I + "cases_complete",
                additive=True,
                group=_("执法三项制度"),
            ),
            Indicator(
                code="enforcement.systems_rate",
                name=_("三项制度落实率"),
                definition=_("三项制度落实完整的案件数 ÷ 作出决定的执法案件数。"),
                unit="%",
                ratio=("enforcement.cases_complete", "enforcement.cases_decided"),
                better="higher",
                headline=True,
                group=_("执法三项制度"),
            ),
            Indicator(
                code="enforcement.enforcers_valid",
                name=_("持有效执法证人数"),
                definition=_(
                    "在册（未注销）执法人员中，执法证在期间末日有效（已发证且未过有效期）的人数；"
                    "是期间末日的时点数，不按期间累加。"
                ),
                unit=_("人"),
                query=_I + "enforcers_valid",
                group=_("执法人员"),
            ),
            Indicator(
                code="enforcement.cards_expiring",
                name=_("执法证到期人数"),
                definition=_("在册执法人员中，执法证有效期届满日落在期间内的人数。"),
                unit=_("人"),
                query=_I + "cards_expiring",
                additive=True,
                group=_("执法人员"),
            ),
            Indicator(
                code="enforcement.discussions",
                name=_("每月说案场次"),
                definition=_("登记的每月说案活动场次，以说案日期计入期间。"),
                unit=_("次"),
                query=_I + "discussions",
                additive=True,
                headline=True,
                group=_("每月说案"),
                phrase="开展“每月说案”{}场次",
            ),
        ),
    )

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the settings check)
