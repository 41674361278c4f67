"""普法宣传: events (with the 法治副校长's school sessions), each township department's
谁执法谁普法 responsibility list with its yearly tasks, and the office's yearly 普法 plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.attachments import VersionedAttachment
from sifasuo.core.models import OrgUnit


class EventKind(models.TextChoices):
    LECTURE = "lecture", _("法治讲座")
    MOOT_COURT = "moot_court", _("模拟法庭")
    ARTS = "arts", _("法治文艺")
    BOOTH = "booth", _("宣传摊位")
    ONLINE = "online", _("线上普法")
    SCHOOL = "school", _("法治副校长进校园")


class PlanItem(models.Model):
    """One planned item of an office's yearly 普法 plan (年度普法计划): what kind, which theme,
    in which month and how many times. Done = the events linked to it."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("司法所"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("形式"), max_length=20, choices=EventKind.choices)
    theme = models.CharField(_("主题"), max_length=100)
    planned_month = models.PositiveSmallIntegerField(_("计划月份"), null=True, blank=True)
    planned_count = models.PositiveSmallIntegerField(_("计划场次"), default=1)
    # The last day of the planned month (31 December without a month): places it in a period.
    due_on = models.DateField(_("计划完成日"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("普法计划事项")
        verbose_name_plural = _("普法计划事项")
        ordering = ["unit", "year", "planned_month", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_count__gte=1), name="plan_count_positive"),
            models.CheckConstraint(
                condition=Q(planned_month__isnull=True)
                | Q(planned_month__gte=1, planned_month__lte=12),
                name="plan_month_valid",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "theme"], name="plan_item_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.theme}"


class ResponsibilityList(models.Model):
    """A township department's 谁执法谁普法 responsibility list for a year: the laws it enforces
    and (in its tasks) what it will do to explain them."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("责任科室"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    laws = models.TextField(_("执法依据（法律法规）"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("普法责任清单")
        verbose_name_plural = _("普法责任清单")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="duty_list_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年普法责任清单"


class ResponsibilityTask(models.Model):
    """One yearly 普法 task of a responsibility list; done when an event is linked to it or it
    is marked done with a note."""

    duty_list = models.ForeignKey(
        ResponsibilityList, on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("普法任务"), max_length=200)
    planned_month = models.PositiveSmallIntegerField(_("计划月份"), null=True, blank=True)
    due_on = models.DateField(_("计划完成日"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_note = models.CharField(_("完成情况"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("普法任务")
        verbose_name_plural = _("普法任务")
        ordering = ["duty_list", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_month__isnull=True)
                | Q(planned_month__gte=1, planned_month__lte=12),
                name="task_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """One 普法 event (普法活动), held by the office or a township department."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("活动日期"))
    kind = models.CharField(_("形式"), max_length=20, choices=EventKind.choices)
    theme = models.CharField(_("主题"), max_length=100)
    place = models.CharField(_("地点"), max_length=200)
    station = models.ForeignKey(
        "stations.ServicePoint",
        verbose_name=_("服务阵地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    school = models.CharField(_("学校"), max_length=100, blank=True)
    audience = models.CharField(_("受众"), max_length=100, blank=True)
    audience_count = models.PositiveIntegerField(_("受众人数"), default=0)
    speakers = models.CharField(_("主讲人"), max_length=200, blank=True)
    summary = models.CharField(_("活动简况"), max_length=2000, blank=True)
    task = models.ForeignKey(
        ResponsibilityTask,
        verbose_name=_("对应普法任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("对应计划事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    # The form's one-time token: a double-clicked submit finds the first event.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("普法活动")
        verbose_name_plural = _("普法活动")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="school") | ~Q(school=""), name="school_event_names_school"
            ),
        ]

    def __str__(self) -> str:
        return self.theme


class EventPhoto(VersionedAttachment):
    """Photos and materials of an event (活动照片/材料), every upload kept as its own version."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("文件"), upload_to="publicity/%Y/%m/")

    class Meta:
        verbose_name = _("活动照片材料")
        verbose_name_plural = _("活动照片材料")
        ordering = ["event", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["event", "version"], name="event_photo_version")
        ]
