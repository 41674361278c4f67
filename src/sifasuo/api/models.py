"""Partner systems that use the integration API: their clients, the 12345 work orders they hand
in, and the webhook deliveries that tell them the outcome."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import OrgUnit, User
from sifasuo.core.sealed import SealedCharField
from sifasuo.intake.models import Matter


class Scope(models.TextChoices):
    MATTERS_CREATE = "matters:create", _("登记工单")
    MATTERS_READ = "matters:read", _("查询事项")
    SHARES_READ = "shares:read", _("读取共享案件")
    STATISTICS_READ = "statistics:read", _("读取统计数据")


class PartnerClient(models.Model):
    """接口客户端: one partner system (the 12345 hotline, a police station's system) acting for
    one unit. The token is shown once and kept only as a keyed digest."""

    name = models.CharField(_("客户端名称"), max_length=100, unique=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("代表单位"), on_delete=models.PROTECT, related_name="api_clients"
    )
    scopes = models.JSONField(_("权限范围"), default=list)
    token_prefix = models.CharField(_("令牌前缀"), max_length=16, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    rate_per_minute = models.PositiveIntegerField(
        _("每分钟请求上限"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(6000)],
    )
    webhook_url = models.URLField(_("回调地址"), max_length=300, blank=True)
    webhook_secret = SealedCharField(
        _("回调签名密钥"), max_length=64, blank=True, mask="secret", editable=False
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("令牌更换时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口客户端")
        verbose_name_plural = _("接口客户端")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate_per_minute__gte=1), name="api_client_rate_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(s, s)) for s in self.scopes]


class WorkOrder(models.Model):
    """A 12345 work order handed in through the API, and the matter it became. The pair
    (client, idempotency key) finds the first answer again when the partner retries a call."""

    client = models.ForeignKey(PartnerClient, on_delete=models.PROTECT, related_name="work_orders")
    matter = models.OneToOneField(Matter, on_delete=models.PROTECT, related_name="work_order")
    ticket_number = models.CharField(_("工单编号"), max_length=40)
    reply_due_on = models.DateField(_("办理时限"))
    idempotency_key = models.CharField(max_length=100)
    request_digest = models.CharField(max_length=64)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("热线工单")
        verbose_name_plural = _("热线工单")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "idempotency_key"], name="api_work_order_key_once"
            ),
            models.UniqueConstraint(
                fields=["client", "ticket_number"], name="api_work_order_ticket_once"
            ),
        ]

    def __str__(self) -> str:
        return self.ticket_number


class WebhookDelivery(models.Model):
    """One event sent to a client's webhook, retried with growing pauses until it is taken."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("发送失败")

    client = models.ForeignKey(PartnerClient, on_delete=models.CASCADE, related_name="deliveries")
    work_order = models.ForeignKey(
        WorkOrder, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.client}"
