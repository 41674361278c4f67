"""信访 case files: the petition (一案一单), its statutory periods and its joint meetings."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import DeadlineFields, OrgUnit, Party, User


class Channel(models.TextChoices):
    VISIT = "visit", _("走访")
    LETTER = "letter", _("书信")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络")
    FAX = "fax", _("传真")


class Source(models.TextChoices):
    """How the petition reached the office: from the petitioner (信访工作条例 第二十三条第一款、
    第二款), or 转送 / 交办 by a 党委和政府信访部门 or a higher body of the same system (第三款)."""

    DIRECT = "direct", _("信访人直接提出")
    FORWARDED = "forwarded", _("转送")
    ASSIGNED = "assigned", _("交办")


class Kind(models.TextChoices):
    """The three kinds of 信访工作条例 第二十九条至第三十一条."""

    SUGGESTION = "suggestion", _("建议意见类")
    ACCUSATION = "accusation", _("检举控告类")
    COMPLAINT = "complaint", _("申诉求决类")


class Route(models.TextChoices):
    """How a 申诉求决类 matter is handled: the six items of 信访工作条例 第三十一条."""

    LITIGATION = "1", _("第一项：诉讼、复议、检察、公安法律程序")
    ARBITRATION = "2", _("第二项：仲裁")
    PARTY_APPEAL = "3", _("第三项：党员申诉、申请复审")
    ADMINISTRATIVE = "4", _("第四项：行政复议、裁决、确认、许可、处罚等行政程序")
    DUTY = "5", _("第五项：申请查处违法行为、履行保护合法权益职责")
    OPINION = "6", _("第六项：调查核实后出具信访处理意见书")


class Stage(models.TextChoices):
    REGISTERED = "registered", _("已登记，待告知")
    OBJECTED = "objected", _("已提出异议，待转送、交办机关核实")
    HANDLING = "handling", _("已受理，办理中")
    REPLIED = "replied", _("已书面答复")
    REVIEW = "review", _("复查中")
    REVIEWED = "reviewed", _("已复查")
    RECHECK = "recheck", _("复核中")
    RECHECKED = "rechecked", _("已复核")
    CLOSED = "closed", _("已结案")


OPEN_STAGES = [s for s in Stage.values if s != Stage.CLOSED]


class ReplyOpinion(models.TextChoices):
    """信访处理意见 (信访工作条例 第三十二条第一款)."""

    SUPPORT = "support", _("予以支持")
    EXPLAIN = "explain", _("作出解释说明")
    NOT_SUPPORT = "not_support", _("不予支持")


class ReviewResult(models.TextChoices):
    UPHELD = "upheld", _("维持原意见")
    CHANGED = "changed", _("变更或撤销原意见")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("诉求合理，问题已解决")
    EXPLAINED = "explained", _("已解释说明")
    NOT_SUPPORTED = "not_supported", _("不予支持，已疏导教育")
    MEDIATED = "mediated", _("经调解、和解达成协议")
    REFERRED = "referred", _("已导入法定程序处理")
    WITHDRAWN = "withdrawn", _("信访人撤回")
    REDIRECTED = "redirected", _("不属本机关职权，已告知向有权机关提出")
    FINAL = "final", _("复核终结，不再受理")
    RETURNED = "returned", _("异议经核实同意，已交还相关材料")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    UNKNOWN = "unknown", _("未评价")


class RiskGrade(models.TextChoices):
    GREEN = "green", _("绿色")
    YELLOW = "yellow", _("黄色")
    RED = "red", _("红色")


class Petition(models.Model):
    """信访件: one case file per petition (一案一单), with its lead official (领导包案)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("所属司法所"), on_delete=models.PROTECT, related_name="petitions"
    )
    number = models.CharField(_("编号"), max_length=40, unique=True)
    intake_matter = models.OneToOneField(
        "intake.Matter",
        verbose_name=_("受理事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petition",
    )
    channel = models.CharField(_("信访形式"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("收到日期"))
    source = models.CharField(
        _("来源"), max_length=20, choices=Source.choices, default=Source.DIRECT
    )
    forwarded_by = models.CharField(_("转送、交办机关"), max_length=100, blank=True)
    forward_reference = models.CharField(_("转送、交办文号"), max_length=100, blank=True)
    # 第二十三条第二款: no 15-day written notice is owed when these are unclear.
    contact_unclear = models.BooleanField(_("信访人姓名（名称）、住址不清"), default=False)
    petitioner = models.ForeignKey(
        Party, verbose_name=_("信访人"), on_delete=models.PROTECT, related_name="petitions"
    )
    headcount = models.PositiveSmallIntegerField(_("信访人数"), default=1)
    # The petitioner's earlier petition at this office (重复信访), and which visit this is.
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("前次信访件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    visit_number = models.PositiveSmallIntegerField(_("第几次信访"), default=1)
    kind = models.CharField(_("信访事项类别"), max_length=20, choices=Kind.choices)
    route = models.CharField(
        _("办理途径（第三十一条）"), max_length=2, choices=Route.choices, blank=True
    )
    request = models.TextField(_("信访请求及事实理由"))
    lead_name = models.CharField(_("包案领导"), max_length=50, blank=True)
    lead_post = models.CharField(_("包案领导职务"), max_length=50, blank=True)
    lead_user = models.ForeignKey(
        User,
        verbose_name=_("包案领导账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        OrgUnit,
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        User, verbose_name=_("承办人"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(
        _("办理阶段"), max_length=20, choices=Stage.choices, default=Stage.REGISTERED
    )
    objected_on = models.DateField(_("提出异议日期"), null=True, blank=True)
    objection_reasons = models.TextField(_("异议理由"), blank=True)
    objection_answered_on = models.DateField(_("转送、交办机关答复日期"), null=True, blank=True)
    objection_agreed = models.BooleanField(_("核实同意异议"), null=True, blank=True)
    objection_answer = models.TextField(_("转送、交办机关核实意见"), blank=True)
    materials_returned_on = models.DateField(_("交还材料日期"), null=True, blank=True)
    materials_note = models.TextField(_("交还材料情况"), blank=True)
    notified_on = models.DateField(_("书面告知日期"), null=True, blank=True)
    notice_text = models.TextField(_("告知内容"), blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_opinion = models.CharField(
        _("处理意见"), max_length=20, choices=ReplyOpinion.choices, blank=True
    )
    reply_text = models.TextField(_("信访处理意见书内容"), blank=True)
    reply_delivered_on = models.DateField(_("信访人收到答复日期"), null=True, blank=True)
    review_body = models.CharField(_("复查机关"), max_length=100, blank=True)
    review_requested_on = models.DateField(_("收到复查请求日期"), null=True, blank=True)
    review_decided_on = models.DateField(_("复查意见日期"), null=True, blank=True)
    review_result = models.CharField(
        _("复查结果"), max_length=20, choices=ReviewResult.choices, blank=True
    )
    review_text = models.TextField(_("复查意见"), blank=True)
    review_delivered_on = models.DateField(_("信访人收到复查意见日期"), null=True, blank=True)
    recheck_body = models.CharField(_("复核机关"), max_length=100, blank=True)
    recheck_requested_on = models.DateField(_("收到复核请求日期"), null=True, blank=True)
    # 复核听证 (第三十六条第二款): its days do not count in the 30 days of the 复核.
    recheck_hearing_from = models.DateField(_("复核听证开始日期"), null=True, blank=True)
    recheck_hearing_to = models.DateField(_("复核听证结束日期"), null=True, blank=True)
    recheck_decided_on = models.DateField(_("复核意见日期"), null=True, blank=True)
    recheck_result = models.CharField(
        _("复核结果"), max_length=20, choices=ReviewResult.choices, blank=True
    )
    recheck_text = models.TextField(_("复核意见"), blank=True)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, blank=True)
    satisfaction = models.CharField(
        _("信访人评价"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    settled = models.BooleanField(_("息访息诉"), default=False)
    closing_note = models.TextField(_("结案说明"), blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    risk_grade = models.CharField(
        _("风险等级"), max_length=10, choices=RiskGrade.choices, default=RiskGrade.GREEN
    )
    risk_checklist = models.JSONField(_("风险排查项"), default=list, blank=True)
    risk_reasons = models.JSONField(_("风险依据"), default=list, blank=True)
    control_plan = models.TextField(_("稳控化解措施"), blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("信访件")
        verbose_name_plural = _("信访件")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "received_on"]),
            models.Index(fields=["unit", "closed_on"]),
            models.Index(fields=["unit", "stage"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="closed") | ~Q(outcome=""), name="petition_closed_has_outcome"
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="petition_headcount_positive"
            ),
            models.CheckConstraint(
                condition=Q(source="direct", forwarded_by="")
                | (~Q(source="direct") & ~Q(forwarded_by="")),
                name="petition_forwarded_names_its_body",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED

    @property
    def is_forwarded(self) -> bool:
        return self.source != Source.DIRECT

    @property
    def source_label(self) -> str:
        """E.g. 信访人直接提出, or 东港区信访局转送（东信转〔2026〕12号）."""
        if not self.is_forwarded:
            return str(self.get_source_display())
        reference = f"（{self.forward_reference}）" if self.forward_reference else ""
        return f"{self.forwarded_by}{self.get_source_display()}{reference}"

    @property
    def lead_label(self) -> str:
        if not self.lead_name:
            return ""
        return f"{self.lead_name}（{self.lead_post}）" if self.lead_post else self.lead_name


class PeriodKind(models.TextChoices):
    NOTIFY = "notify", _("书面告知信访人")
    OBJECTION = "objection", _("对转送、交办事项提出异议")
    HANDLE = "handle", _("办结并出具信访处理意见书")
    REVIEW_REQUEST = "review_request", _("信访人请求复查")
    REVIEW = "review", _("复查机关提出复查意见")
    RECHECK_REQUEST = "recheck_request", _("信访人请求复核")
    RECHECK = "recheck", _("复核机关提出复核意见")


# The office's own periods: missing one is the office's delay (the others run for the
# petitioner or for the reviewing body).
OFFICE_DUTIES = (PeriodKind.NOTIFY, PeriodKind.OBJECTION, PeriodKind.HANDLE)


class TimeLimit(DeadlineFields):
    """One statutory period of a petition, counted by the deadline engine (rule petition.<kind>,
    or petition.forwarded_notify for the notice of a forwarded petition); `done_on` is the day
    the step it waits for was taken."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="time_limits")
    kind = models.CharField(_("期限"), max_length=20, choices=PeriodKind.choices)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("信访期限")
        verbose_name_plural = _("信访期限")
        ordering = ["due_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "kind"], name="petition_period_once")
        ]
        indexes = [models.Index(fields=["kind", "due_on"])]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.get_kind_display()}"

    @property
    def unit(self) -> OrgUnit:
        return self.petition.unit

    @property
    def is_duty(self) -> bool:
        return self.kind in OFFICE_DUTIES

    @property
    def met(self) -> bool | None:
        """Whether the step came within the period (None while it is still awaited)."""
        if self.done_on is None or self.due_on is None:
            return None
        return self.done_on <= self.due_on


class Meeting(models.Model):
    """信访工作联席会议: the partner bodies involved, who attended and what was concluded."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("会议日期"))
    partners = models.ManyToManyField(OrgUnit, verbose_name=_("参会协作单位"), related_name="+")
    attendees = models.CharField(_("参会人员"), max_length=500)
    conclusions = models.TextField(_("会议议定事项"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.held_on}"
