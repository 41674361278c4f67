from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractReviewConfig(AppConfig):
    name = "sifasuo.contract_review"
    label = "contract_review"
    verbose_name = _("农村集体合同清理")
    # The demo records of the sample offices (see sifasuo.core.demo.DemoOffice).
    demo_loader = "sifasuo.contract_review.demo.load"
    # Sidebar entries: (label, url name, capability needed or None).
    navigation = [
        (_("集体合同清理"), "contract_review:batch_list", None),
    ]
    # Records the shared history panel may show: short name → (model, lookup to its unit).
    record_models = {
        "batch": ("contract_review.ReviewBatch", "unit"),
    }
    # Chinese names of this app's audit actions, for history panels and the audit log.
    action_labels = {
        "contract_review.batch_create": _("上传审查批次"),
        "contract_review.batch_done": _("批次审查完成"),
        "contract_review.batch_failed": _("批次审查失败"),
        "contract_review.batch_rerun": _("重新审查"),
        "contract_review.batch_resume": _("继续审查"),
        "contract_review.finding_decide": _("确认/排除问题"),
    }
