from django.apps import AppConfig
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, CapabilityGrant, Indicator, NavEntry, RecordType
from sifasuo.core.roles import OFFICE_ROLES, Role

_Q = "sifasuo.stations.indicators."
_STANDING = "在统计期末日仍在运行的服务阵地（建成日期不晚于期末日或未填，且未撤销），按所属单位归集"


def _count(code: str, name, what, **options) -> Indicator:
    # A stock standing on the period's last day: never additive.
    return Indicator(
        code=f"stations.{code}",
        name=name,
        definition=format_lazy("{}：{}。", what, _STANDING),
        unit=_("个"),
        query=f"{_Q}{code}",
        **options,
    )


class StationsConfig(AppConfig):
    name = "sifasuo.stations"
    label = "stations"
    verbose_name = _("公共法律服务阵地")
    line = BusinessLine(
        label="stations",
        name=_("公共法律服务阵地"),
        navigation=(NavEntry(_("公共法律服务阵地"), "stations:station_list", roles=OFFICE_ROLES),),
        records=(
            RecordType(
                "stations.station", "stations.ServicePoint", detail_url="stations:station_detail"
            ),
        ),
        actions={
            "station.create": _("登记服务阵地"),
            "station.update": _("修改服务阵地"),
            "station.close": _("撤销服务阵地"),
            "station.duty_add": _("增加值班安排"),
            "station.duty_remove": _("删除值班安排"),
            "station.import": _("导入服务阵地"),
        },
        demo_loader="sifasuo.stations.demo.load",
        capabilities=(
            CapabilityGrant(
                "stations.manage",
                _("管理公共法律服务阵地"),
                frozenset(
                    {Role.SYSTEM_ADMIN, Role.SUPERVISOR, Role.OFFICE_HEAD, Role.JUDICIAL_ASSISTANT}
                ),
            ),
        ),
        indicators=(
            _count(
                "platforms",
                _("四级公共法律服务平台"),
                _("市、县、乡、村四级平台（市中心、县中心、乡镇工作站、村工作室）合计"),
                headline=True,
                group=_("四级服务平台"),
                phrase="建立市县乡村四级公共法律服务平台{}个",
            ),
            _count(
                "city_centers",
                _("市公共法律服务中心"),
                _("市公共法律服务中心"),
                group=_("四级服务平台"),
            ),
            _count(
                "county_centers",
                _("县级公共法律服务中心"),
                _("县级公共法律服务中心"),
                group=_("四级服务平台"),
            ),
            _count(
                "township_stations",
                _("乡镇公共法律服务工作站"),
                _("乡镇（街道）公共法律服务工作站"),
                group=_("四级服务平台"),
            ),
            _count(
                "village_rooms",
                _("村（居）公共法律服务工作室"),
                _("村（居）公共法律服务工作室"),
                headline=True,
                group=_("四级服务平台"),
            ),
            _count(
                "pufa_posts",
                _("普法驿站"),
                _("普法驿站"),
                group=_("其他服务阵地"),
                phrase="普法驿站{}个",
            ),
            _count(
                "circuits",
                _("巡回法庭/巡回办案点"),
                _("巡回法庭及巡回办案点"),
                group=_("其他服务阵地"),
                phrase="巡回办案点{}个",
            ),
            _count(
                "service_points",
                _("法律服务点"),
                _("法律服务点"),
                group=_("其他服务阵地"),
                phrase="法律服务点{}个",
            ),
            _count(
                "procuratorate_rooms",
                _("检察室"),
                _("检察室"),
                group=_("其他服务阵地"),
                phrase="检察室{}个",
            ),
            _count(
                "dispute_centers",
                _("矛盾纠纷多元化解中心"),
                _("矛盾纠纷多元化解中心"),
                group=_("其他服务阵地"),
                phrase="矛盾纠纷多元化解中心{}个",
            ),
            Indicator(
                code="stations.villages",
                name=_("村（社区）数"),
                definition=_("在用的村/社区单位数（不按期间区分，按当前组织架构统计）。"),
                unit=_("个"),
                query=f"{_Q}villages",
                group=_("村（居）覆盖"),
            ),
            Indicator(
                code="stations.villages_with_room",
                name=_("已建工作室的村（社区）数"),
                definition=_(
                    "在用的村/社区中，统计期末日有运行中的村（居）公共法律服务工作室的个数。"
                ),
                unit=_("个"),
                query=f"{_Q}villages_with_room",
                group=_("村（居）覆盖"),
            ),
            Indicator(
                code="stations.village_coverage",
                name=_("村（居）工作室覆盖率"),
                definition=_("已建工作室的村（社区）数 ÷ 村（社区）数 × 100。"),
                unit="%",
                ratio=("stations.villages_with_room", "stations.villages"),
                better="higher",
                headline=True,
                group=_("村（居）覆盖"),
            ),
        ),
    )
