"""The register of public legal service points (公共法律服务阵地): the four-level platform (市中心,
县中心, 乡镇工作站, 村工作室), 普法驿站, circuit courts, service points, 检察室 and 解纷中心, each with
its address, opening hours, duty rota and the lines it serves. Every field here is public: the
portal lists them, so nothing personal beyond a duty person's name is kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.text_limits import NOTE_MAX


class StationKind(models.TextChoices):
    CITY_CENTER = "city_center", _("市公共法律服务中心")
    COUNTY_CENTER = "county_center", _("县级公共法律服务中心")
    TOWNSHIP_STATION = "township_station", _("乡镇（街道）公共法律服务工作站")
    VILLAGE_ROOM = "village_room", _("村（居）公共法律服务工作室")
    PUFA_POST = "pufa_post", _("普法驿站")
    CIRCUIT = "circuit", _("巡回法庭/巡回办案点")
    SERVICE_POINT = "service_point", _("法律服务点")
    PROCURATORATE = "procuratorate", _("检察室")
    DISPUTE_CENTER = "dispute_center", _("矛盾纠纷多元化解中心")


# The four-level platform (四级平台): each level's kind and the kind of unit it belongs to.
PLATFORM_KINDS = {
    StationKind.CITY_CENTER: UnitKind.CITY,
    StationKind.COUNTY_CENTER: UnitKind.BUREAU,
    StationKind.TOWNSHIP_STATION: UnitKind.OFFICE,
    StationKind.VILLAGE_ROOM: UnitKind.VILLAGE,
}
# The other kinds sit at a county, an office or a village.
OTHER_UNIT_KINDS = frozenset({UnitKind.BUREAU, UnitKind.OFFICE, UnitKind.VILLAGE})


class ServedLine(models.TextChoices):
    MEDIATION = "mediation", _("人民调解")
    LEGAL_AID = "legal_aid", _("法律援助")
    CONSULTATION = "consultation", _("法律咨询")
    PUFA = "pufa", _("普法宣传")
    NOTARY = "notary", _("公证指引")
    APPRAISAL = "appraisal", _("司法鉴定指引")
    ARBITRATION = "arbitration", _("仲裁指引")
    CORRECTION = "correction", _("社区矫正报到")


class Weekday(models.IntegerChoices):
    MON = 1, _("星期一")
    TUE = 2, _("星期二")
    WED = 3, _("星期三")
    THU = 4, _("星期四")
    FRI = 5, _("星期五")
    SAT = 6, _("星期六")
    SUN = 7, _("星期日")


class ServicePoint(models.Model):
    """One service point (服务阵地) of a unit: a county, an office or a village."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="stations"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=StationKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    phone = models.CharField(_("服务电话"), max_length=30, blank=True)
    lines = models.JSONField(_("服务事项"), default=list, blank=True)
    established_on = models.DateField(_("建成日期"), null=True, blank=True)
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=NOTE_MAX, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("服务阵地")
        verbose_name_plural = _("服务阵地")
        ordering = ["unit__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="station_name_unique_in_unit"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(closed_on__gte=models.F("established_on")),
                name="station_closed_after_established",
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def line_labels(self) -> list[str]:
        labels = dict(ServedLine.choices)
        return [str(labels.get(code, code)) for code in self.lines]

    @property
    def is_platform(self) -> bool:
        return self.kind in PLATFORM_KINDS


class DutySlot(models.Model):
    """One row of the weekly duty rota (值班表): who is on duty on which weekday and hours."""

    station = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="duties")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    starts = models.TimeField(_("开始时间"))
    ends = models.TimeField(_("结束时间"))
    person = models.CharField(_("值班人员"), max_length=50)
    post = models.CharField(_("身份"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["station", "weekday", "starts", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="duty_ends_later"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="duty_weekday"
            ),
            models.UniqueConstraint(
                fields=["station", "weekday", "starts", "person"], name="duty_slot_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M} {self.person}"
