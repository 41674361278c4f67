"""法律明白人与民主法治村: each village's 法律明白人 and their trainings and early reports
(矛盾纠纷早发现), its 民主法治示范村 standing and its 村规民约 with their revisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import OrgUnit
from sifasuo.core.sealed import SealedCharField


class UnderstanderRole(models.TextChoices):
    CADRE = "cadre", _("村干部")
    GRID = "grid", _("网格员")
    MEDIATOR = "mediator", _("调解员")
    PARTY_MEMBER = "party_member", _("党员")
    ELDER = "elder", _("乡贤")
    OTHER = "other", _("其他")


class Understander(models.Model):
    """法律明白人: a trained villager who explains the law and reports disputes early.
    `model_household`: the family is the village's 学法用法示范户."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        OrgUnit, verbose_name=_("村/社区"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("身份"), max_length=20, choices=UnderstanderRole.choices)
    model_household = models.BooleanField(_("学法用法示范户"), default=False)
    phone = SealedCharField(_("联系电话"), max_length=30, blank=True, mask="phone")
    since = models.DateField(_("确定日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法律明白人")
        verbose_name_plural = _("法律明白人")
        ordering = ["village__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"], name="understander_once_per_village"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.name}"


class Training(models.Model):
    """法律明白人培训: one session (期) and who attended it (人次)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("培训日期"), db_index=True)
    topic = models.CharField(_("培训主题"), max_length=200)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    speaker = models.CharField(_("授课人"), max_length=100, blank=True)
    attendees = models.ManyToManyField(
        Understander, verbose_name=_("参训法律明白人"), related_name="trainings", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("法律明白人培训")
        verbose_name_plural = _("法律明白人培训")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class ReportKind(models.TextChoices):
    DISPUTE = "dispute", _("矛盾纠纷")
    RISK = "risk", _("风险隐患")


class EarlyReport(models.Model):
    """矛盾纠纷早发现: a 法律明白人's report, registered in intake as a matter (channel
    法律明白人/网格员上报); the office's reply is written back on the report."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        OrgUnit, verbose_name=_("村/社区"), on_delete=models.PROTECT, related_name="+"
    )
    reporter = models.ForeignKey(
        Understander, verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="reports"
    )
    reported_on = models.DateField(_("报告日期"))
    kind = models.CharField(_("类别"), max_length=20, choices=ReportKind.choices)
    summary = models.TextField(_("情况简述"))
    parties = models.CharField(_("涉及人员"), max_length=200, blank=True)
    matter = models.ForeignKey(
        "intake.Matter",
        verbose_name=_("受理事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply = models.TextField(_("答复"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("法律明白人早发现报告")
        verbose_name_plural = _("法律明白人早发现报告")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.village} {self.get_kind_display()}"


class DemoLevel(models.TextChoices):
    NATIONAL = "national", _("全国民主法治示范村（社区）")
    PROVINCIAL = "provincial", _("省级民主法治示范村（社区）")
    CITY = "city", _("市级民主法治示范村（社区）")
    COUNTY = "county", _("县级民主法治示范村（社区）")
    NONE = "none", _("无")


class VillageStanding(models.Model):
    """A village's 民主法治示范村 level and the year it was named."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.OneToOneField(
        OrgUnit, verbose_name=_("村/社区"), on_delete=models.PROTECT, related_name="standing"
    )
    level = models.CharField(
        _("示范村级别"), max_length=20, choices=DemoLevel.choices, default=DemoLevel.NONE
    )
    year = models.PositiveSmallIntegerField(_("命名年度"), null=True, blank=True)

    class Meta:
        verbose_name = _("民主法治示范村")
        verbose_name_plural = _("民主法治示范村")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="none") | Q(year__isnull=False), name="standing_year_given"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.get_level_display()}"


class VillageRules(models.Model):
    """村规民约 of a village: when adopted, its legality review (合法性审查) and its revisions."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.OneToOneField(
        OrgUnit, verbose_name=_("村/社区"), on_delete=models.PROTECT, related_name="rules"
    )
    title = models.CharField(_("名称"), max_length=100)
    adopted_on = models.DateField(_("村民会议通过日期"))
    review = models.ForeignKey(
        "reviews.Review",
        verbose_name=_("合法性审查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("主要内容"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("村规民约")
        verbose_name_plural = _("村规民约")
        ordering = ["village__name"]

    def __str__(self) -> str:
        return self.title


class RulesRevision(models.Model):
    """One revision (修订) of a village's 村规民约."""

    rules = models.ForeignKey(VillageRules, on_delete=models.CASCADE, related_name="revisions")
    revised_on = models.DateField(_("修订通过日期"))
    summary = models.CharField(_("修订内容"), max_length=500)
    review = models.ForeignKey(
        "reviews.Review",
        verbose_name=_("合法性审查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("村规民约修订")
        verbose_name_plural = _("村规民约修订")
        ordering = ["rules", "-revised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.rules} {self.revised_on}"
