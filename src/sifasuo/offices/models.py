"""Office management records (机构建设): the dated history behind the standardization figures.

Core keeps each person's and each office's *current* state (`Staff`, `OfficePremises`); this
line keeps how they came to be: staffing changes (回归, 新招录, 提拔 …), premises records, the
duty catalogue (职能清单) and rules register (制度规范汇编) by version, the township's profile by
year, and honours. The services record a dated change and bring core's current row up to date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import Education, Employment, OrgUnit, Post, Staff, StandardizationStatus
from sifasuo.core.text_limits import NOTE_MAX


class ChangeKind(models.TextChoices):
    BASELINE = "baseline", _("建档")
    HIRED = "hired", _("入职（聘用）")
    RECRUITED = "recruited", _("新招录（政法专项编制）")
    RETURNED = "returned", _("编制回归")
    PROMOTED = "promoted", _("提拔")
    REASSIGNED = "reassigned", _("调岗/调动")
    UPDATED = "updated", _("学历/资格变更")
    LEFT = "left", _("离岗/调出")


# Changes by which a person starts (again) to work in a unit.
JOINING = frozenset({ChangeKind.HIRED, ChangeKind.RECRUITED, ChangeKind.RETURNED})


class StaffChange(models.Model):
    """One dated change of a person's post, employment type or unit, holding the whole state
    from that day on (so the staffing on any date is the latest row on or before it)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("工作人员"), on_delete=models.CASCADE, related_name="changes"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    effective_on = models.DateField(_("变动日期"))
    kind = models.CharField(_("变动类型"), max_length=20, choices=ChangeKind.choices)
    post = models.CharField(_("岗位"), max_length=30, choices=Post.choices)
    employment = models.CharField(_("人员性质"), max_length=30, choices=Employment.choices)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    law_major = models.BooleanField(_("法学专业"), default=False)
    legal_qualification = models.BooleanField(_("法律职业资格"), default=False)
    note = models.CharField(_("说明"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("人员变动")
        verbose_name_plural = _("人员变动")
        ordering = ["staff", "effective_on", "id"]
        indexes = [
            models.Index(fields=["unit", "effective_on"]),
            models.Index(fields=["staff", "effective_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_kind_display()} {self.effective_on:%Y-%m-%d}"

    @property
    def law_degree(self) -> bool:
        return self.law_major and self.education in (Education.BACHELOR, Education.POSTGRADUATE)


class Level(models.TextChoices):
    NONE = "none", _("未达标")
    APPLYING = "applying", _("创建中")
    PROVINCIAL = "provincial", _("省级规范化司法所")
    AAA = "aaa", _("AAA级规范化司法所")
    MODEL = "model", _("省级示范司法所")
    NATIONAL = "national", _("全国先进（模范）司法所")


# Levels at or above the provincial standard, and how each shows in core's current row.
STANDARD_LEVELS = frozenset({Level.PROVINCIAL, Level.AAA, Level.MODEL, Level.NATIONAL})
CORE_STATUS = {
    Level.NONE: StandardizationStatus.NONE,
    Level.APPLYING: StandardizationStatus.APPLYING,
    Level.PROVINCIAL: StandardizationStatus.PROVINCIAL,
    Level.AAA: StandardizationStatus.PROVINCIAL,
    Level.MODEL: StandardizationStatus.PROVINCIAL,
    Level.NATIONAL: StandardizationStatus.NATIONAL,
}
LEVEL_OF_STATUS = {
    StandardizationStatus.NONE: Level.NONE,
    StandardizationStatus.APPLYING: Level.APPLYING,
    StandardizationStatus.PROVINCIAL: Level.PROVINCIAL,
    StandardizationStatus.NATIONAL: Level.NATIONAL,
}


class PremisesRecord(models.Model):
    """The office's premises from a date on: area, street-front independent office, the
    "一间屋" condition, standardization level with the year reached, construction funding."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    effective_on = models.DateField(_("登记日期"))
    area_m2 = models.DecimalField(_("业务用房面积(m²)"), max_digits=7, decimal_places=1)
    street_front = models.BooleanField(_("临街独立办公"), default=False)
    one_room = models.BooleanField(_("“一间屋”"), default=False)
    level = models.CharField(_("规范化等级"), max_length=20, choices=Level.choices)
    level_year = models.PositiveSmallIntegerField(_("达标年度"), null=True, blank=True)
    funding = models.DecimalField(_("建设资金(万元)"), max_digits=9, decimal_places=2, default=0)
    note = models.CharField(_("说明"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办公场所记录")
        verbose_name_plural = _("办公场所记录")
        ordering = ["unit", "effective_on", "id"]
        indexes = [models.Index(fields=["unit", "effective_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(area_m2__gte=0), name="offices_area_not_negative"),
            models.CheckConstraint(
                condition=Q(funding__gte=0), name="offices_funding_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} 办公场所 {self.effective_on:%Y-%m-%d}"

    @property
    def is_standard(self) -> bool:
        return self.level in STANDARD_LEVELS


class DutyCatalogue(models.Model):
    """One version of a duty catalogue (职能清单), issued by a city, county or office."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("版本年度"))
    title = models.CharField(_("名称"), max_length=100)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("职能清单")
        verbose_name_plural = _("职能清单")
        ordering = ["unit__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="offices_catalogue_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.year}年版）"


class DutyItem(models.Model):
    """One duty (职能事项) of a catalogue version."""

    catalogue = models.ForeignKey(DutyCatalogue, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("编号"), max_length=20)
    category = models.CharField(_("类别"), max_length=50)
    title = models.CharField(_("职能事项"), max_length=200)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("职能事项")
        verbose_name_plural = _("职能事项")
        ordering = ["catalogue", "id"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="offices_item_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class RuleBook(models.Model):
    """The rules register (制度规范汇编) of one year."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("制度规范汇编")
        verbose_name_plural = _("制度规范汇编")
        ordering = ["unit__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="offices_rulebook_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.year}年）"


class RuleChapter(models.Model):
    book = models.ForeignKey(RuleBook, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField(_("篇序"))
    title = models.CharField(_("篇章"), max_length=100)

    class Meta:
        ordering = ["book", "number"]
        constraints = [
            models.UniqueConstraint(fields=["book", "number"], name="offices_chapter_number")
        ]

    def __str__(self) -> str:
        return self.title


class Rule(models.Model):
    chapter = models.ForeignKey(RuleChapter, on_delete=models.CASCADE, related_name="rules")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("制度名称"), max_length=200)

    class Meta:
        ordering = ["chapter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "number"], name="offices_rule_number")
        ]

    def __str__(self) -> str:
        return self.title


class UnitProfile(models.Model):
    """The township an office serves, as of a year: area, population, villages, communities."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    area_km2 = models.DecimalField(_("辖区面积(km²)"), max_digits=8, decimal_places=2)
    population = models.PositiveIntegerField(_("常住人口"))
    villages = models.PositiveSmallIntegerField(_("行政村数"))
    communities = models.PositiveSmallIntegerField(_("社区数"))
    note = models.CharField(_("说明"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("辖区概况")
        verbose_name_plural = _("辖区概况")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="offices_profile_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年概况"


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("区县级")


class Honour(models.Model):
    """A title awarded (先进个人, 示范社区, 先进集体 …) to a person or a unit of the office."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("获得者（个人）"),
        null=True,
        blank=True,
        # A staff record is deleted only when it was entered by mistake; its honours go with it.
        on_delete=models.CASCADE,
        related_name="+",
    )
    holder_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("获得者（集体）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("荣誉称号"), max_length=100)
    level = models.CharField(_("级别"), max_length=20, choices=HonourLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    awarded_by = models.CharField(_("授予单位"), max_length=100)
    period = models.CharField(_("评选期间"), max_length=30, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["unit", "-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=True, holder_unit__isnull=False)
                | Q(staff__isnull=False, holder_unit__isnull=True),
                name="offices_honour_one_holder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} {self.title}"

    @property
    def holder_name(self) -> str:
        return self.staff.name if self.staff_id else self.holder_unit.name
