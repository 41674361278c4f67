"""Intake records: one matter (一案一单) per contact, its requesters and its handling steps."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import DeadlineFields, OrgUnit, Party, User


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口来访")
    PHONE = "phone", _("电话")
    HOTLINE = "hotline", _("12345/12348热线转办")
    ONLINE = "online", _("网上申请")
    DEPARTMENT = "department", _("部门转来")
    GRASSROOTS = "grassroots", _("法律明白人/网格员上报")
    ADVISOR = "advisor", _("村居法律顾问上报")


class MatterType(models.TextChoices):
    DISPUTE = "dispute", _("纠纷调解")
    CONSULTATION = "consultation", _("法律咨询")
    LEGAL_AID = "legal_aid", _("法律援助申请")
    NOTARY_GUIDE = "notary_guide", _("公证/司法鉴定引导")
    PETITION = "petition", _("信访事项")
    LEGALITY_REVIEW = "legality_review", _("合法性审查")
    OTHER = "other", _("其他")


class MatterState(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ASSIGNED = "assigned", _("已分派")
    IN_PROGRESS = "in_progress", _("办理中")
    CLOSED = "closed", _("已办结")
    TRANSFERRED = "transferred", _("已转出")
    REFUSED = "refused", _("不予受理")


OPEN_STATES = (MatterState.REGISTERED, MatterState.ASSIGNED, MatterState.IN_PROGRESS)


class ReasonType(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("不属于受理范围")
    OTHER_BODY = "other_body", _("属其他机关职责")
    IN_LITIGATION = "in_litigation", _("已进入诉讼/仲裁程序")
    DUPLICATE = "duplicate", _("重复申请")
    INCOMPLETE = "incomplete", _("材料不全经告知未补正")
    OTHER = "other", _("其他")


class Matter(DeadlineFields):
    """一站式受理登记的事项 (one handling sheet per matter)."""

    # Not stored: set by matter_register when it returns the matter an earlier submission of the
    # same form already registered, so the page can say so.
    resubmitted: bool = False

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("受理单位"), on_delete=models.PROTECT, related_name="matters"
    )
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    matter_type = models.CharField(_("事项类型"), max_length=20, choices=MatterType.choices)
    narrative = models.TextField(_("事项简述"))
    counterpart_names = models.CharField(_("对方当事人"), max_length=200, blank=True)
    # 标的额: the sum in dispute as the requester states it (optional); a dispute handed to
    # mediation carries it into the case's 涉及金额.
    # 信访工作条例 第二十三条第二款: no 15-day written notice is owed on a petition whose
    # petitioner's name or address is unclear.
    contact_unclear = models.BooleanField(_("信访人姓名（名称）、住址不清"), default=False)
    amount = models.DecimalField(
        _("标的额(元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The day the office received the request (收到申请之日): statutory periods count from it,
    # which is earlier than registration for a hotline transfer or a referral entered later.
    received_on = models.DateField(_("收到日期"), null=True, blank=True)
    requesters = models.ManyToManyField(
        Party, through="MatterRequester", related_name="matters", verbose_name=_("申请人")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=MatterState.choices, default=MatterState.REGISTERED
    )
    handler = models.ForeignKey(
        User,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters",
    )
    reason_type = models.CharField(
        _("原因类型"), max_length=20, choices=ReasonType.choices, blank=True
    )
    reason_text = models.TextField(_("原因说明"), blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    transfer_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("转往单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters_transferred_in",
    )
    transfer_accepted = models.BooleanField(_("对方已签收"), default=False)
    linked_to = models.ForeignKey(
        "self",
        verbose_name=_("关联事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked_matters",
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The registration form's one-time token: a double-clicked submit finds the first matter.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("受理事项")
        verbose_name_plural = _("受理事项")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "state", "due_on"]),
            models.Index(fields=["handler", "state", "due_on"]),
            models.Index(fields=["state", "due_on"], name="matter_state_due"),
            # The open matters by due date, for the most overdue few of a unit's to-dos: closed
            # matters, almost all of them, are not in it.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(state__in=OPEN_STATES, due_paused_since__isnull=True),
                name="matter_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["refused", "transferred"]) | ~Q(reason_type=""),
                name="matter_refusal_transfer_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["assigned", "in_progress"]) | Q(handler__isnull=False),
                name="matter_assigned_has_handler",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="matter_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.get_matter_type_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class MatterRequester(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="requester_links")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["matter", "party"], name="matter_requester_once")
        ]

    def __str__(self) -> str:
        return f"{self.matter_id}:{self.party_id}"


class MatterStep(models.Model):
    """One line of the handling sheet: what was done, by whom, when, with what result."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor_name = models.CharField(_("经办人"), max_length=150, blank=True)
    unit_name = models.CharField(_("单位"), max_length=100, blank=True)
    action = models.CharField(_("环节"), max_length=40)
    note = models.TextField(_("结果/说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action


class RoutingRule(models.Model):
    """分流规则, kept by the county bureau: a matter type (from a township office, or from any)
    goes to a handling office, optionally to the one person there holding a role."""

    county = models.ForeignKey(
        OrgUnit, verbose_name=_("区县司法局"), on_delete=models.CASCADE, related_name="+"
    )
    matter_type = models.CharField(_("事项类型"), max_length=20, choices=MatterType.choices)
    township = models.ForeignKey(
        OrgUnit,
        verbose_name=_("来源司法所"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("不选则适用于本区县所有司法所。"),
    )
    target = models.ForeignKey(
        OrgUnit, verbose_name=_("承办单位"), on_delete=models.CASCADE, related_name="+"
    )
    handler_role = models.CharField(_("承办角色"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("分流规则")
        verbose_name_plural = _("分流规则")
        ordering = ["county", "matter_type", "township"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "matter_type", "township"], name="routing_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_matter_type_display()} → {self.target}"
