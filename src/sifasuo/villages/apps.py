from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, Indicator, NavEntry, RecordType, indicator_maker
from sifasuo.core.roles import OFFICE_ROLES

_Q = "sifasuo.villages.indicators."


_count = indicator_maker("villages", _Q)


class VillagesConfig(AppConfig):
    name = "sifasuo.villages"
    label = "villages"
    verbose_name = _("法律明白人与民主法治村")
    line = BusinessLine(
        label="villages",
        name=_("法律明白人与民主法治村"),
        navigation=(
            NavEntry(_("法律明白人与民主法治村"), "villages:overview", roles=OFFICE_ROLES),
        ),
        records=(
            RecordType("villages.understander", "villages.Understander"),
            RecordType("villages.training", "villages.Training"),
            RecordType(
                "villages.report", "villages.EarlyReport", detail_url="villages:report_detail"
            ),
            RecordType(
                "villages.rules", "villages.VillageRules", detail_url="villages:rules_detail"
            ),
        ),
        actions={
            "understander.create": _("登记法律明白人"),
            "understander.update": _("修改法律明白人"),
            "understander.import": _("导入法律明白人名册"),
            "training.record": _("登记法律明白人培训"),
            "early_report.receive": _("法律明白人报告矛盾纠纷"),
            "early_report.reply": _("答复法律明白人报告"),
            "village.standing": _("设定民主法治示范村级别"),
            "village.rules": _("登记村规民约"),
            "village.rules_revise": _("登记村规民约修订"),
        },
        todos="sifasuo.villages.todos.todo_groups",
        demo_loader="sifasuo.villages.demo.load",
        indicators=(
            _count(
                "villages",
                _("村（社区）数"),
                _("在用的村/社区单位数（统计时点的组织架构）。"),
                _("个"),
                "villages",
                group=_("村（社区）"),
            ),
            _count(
                "understanders",
                _("法律明白人人数"),
                _(
                    "在册的法律明白人人数（不含已退出的；确定日期晚于期间末日的不计），以期间末日为时点。"
                ),
                _("人"),
                "understanders",
                headline=True,
                group=_("法律明白人"),
                phrase="培养“法律明白人”{}名",
            ),
            _count(
                "model_households",
                _("学法用法示范户数"),
                _("在册法律明白人中标记为学法用法示范户的户数，以期间末日为时点。"),
                _("户"),
                "model_households",
                group=_("法律明白人"),
            ),
            _count(
                "villages_meeting_target",
                _("法律明白人配备达标的村（社区）数"),
                _(
                    "在册法律明白人不少于设定人数（SIFASUO_UNDERSTANDERS_PER_VILLAGE，默认3名）"
                    "且至少有1户学法用法示范户的村/社区数，以期间末日为时点。"
                ),
                _("个"),
                "villages_meeting_target",
                group=_("法律明白人"),
            ),
            Indicator(
                code="villages.target_rate",
                name=_("法律明白人配备达标率"),
                definition=_("配备达标的村（社区）数 ÷ 村（社区）数 × 100%。"),
                unit="%",
                ratio=("villages.villages_meeting_target", "villages.villages"),
                better="higher",
                headline=True,
                group=_("法律明白人"),
            ),
            _count(
                "trainings",
                _("法律明白人培训期数"),
                _("培训日期在期间内的培训场次。"),
                _("期"),
                "trainings",
                additive=True,
                headline=True,
                group=_("培训"),
                phrase="组织“法律明白人”专题培训{}场次",
            ),
            _count(
                "training_attendance",
                _("法律明白人培训人次"),
                _("期间内各期培训的参训法律明白人人数之和（一人参加多期计多人次）。"),
                _("人次"),
                "training_attendance",
                additive=True,
                group=_("培训"),
                phrase="参训{}人次",
            ),
            _count(
                "early_reports",
                _("法律明白人早发现报告数"),
                _("报告日期在期间内的矛盾纠纷、风险隐患报告数（每件同时登记为一站式受理事项）。"),
                _("件"),
                "early_reports",
                additive=True,
                group=_("矛盾纠纷早发现"),
                phrase="“法律明白人”排查报告矛盾纠纷和风险隐患{}件",
            ),
            _count(
                "villages_with_rules",
                _("已制定村规民约的村（社区）数"),
                _("村民会议通过日期不晚于期间末日的村规民约所属在用村/社区数。"),
                _("个"),
                "villages_with_rules",
                group=_("村规民约"),
                phrase="{}个村（社区）制定了村规民约",
            ),
            Indicator(
                code="villages.rules_rate",
                name=_("村规民约制定率"),
                definition=_("已制定村规民约的村（社区）数 ÷ 村（社区）数 × 100%。"),
                unit="%",
                ratio=("villages.villages_with_rules", "villages.villages"),
                better="higher",
                headline=True,
                group=_("村规民约"),
            ),
            _count(
                "demo_national",
                _("全国民主法治示范村（社区）数"),
                _("命名年度不晚于期间末年的全国级示范村数。"),
                _("个"),
                "demo_national",
                group=_("民主法治示范村（社区）"),
                phrase="{}个村（社区）获评“全国民主法治示范村（社区）”",
            ),
            _count(
                "demo_provincial",
                _("省级民主法治示范村（社区）数"),
                _("命名年度不晚于期间末年的省级示范村数。"),
                _("个"),
                "demo_provincial",
                group=_("民主法治示范村（社区）"),
                phrase="{}个村（社区）获评省级“民主法治示范村（社区）”",
            ),
            _count(
                "demo_city",
                _("市级民主法治示范村（社区）数"),
                _("命名年度不晚于期间末年的市级示范村数。"),
                _("个"),
                "demo_city",
                group=_("民主法治示范村（社区）"),
            ),
            _count(
                "demo_county",
                _("县级民主法治示范村（社区）数"),
                _("命名年度不晚于期间末年的县级示范村数。"),
                _("个"),
                "demo_county",
                group=_("民主法治示范村（社区）"),
            ),
        ),
    )
