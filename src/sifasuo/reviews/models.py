"""Legality review (合法性审查) records: requests, document versions, opinion points, pre-check findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.attachments import VersionedAttachment
from sifasuo.core.models import DeadlineFields, OrgUnit

from .precheck import cite, law_title


class LawArticle(models.Model):
    """One entry of the maintained law list (法律依据库): a law and an article an opinion may cite."""

    law = models.CharField(_("法律法规"), max_length=100)
    article = models.CharField(_("条款"), max_length=50)
    summary = models.CharField(_("要点"), max_length=300, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("法律依据")
        verbose_name_plural = _("法律依据")
        ordering = ["law", "id"]
        constraints = [
            models.UniqueConstraint(fields=["law", "article"], name="law_article_unique")
        ]

    def __str__(self) -> str:
        return cite(self.law, self.article)

    @property
    def law_title(self) -> str:
        """《行政强制法》, or a 文号 such as 国办发〔2018〕37号 without book-title marks."""
        return law_title(self.law)


class ReviewKind(models.TextChoices):
    HOMESTEAD = "homestead", _("农村宅基地及建房审批")
    NORMATIVE = "normative", _("行政规范性文件")
    CONTRACT = "contract", _("合同")
    INFO_DISCLOSURE = "info_disclosure", _("政府信息公开答复")
    MAJOR_DECISION = "major_decision", _("重大行政决策")
    MAJOR_ENFORCEMENT = "major_enforcement", _("重大行政执法决定")
    COMPLAINT = "complaint", _("疑难复杂投诉举报答复")
    VILLAGE_RULES = "village_rules", _("村规民约")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("退回补正")
    ACCEPTED = "accepted", _("已受理")
    REVIEWED = "reviewed", _("已审查")
    # The assistant's opinion drafted, waiting for the office head to issue it (签发).
    AWAITING_SIGN_OFF = "awaiting_sign_off", _("待所长签发")
    OPINION_ISSUED = "opinion_issued", _("已出具意见")
    ANSWERED = "answered", _("已反馈")
    ARCHIVED = "archived", _("已归档")


class Conclusion(models.TextChoices):
    LEGAL = "legal", _("合法")
    LEGAL_AFTER_CHANGES = "legal_after_changes", _("修改后合法")
    ILLEGAL = "illegal", _("不合法")


class Review(DeadlineFields):
    """A legality review request (合法性审查申请) from a township department to the office.

    `unit` is the office that reviews; `department` is the submitting 业务科室 under it, which sees
    the review through a Share written when it is submitted.
    """

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="reviews"
    )
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("报送科室"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("审查事项"), max_length=200)
    kind = models.CharField(_("类别"), max_length=30, choices=ReviewKind.choices)
    drafting_unit = models.CharField(_("起草单位"), max_length=100)
    urgency = models.CharField(
        _("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    requested_on = models.DateField(_("要求完成日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("报送日期"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("报送人"),
    )
    missing_material = models.TextField(_("需补正材料"), blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审查人"),
    )
    assistant_opinion = models.TextField(_("司法助理员审查意见"), blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("法律顾问或公职律师"),
    )
    advisor_opinion = models.TextField(_("法律顾问或公职律师意见"), blank=True)
    expert_consultation = models.TextField(_("专家论证情况"), blank=True)
    conclusion = models.CharField(
        _("审查结论"), max_length=30, choices=Conclusion.choices, blank=True
    )
    opinion_on = models.DateField(_("出具意见日期"), null=True, blank=True)
    # 签发: the office head who issued the opinion under the office's name, and the day.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("签发人"),
    )
    signed_on = models.DateField(_("签发日期"), null=True, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The submitting form's one-time token: a submit repeated in any way finds the first review.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("合法性审查")
        verbose_name_plural = _("合法性审查")
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["department"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "returned", "accepted", "reviewed"])
                | ~Q(conclusion=""),
                name="review_opinion_has_conclusion",
            )
        ]

    def recompute_due(self) -> None:
        from .due import assign_due

        assign_due(self, start=self.due_start)

    def __str__(self) -> str:
        return self.title

    @property
    def advisor_label(self) -> str:
        """法律顾问意见, or 公职律师意见 when a public-sector lawyer gave it."""
        from sifasuo.core.roles import Role

        if self.advisor is not None and self.advisor.role == Role.PUBLIC_LAWYER:
            return str(_("公职律师意见"))
        return str(_("法律顾问意见"))

    @property
    def on_time(self) -> bool | None:
        """Whether the opinion came by the due date (None while pending or without a due date)."""
        if self.opinion_on is None or self.due_on is None:
            return None
        return self.opinion_on <= self.due_on


class SignOffPolicy(models.Model):
    """Which kinds of review an office's head issues (签发) after the assistant drafts the opinion.

    An office without a row follows the default: every kind, since each ends in a formal
    合法性审查意见书 issued under the office's name."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.CASCADE, related_name="+"
    )
    kinds = models.JSONField(_("须所长签发的审查类别"), default=list, blank=True)

    class Meta:
        verbose_name = _("签发设置")
        verbose_name_plural = _("签发设置")

    def __str__(self) -> str:
        return f"{self.unit} 签发设置"


class ReviewDocument(VersionedAttachment):
    """One uploaded version of the reviewed text (.docx / .pdf); versions are never overwritten."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("文件"), upload_to="reviews/%Y/%m/")
    text = models.TextField(_("文本"), blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("审查材料")
        verbose_name_plural = _("审查材料")
        ordering = ["review", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["review", "version"], name="review_document_version")
        ]


class OpinionPoint(models.Model):
    """One required change (修改意见) or reason of illegality, with its legal basis and the
    department's answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("待反馈")
        DONE = "done", _("已修改")
        EXPLAINED = "explained", _("未修改并说明理由")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="points")
    seq = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("意见"))
    basis = models.ForeignKey(
        LawArticle, verbose_name=_("法律依据"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(
        _("反馈"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    answer_text = models.TextField(_("反馈说明"), blank=True)

    class Meta:
        verbose_name = _("审查意见")
        verbose_name_plural = _("审查意见")
        ordering = ["review", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["review", "seq"], name="opinion_point_seq"),
            models.CheckConstraint(
                condition=Q(answer="pending") | ~Q(answer_text=""),
                name="opinion_answer_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text[:30]}"


class Finding(models.Model):
    """A clause the normative-document pre-check flagged (预审发现), accepted or dismissed."""

    class Decision(models.TextChoices):
        OPEN = "open", _("待确认")
        ACCEPTED = "accepted", _("采纳")
        DISMISSED = "dismissed", _("排除")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    document = models.ForeignKey(ReviewDocument, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("问题类别"), max_length=30)
    clause = models.TextField(_("条款原文"))
    prohibition = models.CharField(_("禁止性规定"), max_length=200)
    law = models.CharField(_("法律法规"), max_length=100)
    article = models.CharField(_("条款"), max_length=50)
    decision = models.CharField(
        _("处理"), max_length=20, choices=Decision.choices, default=Decision.OPEN
    )
    dismiss_reason = models.CharField(_("排除理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("预审发现")
        verbose_name_plural = _("预审发现")
        ordering = ["review", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="dismissed") | ~Q(dismiss_reason=""),
                name="finding_dismissal_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prohibition}：{self.clause[:30]}"

    @property
    def citation(self) -> str:
        """The finding's basis as printed: 《行政强制法》第十三条, 国办发〔2018〕37号 一、（一）."""
        return cite(self.law, self.article)


class MeetingKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委会")
    EXECUTIVE = "executive", _("政府常务会议")
    THEMATIC = "thematic", _("专题会议")
    VILLAGE = "village", _("村两委会议")
    OTHER = "other", _("其他会议")


class Meeting(models.Model):
    """A township meeting the office head attended (司法所长列席) to give legal opinions."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("列席人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The form's one-time token: the same form sent twice (a double click, Back and resubmit)
    # records one meeting.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("列席会议")
        verbose_name_plural = _("列席会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One agenda item (议题) with the legal opinion given on it, a veto, and whether it was adopted."""

    class Adoption(models.TextChoices):
        PENDING = "pending", _("待定")
        ADOPTED = "adopted", _("已采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveSmallIntegerField(_("序号"))
    topic = models.CharField(_("议题"), max_length=200)
    opinion = models.TextField(_("法律意见"), blank=True)
    vetoed = models.BooleanField(_("否决"), default=False)
    veto_reasons = models.TextField(_("否决理由"), blank=True)
    adoption = models.CharField(
        _("采纳情况"), max_length=20, choices=Adoption.choices, default=Adoption.PENDING
    )

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["meeting", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seq"], name="agenda_item_seq"),
            models.CheckConstraint(
                condition=Q(vetoed=False) | ~Q(veto_reasons=""), name="agenda_veto_has_reasons"
            ),
        ]

    def __str__(self) -> str:
        return self.topic
