"""What the portal keeps beside the intake matter an online application becomes: which form the
citizen used, how the office was chosen, the consent given to the privacy notice, and the items of
the form that the matter has no field for (the 法律援助 economic situation)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import OrgUnit


class FormKind(models.TextChoices):
    MEDIATION = "mediation", _("人民调解申请")
    LEGAL_AID = "legal_aid", _("法律援助申请")
    GENERAL = "general", _("其他法律事务")


class RoutedBy(models.TextChoices):
    CHOSEN = "chosen", _("申请人选择的司法所")
    ADDRESS = "address", _("按住址所在乡镇")


class OnlineApplication(models.Model):
    """网上申请: one citizen's submission through the portal and the consent it was sent with."""

    matter = models.OneToOneField(
        "intake.Matter",
        verbose_name=_("受理事项"),
        on_delete=models.PROTECT,
        related_name="online_application",
    )
    # The office the citizen addressed (before the county's 分流规则 applied).
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("申请的司法所"), on_delete=models.PROTECT, related_name="+"
    )
    form = models.CharField(_("申请类别"), max_length=20, choices=FormKind.choices)
    routed_by = models.CharField(_("受理单位确定方式"), max_length=20, choices=RoutedBy.choices)
    # 个人信息保护法 第十四条: the consent, given knowingly; the notice's version says what it
    # was given to (第十四条第二款: a changed purpose needs consent again).
    consent_at = models.DateTimeField(_("同意时间"))
    notice_version = models.CharField(_("告知书版本"), max_length=20)
    # 第二十九条: separate consent to the sensitive items (the 法律援助 economic situation and
    # the groups the applicant belongs to); empty when the form asks none.
    sensitive_consent_at = models.DateTimeField(
        _("敏感个人信息单独同意时间"), null=True, blank=True
    )
    details = models.JSONField(_("申请事项明细"), default=dict, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("网上申请")
        verbose_name_plural = _("网上申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.matter_id}"
