"""Core records: the org hierarchy, accounts, staff, parties, sharing, audit trail and work items."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .lines import role_choices, unit_kind_choices
from .sealed import SealedCharField


class UnitKind(models.TextChoices):
    CITY = "city", _("市司法局")
    BUREAU = "bureau", _("区县司法局")
    OFFICE = "office", _("司法所")
    VILLAGE = "village", _("村/社区")
    PARTNER = "partner", _("协作单位")
    DEPARTMENT = "department", _("乡镇业务科室")


class PartnerType(models.TextChoices):
    POLICE = "police", _("派出所")
    WOMEN = "women", _("妇联")
    PETITION = "petition", _("信访办")
    COURT = "court", _("人民法庭")
    PROCURATORATE = "procuratorate", _("检察室")
    HOTLINE = "hotline", _("12345热线")
    OTHER = "other", _("其他")


class DepartmentType(models.TextChoices):
    BUSINESS = "business", _("业务科室")
    FINANCE = "finance", _("财务科")
    ENGINEERING = "engineering", _("工程办")
    GOVERNMENT = "government", _("乡镇人民政府")


class TownshipKind(models.TextChoices):
    TOWNSHIP = "township", _("乡")
    TOWN = "town", _("镇")
    SUBDISTRICT = "subdistrict", _("街道")
    DEVELOPMENT_ZONE = "zone", _("开发区")


class OrgUnit(models.Model):
    """One unit of the hierarchy 市 → 区县司法局 → 司法所 → 村/社区, or a partner body beside it.

    `path` is a materialized path ("/1/4/17/") so "this unit and everything below it" is one
    indexed prefix match; it is maintained only by the org services.
    """

    name = models.CharField(_("名称"), max_length=100)
    # Core's kinds plus those business lines declare (core.lines.unit_kind_choices).
    kind = models.CharField(_("类别"), max_length=20, choices=unit_kind_choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    division_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    township_name = models.CharField(_("所辖乡镇/街道"), max_length=100, blank=True)
    township_kind = models.CharField(
        _("乡镇类型"), max_length=20, choices=TownshipKind.choices, blank=True
    )
    partner_type = models.CharField(
        _("协作单位类型"), max_length=20, choices=PartnerType.choices, blank=True
    )
    department_type = models.CharField(
        _("科室类型"), max_length=20, choices=DepartmentType.choices, blank=True
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("组织单位")
        verbose_name_plural = _("组织单位")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="city") | Q(parent__isnull=False),
                name="unit_has_parent_below_city",
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: OrgUnit) -> bool:
        """True when this unit is `other` or lies below it."""
        return self.path.startswith(other.path)

    def ancestor_ids(self) -> list[int]:
        return self.ids_in_path(self.path)

    @staticmethod
    def ids_in_path(path: str) -> list[int]:
        """The ids a unit path names, from the top down to the unit itself."""
        return [int(part) for part in path.strip("/").split("/") if part]


class StandardizationStatus(models.TextChoices):
    NONE = "none", _("未达标")
    APPLYING = "applying", _("创建中")
    PROVINCIAL = "provincial", _("省级规范化司法所")
    NATIONAL = "national", _("全国先进司法所")


class OfficePremises(models.Model):
    """业务用房 of a 司法所: area, street-front independent office, standardization status."""

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="premises", verbose_name=_("司法所")
    )
    area_m2 = models.DecimalField(_("业务用房面积(m²)"), max_digits=7, decimal_places=1, default=0)
    street_front = models.BooleanField(_("临街独立办公"), default=False)
    standardization = models.CharField(
        _("规范化建设"),
        max_length=20,
        choices=StandardizationStatus.choices,
        default=StandardizationStatus.NONE,
    )
    standardized_year = models.PositiveSmallIntegerField(_("达标年度"), null=True, blank=True)

    class Meta:
        verbose_name = _("办公用房")
        verbose_name_plural = _("办公用房")
        constraints = [
            models.CheckConstraint(condition=Q(area_m2__gte=0), name="premises_area_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.unit} 业务用房"


class User(AbstractUser):
    """An account. Each account acts for one unit in one role (一人一号)."""

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    # Core's roles plus those business lines declare (core.lines.role_choices).
    role = models.CharField(_("角色"), max_length=30, choices=role_choices, blank=True)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self) -> str:
        return self.display_name or self.username


class Post(models.TextChoices):
    HEAD = "head", _("所长")
    DEPUTY_HEAD = "deputy_head", _("副所长")
    ASSISTANT = "assistant", _("司法助理员")
    MEDIATOR = "mediator", _("专职人民调解员")
    LAWYER = "lawyer", _("专职律师/法律顾问")
    SOCIAL_WORKER = "social_worker", _("司法社工")
    CORRECTION_OFFICER = "correction_officer", _("援矫干警")
    CLERK = "clerk", _("辅助人员")
    BUREAU_STAFF = "bureau_staff", _("局机关工作人员")


class Employment(models.TextChoices):
    POLITICAL_LEGAL = "political_legal", _("政法专项编制")
    OTHER_ESTABLISHMENT = "other_establishment", _("其他编制")
    PURCHASED = "purchased", _("政府购买服务")
    SECONDED = "seconded", _("借调/兼职")
    OTHER = "other", _("其他")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("本科")
    COLLEGE = "college", _("大专")
    HIGH_SCHOOL = "high_school", _("高中及以下")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Staff(models.Model):
    """A person working in a unit (工作人员), with the attributes the standardization report counts."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="staff"
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    post = models.CharField(_("岗位"), max_length=30, choices=Post.choices)
    employment = models.CharField(_("人员性质"), max_length=30, choices=Employment.choices)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    law_major = models.BooleanField(_("法学专业"), default=False)
    legal_qualification = models.BooleanField(_("法律职业资格"), default=False)
    id_number = SealedCharField(_("身份证号"), max_length=18, blank=True, mask="id_number")
    phone = SealedCharField(_("联系电话"), max_length=30, blank=True, mask="phone")
    joined_on = models.DateField(_("入职日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    account = models.OneToOneField(
        User,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_record",
    )

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["unit__path", "post", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1930) & Q(birth_year__lte=2015),
                name="staff_birth_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def law_degree(self) -> bool:
        """法学本科及以上."""
        return self.law_major and self.education in (Education.BACHELOR, Education.POSTGRADUATE)


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANIZATION = "organization", _("法人")
    UNINCORPORATED = "unincorporated", _("非法人组织")


class Party(models.Model):
    """A person or organization the office deals with (当事人/申请人), shared by every business line."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("登记单位"), on_delete=models.PROTECT, related_name="parties"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("姓名/名称"), max_length=100)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    # Sealed at rest (core/sealed.py); equality searches use the blind-index digests below.
    id_number = SealedCharField(
        _("身份证号"), max_length=18, blank=True, index_field="id_number_digest", mask="id_number"
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = SealedCharField(
        _("联系电话"), max_length=30, blank=True, index_field="phone_digest", mask="phone"
    )
    address = SealedCharField(_("住址"), max_length=200, blank=True, mask="address")
    created_at = models.DateTimeField(auto_now_add=True)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False)
    phone_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "id_number_digest"]),
            models.Index(fields=["phone_digest"]),
            models.Index(fields=["unit", "name"]),
        ]

    def __str__(self) -> str:
        return self.name


class Share(models.Model):
    """An explicit grant making one record visible to a unit outside its owner's subtree.

    Created by sharing (信息共享) or by referral (移送/转办); the scoping layer reads it.
    """

    class Reason(models.TextChoices):
        SHARED = "shared", _("共享")
        REFERRED = "referred", _("转办")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="shares_received")
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.SHARED)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "unit"], name="share_once_per_unit"
            )
        ]
        indexes = [models.Index(fields=["unit", "content_type"])]

    def __str__(self) -> str:
        return f"{self.content_type.model}#{self.object_id} → {self.unit}"


class AuditEntry(models.Model):
    """One append-only row of the audit trail (操作日志), hash-chained with SM3.

    Actor and unit are copied as plain values, not foreign keys, so deleting an account or a unit
    never rewrites history (which would also break the chain).
    """

    # The chain the row belongs to: a county's unit path ("/1/4/"), or "" for the root chain
    # (city-level and system actions). Sequence numbers are gap-free within a chain.
    chain = models.CharField(max_length=255, blank=True, default="")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(max_length=150, blank=True)
    unit_id = models.BigIntegerField(null=True, db_index=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # A write made through another unit's channel (a partner's referral, an API client): the unit
    # on whose behalf the actor (always the real person or client) wrote.
    on_behalf_of_id = models.BigIntegerField(null=True)
    on_behalf_of_name = models.CharField(max_length=100, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="core_auditentry_chain_seq")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class AuditHead(models.Model):
    """A chain's head (one row per chain), locked while appending so sequence numbers stay
    gap-free. Id 1 is the root chain's."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    chain = models.CharField(max_length=255, blank=True, default="", unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.chain or 'root'}#{self.last_seq}"


class Throttle(models.Model):
    """Recent failures counted under one key (a client address at login, an unknown username, a
    tracking code on the public status page), so repeated guessing is slowed down. The key is an
    SM3 digest, so no address or username is kept in clear; rows past `until` are stale."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    until = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.count}"


class DeadlineFields(models.Model):
    """The one way a record stores a statutory due date: the rule it came from and the inputs.

    Set only through `sifasuo.core.deadline_service.deadline_assign`, which runs the engine.
    """

    due_rule = models.CharField(_("期限规则"), max_length=60, blank=True)
    due_start = models.DateField(_("起算日"), null=True, blank=True)
    due_on = models.DateField(_("截止日"), null=True, blank=True, db_index=True)
    due_extended = models.BooleanField(_("已延长"), default=False)
    due_basis = models.CharField(_("法律依据"), max_length=120, blank=True)
    # 中止: finished pauses as [[first paused day, resume day], …] and an open pause's first day.
    due_pauses = models.JSONField(_("中止记录"), default=list, blank=True)
    due_paused_since = models.DateField(_("中止自"), null=True, blank=True)
    # Counted without the holiday data of a year it runs into (weekends only), to be recomputed.
    due_provisional = models.BooleanField(_("暂定期限"), default=False)

    class Meta:
        abstract = True

    # The flag and date `deadline_service.recompute_provisional` looks at, and how it recomputes.
    provisional_flag = "due_provisional"
    provisional_date = "due_on"

    def recompute_due(self) -> None:
        """Count the due date again from the stored rule, start, extension and pauses."""
        from .deadline_service import deadline_assign

        deadline_assign(
            self, rule_id=self.due_rule, start=self.due_start, extended=self.due_extended
        )


class WorkItem(DeadlineFields):
    """A to-do with a due date (待办事项): statutory deadlines the office tracks for itself or the
    township, and the open steps every business line hands to a person."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        DONE = "done", _("已办结")
        CANCELLED = "cancelled", _("已撤销")

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="work_items"
    )
    title = models.CharField(_("事项"), max_length=200)
    category = models.CharField(_("业务类别"), max_length=40, blank=True)
    description = models.TextField(_("说明"), blank=True)
    assignee = models.ForeignKey(
        User,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_items",
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    # The business record this to-do belongs to, if any (a case, a review, a contract…).
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["unit", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title


class MonthlySummary(models.Model):
    """每月汇总: one additive indicator's value for one unit's own records in one calendar month,
    kept current from the records (`core.summaries`) so a year's report over a city sums a few
    thousand rows instead of scanning every record. A missing row is 0."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    code = models.CharField(max_length=100)
    value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("每月汇总")
        verbose_name_plural = _("每月汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "code"], name="monthly_summary_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["month", "code"], name="monthly_summary_month_code")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.code} = {self.value}"


class StaleSummary(models.Model):
    """A unit's month of one business line whose summaries a record change has made stale:
    recomputed by the worker, or by the next read that needs it."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    line = models.CharField(max_length=64)
    month = models.DateField()
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "line", "month"], name="stale_summary_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.line} {self.month:%Y-%m}"


class SummaryBuild(models.Model):
    """A line whose summaries were built in full, and for which indicator codes: until then
    (or after a code becomes additive) its numbers are computed from the records."""

    line = models.CharField(max_length=64, unique=True)
    codes = models.JSONField(default=list)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.line
