from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, Indicator, NavEntry, RecordType, SummarySource
from sifasuo.core.roles import Role

_ROLES = frozenset(
    {
        Role.SYSTEM_ADMIN,
        Role.SUPERVISOR,
        Role.OFFICE_HEAD,
        Role.JUDICIAL_ASSISTANT,
        Role.LEGAL_ADVISOR,
    }
)
_TOTALS = "sifasuo.contract_review.totals"


class ContractReviewConfig(AppConfig):
    name = "sifasuo.contract_review"
    label = "contract_review"
    verbose_name = _("农村集体合同清理")
    line = BusinessLine(
        label="contract_review",
        name=_("农村集体合同清理"),
        navigation=(
            NavEntry(
                _("集体合同清理"),
                "contract_review:batch_list",
                roles=_ROLES,
            ),
            NavEntry(_("合同清理整改汇总"), "contract_review:rectification_totals", roles=_ROLES),
        ),
        records=(
            RecordType("contract_review.batch", "contract_review.ReviewBatch"),
            # A contract's own history: who revealed or printed the numbers in its text.
            RecordType(
                "contract_review.contract",
                "contract_review.ContractFile",
                unit_field="batch__unit",
            ),
            RecordType("contract_review.rectification", "contract_review.Rectification"),
        ),
        summary_models=(
            # counted by the batch's office, on the batch's date or the first confirmed finding's,
            SummarySource(
                "contract_review.ContractFile",
                "batch__unit",
                ("batch__created_at", "findings__decided_at"),
            ),
            SummarySource(
                "contract_review.Finding",
                "contract__batch__unit",
                ("contract__findings__decided_at",),
            ),
            SummarySource(
                "contract_review.Rectification",
                "contract__batch__unit",
                ("contract__findings__decided_at",),
            ),
            SummarySource(
                "contract_review.Recovery",
                "rectification__contract__batch__unit",
                ("rectification__contract__findings__decided_at",),
            ),
        ),
        actions={
            "contract_review.batch_create": _("上传审查批次"),
            "contract_review.batch_done": _("批次审查完成"),
            "contract_review.batch_failed": _("批次审查失败"),
            "contract_review.batch_rerun": _("重新审查"),
            "contract_review.batch_resume": _("继续审查"),
            "contract_review.batch_recovered": _("批次自动恢复审查"),
            "contract_review.finding_decide": _("确认/排除问题"),
            "contract_review.rectification_open": _("登记整改措施"),
            "contract_review.rectification_update": _("修改整改情况"),
            "contract_review.rectification_done": _("整改完成"),
            "contract_review.recovery_add": _("登记回收资金"),
            "contract_review.recovery_remove": _("删除回收资金记录"),
            "contract_review.rectification_document": _("上传整改材料"),
        },
        todos="sifasuo.contract_review.todos.todo_groups",
        due_work="sifasuo.contract_review.todos.due_work",
        demo_loader="sifasuo.contract_review.demo.load",
        indicators=(
            Indicator(
                "contract_review.reviewed",
                _("清理审查合同数"),
                _("已读取并审查的农村集体经济合同份数，按批次上传日期计入期间。"),
                _("份"),
                f"{_TOTALS}.reviewed_count",
                additive=True,
                headline=True,
                group=_("清理审查"),
                phrase="审查合同{}份",
            ),
            Indicator(
                "contract_review.problem",
                _("问题合同数"),
                _("审查发现至少一个问题的合同份数，按批次上传日期计入期间。"),
                _("份"),
                f"{_TOTALS}.problem_count",
                additive=True,
                headline=True,
                group=_("清理审查"),
                phrase="发现问题合同{}份",
            ),
            Indicator(
                "contract_review.confirmed",
                _("确认问题合同数"),
                _("至少一个问题经司法所确认的合同份数，按首次确认日期计入期间。"),
                _("份"),
                f"{_TOTALS}.confirmed_count",
                additive=True,
                group=_("问题整改"),
            ),
            Indicator(
                "contract_review.rectified",
                _("完成整改合同数"),
                _("期间内确认的问题合同中已登记整改完成日期的份数。"),
                _("份"),
                f"{_TOTALS}.rectified_count",
                additive=True,
                group=_("问题整改"),
            ),
            Indicator(
                "contract_review.rectified_rate",
                _("整改完成率"),
                _("完成整改合同数 ÷ 确认问题合同数 × 100，按问题首次确认日期计入期间。"),
                "%",
                ratio=("contract_review.rectified", "contract_review.confirmed"),
                better="higher",
                headline=True,
                group=_("问题整改"),
            ),
            Indicator(
                "contract_review.recovered",
                _("整改回收资金"),
                _("期间内确认的问题合同已登记的回收金额之和。"),
                _("元"),
                f"{_TOTALS}.recovered_amount",
                additive=True,
                group=_("问题整改"),
                phrase="回收资金{}元",
            ),
            Indicator(
                "contract_review.income_gained",
                _("整改年增收"),
                _(
                    "期间内确认并已完成整改的合同，整改后年收入减原合同年收入之和；"
                    "两项有一项未登记的不计入。"
                ),
                _("元"),
                f"{_TOTALS}.income_gained_amount",
                additive=True,
                headline=True,
                group=_("问题整改"),
                phrase="增加农村集体收入{}元",
            ),
        ),
    )
