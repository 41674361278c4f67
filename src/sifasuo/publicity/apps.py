from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, Indicator, NavEntry, RecordType, SummarySource
from sifasuo.core.roles import OFFICE_ROLES, Role

_Q = "sifasuo.publicity.indicators."


class PublicityConfig(AppConfig):
    name = "sifasuo.publicity"
    label = "publicity"
    verbose_name = _("普法宣传")
    line = BusinessLine(
        label="publicity",
        name=_("普法宣传"),
        navigation=(
            NavEntry(
                _("普法宣传"), "publicity:event_list", roles=OFFICE_ROLES | {Role.DEPARTMENT_CLERK}
            ),
        ),
        records=(
            RecordType("publicity.event", "publicity.Event"),
            RecordType(
                "publicity.duty_list",
                "publicity.ResponsibilityList",
                detail_url="publicity:duty_list_detail",
            ),
            RecordType(
                "publicity.plan_item", "publicity.PlanItem", detail_url="publicity:plan_item_detail"
            ),
        ),
        summary_models=(
            SummarySource("publicity.ResponsibilityTask", "duty_list__unit", ("due_on",)),
        ),
        actions={
            "publicity.event_create": _("登记普法活动"),
            "publicity.event_photo": _("上传活动照片材料"),
            "publicity.list_create": _("建立普法责任清单"),
            "publicity.task_add": _("增加普法任务"),
            "publicity.task_done": _("普法任务完成"),
            "publicity.plan_add": _("增加年度普法计划事项"),
        },
        todos="sifasuo.publicity.todos.todo_groups",
        due_work="sifasuo.publicity.todos.due_work",
        demo_loader="sifasuo.publicity.demo.load",
        indicators=(
            Indicator(
                code="publicity.events",
                name=_("普法活动"),
                definition=_(
                    "司法所及乡镇科室登记的普法活动场次（含法治副校长进校园），按活动日期计入期间。"
                ),
                unit=_("场"),
                query=f"{_Q}events",
                additive=True,
                headline=True,
                group=_("普法活动"),
                phrase="开展普法活动{}场",
            ),
            Indicator(
                code="publicity.audience",
                name=_("普法受众"),
                definition=_(
                    "普法活动登记的受众人数之和（人次），按活动日期计入期间；线上活动按登记的参与人数计。"
                ),
                unit=_("人次"),
                query=f"{_Q}audience",
                additive=True,
                headline=True,
                group=_("普法活动"),
                phrase="受众{}人次",
            ),
            Indicator(
                code="publicity.school_sessions",
                name=_("法治副校长进校园"),
                definition=_("形式为“法治副校长进校园”的普法活动场次，按活动日期计入期间。"),
                unit=_("场"),
                query=f"{_Q}school_sessions",
                additive=True,
                group=_("普法活动"),
                phrase="法治副校长进校园{}场",
            ),
            Indicator(
                code="publicity.tasks",
                name=_("普法责任清单任务"),
                definition=_(
                    "乡镇科室谁执法谁普法责任清单中的任务数，按计划完成日（计划月份的最后一日，未定月份的为当年12月31日）计入期间。"
                ),
                unit=_("项"),
                query=f"{_Q}tasks",
                additive=True,
                group=_("谁执法谁普法"),
            ),
            Indicator(
                code="publicity.tasks_done",
                name=_("已完成的普法责任任务"),
                definition=_(
                    "上述任务中，至统计期末日已完成（关联了普法活动或注明完成情况）的任务数。"
                ),
                unit=_("项"),
                query=f"{_Q}tasks_done",
                group=_("谁执法谁普法"),
            ),
            Indicator(
                code="publicity.task_completion",
                name=_("普法责任任务完成率"),
                definition=_("已完成的普法责任任务 ÷ 普法责任清单任务 × 100。"),
                unit="%",
                ratio=("publicity.tasks_done", "publicity.tasks"),
                better="higher",
                headline=True,
                group=_("谁执法谁普法"),
            ),
            Indicator(
                code="publicity.plan_planned",
                name=_("年度普法计划场次"),
                definition=_(
                    "司法所年度普法计划事项的计划场次之和，按计划完成日（计划月份的最后一日，未定月份的为当年12月31日）计入期间。"
                ),
                unit=_("场"),
                query=f"{_Q}plan_planned",
                additive=True,
                group=_("年度普法计划"),
            ),
            Indicator(
                code="publicity.plan_done",
                name=_("年度普法计划已完成场次"),
                definition=_(
                    "上述计划事项至统计期末日已关联的普法活动场次，每一事项最多计其计划场次。"
                ),
                unit=_("场"),
                query=f"{_Q}plan_done",
                group=_("年度普法计划"),
            ),
            Indicator(
                code="publicity.plan_completion",
                name=_("年度普法计划完成率"),
                definition=_("年度普法计划已完成场次 ÷ 年度普法计划场次 × 100。"),
                unit="%",
                ratio=("publicity.plan_done", "publicity.plan_planned"),
                better="higher",
                group=_("年度普法计划"),
            ),
        ),
    )
