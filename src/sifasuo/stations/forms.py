from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifasuo.core.forms import DateInput, unit_field
from sifasuo.core.models import UnitKind
from sifasuo.core.scoping import visible_units
from sifasuo.core.text_limits import NOTE_MAX, SEARCH_MAX

from .models import ServedLine, StationKind, Weekday

STATION_UNIT_KINDS = (UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE, UnitKind.VILLAGE)


def _station_units(user):
    return visible_units(user).filter(kind__in=STATION_UNIT_KINDS)


class StationFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或地址"), required=False, max_length=SEARCH_MAX)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *StationKind.choices]
    )
    closed = forms.BooleanField(label=_("含已撤销"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(
            user, label=_("单位"), required=False, queryset=_station_units(user)
        )


class StationForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("所属单位"))
    kind = forms.ChoiceField(label=_("类别"), choices=StationKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    address = forms.CharField(label=_("地址"), max_length=200)
    opening_hours = forms.CharField(
        label=_("开放时间"),
        max_length=100,
        required=False,
        help_text=_("如：工作日 8:30-12:00，14:00-17:30"),
    )
    phone = forms.CharField(label=_("服务电话"), max_length=30, required=False)
    lines = forms.MultipleChoiceField(
        label=_("服务事项"),
        choices=ServedLine.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    established_on = forms.DateField(label=_("建成日期"), required=False, widget=DateInput)
    note = forms.CharField(
        label=_("备注"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(user, label=_("所属单位"), queryset=_station_units(user))
        self.order_fields(["unit"])


class StationEditForm(StationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["unit"]


class DutyForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("星期"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("结束时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    person = forms.CharField(label=_("值班人员"), max_length=50)
    post = forms.CharField(
        label=_("身份"),
        max_length=50,
        required=False,
        help_text=_("如：坐班律师、司法所工作人员、人民调解员"),
    )


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("撤销日期"), widget=DateInput, initial=timezone.localdate)


class StatsFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = visible_units(user).filter(
            kind__in=(UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE)
        )
        self.fields["unit"] = unit_field(user, label=_("单位"), required=False, queryset=queryset)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("服务阵地台账（.xlsx）"))
