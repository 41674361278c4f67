"""Contract records under the "N+(1+专)+1" chain, with payment plans and actual payments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.attachments import VersionedAttachment
from sifasuo.core.models import OrgUnit, Party


class ContractType(models.TextChoices):
    PURCHASE = "purchase", _("采购合同")
    CONSTRUCTION = "construction", _("工程合同")
    SERVICE = "service", _("服务合同")
    LEASE = "lease", _("租赁合同")
    COOPERATION = "cooperation", _("合作协议")
    OTHER = "other", _("其他")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    LEGAL_REVIEW = "legal_review", _("法律审查中")
    APPROVED = "approved", _("审查通过")
    SIGNED = "signed", _("已签订履行中")
    COMPLETED = "completed", _("履行完毕")
    TERMINATED = "terminated", _("已解除/终止")


class Contract(models.Model):
    """A township contract (合同). N: the owning business department drafts and answers for it;
    1+专: the office's judicial assistant and a professional legal advisor review it, both opinions
    kept; 1: the finance or engineering office manages payment.

    `unit` is the office; the owning and paying departments see it through Shares.
    """

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="contracts"
    )
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("承办科室"), on_delete=models.PROTECT, related_name="+"
    )
    payment_department = models.ForeignKey(
        OrgUnit,
        verbose_name=_("付款管理科室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("合同编号"), max_length=60)
    title = models.CharField(_("合同名称"), max_length=200)
    contract_type = models.CharField(_("合同类型"), max_length=20, choices=ContractType.choices)
    subject = models.CharField(_("合同标的"), max_length=300, blank=True)
    amount = models.DecimalField(_("合同金额（元）"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("履行起始日"), null=True, blank=True)
    ends_on = models.DateField(_("履行届满日"), null=True, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    review_due_on = models.DateField(_("法律审查截止日"), null=True, blank=True)
    review_started_on = models.DateField(_("送审日期"), null=True, blank=True)
    # Counted without the holiday data of a year it runs into; see deadline_service.
    review_due_provisional = models.BooleanField(_("审查截止日暂定"), default=False)
    assistant_opinion = models.TextField(_("司法助理员审查意见"), blank=True)
    assistant_passed = models.BooleanField(_("司法助理员同意"), null=True, blank=True)
    advisor_opinion = models.TextField(_("法律顾问审查意见"), blank=True)
    advisor_passed = models.BooleanField(_("法律顾问同意"), null=True, blank=True)
    counterparties = models.ManyToManyField(
        Party, verbose_name=_("相对方"), related_name="contracts", blank=True
    )
    # Taken over from an existing ledger (.xlsx import): signed before the platform, so the
    # platform's legal review did not happen here.
    imported = models.BooleanField(_("台账导入"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("合同")
        verbose_name_plural = _("合同")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="contract_number_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contract_amount_not_negative"),
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "completed"])
                | (Q(assistant_passed=True) & Q(advisor_passed=True))
                | Q(imported=True),
                name="contract_signed_after_legal_review",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # The flag and date `deadline_service.recompute_provisional` looks at, and how it recomputes.
    provisional_flag = "review_due_provisional"
    provisional_date = "review_due_on"

    def recompute_due(self) -> None:
        from .services import review_due

        if self.review_started_on:
            self.review_due_on, self.review_due_provisional = review_due(self.review_started_on)


class Instalment(models.Model):
    """One planned payment (付款计划) with its due date."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="instalments")
    seq = models.PositiveSmallIntegerField(_("期次"))
    due_on = models.DateField(_("应付日期"))
    amount = models.DecimalField(_("应付金额"), max_digits=14, decimal_places=2)
    condition = models.CharField(_("付款条件"), max_length=200, blank=True)
    settled = models.BooleanField(_("已付清"), default=False)

    class Meta:
        verbose_name = _("付款计划")
        verbose_name_plural = _("付款计划")
        ordering = ["contract", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "seq"], name="instalment_seq"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"第{self.seq}期"


class Payment(models.Model):
    """One actual payment (实际支付)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payments")
    instalment = models.ForeignKey(
        Instalment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
        verbose_name=_("对应期次"),
    )
    paid_on = models.DateField(_("支付日期"))
    amount = models.DecimalField(_("支付金额"), max_digits=14, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("支付记录")
        verbose_name_plural = _("支付记录")
        ordering = ["contract", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class ContractDocument(VersionedAttachment):
    """One uploaded version of the contract text (.docx / .pdf); versions are never overwritten."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("文件"), upload_to="contracts/%Y/%m/")

    class Meta:
        verbose_name = _("合同文本")
        verbose_name_plural = _("合同文本")
        ordering = ["contract", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "version"], name="contract_document_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} v{self.version}"
