from django.apps import AppConfig
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import (
    BusinessLine,
    CapabilityGrant,
    Indicator,
    NavEntry,
    RecordType,
    SummarySource,
)
from sifasuo.core.roles import OFFICE_ROLES, Role

_Q = "sifasuo.offices.indicators."
_ON_LAST_DAY = _(
    "按统计期末日的人员和办公场所状况计（依人员变动和场所记录；尚无变动记录的人员按现有人员信息、"
    "自入职日期起计；尚无场所记录的司法所按现有业务用房信息计），只计在用的司法所"
)
_GROUP_STAFF = _("队伍建设")
_GROUP_PREMISES = _("阵地建设")


def _stock(code, name, what, unit, **kw) -> Indicator:
    return Indicator(
        code=f"offices.{code}",
        name=name,
        definition=format_lazy("{}。{}。", what, _ON_LAST_DAY),
        unit=unit,
        query=f"{_Q}{code}",
        **kw,
    )


def _share(code, name, numerator, what, **kw) -> Indicator:
    return Indicator(
        code=f"offices.{code}",
        name=name,
        definition=format_lazy("{} ÷ 司法所数 × 100（统计期末日）。", what),
        unit="%",
        ratio=(f"offices.{numerator}", "offices.offices"),
        **kw,
    )


def _flow(code, name, what, **kw) -> Indicator:
    return Indicator(
        code=f"offices.{code}",
        name=name,
        definition=what,
        unit=_("人"),
        query=f"{_Q}{code}",
        additive=True,
        group=_GROUP_STAFF,
        **kw,
    )


class OfficesConfig(AppConfig):
    name = "sifasuo.offices"
    label = "offices"
    verbose_name = _("机构建设")
    line = BusinessLine(
        label="offices",
        name=_("机构建设"),
        navigation=(NavEntry(_("机构建设"), "offices:overview", roles=OFFICE_ROLES),),
        # The rows the additive counts read (staff changes by their date, premises funding by
        # the record's date), so the per-office monthly summaries follow them.
        summary_models=(
            SummarySource("offices.StaffChange", "unit", ("effective_on",)),
            SummarySource("offices.PremisesRecord", "unit", ("effective_on",)),
        ),
        records=(
            RecordType(
                "offices.catalogue",
                "offices.DutyCatalogue",
                detail_url="offices:catalogue_detail",
                selector="sifasuo.offices.selectors.catalogue_get_for_user",
            ),
            RecordType(
                "offices.rulebook",
                "offices.RuleBook",
                detail_url="offices:rulebook_detail",
                selector="sifasuo.offices.selectors.rulebook_get_for_user",
            ),
        ),
        actions={
            "offices.staff_change": _("登记人员变动"),
            "offices.staff_hire": _("登记新进人员"),
            "offices.premises_record": _("登记办公场所"),
            "offices.catalogue_create": _("新建职能清单版本"),
            "offices.catalogue_item": _("登记职能事项"),
            "offices.catalogue_import": _("导入职能清单"),
            "offices.rulebook_create": _("新建制度规范汇编"),
            "offices.rule_chapter_add": _("增加制度篇章"),
            "offices.rule_add": _("增加制度规范"),
            "offices.profile_set": _("登记辖区概况"),
            "offices.honour_add": _("登记荣誉"),
            "offices.honour_remove": _("删除荣誉"),
        },
        demo_loader="sifasuo.offices.demo.load",
        staff_updated="sifasuo.offices.services.staff_edited",
        premises_updated="sifasuo.offices.services.premises_edited",
        capabilities=(
            CapabilityGrant(
                "offices.manage",
                _("管理机构建设记录"),
                frozenset(
                    {Role.SYSTEM_ADMIN, Role.SUPERVISOR, Role.OFFICE_HEAD, Role.JUDICIAL_ASSISTANT}
                ),
            ),
        ),
        indicators=(
            _stock(
                "offices",
                _("司法所数"),
                _("在用的司法所个数"),
                _("个"),
                group=_GROUP_STAFF,
                phrase=_("全市共有司法所{}个"),
            ),
            _stock(
                "staff",
                _("司法所工作人员"),
                _("在司法所工作的人员（含政府购买服务人员），离岗、调出者不计"),
                _("人"),
                group=_GROUP_STAFF,
                phrase=_("司法所工作人员{}人"),
            ),
            _stock(
                "purchased_staff",
                _("政府购买服务人员"),
                _("人员性质为“政府购买服务”的司法所工作人员"),
                _("人"),
                group=_GROUP_STAFF,
                phrase=_("通过政府购买服务充实司法所工作人员{}人"),
            ),
            _stock(
                "political_legal",
                _("政法专项编制人员"),
                _("人员性质为“政法专项编制”的司法所工作人员"),
                _("人"),
                group=_GROUP_STAFF,
            ),
            _stock(
                "law_graduates",
                _("法律本科以上学历人员"),
                _("法学专业、本科或研究生学历的司法所工作人员"),
                _("人"),
                group=_GROUP_STAFF,
                phrase=_("拥有法律本科以上学历{}人"),
            ),
            _stock(
                "qualified",
                _("取得法律职业资格人员"),
                _("取得国家统一法律职业资格的司法所工作人员"),
                _("人"),
                group=_GROUP_STAFF,
                phrase=_("获得国家统一法律职业资格{}人"),
            ),
            _stock(
                "average_age",
                _("平均年龄"),
                _("司法所工作人员年龄之和 ÷ 人数；年龄为期末日所在年份减出生年份，保留一位小数"),
                _("岁"),
                group=_GROUP_STAFF,
                phrase=_("司法所工作人员平均年龄{}岁"),
            ),
            _stock(
                "staffed_5",
                _("5人以上司法所"),
                _("工作人员不少于5人的司法所"),
                _("个"),
                group=_GROUP_STAFF,
            ),
            _share(
                "staffed_5_share",
                _("5人以上司法所占比"),
                "staffed_5",
                _("5人以上司法所数"),
                better="higher",
                headline=True,
                group=_GROUP_STAFF,
                phrase=_("5人以上司法所达到{}%"),
            ),
            _stock(
                "one_person",
                _("“一人所”"),
                _("工作人员只有1人的司法所"),
                _("个"),
                group=_GROUP_STAFF,
            ),
            _share(
                "one_person_share",
                _("“一人所”占比"),
                "one_person",
                _("“一人所”数"),
                better="lower",
                headline=True,
                group=_GROUP_STAFF,
                phrase=_("“一人所”占比{}%"),
            ),
            _stock(
                "posts_ok",
                _("政法专项编制达标司法所"),
                _("政法专项编制人员不少于2人且其中至少1人为法学本科以上学历的司法所"),
                _("个"),
                group=_GROUP_STAFF,
                phrase=_("政法专项编制达2人以上且至少有1名法律专业本科人员的司法所{}个"),
            ),
            _share(
                "posts_ok_share",
                _("政法专项编制达标率"),
                "posts_ok",
                _("政法专项编制达标司法所数"),
                better="higher",
                headline=True,
                group=_GROUP_STAFF,
            ),
            _stock(
                "purchased_ok",
                _("配齐购买服务律师和调解员的司法所"),
                _("至少有1名政府购买服务的专职律师和1名政府购买服务的专职人民调解员的司法所"),
                _("个"),
                group=_GROUP_STAFF,
                phrase=_("配备专职律师和专职人民调解员的司法所{}个"),
            ),
            _share(
                "purchased_ok_share",
                _("购买服务配齐率"),
                "purchased_ok",
                _("配齐购买服务律师和调解员的司法所数"),
                better="higher",
                headline=True,
                group=_GROUP_STAFF,
            ),
            _flow(
                "returned",
                _("“回归”专项编制"),
                _("变动日期在统计期间内、变动类型为“编制回归”的人员变动，按变动后所在单位归集"),
                phrase=_("“回归”专项编制{}人"),
            ),
            _flow(
                "recruited",
                _("新招录专项编制"),
                _(
                    "变动日期在统计期间内、变动类型为“新招录（政法专项编制）”的人员变动，"
                    "按招录单位归集"
                ),
                phrase=_("新招录专项编制{}人"),
            ),
            _flow(
                "promoted",
                _("提拔干部"),
                _("变动日期在统计期间内、变动类型为“提拔”的人员变动，按提拔后所在单位归集"),
                phrase=_("提拔{}名干部"),
            ),
            _stock(
                "provincial",
                _("省级规范化司法所"),
                _("规范化等级为省级规范化、AAA级、省级示范或全国先进（模范）的司法所"),
                _("个"),
                group=_GROUP_PREMISES,
                phrase=_("规范化建设达标司法所{}个"),
            ),
            _share(
                "provincial_rate",
                _("规范化达标率"),
                "provincial",
                _("省级规范化司法所数"),
                better="higher",
                headline=True,
                group=_GROUP_PREMISES,
                phrase=_("占司法所总量的{}%"),
            ),
            _stock(
                "average_area",
                _("所均面积"),
                _("有业务用房记录的司法所面积之和 ÷ 这些司法所数，保留一位小数"),
                "m²",
                better="higher",
                group=_GROUP_PREMISES,
                phrase=_("所均面积{}平方米"),
            ),
            _stock(
                "street_front",
                _("临街独立办公司法所"),
                _("有临街独立办公场所的司法所"),
                _("个"),
                group=_GROUP_PREMISES,
            ),
            _stock(
                "one_room",
                _("“一间屋”司法所"),
                _("办公场所只有一间屋的司法所"),
                _("个"),
                group=_GROUP_PREMISES,
                phrase=_("“一间屋”司法所{}处"),
            ),
            Indicator(
                code="offices.funding",
                name=_("规范化建设资金"),
                definition=_("登记日期在统计期间内的办公场所记录所载建设资金之和"),
                unit=_("万元"),
                query=f"{_Q}funding",
                additive=True,
                group=_GROUP_PREMISES,
                phrase=_("投入建设资金{}万元"),
            ),
        ),
    )
