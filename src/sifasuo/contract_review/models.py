"""Batches of village contracts uploaded by an office, their per-contract results and findings.

Results are keyed by content hash within a batch, so running the same files again (or resuming a
worker that was stopped) updates rows instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifasuo.core.attachments import VersionedAttachment


class ReviewBatch(models.Model):
    """一批待审查的农村集体经济合同 (one upload)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("审查中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位")
    )
    name = models.CharField(_("批次名称"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("失败原因"), blank=True)
    # Files read so far / files uploaded (a .zip counts each member; a ledger counts once).
    files_total = models.PositiveIntegerField(_("文件总数"), default=0)
    files_done = models.PositiveIntegerField(_("已处理文件"), default=0)
    storage_dir = models.CharField(_("存储目录"), max_length=200, blank=True)
    price_table_name = models.CharField(_("参考价格表"), max_length=200, blank=True)
    thresholds = models.JSONField(_("审查阈值"), default=dict, blank=True)
    as_of = models.DateField(_("审查基准日"))
    # Raised by each full re-review; results of the current generation are skipped on resume.
    generation = models.PositiveIntegerField(_("审查轮次"), default=1)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # The worker's heartbeat: moved on at the start and after every file it reviews.
    progress_at = models.DateTimeField(_("最近进展"), null=True, blank=True)

    class Meta:
        verbose_name = _("合同审查批次")
        verbose_name_plural = _("合同审查批次")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(files_done__lte=models.F("files_total")),
                name="contract_review_batch_done_le_total",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def stalled(self, *, now=None) -> bool:
        """Running, but without progress for `SIFASUO_BATCH_STALL_MINUTES`: its worker stopped."""
        if self.status != self.Status.RUNNING or self.progress_at is None:
            return False
        limit = dt.timedelta(minutes=settings.SIFASUO_BATCH_STALL_MINUTES)
        return (now or timezone.now()) - self.progress_at > limit

    def waiting_for_worker(self, *, now=None) -> bool:
        """Queued for over a minute: no worker seems to be running."""
        since = self.progress_at or self.created_at
        return self.status == self.Status.QUEUED and (now or timezone.now()) - since > dt.timedelta(
            minutes=1
        )

    @property
    def percent(self) -> int:
        if not self.files_total:
            return 100 if self.finished else 0
        return int(self.files_done * 100 / self.files_total)


class ContractFile(models.Model):
    """The review of one contract in a batch (one file, zip member or ledger row)."""

    class Status(models.TextChoices):
        OK = "ok", _("已读取")
        ERROR = "error", _("读取失败")

    batch = models.ForeignKey(
        ReviewBatch, on_delete=models.CASCADE, related_name="contracts", verbose_name=_("批次")
    )
    path = models.CharField(_("文件"), max_length=500)
    record = models.CharField(_("台账行"), max_length=60, blank=True)
    sha256 = models.CharField(_("内容哈希"), max_length=64)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    error = models.TextField(_("读取失败原因"), blank=True)
    reader = models.CharField(_("读取方式"), max_length=20, blank=True)
    text = models.TextField(_("合同文本"), blank=True)
    fields = models.JSONField(_("提取的合同要素"), null=True, blank=True)
    problem = models.BooleanField(_("问题合同"), default=False, db_index=True)
    income_gap = models.DecimalField(
        _("估算少收金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    lessor = models.CharField(_("发包方（出租方）"), max_length=200, blank=True)
    lessee = models.CharField(_("承包方（承租方）"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(_("审查时间"), auto_now=True)
    generation = models.PositiveIntegerField(_("审查轮次"), default=1)

    class Meta:
        verbose_name = _("合同审查结果")
        verbose_name_plural = _("合同审查结果")
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "sha256"], name="contract_review_file_unique_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.path}（{self.record}）" if self.record else self.path


class Finding(models.Model):
    """审查发现的一个问题, with its evidence and the reviewer's decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DISMISSED = "dismissed", _("已排除")

    contract = models.ForeignKey(
        ContractFile, on_delete=models.CASCADE, related_name="findings", verbose_name=_("合同")
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    rule = models.CharField(_("规则代码"), max_length=40)
    name = models.CharField(_("问题"), max_length=60)
    severity = models.CharField(_("严重程度"), max_length=10)
    message = models.TextField(_("说明"))
    basis = models.CharField(_("法律依据"), max_length=300)
    basis_quote = models.TextField(_("条文"), blank=True)
    remedy = models.TextField(_("整改建议"))
    evidence = models.JSONField(_("依据的合同原文"), default=list, blank=True)
    income_gap = models.DecimalField(
        _("估算少收金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision = models.CharField(
        _("审查结论"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    dismissal_reason = models.TextField(_("排除理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("审查发现")
        verbose_name_plural = _("审查发现")
        ordering = ["contract", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="dismissed") | ~models.Q(dismissal_reason=""),
                name="contract_review_finding_dismissal_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule}：{self.name}"


class Rectification(models.Model):
    """整改记录: how the office puts right one confirmed problem contract, what was recovered and
    what the collective earns a year afterwards. `unit` is the office that owns the batch."""

    class Measure(models.TextChoices):
        SUPPLEMENT = "supplement", _("签订补充协议")
        RETENDER = "retender", _("重新招标（公开协商）")
        TERMINATE = "terminate", _("解除合同")
        LITIGATE = "litigate", _("提起诉讼")
        OTHER = "other", _("其他")

    contract = models.OneToOneField(
        ContractFile,
        on_delete=models.CASCADE,
        related_name="rectification",
        verbose_name=_("合同"),
    )
    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("司法所")
    )
    measure = models.CharField(_("整改措施"), max_length=12, choices=Measure.choices)
    description = models.TextField(_("整改情况说明"), max_length=1000)
    due_on = models.DateField(_("整改期限"), null=True, blank=True)
    old_annual_income = models.DecimalField(
        _("原合同年收入（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    new_annual_income = models.DecimalField(
        _("整改后年收入（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    done_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["unit", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(old_annual_income__isnull=True)
                | models.Q(old_annual_income__gte=0),
                name="contract_review_rectification_old_income_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(new_annual_income__isnull=True)
                | models.Q(new_annual_income__gte=0),
                name="contract_review_rectification_new_income_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"整改：{self.contract}"

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def income_gained(self):
        """New annual income minus the old annual price, when both are known."""
        if self.new_annual_income is None or self.old_annual_income is None:
            return None
        return self.new_annual_income - self.old_annual_income

    def overdue(self, today: dt.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


class Recovery(models.Model):
    """One amount recovered for the collective (回收的价款、补缴的租金…) on a given day."""

    rectification = models.ForeignKey(
        Rectification,
        on_delete=models.CASCADE,
        related_name="recoveries",
        verbose_name=_("整改记录"),
    )
    amount = models.DecimalField(_("回收金额（元）"), max_digits=14, decimal_places=2)
    received_on = models.DateField(_("到账日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回收资金")
        verbose_name_plural = _("回收资金")
        ordering = ["rectification", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="contract_review_recovery_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount}"


class RectificationDocument(VersionedAttachment):
    """整改材料 (补充协议, 招标结果, 解除通知, 判决书 …): each upload a new version."""

    rectification = models.ForeignKey(
        Rectification,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("整改记录"),
    )
    file = models.FileField(_("文件"), upload_to="contract_review/rectifications/%Y/%m/")

    class Meta:
        verbose_name = _("整改材料")
        verbose_name_plural = _("整改材料")
        ordering = ["rectification", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["rectification", "version"],
                name="contract_review_rectification_document_version",
            )
        ]
