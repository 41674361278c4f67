"""一村（居）一法律顾问: who serves which village, their service logs (工作日志), the month
close of each advisor's logs and the villages' yearly rating."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sifasuo.core.attachments import VersionedAttachment
from sifasuo.core.models import OrgUnit
from sifasuo.core.sealed import SealedCharField


class EndReason(models.TextChoices):
    """Why an appointment ended before its planned end (提前终止)."""

    RESIGNED = "resigned", _("本人辞任")
    DISMISSED = "dismissed", _("解聘")
    REPLACED = "replaced", _("更换顾问")
    OTHER = "other", _("其他")


class Appointment(models.Model):
    """聘任: a lawyer serving one village or community for a contract period and a fee.

    `unit` is the office; `village` one of its villages. The advisor is identified across
    villages by the practice licence number (执业证号)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        OrgUnit, verbose_name=_("村/社区"), on_delete=models.PROTECT, related_name="+"
    )
    lawyer_name = models.CharField(_("法律顾问姓名"), max_length=50)
    firm = models.CharField(_("所在律师事务所"), max_length=100)
    license_no = models.CharField(_("执业证号"), max_length=30)
    phone = SealedCharField(_("联系电话"), max_length=30, blank=True, mask="phone")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("平台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advisor_appointments",
    )
    starts_on = models.DateField(_("聘期起始日"))
    ends_on = models.DateField(_("聘期届满日"))
    # 提前终止: the last day served when the appointment ended before `ends_on`.
    ended_on = models.DateField(_("提前终止日"), null=True, blank=True)
    end_reason = models.CharField(
        _("终止原因"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("终止说明"), max_length=200, blank=True)
    # The last day the advisor serves: every reader of "who serves when" uses this one field,
    # so an early end counts everywhere the planned end did.
    serves_until = models.GeneratedField(
        expression=Coalesce("ended_on", "ends_on"),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("实际服务截止日"),
    )
    fee = models.DecimalField(_("服务费（元/年）"), max_digits=12, decimal_places=2, default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法律顾问聘任")
        verbose_name_plural = _("法律顾问聘任")
        ordering = ["village__name", "-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "license_no", "starts_on"], name="advisor_appointment_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="advisor_period_order"
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="advisor_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(
                    ended_on__gte=models.F("starts_on"),
                    ended_on__lte=models.F("ends_on"),
                    end_reason__in=EndReason.values,
                ),
                name="advisor_early_end_within_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.lawyer_name}"


class LogKind(models.TextChoices):
    OFFICE_HOURS = "office_hours", _("坐班")
    LECTURE = "lecture", _("讲座")
    CONSULTATION = "consultation", _("咨询")
    RULES_REVIEW = "rules_review", _("审查村规民约或合同")
    MEDIATION = "mediation", _("参与调解")
    OPINION = "opinion", _("出具法律意见")


# Kinds done in the village (入村服务); an opinion may be written at the firm.
VISIT_KINDS = (
    LogKind.OFFICE_HOURS,
    LogKind.LECTURE,
    LogKind.CONSULTATION,
    LogKind.RULES_REVIEW,
    LogKind.MEDIATION,
)


class ServiceLog(models.Model):
    """工作日志: one service the advisor gave a village on a day."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("聘任"), on_delete=models.PROTECT, related_name="logs"
    )
    village = models.ForeignKey(
        OrgUnit, verbose_name=_("村/社区"), on_delete=models.PROTECT, related_name="+"
    )
    served_on = models.DateField(_("服务日期"), db_index=True)
    kind = models.CharField(_("服务类型"), max_length=20, choices=LogKind.choices)
    people_served = models.PositiveIntegerField(_("服务人数"), default=0)
    content = models.TextField(_("服务内容"), blank=True)
    # 出具法律意见: the village's request, kept with the opinion (意见随请求归档).
    request = models.TextField(_("村（居）委会提出的请求"), blank=True)
    consulter_name = models.CharField(_("咨询人"), max_length=50, blank=True)
    # The intake matter this log was reported as (村居法律顾问上报).
    matter = models.ForeignKey(
        "intake.Matter",
        verbose_name=_("上报事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("法律顾问工作日志")
        verbose_name_plural = _("法律顾问工作日志")
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["unit", "served_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_served__lte=100000), name="advisor_log_people_plausible"
            )
        ]

    def __str__(self) -> str:
        return f"{self.served_on} {self.village} {self.get_kind_display()}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("现场照片")
    SIGNATURE = "signature", _("签字确认单")
    OPINION = "opinion", _("法律意见书")
    OTHER = "other", _("其他")


class LogAttachment(VersionedAttachment):
    """A photo, the signed sheet (签字确认单) or the written opinion of a log."""

    log = models.ForeignKey(ServiceLog, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("附件类别"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to="advisors/%Y/%m/")

    class Meta:
        verbose_name = _("工作日志附件")
        verbose_name_plural = _("工作日志附件")
        ordering = ["log", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["log", "version"], name="advisor_attachment_version")
        ]


class MonthClose(models.Model):
    """月度结账: an advisor's logs of a month checked and closed; no log of that month may be
    added afterwards. Closed with gaps only with a note saying why."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    license_no = models.CharField(_("执业证号"), max_length=30)
    lawyer_name = models.CharField(_("法律顾问姓名"), max_length=50)
    month = models.DateField(_("月份"))  # the first day of the month
    gaps = models.JSONField(_("结账时的缺漏"), default=list, blank=True)
    note = models.TextField(_("说明"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("月度结账")
        verbose_name_plural = _("月度结账")
        ordering = ["-month", "lawyer_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "license_no", "month"], name="advisor_month_closed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lawyer_name} {self.month:%Y-%m}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class VillageRating(models.Model):
    """The village's yearly rating of its advisor (村居评议): a score of 1–5 and/or a grade."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("聘任"), on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.PositiveSmallIntegerField(_("评分（1–5）"), null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=20, choices=Grade.choices, blank=True)
    comment = models.CharField(_("评议意见"), max_length=500, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("村居评议")
        verbose_name_plural = _("村居评议")
        ordering = ["-year", "appointment"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "year"], name="advisor_rating_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="advisor_rating_score_range",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | ~Q(grade=""), name="advisor_rating_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.appointment}"
