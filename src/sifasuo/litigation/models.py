"""复议应诉: the township (or one of its departments) as respondent in 行政复议 or defendant in
行政诉讼 — the case, its statutory periods, the reply with its evidence list, hearings, the
outcome and the 整改 follow-up it leaves for the department."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.attachments import VersionedAttachment
from sifasuo.core.models import DeadlineFields, OrgUnit, Party


class CaseKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("行政复议")
    LAWSUIT = "lawsuit", _("行政诉讼")


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("普通程序")
    SIMPLE = "simple", _("简易程序")
    FIRST_INSTANCE = "first_instance", _("一审")
    SECOND_INSTANCE = "second_instance", _("二审")


PROCEDURES = {
    CaseKind.RECONSIDERATION: (Procedure.ORDINARY, Procedure.SIMPLE),
    CaseKind.LAWSUIT: (Procedure.FIRST_INSTANCE, Procedure.SECOND_INSTANCE),
}


class ActKind(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LICENCE = "licence", _("行政许可")
    EXPROPRIATION = "expropriation", _("行政征收")
    INACTION = "inaction", _("不履行法定职责")
    OTHER = "other", _("其他")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("待答复")
    FILED = "filed", _("已答复，待审结")
    CONCLUDED = "concluded", _("已审结")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("维持")
    DISMISSED = "dismissed", _("驳回")
    REVOKED = "revoked", _("撤销")
    VARIED = "varied", _("变更")
    DECLARED_UNLAWFUL = "declared_unlawful", _("确认违法")
    ORDERED_TO_PERFORM = "ordered_to_perform", _("责令履行")
    MEDIATED = "mediated", _("调解")
    SETTLED = "settled", _("和解")
    WITHDRAWN = "withdrawn", _("撤回")
    TERMINATED = "terminated", _("终止")


# The outcomes each kind of case can end with: 行政复议法 第六十三条至第七十三条 (decisions,
# 调解书 art 73, 和解 art 74, 终止 art 41 — an applicant's withdrawal ends a 复议 in 终止);
# 行政诉讼法 第六十九条至第七十八条 and 第八十九条 (维持原判 on appeal), 第六十条 (调解),
# 第六十二条 (撤诉).
OUTCOMES = {
    CaseKind.RECONSIDERATION: (
        Outcome.UPHELD,
        Outcome.DISMISSED,
        Outcome.REVOKED,
        Outcome.VARIED,
        Outcome.DECLARED_UNLAWFUL,
        Outcome.ORDERED_TO_PERFORM,
        Outcome.MEDIATED,
        Outcome.SETTLED,
        Outcome.TERMINATED,
    ),
    CaseKind.LAWSUIT: (
        Outcome.UPHELD,
        Outcome.DISMISSED,
        Outcome.REVOKED,
        Outcome.VARIED,
        Outcome.DECLARED_UNLAWFUL,
        Outcome.ORDERED_TO_PERFORM,
        Outcome.MEDIATED,
        Outcome.WITHDRAWN,
    ),
}
# The township lost, or the 复议机关 / court corrected its act: the act was set aside, changed,
# declared unlawful, or the township was ordered to perform its duty.
ADVERSE = frozenset(
    {Outcome.REVOKED, Outcome.VARIED, Outcome.DECLARED_UNLAWFUL, Outcome.ORDERED_TO_PERFORM}
)


class OutcomeDocument(models.TextChoices):
    DECISION = "decision", _("行政复议决定书")
    JUDGMENT = "judgment", _("判决书")
    RULING = "ruling", _("裁定书")
    MEDIATION = "mediation", _("调解书")
    OTHER = "other", _("其他文书")


class Appeal(models.TextChoices):
    NONE = "", _("未定")
    NOT_APPEALED = "not_appealed", _("不上诉")
    BY_TOWNSHIP = "by_township", _("本机关上诉")
    BY_OTHER = "by_other", _("对方当事人上诉")


class Compliance(models.TextChoices):
    NOT_REQUIRED = "", _("无需履行")
    PENDING = "pending", _("待履行")
    DONE = "done", _("已履行")
    REFUSED = "refused", _("未履行")


class Case(models.Model):
    """One 行政复议 or 行政诉讼 in which the township or one of its departments answers."""

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("司法所"),
        on_delete=models.PROTECT,
        related_name="litigation_cases",
    )
    number = models.CharField(_("登记号"), max_length=60, unique=True)
    kind = models.CharField(_("案件类型"), max_length=20, choices=CaseKind.choices)
    procedure = models.CharField(_("程序"), max_length=20, choices=Procedure.choices)
    applicant = models.ForeignKey(
        Party,
        verbose_name=_("申请人/原告"),
        on_delete=models.PROTECT,
        related_name="litigation_cases",
    )
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("作出行为的科室"), on_delete=models.PROTECT, related_name="+"
    )
    respondent = models.CharField(_("被申请人/被告"), max_length=100)
    contested_act = models.CharField(_("被复议/被诉行为"), max_length=200)
    act_document = models.CharField(_("行为文书及文号"), max_length=100, blank=True)
    act_kind = models.CharField(_("行为类别"), max_length=20, choices=ActKind.choices)
    authority = models.CharField(_("复议机关/人民法院"), max_length=100)
    external_number = models.CharField(_("案号"), max_length=60, blank=True)
    documents_received = models.CharField(_("收到的文书"), max_length=300)
    served_on = models.DateField(_("送达日期"))
    accepted_on = models.DateField(_("复议机关受理日期"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    # The reply (答复书 / 答辩状): its text, sign-off and filing.
    facts = models.TextField(_("事实和理由"), blank=True)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    signed_version = models.ForeignKey(
        "ReplyVersion",
        verbose_name=_("签发版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_on = models.DateField(_("签发日期"), null=True, blank=True)
    filed_on = models.DateField(_("答复/答辩提交日期"), null=True, blank=True)
    filed_in_time = models.BooleanField(_("在法定期限内提交"), null=True, blank=True)
    # The outcome.
    outcome = models.CharField(_("结果"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_document = models.CharField(
        _("结案文书"), max_length=20, choices=OutcomeDocument.choices, blank=True
    )
    outcome_on = models.DateField(_("结案文书送达日期"), null=True, blank=True)
    outcome_text = models.TextField(_("结果摘要"), blank=True)
    appeal = models.CharField(
        _("上诉情况"), max_length=20, choices=Appeal.choices, blank=True, default=Appeal.NONE
    )
    appeal_note = models.CharField(_("上诉说明"), max_length=300, blank=True)
    compliance = models.CharField(
        _("履行情况"), max_length=20, choices=Compliance.choices, blank=True
    )
    compliance_note = models.CharField(_("履行说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("复议应诉案件")
        verbose_name_plural = _("复议应诉案件")
        ordering = ["-served_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["unit", "served_on"]),
            models.Index(fields=["department"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="concluded") | Q(outcome=""),
                name="litigation_outcome_only_when_concluded",
            ),
            models.CheckConstraint(
                condition=~Q(status="concluded") | ~Q(outcome=""),
                name="litigation_concluded_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.applicant.name}诉{self.contested_act}）"

    @property
    def is_reconsideration(self) -> bool:
        return self.kind == CaseKind.RECONSIDERATION

    @property
    def reply_name(self) -> str:
        """答复书 for a 复议, 答辩状 for a lawsuit."""
        return "行政复议答复书" if self.is_reconsideration else "行政诉讼答辩状"

    @property
    def applicant_role(self) -> str:
        if self.is_reconsideration:
            return "申请人"
        return "原告" if self.procedure == Procedure.FIRST_INSTANCE else "对方当事人"

    @property
    def adverse(self) -> bool:
        return self.outcome in ADVERSE


class PeriodPurpose(models.TextChoices):
    REPLY = "reply", _("答复/答辩")
    DECISION = "decision", _("复议决定")
    APPEAL = "appeal", _("上诉期")


class Period(DeadlineFields):
    """One statutory period of a case, from the deadline engine; open until `done_on`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="periods")
    purpose = models.CharField(_("期限"), max_length=20, choices=PeriodPurpose.choices)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("法定期限")
        verbose_name_plural = _("法定期限")
        ordering = ["case", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "purpose"], name="litigation_period_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.due_on}"

    @property
    def state(self) -> str:
        """ "done", "overdue", "due_soon" or "open"."""
        from sifasuo.core import deadline_service

        if self.done_on is not None:
            return "done"
        return deadline_service.state_of(self.due_on) or "open"

    @property
    def state_label(self) -> str:
        if self.done_on is not None:
            on_time = self.due_on is None or self.done_on <= self.due_on
            return "已完成" if on_time else "逾期完成"
        from sifasuo.core.deadline_service import STATE_LABELS

        return STATE_LABELS.get(self.state, "") or "未到期"

    def explanation(self) -> str:
        """How the engine reached the due date, line by line (rule, start day, counting)."""
        from django.core.exceptions import ValidationError

        from sifasuo.core import deadline_service

        if not self.due_rule or self.due_start is None:
            return ""
        try:
            result = deadline_service.compute(
                self.due_rule,
                self.due_start,
                pauses=[
                    (dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in self.due_pauses
                ],
                provisional=self.due_provisional,
            )
        except ValidationError:
            return ""
        return result.explain()


class EvidenceItem(models.Model):
    """One entry of the 证据目录 filed with the reply."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    seq = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("证据名称"), max_length=200)
    source = models.CharField(_("证据来源"), max_length=200)
    purpose = models.CharField(_("证明目的"), max_length=500)
    pages = models.PositiveSmallIntegerField(_("页数"), default=1)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据目录")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="litigation_evidence_seq")
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.name}"


class ReplyVersion(VersionedAttachment):
    """One version of the reply (.docx): generated from the template or uploaded after editing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="replies")
    file = models.FileField(_("文件"), upload_to="litigation/%Y/%m/")
    generated = models.BooleanField(_("系统生成"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("答复/答辩文书")
        verbose_name_plural = _("答复/答辩文书")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="litigation_reply_version")
        ]


class TemplateKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("行政复议答复书")
    LAWSUIT = "lawsuit", _("行政诉讼答辩状")


class ReplyTemplate(VersionedAttachment):
    """An office's own .docx template for a reply, with placeholders; the newest version is used,
    else the built-in one."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("文书"), max_length=20, choices=TemplateKind.choices)
    file = models.FileField(_("文件"), upload_to="litigation/templates/")

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["unit", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "version"], name="litigation_template_version"
            )
        ]


class HearingForm(models.TextChoices):
    COURT = "court", _("开庭审理")
    HEARING = "hearing", _("听证")
    INTERVIEW = "interview", _("听取意见")
    WRITTEN = "written", _("书面审理")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("待开庭")
    HELD = "held", _("已举行")
    CANCELLED = "cancelled", _("已取消")


class Hearing(models.Model):
    """A hearing (开庭 / 听证) and who appeared for the township. 行政诉讼法 第三条第三款 and
    行政复议法 第五十一条第三款: the head appears in person, or says why and entrusts staff."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("日期"))
    body = models.CharField(_("人民法院/复议机关"), max_length=100)
    form = models.CharField(_("方式"), max_length=20, choices=HearingForm.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=HearingStatus.choices, default=HearingStatus.HELD
    )
    appeared = models.CharField(_("出庭/参加人员"), max_length=200, blank=True)
    head_in_person = models.BooleanField(_("行政机关负责人出庭"), default=False)
    head_name = models.CharField(_("出庭负责人"), max_length=50, blank=True)
    absence_reason = models.CharField(_("负责人未出庭理由"), max_length=500, blank=True)
    entrusted = models.CharField(_("受委托出庭人员"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("庭审/听证")
        verbose_name_plural = _("庭审/听证")
        ordering = ["case", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_form_display()}"

    @property
    def counts_for_appearance(self) -> bool:
        """Whether the hearing enters the 负责人出庭应诉率 (held, and with parties present)."""
        return self.status == HearingStatus.HELD and self.form != HearingForm.WRITTEN


class FollowUp(models.Model):
    """The feedback a lost or corrected case leaves for the department that acted: a 整改 plan
    with its due date, and a note for the next 每月说案."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="follow_up")
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("责任科室"), on_delete=models.PROTECT, related_name="+"
    )
    problem = models.CharField(_("存在问题"), max_length=1000)
    plan = models.CharField(_("整改方案"), max_length=1000, blank=True)
    due_on = models.DateField(_("整改期限"), null=True, blank=True)
    done_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    done_note = models.CharField(_("整改情况"), max_length=1000, blank=True)
    for_case_talk = models.BooleanField(_("待说案"), default=True)
    case_talk_note = models.CharField(_("说案要点"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("整改跟进")
        verbose_name_plural = _("整改跟进")
        ordering = ["done_on", "due_on", "id"]

    def __str__(self) -> str:
        return f"整改：{self.case.number}"
