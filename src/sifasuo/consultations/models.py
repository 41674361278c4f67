"""网上法律咨询: the lawyers and legal advisors who answer citizens' questions online (their
consultation profile and duty rota), the questions with their answers and ratings, the response
targets per specialty, and the 高频涉法难点 FAQ compiled from answered questions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import OrgUnit
from sifasuo.core.sealed import SealedCharField


class Specialty(models.TextChoices):
    FAMILY = "family", _("婚姻家庭")
    LABOUR = "labour", _("劳动争议")
    LAND = "land", _("土地承包")
    NEIGHBOURS = "neighbours", _("邻里纠纷")
    CONTRACT = "contract", _("合同债务")
    TRAFFIC = "traffic", _("交通事故")
    ADMINISTRATIVE = "administrative", _("行政")
    OTHER = "other", _("其他")


class Consultant(models.Model):
    """A lawyer or legal advisor who answers online questions (咨询律师): an account of the
    office with the public information the lawyer directory shows."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.PROTECT,
        related_name="consultant",
    )
    public_name = models.CharField(_("公开姓名"), max_length=50)
    organization = models.CharField(_("执业机构/工作单位"), max_length=100)
    specialties = models.JSONField(_("擅长领域"), default=list)
    license_no = models.CharField(_("执业证号"), max_length=30, blank=True)
    introduction = models.CharField(_("简介"), max_length=300, blank=True)
    listed = models.BooleanField(_("在律师名录中公开"), default=True)
    is_active = models.BooleanField(_("接受咨询"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("咨询律师")
        verbose_name_plural = _("咨询律师")
        ordering = ["unit__path", "public_name", "id"]

    def __str__(self) -> str:
        return self.public_name

    def specialty_labels(self) -> list[str]:
        labels = dict(Specialty.choices)
        return [str(labels[s]) for s in self.specialties if s in labels]


class DutySlot(models.Model):
    """One slot of the duty rota (值班表): who answers online questions on that day and time."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    consultant = models.ForeignKey(
        Consultant, verbose_name=_("值班律师"), on_delete=models.CASCADE, related_name="slots"
    )
    day = models.DateField(_("日期"))
    starts = models.TimeField(_("开始时间"))
    ends = models.TimeField(_("结束时间"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["day", "starts", "id"]
        indexes = [models.Index(fields=["unit", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="slot_ends_after"
            ),
            models.UniqueConstraint(
                fields=["consultant", "day", "starts"], name="slot_once_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.starts:%H:%M}–{self.ends:%H:%M} {self.consultant}"


class ResponseTarget(models.Model):
    """The office's response-time target for one specialty, in working minutes (响应时限)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    specialty = models.CharField(_("咨询类别"), max_length=20, choices=Specialty.choices)
    minutes = models.PositiveIntegerField(_("响应时限（工作分钟）"))

    class Meta:
        verbose_name = _("响应时限")
        verbose_name_plural = _("响应时限")
        constraints = [
            models.UniqueConstraint(fields=["unit", "specialty"], name="target_once_per_specialty"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_specialty_display()} {self.minutes}分钟"


class QuestionState(models.TextChoices):
    WAITING = "waiting", _("待解答")
    CLAIMED = "claimed", _("已认领")
    ANSWERED = "answered", _("已解答")


class Question(models.Model):
    """A citizen's online question (网上法律咨询), owned by the office of the township the
    citizen chose; offered to the consultants on duty for its specialty, answered by the first."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    specialty = models.CharField(_("咨询类别"), max_length=20, choices=Specialty.choices)
    text = models.TextField(_("咨询内容"))
    asker_name = SealedCharField(_("称呼"), max_length=50, blank=True, mask="secret")
    # Blank only once erased at the end of the keeping period (SIFASUO_CONSULT_KEEP_YEARS).
    phone = SealedCharField(
        _("联系电话"), max_length=30, blank=True, index_field="phone_digest", mask="phone"
    )
    phone_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    consented_at = models.DateTimeField(_("同意个人信息处理时间"))
    asked_at = models.DateTimeField(_("提问时间"))
    offered_to = models.ManyToManyField(
        Consultant, verbose_name=_("推送律师"), related_name="offered_questions", blank=True
    )
    target_minutes = models.PositiveIntegerField(_("响应时限（工作分钟）"))
    state = models.CharField(
        _("状态"), max_length=20, choices=QuestionState.choices, default=QuestionState.WAITING
    )
    claimed_by = models.ForeignKey(
        Consultant,
        verbose_name=_("认领律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    answer = models.TextField(_("解答"), blank=True)
    answered_by = models.ForeignKey(
        Consultant,
        verbose_name=_("解答律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_questions",
    )
    answered_at = models.DateTimeField(_("解答时间"), null=True, blank=True)
    response_minutes = models.PositiveIntegerField(_("响应用时（工作分钟）"), null=True, blank=True)
    within_target = models.BooleanField(_("按时解答"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("评价"), null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    matter = models.OneToOneField(
        "intake.Matter",
        verbose_name=_("转为受理事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("网上法律咨询")
        verbose_name_plural = _("网上法律咨询")
        ordering = ["-asked_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "state", "asked_at"]),
            models.Index(fields=["unit", "answered_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="question_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | Q(answered_by__isnull=False),
                name="question_answered_has_consultant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.get_specialty_display()}"


class FaqEntry(models.Model):
    """高频涉法难点: a question and answer compiled by staff from answered consultations, edited
    so that no one can be recognised, and published on the portal once ready."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    specialty = models.CharField(_("咨询类别"), max_length=20, choices=Specialty.choices)
    question = models.TextField(_("问题"))
    answer = models.TextField(_("解答"))
    sources = models.ManyToManyField(
        Question, verbose_name=_("来源咨询"), related_name="faq_entries", blank=True
    )
    published = models.BooleanField(_("已公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("高频涉法难点")
        verbose_name_plural = _("高频涉法难点")
        ordering = ["specialty", "-published_at", "-id"]

    def __str__(self) -> str:
        return self.question[:30]
