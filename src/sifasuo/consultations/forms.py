"""Forms of 网上法律咨询: they parse input; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import OrgUnit, User
from sifasuo.portal.abuse import CaptchaFormMixin

from .models import Consultant, Specialty


class TimeInput(forms.TimeInput):
    input_type = "time"


class ConsultantForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("账号"))
    public_name = forms.CharField(label=_("公开姓名"), max_length=50)
    organization = forms.CharField(label=_("执业机构/工作单位"), max_length=100)
    specialties = forms.MultipleChoiceField(
        label=_("擅长领域"), choices=Specialty.choices, widget=forms.CheckboxSelectMultiple
    )
    license_no = forms.CharField(label=_("执业证号（选填）"), max_length=30, required=False)
    introduction = forms.CharField(
        label=_("简介（公开）"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    listed = forms.BooleanField(label=_("在律师名录中公开"), required=False, initial=True)
    is_active = forms.BooleanField(label=_("接受咨询"), required=False, initial=True)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class DutySlotForm(forms.Form):
    consultant = forms.ModelChoiceField(queryset=Consultant.objects.none(), label=_("律师"))
    day = forms.DateField(label=_("日期"), widget=DateInput())
    starts = forms.TimeField(label=_("开始时间"), widget=TimeInput(format="%H:%M"))
    ends = forms.TimeField(label=_("结束时间"), widget=TimeInput(format="%H:%M"))

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants


class WeekForm(forms.Form):
    start = forms.DateField(label=_("自"), required=False, widget=DateInput())


class TargetsForm(forms.Form):
    """One box per specialty: the office's response target in working minutes."""

    office = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("司法所"))

    def __init__(self, *args, offices, current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        for value, label in Specialty.choices:
            self.fields[f"t_{value}"] = forms.IntegerField(
                label=label, min_value=1, max_value=10000, initial=current.get(value)
            )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("解答"),
        max_length=text_limits.DOCUMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class FaqForm(forms.Form):
    specialty = forms.ChoiceField(label=_("咨询类别"), choices=Specialty.choices)
    question = forms.CharField(
        label=_("问题（已隐去个人信息）"),
        max_length=text_limits.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    answer = forms.CharField(
        label=_("解答（已隐去个人信息）"),
        max_length=text_limits.DOCUMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    office = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("司法所"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


# -- public ------------------------------------------------------------------------------------


class TownshipChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.township_name or obj.name


class AskForm(CaptchaFormMixin):
    township = TownshipChoice(
        queryset=OrgUnit.objects.none(), label=_("所在乡镇（街道）"), empty_label="请选择"
    )
    specialty = forms.ChoiceField(label=_("咨询类别"), choices=[("", "请选择"), *Specialty.choices])
    text = forms.CharField(
        label=_("咨询内容"),
        max_length=text_limits.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请说明事情经过和想了解的问题；不必填写身份证号、住址等信息。"),
    )
    asker_name = forms.CharField(label=_("称呼（选填）"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("联系电话"), max_length=30, help_text=_("查看解答时需要输入此电话。")
    )
    consent = forms.BooleanField(
        label=_("我已阅读上述个人信息处理说明，同意按说明处理我填写的信息"),
        error_messages={"required": _("请阅读并同意个人信息处理说明后再提交。")},
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = offices


class LookupForm(CaptchaFormMixin):
    tracking_code = forms.CharField(label=_("查询码"), max_length=20)
    phone = forms.CharField(label=_("联系电话"), max_length=30)


class RateForm(CaptchaFormMixin):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[(n, f"{n}分") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    rating_comment = forms.CharField(
        label=_("评价意见（选填）"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DirectoryForm(forms.Form):
    county = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("区县"), required=False, empty_label="全部"
    )
    specialty = forms.ChoiceField(
        label=_("擅长领域"), choices=[("", "全部"), *Specialty.choices], required=False
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
