"""行政执法监督 records: enforcers and their cards, the township's enforcement cases with the 三项制度,
案卷评查 standards and evaluations by a three-person team, 每月说案, and the 裁量基准 calculator."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import OrgUnit
from sifasuo.core.sealed import SealedCharField


class CaseKind(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LICENSING = "licensing", _("行政许可")


class Enforcer(models.Model):
    """A township enforcer (行政执法人员) with the 执法证 that lets them act (行政处罚法 第四十二条)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="enforcers"
    )
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("执法科室"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = SealedCharField(_("身份证号"), max_length=18, blank=True, mask="id_number")
    phone = SealedCharField(_("联系电话"), max_length=30, blank=True, mask="phone")
    card_number = models.CharField(_("执法证号"), max_length=30)
    card_issued_on = models.DateField(_("发证日期"))
    card_expires_on = models.DateField(_("有效期至"))
    is_active = models.BooleanField(_("在册"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        ordering = ["card_expires_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "card_number"], name="enforcer_card_unique"),
            models.CheckConstraint(
                condition=Q(card_expires_on__gt=models.F("card_issued_on")),
                name="enforcer_card_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def card_valid_on(self, day: dt.date) -> bool:
        return self.card_issued_on <= day <= self.card_expires_on


class Training(models.Model):
    """Training hours of one enforcer in one year (年度培训学时)."""

    enforcer = models.ForeignKey(Enforcer, on_delete=models.CASCADE, related_name="trainings")
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = models.DecimalField(_("培训学时"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("培训学时")
        verbose_name_plural = _("培训学时")
        ordering = ["enforcer", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["enforcer", "year"], name="training_once_per_year"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="training_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.hours}"


class EnforcementCase(models.Model):
    """One enforcement file of a township department under the office's supervision, with its
    三项制度: 公示 (行政处罚法 第三十九条), 全过程记录 (第四十七条), 法制审核 (第五十八条)."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        DECIDED = "decided", _("已作出决定")

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("司法所"),
        on_delete=models.PROTECT,
        related_name="enforcement_cases",
    )
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("执法科室"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("案件类别"), max_length=20, choices=CaseKind.choices)
    number = models.CharField(_("案号"), max_length=60)
    title = models.CharField(_("案由"), max_length=200)
    party_name = models.CharField(_("当事人"), max_length=100)
    opened_on = models.DateField(_("立案（受理）日期"))
    violation_on = models.DateField(_("违法行为发生（终了）日"), null=True, blank=True)
    # 行政处罚法 第三十六条: five years for life/health or financial-security cases with harm.
    extended_limitation = models.BooleanField(
        _("涉及生命健康安全、金融安全且有危害后果"), default=False
    )
    enforcers = models.ManyToManyField(Enforcer, verbose_name=_("执法人员"), related_name="cases")
    major = models.BooleanField(_("重大执法决定"), default=False)
    legal_review_required = models.BooleanField(_("需法制审核"), default=False)
    legal_review = models.ForeignKey(
        "reviews.Review",
        verbose_name=_("法制审核"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enforcement_cases",
    )
    published = models.BooleanField(_("已公示"), default=False)
    recorded = models.BooleanField(_("已全过程记录"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision = models.CharField(_("决定内容"), max_length=1000, blank=True)
    fine = models.DecimalField(
        _("罚款金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("执法案件")
        verbose_name_plural = _("执法案件")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="enforcement_case_number"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(decided_on__isnull=False),
                name="enforcement_case_decided_has_date",
            ),
            models.CheckConstraint(
                condition=Q(major=False) | Q(legal_review_required=True),
                name="enforcement_case_major_needs_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def case_date(self) -> dt.date:
        """The day the enforcers' cards must be valid on: the decision, else the opening."""
        return self.decided_on or self.opened_on


class StandardStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被新版本替代")


class ScoringStandard(models.Model):
    """A 案卷评查标准 for one kind of case, in versions: a published version is frozen (the
    evaluations scored on it keep meaning what they meant); editing starts a new draft version.

    `unit` is the bureau or office that issues it; none is the platform's default standard."""

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("发布单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    family = models.CharField(_("标准编码"), max_length=40)
    title = models.CharField(_("标准名称"), max_length=100)
    kind = models.CharField(_("案件类别"), max_length=20, choices=CaseKind.choices)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=20, choices=StandardStatus.choices, default=StandardStatus.DRAFT
    )
    form_points = models.PositiveSmallIntegerField(_("卷面分值"), default=20)
    content_points = models.PositiveSmallIntegerField(_("内容分值"), default=80)
    pass_score = models.PositiveSmallIntegerField(_("合格线"), default=60)
    excellent_score = models.PositiveSmallIntegerField(_("优秀线"), default=90)
    source = models.CharField(_("编制依据"), max_length=1000, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评查标准")
        verbose_name_plural = _("评查标准")
        ordering = ["kind", "family", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "version"], name="scoring_standard_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="scoring_standard_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class Section(models.TextChoices):
    VETO = "veto", _("否决项")
    FORM = "form", _("卷面")
    CONTENT = "content", _("内容")


class ScoringItem(models.Model):
    """One item of a standard. A veto item makes the file 不合格 when found; a 卷面 or 内容 item
    deducts `step` points per defect found, at most `cap` points."""

    standard = models.ForeignKey(ScoringStandard, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(_("类别"), max_length=10, choices=Section.choices)
    seq = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("评查内容"), max_length=300)
    step = models.DecimalField(_("每处扣分"), max_digits=4, decimal_places=1, default=0)
    cap = models.DecimalField(_("最高扣分"), max_digits=4, decimal_places=1, default=0)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("评查项目")
        verbose_name_plural = _("评查项目")
        ordering = ["standard", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "seq"], name="scoring_item_seq"),
            models.CheckConstraint(
                condition=Q(step__gte=0) & Q(cap__gte=models.F("step")),
                name="scoring_item_cap_covers_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text}"


class Evaluation(models.Model):
    """案卷评查 of one enforcement file by a three-person team (三合一: enforcement, the office,
    a legal advisor), scoring independently, then agreeing one score and issuing the 评查意见."""

    class Status(models.TextChoices):
        SCORING = "scoring", _("独立评分中")
        AGREEING = "agreeing", _("待合议")
        AGREED = "agreed", _("已合议")
        ISSUED = "issued", _("已出具意见（整改中）")
        CLOSED = "closed", _("整改完毕")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("执法案卷"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    standard = models.ForeignKey(
        ScoringStandard, verbose_name=_("评查标准"), on_delete=models.PROTECT, related_name="+"
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ReviewerSheet", related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SCORING
    )
    vetoed = models.BooleanField(_("触及否决项"), default=False)
    form_score = models.DecimalField(_("卷面得分"), max_digits=5, decimal_places=1, null=True)
    content_score = models.DecimalField(_("内容得分"), max_digits=5, decimal_places=1, null=True)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=1, null=True)
    grade = models.CharField(_("评查结论"), max_length=20, choices=Grade.choices, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("合议确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_on = models.DateField(_("合议日期"), null=True, blank=True)
    agreement_note = models.CharField(_("合议说明"), max_length=1000, blank=True)
    opinion_number = models.CharField(_("评查意见文号"), max_length=60, blank=True)
    opinion_text = models.TextField(_("评查意见"), blank=True)
    issued_on = models.DateField(_("出具日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("案卷评查")
        verbose_name_plural = _("案卷评查")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["scoring", "agreeing"])
                | (Q(total__isnull=False) & Q(agreed_by__isnull=False) & ~Q(grade="")),
                name="evaluation_agreed_has_score",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} 案卷评查"


class ReviewerSheet(models.Model):
    """One reviewer's own score sheet; the others see it only once all three are in."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="sheets")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    seq = models.PositiveSmallIntegerField(_("序号"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=1, null=True)
    vetoed = models.BooleanField(_("触及否决项"), default=False)
    note = models.CharField(_("评查说明"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ["evaluation", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "reviewer"], name="sheet_once_per_reviewer"
            ),
            models.UniqueConstraint(fields=["evaluation", "seq"], name="sheet_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}-{self.seq}"


class Mark(models.Model):
    """Defects found on one item: by a reviewer (`sheet`), or the agreed finding (no sheet)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="marks")
    sheet = models.ForeignKey(
        ReviewerSheet, null=True, blank=True, on_delete=models.CASCADE, related_name="marks"
    )
    item = models.ForeignKey(ScoringItem, on_delete=models.PROTECT, related_name="+")
    hits = models.PositiveSmallIntegerField(_("问题处数"), default=0)
    note = models.CharField(_("问题说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("评查扣分")
        verbose_name_plural = _("评查扣分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="mark_once_per_sheet"),
            models.UniqueConstraint(
                fields=["evaluation", "item"],
                condition=Q(sheet__isnull=True),
                name="agreed_mark_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}×{self.hits}"


class Rectification(models.Model):
    """One 整改 item of an issued 评查意见, tracked until the department closes it."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="rectifications"
    )
    seq = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("整改事项"), max_length=500)
    due_on = models.DateField(_("整改期限"))
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    result = models.CharField(_("整改情况"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["evaluation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "seq"], name="rectification_seq")
        ]

    def __str__(self) -> str:
        return self.text


class CaseDiscussion(models.Model):
    """每月说案: one monthly case discussion, which may become a teaching item (典型案例)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("执法科室"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("所说案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussions",
    )
    held_on = models.DateField(_("说案日期"))
    case_summary = models.CharField(_("案件简况"), max_length=1000)
    issue = models.CharField(_("讨论问题"), max_length=1000)
    conclusion = models.CharField(_("讨论结论"), max_length=2000)
    attendees = models.CharField(_("参加人员"), max_length=500)
    attendance = models.PositiveSmallIntegerField(_("参加人数"))
    teaching = models.BooleanField(_("列为教学案例"), default=False)
    teaching_title = models.CharField(_("教学案例标题"), max_length=100, blank=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("每月说案")
        verbose_name_plural = _("每月说案")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(attendance__gte=1), name="discussion_attendance"),
            models.CheckConstraint(
                condition=Q(teaching=False) | ~Q(teaching_title=""),
                name="discussion_teaching_titled",
            ),
        ]

    def __str__(self) -> str:
        return self.teaching_title or self.issue[:30]


class DiscretionStandard(models.Model):
    """A 行政处罚裁量基准 for one offence: the tiers with their conditions and fine ranges and the
    circumstances that lighten or exclude the penalty. It must be published before it is applied
    (行政处罚法 第三十四条); a published benchmark is frozen."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+"
    )
    offence = models.CharField(_("违法行为"), max_length=200)
    violated = models.CharField(_("违法依据"), max_length=300)
    penalty_basis = models.CharField(_("处罚依据"), max_length=300)
    statutory_range = models.CharField(_("法定处罚幅度"), max_length=300)
    published = models.BooleanField(_("已公布"), default=False)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    publication = models.CharField(_("公布载体（文号/网址）"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("裁量基准")
        verbose_name_plural = _("裁量基准")
        ordering = ["offence", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | (Q(published_on__isnull=False) & ~Q(publication="")),
                name="benchmark_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.offence


class DiscretionTier(models.Model):
    """One tier (裁量阶次): the circumstances it covers and its fine range in yuan."""

    standard = models.ForeignKey(DiscretionStandard, on_delete=models.CASCADE, related_name="tiers")
    seq = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("阶次"), max_length=30)
    condition = models.CharField(_("适用情形"), max_length=500)
    fine_min = models.DecimalField(_("罚款下限（元）"), max_digits=12, decimal_places=2)
    fine_max = models.DecimalField(_("罚款上限（元）"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("裁量阶次")
        verbose_name_plural = _("裁量阶次")
        ordering = ["standard", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "seq"], name="tier_seq"),
            models.CheckConstraint(
                condition=Q(fine_min__gte=0) & Q(fine_max__gte=models.F("fine_min")),
                name="tier_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.fine_min}—{self.fine_max}元）"


class FactorKind(models.TextChoices):
    LIGHTER = "lighter", _("从轻处罚情节")
    REDUCED = "reduced", _("减轻处罚情节")
    HEAVIER = "heavier", _("从重处罚情节")
    EXEMPT = "exempt", _("不予处罚情形")
    MAY_EXEMPT = "may_exempt", _("可以不予处罚情形（首违不罚）")


class DiscretionFactor(models.Model):
    """A circumstance of the benchmark: 从轻/减轻 (行政处罚法 第三十二条), 从重, 不予处罚 (第三十三条)."""

    standard = models.ForeignKey(
        DiscretionStandard, on_delete=models.CASCADE, related_name="factors"
    )
    kind = models.CharField(_("情节类别"), max_length=20, choices=FactorKind.choices)
    text = models.CharField(_("情节"), max_length=300)
    basis = models.CharField(_("依据"), max_length=200)

    class Meta:
        verbose_name = _("裁量情节")
        verbose_name_plural = _("裁量情节")
        ordering = ["standard", "kind", "id"]

    def __str__(self) -> str:
        return self.text


class DiscretionCalculation(models.Model):
    """One use of the calculator: the facts, the proposed tier and range with the rule applied,
    and the amount decided; an amount outside the range carries its written reason."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    standard = models.ForeignKey(
        DiscretionStandard, verbose_name=_("裁量基准"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("执法案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calculations",
    )
    tier = models.ForeignKey(
        DiscretionTier, verbose_name=_("违法情形"), on_delete=models.PROTECT, related_name="+"
    )
    factors = models.ManyToManyField(DiscretionFactor, verbose_name=_("情节"), blank=True)
    facts = models.CharField(_("违法事实"), max_length=1000)
    outcome = models.CharField(_("建议"), max_length=100)
    proposed_min = models.DecimalField(_("建议下限"), max_digits=12, decimal_places=2)
    proposed_max = models.DecimalField(_("建议上限"), max_digits=12, decimal_places=2)
    rule = models.CharField(_("适用规则"), max_length=1000)
    decided_amount = models.DecimalField(_("拟决定罚款（元）"), max_digits=12, decimal_places=2)
    outside = models.BooleanField(_("超出建议幅度"), default=False)
    reason = models.CharField(_("超出幅度的理由"), max_length=1000, blank=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("裁量计算")
        verbose_name_plural = _("裁量计算")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outside=False) | ~Q(reason=""), name="calculation_outside_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.decided_amount}"
