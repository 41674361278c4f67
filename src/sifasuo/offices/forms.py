from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifasuo.core.forms import DateInput, unit_field
from sifasuo.core.models import Education, Employment, Gender, Post, Staff, UnitKind
from sifasuo.core.scoping import visible_units
from sifasuo.core.text_limits import NOTE_MAX

from .models import JOINING, ChangeKind, HonourLevel, Level

_KEEP = [("", _("（不变）"))]
CHANGE_KINDS = [(k, label) for k, label in ChangeKind.choices if k != ChangeKind.BASELINE]
JOIN_KINDS = [(k, label) for k, label in ChangeKind.choices if k in JOINING]


def _note() -> forms.CharField:
    return forms.CharField(
        label=_("说明"), max_length=NOTE_MAX, required=False, widget=forms.Textarea({"rows": 2})
    )


class OverviewForm(forms.Form):
    on = forms.DateField(label=_("统计日期"), required=False, widget=DateInput)
    before = forms.DateField(label=_("对比日期（改革前）"), required=False, widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = visible_units(user).filter(kind__in=(UnitKind.CITY, UnitKind.BUREAU))
        self.fields["unit"] = unit_field(user, label=_("单位"), required=False, queryset=queryset)
        self.order_fields(["unit"])


class OnDateForm(forms.Form):
    on = forms.DateField(label=_("查看日期"), required=False, widget=DateInput)


class StaffChangeForm(forms.Form):
    staff = forms.ModelChoiceField(queryset=Staff.objects.none(), label=_("工作人员"))
    kind = forms.ChoiceField(label=_("变动类型"), choices=CHANGE_KINDS)
    effective_on = forms.DateField(
        label=_("变动日期"), widget=DateInput, initial=timezone.localdate
    )
    post = forms.ChoiceField(label=_("岗位"), choices=_KEEP + Post.choices, required=False)
    employment = forms.ChoiceField(
        label=_("人员性质"), choices=_KEEP + Employment.choices, required=False
    )
    education = forms.ChoiceField(
        label=_("学历"), choices=_KEEP + Education.choices, required=False
    )
    law_major = forms.TypedChoiceField(
        label=_("法学专业"),
        choices=[("", _("（不变）")), ("1", _("是")), ("0", _("否"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    legal_qualification = forms.TypedChoiceField(
        label=_("法律职业资格"),
        choices=[("", _("（不变）")), ("1", _("已取得")), ("0", _("未取得"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    note = _note()

    def __init__(self, *args, user, office, **kwargs):
        super().__init__(*args, **kwargs)
        from sifasuo.core.scoping import scope

        self.fields["staff"].queryset = scope(
            user, Staff.objects.filter(unit=office, is_active=True)
        ).order_by("post", "name")
        units = visible_units(user).filter(kind__in=(UnitKind.OFFICE, UnitKind.BUREAU))
        self.fields["unit"] = unit_field(user, label=_("调往单位"), required=False, queryset=units)
        self.fields["unit"].empty_label = _("（不变）")
        self.order_fields(["staff", "kind", "effective_on", "unit"])


class StaffHireForm(forms.Form):
    kind = forms.ChoiceField(label=_("变动类型"), choices=JOIN_KINDS)
    effective_on = forms.DateField(
        label=_("到岗日期"), widget=DateInput, initial=timezone.localdate
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    birth_year = forms.IntegerField(label=_("出生年份"), min_value=1930, max_value=2015)
    post = forms.ChoiceField(label=_("岗位"), choices=Post.choices)
    employment = forms.ChoiceField(label=_("人员性质"), choices=Employment.choices)
    education = forms.ChoiceField(label=_("学历"), choices=Education.choices)
    law_major = forms.BooleanField(label=_("法学专业"), required=False)
    legal_qualification = forms.BooleanField(label=_("已取得法律职业资格"), required=False)
    note = _note()


class PremisesForm(forms.Form):
    effective_on = forms.DateField(
        label=_("登记日期"), widget=DateInput, initial=timezone.localdate
    )
    area_m2 = forms.DecimalField(
        label=_("业务用房面积(m²)"), max_digits=7, decimal_places=1, min_value=0
    )
    street_front = forms.BooleanField(label=_("临街独立办公"), required=False)
    one_room = forms.BooleanField(label=_("“一间屋”"), required=False)
    level = forms.ChoiceField(label=_("规范化等级"), choices=Level.choices)
    level_year = forms.IntegerField(
        label=_("达标年度"), min_value=1990, max_value=2100, required=False
    )
    funding = forms.DecimalField(
        label=_("建设资金(万元)"),
        max_digits=9,
        decimal_places=2,
        min_value=0,
        required=False,
        initial=0,
    )
    note = _note()


class UnitProfileForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    area_km2 = forms.DecimalField(
        label=_("辖区面积(km²)"), max_digits=8, decimal_places=2, min_value=0
    )
    population = forms.IntegerField(label=_("常住人口"), min_value=0, max_value=99_999_999)
    villages = forms.IntegerField(label=_("行政村数"), min_value=0, max_value=9999)
    communities = forms.IntegerField(label=_("社区数"), min_value=0, max_value=9999)
    note = _note()


class HonourForm(forms.Form):
    title = forms.CharField(label=_("荣誉称号"), max_length=100)
    level = forms.ChoiceField(label=_("级别"), choices=HonourLevel.choices)
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    awarded_by = forms.CharField(label=_("授予单位"), max_length=100)
    period = forms.CharField(
        label=_("评选期间"), max_length=30, required=False, help_text=_("如：2018—2022年度")
    )
    staff = forms.ModelChoiceField(
        queryset=Staff.objects.none(), label=_("获得者（个人）"), required=False
    )

    def __init__(self, *args, user, office, **kwargs):
        super().__init__(*args, **kwargs)
        from sifasuo.core.scoping import scope

        self.fields["staff"].queryset = scope(user, Staff.objects.filter(unit=office)).order_by(
            "name"
        )
        units = (
            visible_units(user)
            .filter(path__startswith=office.path)
            .filter(kind__in=(UnitKind.OFFICE, UnitKind.VILLAGE))
        )
        self.fields["holder_unit"] = unit_field(
            user, label=_("获得者（集体：本所或村/社区）"), required=False, queryset=units
        )
        self.fields["holder_unit"].empty_label = "---------"


class CatalogueForm(forms.Form):
    year = forms.IntegerField(label=_("版本年度"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=100, initial=_("司法所职能清单"))
    issued_on = forms.DateField(label=_("印发日期"), required=False, widget=DateInput)
    note = _note()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = visible_units(user).filter(
            kind__in=(UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE)
        )
        self.fields["unit"] = unit_field(user, label=_("制定单位"), queryset=queryset)
        self.order_fields(["unit"])


class CompareForm(forms.Form):
    old = forms.ModelChoiceField(queryset=None, label=_("原版本"))
    new = forms.ModelChoiceField(queryset=None, label=_("新版本"))

    def __init__(self, *args, catalogues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old"].queryset = catalogues
        self.fields["new"].queryset = catalogues


class ImportForm(forms.Form):
    file = forms.FileField(label=_("职能清单（.xlsx）"))


class RuleBookForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=100, initial=_("制度规范汇编"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = visible_units(user).filter(
            kind__in=(UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE)
        )
        self.fields["unit"] = unit_field(user, label=_("制定单位"), queryset=queryset)
        self.order_fields(["unit"])


class ChapterForm(forms.Form):
    title = forms.CharField(label=_("篇章名称"), max_length=100)


class RuleForm(forms.Form):
    title = forms.CharField(label=_("制度名称"), max_length=200)
