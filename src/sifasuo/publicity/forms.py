from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifasuo.core.forms import DateInput, unit_field
from sifasuo.core.models import UnitKind
from sifasuo.core.scoping import visible_units
from sifasuo.core.text_limits import NARRATIVE_MAX, NOTE_MAX, SEARCH_MAX
from sifasuo.stations.selectors import station_choices_for_user

from . import selectors
from .models import EventKind

MONTHS = [("", _("未定")), *[(m, f"{m}月") for m in range(1, 13)]]


def _this_year() -> int:
    return timezone.localdate().year


class EventFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(
        label=_("形式"), required=False, choices=[("", _("全部形式")), *EventKind.choices]
    )
    q = forms.CharField(label=_("主题/地点/学校"), required=False, max_length=SEARCH_MAX)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(
            user, label=_("单位"), required=False, queryset=selectors.event_units(user)
        )


class EventForm(forms.Form):
    held_on = forms.DateField(label=_("活动日期"), widget=DateInput)
    kind = forms.ChoiceField(label=_("形式"), choices=EventKind.choices)
    theme = forms.CharField(label=_("主题"), max_length=100)
    place = forms.CharField(label=_("地点"), max_length=200)
    station = forms.ModelChoiceField(
        queryset=None,
        label=_("服务阵地"),
        required=False,
        help_text=_("在普法驿站等服务阵地开展的，请选择"),
    )
    school = forms.CharField(
        label=_("学校"), max_length=100, required=False, help_text=_("法治副校长进校园活动必填")
    )
    audience = forms.CharField(
        label=_("受众"), max_length=100, required=False, help_text=_("如：村民、中小学生、商户")
    )
    audience_count = forms.IntegerField(
        label=_("受众人数"), min_value=0, max_value=1000000, initial=0
    )
    speakers = forms.CharField(label=_("主讲人"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("活动简况"),
        max_length=NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    task = forms.ModelChoiceField(queryset=None, label=_("对应普法责任任务"), required=False)
    plan_item = forms.ModelChoiceField(queryset=None, label=_("对应年度计划事项"), required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(
            user, label=_("主办单位"), queryset=selectors.event_units(user)
        )
        self.order_fields(["unit"])
        self.fields["station"].queryset = station_choices_for_user(user=user)
        self.fields["task"].queryset = selectors.tasks_open_for_user(user=user).filter(
            done_on__isnull=True
        )
        self.fields["task"].label_from_instance = lambda t: (
            f"{t.duty_list.year} {t.duty_list.unit.name}：{t.title}"
        )
        self.fields["plan_item"].queryset = selectors.plan_items_open_for_user(user=user)
        self.fields["plan_item"].label_from_instance = lambda p: (
            f"{p.year} {p.unit.name}：{p.get_kind_display()}·{p.theme}"
        )


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("照片（JPG/PNG）或材料（PDF/Word）"))


class DutyListFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


class DutyListForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=_this_year)
    laws = forms.CharField(
        label=_("执法依据（法律法规）"),
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = visible_units(user).filter(kind=UnitKind.DEPARTMENT)
        self.fields["department"] = unit_field(user, label=_("责任科室"), queryset=queryset)
        self.order_fields(["department"])


class TaskForm(forms.Form):
    title = forms.CharField(label=_("普法任务"), max_length=200)
    planned_month = forms.TypedChoiceField(
        label=_("计划月份"), choices=MONTHS, coerce=int, empty_value=None, required=False
    )


class TaskDoneForm(forms.Form):
    done_on = forms.DateField(label=_("完成日期"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("完成情况"), max_length=NOTE_MAX)


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = visible_units(user).filter(
            kind__in=(UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE)
        )
        self.fields["unit"] = unit_field(user, label=_("单位"), required=False, queryset=queryset)


class PlanItemForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=_this_year)
    kind = forms.ChoiceField(label=_("形式"), choices=EventKind.choices)
    theme = forms.CharField(label=_("主题"), max_length=100)
    planned_month = forms.TypedChoiceField(
        label=_("计划月份"), choices=MONTHS, coerce=int, empty_value=None, required=False
    )
    planned_count = forms.IntegerField(label=_("计划场次"), min_value=1, max_value=999, initial=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = visible_units(user).filter(kind=UnitKind.OFFICE)
        self.fields["office"] = unit_field(user, label=_("司法所"), queryset=queryset)
        self.order_fields(["office"])


StatsFilterForm = PlanFilterForm
