from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, NavEntry, RecordType
from sifasuo.core.roles import Role


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
                roles=frozenset(
                    {
                        Role.SYSTEM_ADMIN,
                        Role.SUPERVISOR,
                        Role.OFFICE_HEAD,
                        Role.JUDICIAL_ASSISTANT,
                        Role.LEGAL_ADVISOR,
                    }
                ),
            ),
        ),
        records=(RecordType("contract_review.batch", "contract_review.ReviewBatch"),),
        actions={
            "contract_review.batch_create": _("上传审查批次"),
            "contract_review.batch_done": _("批次审查完成"),
            "contract_review.batch_failed": _("批次审查失败"),
            "contract_review.batch_rerun": _("重新审查"),
            "contract_review.batch_resume": _("继续审查"),
            "contract_review.batch_recovered": _("批次自动恢复审查"),
            "contract_review.finding_decide": _("确认/排除问题"),
        },
        demo_loader="sifasuo.contract_review.demo.load",
    )
