"""People's mediation records: the case, its parties per side, sessions and follow-up visits."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import DeadlineFields, OrgUnit, Party, User


class DisputeType(models.TextChoices):
    FAMILY = "family", _("婚姻家庭")
    NEIGHBOUR = "neighbour", _("邻里")
    ADJACENCY = "adjacency", _("相邻关系")
    DEBT = "debt", _("债务")
    CONTRACT = "contract", _("合同")
    INHERITANCE = "inheritance", _("继承")
    DAMAGES = "damages", _("损害赔偿")
    LABOUR = "labour", _("劳动/劳务")
    PROPERTY_MGMT = "property_mgmt", _("物业")
    LAND_CONTRACT = "land_contract", _("土地承包")
    HOMESTEAD = "homestead", _("宅基地")
    MEDICAL = "medical", _("医疗")
    TRAFFIC = "traffic", _("道路交通")
    CONSUMER = "consumer", _("消费/文旅")
    OTHER = "other", _("其他")


class CommitteeKind(models.TextChoices):
    VILLAGE = "village", _("村/社区调委会")
    TOWNSHIP = "township", _("乡镇/街道调委会")
    INDUSTRY = "industry", _("行业性调委会")
    POLICE_JOINT = "police_joint", _("派出所联合调解室")
    OTHER = "other", _("其他调解组织")


class ServiceMode(models.TextChoices):
    CLINIC = "clinic", _("坐诊")
    ROUND = "round", _("巡诊")
    CONSULTATION = "consultation", _("会诊")
    EMERGENCY = "emergency", _("急诊")


class Stage(models.TextChoices):
    APPLICATION = "application", _("申请")
    INVESTIGATION = "investigation", _("调查")
    MEDIATING = "mediating", _("调解")
    AGREEMENT = "agreement", _("协议")
    FOLLOW_UP = "follow_up", _("回访")
    ARCHIVED = "archived", _("归档")
    TERMINATED = "terminated", _("终止")


class TerminationReason(models.TextChoices):
    REFUSED = "refused", _("不予受理")
    PARTY_WITHDREW = "party_withdrew", _("当事人撤回申请")
    NO_AGREEMENT = "no_agreement", _("调解不成")
    LITIGATION = "litigation", _("当事人起诉/申请仲裁")
    # 人民调解法 第十七条: 当事人一方明确拒绝调解的，不得调解. Counted apart from 调解不成.
    PARTY_REFUSED = "party_refused", _("当事人一方明确拒绝调解")
    OTHER = "other", _("其他")


class RiskGrade(models.TextChoices):
    GREEN = "green", _("绿色")
    YELLOW = "yellow", _("黄色")
    RED = "red", _("红色")


class ConfirmationOutcome(models.TextChoices):
    NONE = "", _("未申请")
    PENDING = "pending", _("已申请，待裁定")
    CONFIRMED = "confirmed", _("裁定确认有效")
    REJECTED = "rejected", _("裁定驳回申请")


class Case(DeadlineFields):
    """人民调解案件. Its DeadlineFields track the 30-day 司法确认 window after the agreement."""

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("所属司法所"),
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    number = models.CharField(_("案号"), max_length=40, unique=True)
    intake_matter = models.OneToOneField(
        "intake.Matter",
        verbose_name=_("受理事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_case",
    )
    # The intake channel the case came through (copied from its matter; "" for a case opened
    # directly), kept on the case so statistics count it without joining the matters.
    channel = models.CharField(_("来源渠道"), max_length=20, blank=True, editable=False)
    dispute_type = models.CharField(_("纠纷类型"), max_length=20, choices=DisputeType.choices)
    summary = models.TextField(_("纠纷简要情况"))
    amount = models.DecimalField(_("涉及金额(元)"), max_digits=14, decimal_places=2, default=0)
    committee_kind = models.CharField(
        _("调解组织类型"), max_length=20, choices=CommitteeKind.choices
    )
    committee_name = models.CharField(_("调解委员会"), max_length=100)
    mediators = models.ManyToManyField(User, verbose_name=_("调解员"), related_name="+")
    service_mode = models.CharField(
        _("服务方式"), max_length=20, choices=ServiceMode.choices, default=ServiceMode.CLINIC
    )
    stage = models.CharField(
        _("阶段"), max_length=20, choices=Stage.choices, default=Stage.APPLICATION
    )
    termination_reason = models.CharField(
        _("终止原因"), max_length=20, choices=TerminationReason.choices, blank=True
    )
    termination_text = models.TextField(_("终止说明"), blank=True)
    # 人民调解法 第二十六条: at 终止 the parties are told they may use 仲裁、行政、司法 routes;
    # the day they were told (the 终止调解告知书 is printed from the case).
    termination_notified_on = models.DateField(_("告知救济途径日期"), null=True, blank=True)
    agreement_terms = models.TextField(_("协议内容"), blank=True)
    agreement_oral = models.BooleanField(_("口头协议"), default=False)
    agreement_on = models.DateField(_("协议日期"), null=True, blank=True)
    # 人民调解法 第二十八条: an oral agreement may later be written down as a 协议书; it took
    # effect on `agreement_on` all the same (第三十条), so the 司法确认 window runs from that day.
    agreement_written_on = models.DateField(_("书面协议书制作日期"), null=True, blank=True)
    confirmation = models.CharField(
        _("司法确认"), max_length=20, choices=ConfirmationOutcome.choices, blank=True, default=""
    )
    confirmation_court = models.CharField(_("确认法院"), max_length=100, blank=True)
    risk_grade = models.CharField(
        _("风险等级"), max_length=10, choices=RiskGrade.choices, default=RiskGrade.GREEN
    )
    risk_checklist = models.JSONField(_("风险排查项"), default=list, blank=True)
    risk_reasons = models.JSONField(_("风险依据"), default=list, blank=True)
    followup_plan = models.TextField(_("稳控跟进计划"), blank=True)
    followup_due = models.DateField(_("下次跟进日期"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("立案时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The opening form's one-time token: a double-clicked submit finds the first case.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("调解案件")
        verbose_name_plural = _("调解案件")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "stage", "created_at"]),
            # An office's cases opened in a month: the indicators' and summaries' main count.
            models.Index(fields=["unit", "created_at"], name="case_unit_opened"),
            models.Index(fields=["unit", "agreement_on"], name="case_unit_agreed"),
            models.Index(fields=["unit", "risk_grade"]),
            # Scoped lists filter through the unit join, so lists also need indexes that serve
            # their own filters and order (benchmarks/README.md, "Mediation at scale").
            models.Index(
                fields=["dispute_type", "stage", "-created_at", "-id"],
                name="case_type_stage_recent",
            ),
            models.Index(fields=["-created_at", "-id"], name="case_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="terminated") | ~Q(termination_reason=""),
                name="case_terminated_has_reason",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="case_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.ARCHIVED, Stage.TERMINATED)

    @property
    def has_written_agreement(self) -> bool:
        """A 协议书 exists: the agreement was written, or an oral one was written down later."""
        return bool(self.agreement_terms) and (
            not self.agreement_oral or self.agreement_written_on is not None
        )


class Side(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")


class CaseParty(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="party_links")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("当事人地位"), max_length=20, choices=Side.choices)
    # 民族, printed among the party's details on the 协议书 (人民调解法 第二十九条第一项
    # 当事人的基本情况); kept on the case's link so the shared party register stays as it is.
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)

    class Meta:
        ordering = ["side", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="case_party_once")]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.party_id}"


class Session(models.Model):
    """One mediation session (调解) with its record (调解笔录)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("调解地点"), max_length=200)
    attendees = models.CharField(_("参加人员"), max_length=500)
    record = models.TextField(_("调解笔录"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"


class FollowUp(models.Model):
    """回访: whether the agreement is being fulfilled."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    visited_on = models.DateField(_("回访日期"))
    fulfilled = models.BooleanField(_("协议已履行"), default=False)
    note = models.TextField(_("回访情况"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.visited_on}"
