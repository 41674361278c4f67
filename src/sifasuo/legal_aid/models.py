"""法律援助 applications accepted at the 司法所 window and the county 法律援助中心's steps on them.

The office registers the application (the matter, the applicant, the groups they belong to and
their economic situation: exempt from the means check under 法律援助法 第四十二条, or declared
under 第四十一条) and forwards it to the 法律援助中心 of its county. The centre records its receipt,
its decision (第四十三条), the assignment of a lawyer (第四十三条), aid given before the decision
(第四十四条), objections to the 司法行政部门 (第四十九条), the case's outcome and the satisfaction
visit. The office sees every step on the application's page.

An application's DeadlineFields hold the period of the step it waits for (forwarding, decision or
assignment); each step's own due date is kept beside it for the timeline and the statistics.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import DeadlineFields, OrgUnit, Party, User

CENTRE_KIND = "legal_aid_centre"
CENTRE_ROLE = "legal_aid_staff"


class MatterKind(models.TextChoices):
    CRIMINAL = "criminal", _("刑事")
    CIVIL = "civil", _("民事")
    ADMINISTRATIVE = "administrative", _("行政")
    STATE_COMPENSATION = "state_compensation", _("国家赔偿")
    OTHER = "other", _("其他")


class Art31Item(models.TextChoices):
    """法律援助法 第三十一条: the matters whose parties may apply because of economic hardship."""

    STATE_COMPENSATION = "1", _("（一）依法请求国家赔偿")
    SOCIAL_INSURANCE = "2", _("（二）请求给予社会保险待遇或者社会救助")
    PENSION = "3", _("（三）请求发给抚恤金")
    SUPPORT = "4", _("（四）请求给付赡养费、抚养费、扶养费")
    LABOUR = "5", _("（五）请求确认劳动关系或者支付劳动报酬")
    CAPACITY = "6", _("（六）请求认定公民无民事行为能力或者限制民事行为能力")
    INJURY = "7", _("（七）请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿")
    ENVIRONMENT = "8", _("（八）请求环境污染、生态破坏损害赔偿")
    OTHER = "9", _("（九）法律、法规、规章规定的其他情形")


class MeansBasis(models.TextChoices):
    EXEMPT = "exempt", _("免予核查经济困难状况（第四十二条）")
    DECLARED = "declared", _("说明经济困难状况（第四十一条）")
    UNRESTRICTED = "unrestricted", _("不受经济困难条件限制（第三十二条）")


class ExemptionItem(models.TextChoices):
    """法律援助法 第四十二条: applicants with materials proving they belong to these groups."""

    SPECIAL_GROUP = "1", _("（一）无固定生活来源的未成年人、老年人、残疾人等特定群体")
    RELIEF = "2", _("（二）社会救助、司法救助或者优抚对象")
    MIGRANT_WORKER = "3", _("（三）申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员")
    OTHER = "4", _("（四）法律、法规、规章规定的其他人员")


class Art32Item(models.TextChoices):
    """法律援助法 第三十二条: applications not limited by the economic-hardship condition."""

    HERO = "1", _("（一）英雄烈士近亲属为维护英雄烈士的人格权益")
    BRAVE_ACT = "2", _("（二）因见义勇为行为主张相关民事权益")
    ACQUITTED = "3", _("（三）再审改判无罪请求国家赔偿")
    ABUSE = "4", _("（四）遭受虐待、遗弃或者家庭暴力的受害人主张相关权益")
    OTHER = "5", _("（五）法律、法规、规章规定的其他情形")


class PriorAidItem(models.TextChoices):
    """法律援助法 第四十四条第一款: when the centre may give aid before deciding."""

    DEADLINE = (
        "1",
        _("（一）距法定时效或者期限届满不足七日，需要及时提起诉讼或者申请仲裁、行政复议"),
    )
    PRESERVATION = "2", _("（二）需要立即申请财产保全、证据保全或者先予执行")
    OTHER = "3", _("（三）法律、法规、规章规定的其他情形")


class Status(models.TextChoices):
    RECEIVED = "received", _("已受理，待转交")
    FORWARDED = "forwarded", _("已转交，待中心签收")
    REVIEWING = "reviewing", _("中心审查中")
    GRANTED = "granted", _("决定给予，待指派")
    REFUSED = "refused", _("决定不予援助")
    ASSIGNED = "assigned", _("已指派，办理中")
    CLOSED = "closed", _("已结案")
    WITHDRAWN = "withdrawn", _("视为撤回申请")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.FORWARDED,
    Status.REVIEWING,
    Status.GRANTED,
    Status.ASSIGNED,
)


class Decision(models.TextChoices):
    GRANT = "grant", _("给予法律援助")
    REFUSE = "refuse", _("不予法律援助")


class ForwardMeans(models.TextChoices):
    IN_PERSON = "in_person", _("当面递交")
    MAIL = "mail", _("邮寄")
    ONLINE = "online", _("网上平台推送")
    OTHER = "other", _("其他")


class Outcome(models.TextChoices):
    JUDGMENT = "judgment", _("判决")
    MEDIATION = "mediation", _("调解")
    SETTLEMENT = "settlement", _("和解")
    WITHDRAWN = "withdrawn", _("撤诉")
    ARBITRATION = "arbitration", _("仲裁裁决")
    NON_LITIGATION = "non_litigation", _("非诉协商办结")
    TERMINATED = "terminated", _("终止法律援助（第四十八条）")
    OTHER = "other", _("其他")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


# The groups an applicant may belong to (several at once), each a flag so statistics count them.
GROUP_FIELDS = (
    ("elderly", _("老年人")),
    ("disabled", _("残疾人")),
    ("migrant_worker", _("农民工")),
    ("minor", _("未成年人")),
    ("woman", _("妇女")),
    ("military", _("军人军属")),
    ("other_group", _("其他")),
)


class Application(DeadlineFields):
    """法律援助申请: one applicant's request, from the office window to the case's end."""

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("受理司法所"),
        on_delete=models.PROTECT,
        related_name="legal_aid_applications",
    )
    number = models.CharField(_("编号"), max_length=60, unique=True)
    intake_matter = models.OneToOneField(
        "intake.Matter",
        verbose_name=_("受理事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_application",
    )
    applicant = models.ForeignKey(
        Party, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("受理日期"))
    matter_kind = models.CharField(_("事项类别"), max_length=20, choices=MatterKind.choices)
    art31_item = models.CharField(
        _("申请事项（第三十一条）"), max_length=2, choices=Art31Item.choices, blank=True
    )
    summary = models.TextField(_("案情及申请事项"))
    opponent = models.CharField(_("对方当事人"), max_length=200, blank=True)
    elderly = models.BooleanField(_("老年人"), default=False)
    disabled = models.BooleanField(_("残疾人"), default=False)
    migrant_worker = models.BooleanField(_("农民工"), default=False)
    minor = models.BooleanField(_("未成年人"), default=False)
    woman = models.BooleanField(_("妇女"), default=False)
    military = models.BooleanField(_("军人军属"), default=False)
    other_group = models.BooleanField(_("其他群体"), default=False)
    means_basis = models.CharField(_("经济状况"), max_length=20, choices=MeansBasis.choices)
    exemption_item = models.CharField(
        _("免予核查情形（第四十二条）"), max_length=2, choices=ExemptionItem.choices, blank=True
    )
    art32_item = models.CharField(
        _("不受经济困难条件限制的情形（第三十二条）"),
        max_length=2,
        choices=Art32Item.choices,
        blank=True,
    )
    exemption_proof = models.CharField(_("证明材料"), max_length=200, blank=True)
    # 第四十一条: the applicant's own statement of their economic situation (个人诚信承诺).
    household_size = models.PositiveSmallIntegerField(_("家庭人口"), null=True, blank=True)
    household_income = models.DecimalField(
        _("家庭月收入(元)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    income_source = models.CharField(_("主要收入来源"), max_length=200, blank=True)
    declaration = models.TextField(_("经济困难状况说明"), blank=True)
    pledge_signed = models.BooleanField(_("已签署个人诚信承诺"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    # Forwarding to the county centre (the office's step, a locally configured period).
    centre = models.ForeignKey(
        OrgUnit,
        verbose_name=_("法律援助中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_forwarded",
    )
    forward_due_on = models.DateField(_("转交期限"), null=True, blank=True)
    forward_due_provisional = models.BooleanField(default=False)
    forwarded_on = models.DateField(_("转交日期"), null=True, blank=True)
    forward_means = models.CharField(
        _("转交方式"), max_length=20, choices=ForwardMeans.choices, blank=True
    )
    forward_receipt = models.CharField(_("转交回执"), max_length=200, blank=True)
    # The centre's steps.
    centre_received_on = models.DateField(_("中心收到申请日期"), null=True, blank=True)
    # 第四十三条第二款: materials missing are asked for once; not supplied, the application counts
    # as withdrawn.
    materials_notice_on = models.DateField(_("告知补充材料日期"), null=True, blank=True)
    materials_requested = models.TextField(_("需要补充的材料"), blank=True)
    materials_supplied_on = models.DateField(_("补充材料日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("视为撤回日期"), null=True, blank=True)
    decide_due_on = models.DateField(_("决定期限"), null=True, blank=True)
    decide_due_provisional = models.BooleanField(default=False)
    decision = models.CharField(_("审查决定"), max_length=10, choices=Decision.choices, blank=True)
    decision_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    prior_aid_item = models.CharField(
        _("先行提供情形（第四十四条）"), max_length=2, choices=PriorAidItem.choices, blank=True
    )
    prior_aid_on = models.DateField(_("先行提供日期"), null=True, blank=True)
    assign_due_on = models.DateField(_("指派期限"), null=True, blank=True)
    assign_due_provisional = models.BooleanField(default=False)
    assigned_on = models.DateField(_("指派日期"), null=True, blank=True)
    lawyer = models.CharField(_("法律援助人员"), max_length=100, blank=True)
    law_firm = models.CharField(_("律师事务所/法律服务所"), max_length=100, blank=True)
    outcome = models.CharField(_("结案方式"), max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome_note = models.TextField(_("办理结果"), blank=True)
    visited_on = models.DateField(_("回访日期"), null=True, blank=True)
    satisfaction = models.CharField(
        _("回访结果"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    visit_note = models.TextField(_("回访情况"), blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("法律援助申请")
        verbose_name_plural = _("法律援助申请")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"]),
            models.Index(fields=["unit", "received_on"]),
            models.Index(fields=["centre", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(means_basis="exempt") | ~Q(exemption_item=""),
                name="legal_aid_exempt_has_item",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(decision_reason=""),
                name="legal_aid_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def recompute_due(self) -> None:
        """Count every stored step period again (a provisional one once the holidays are loaded)."""
        from .due import recompute

        recompute(self)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def groups(self) -> list[str]:
        return [str(label) for name, label in GROUP_FIELDS if getattr(self, name)]

    @property
    def forwarded_in_time(self) -> bool | None:
        if self.forwarded_on is None or self.forward_due_on is None:
            return None
        return self.forwarded_on <= self.forward_due_on

    @property
    def decided_in_time(self) -> bool | None:
        if self.decision_on is None or self.decide_due_on is None:
            return None
        return self.decision_on <= self.decide_due_on

    @property
    def assigned_in_time(self) -> bool | None:
        if self.assigned_on is None or self.assign_due_on is None:
            return None
        return self.assigned_on <= self.assign_due_on


class ObjectionResult(models.TextChoices):
    PENDING = "", _("审查中")
    UPHELD = "upheld", _("维持法律援助机构决定")
    CORRECTED = "corrected", _("责令法律援助机构改正")


class Objection(DeadlineFields):
    """第四十九条: an objection to a refusal (不予) or termination (终止) of legal aid, decided by
    the 司法行政部门 that set up the centre within five days of receiving it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="objections"
    )
    received_on = models.DateField(_("司法行政部门收到异议日期"))
    against = models.CharField(
        _("异议对象"),
        max_length=20,
        choices=[("refusal", _("不予法律援助决定")), ("termination", _("终止法律援助决定"))],
    )
    content = models.TextField(_("异议理由"))
    result = models.CharField(
        _("审查结果"), max_length=20, choices=ObjectionResult.choices, blank=True, default=""
    )
    decided_on = models.DateField(_("审查决定日期"), null=True, blank=True)
    result_note = models.TextField(_("审查意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法律援助异议")
        verbose_name_plural = _("法律援助异议")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.received_on}"

    @property
    def unit(self) -> OrgUnit:
        return self.application.unit
