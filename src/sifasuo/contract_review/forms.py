"""Forms of the contract review: the batch upload and a reviewer's decision on a finding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import UnitKind
from sifasuo.core.scoping import visible_units
from sifasuo.core.text_limits import NOTE_MAX
from sifasuo.core.uploads import validate_upload_size

from .models import Finding, Rectification


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


class BatchForm(forms.Form):
    name = forms.CharField(label=_("批次名称"), max_length=120, initial=_("集体经济合同清理"))
    unit = forms.ModelChoiceField(label=_("所属司法所"), queryset=None)
    files = MultipleFileField(
        label=_("合同文件"),
        validators=[validate_upload_size],
        help_text=_("一个 .zip 压缩包，或多份 .docx .txt .pdf .jpg .png 合同、.xlsx 合同台账。"),
    )
    price_table = forms.FileField(
        label=_("参考价格表"),
        required=False,
        validators=[validate_upload_size],
        help_text=_("可选。.csv 或 .xlsx：乡镇、类型、每亩每年（厂房为每平方米每年）参考价格。"),
    )

    low_price_ratio = forms.DecimalField(
        label=_("价格明显偏低的比例"),
        required=False,
        min_value=0.05,
        max_value=1,
        decimal_places=2,
        help_text=_("低于参考价格的该比例即提示，默认 0.7。"),
    )
    max_prepaid_years = forms.DecimalField(
        label=_("一次性预收租金上限（年）"),
        required=False,
        min_value=1,
        max_value=50,
        decimal_places=1,
        help_text=_("超过即提示，默认 3 年。"),
    )

    def clean(self):
        data = super().clean()
        data["thresholds"] = {
            key: float(data.pop(key))
            for key in ("low_price_ratio", "max_prepaid_years")
            if data.get(key) is not None
        }
        for key in ("low_price_ratio", "max_prepaid_years"):
            data.pop(key, None)
        return data

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offices = visible_units(user).filter(kind=UnitKind.OFFICE).order_by("path")
        self.fields["unit"].queryset = offices
        if user.unit_id and offices.filter(pk=user.unit_id).exists():
            self.fields["unit"].initial = user.unit_id


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审查结论"),
        choices=[
            (Finding.Decision.CONFIRMED, _("确认问题")),
            (Finding.Decision.DISMISSED, _("排除")),
        ],
    )
    reason = forms.CharField(
        label=_("排除理由"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DateInput(forms.DateInput):
    input_type = "date"


class RectificationForm(forms.Form):
    """The rectification of a confirmed problem contract (整改措施, 期限, 收入, 完成)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    measure = forms.ChoiceField(label=_("整改措施"), choices=Rectification.Measure.choices)
    description = forms.CharField(
        label=_("整改情况说明"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：已与承包方签订补充协议，租金调整为每亩每年900元，补缴差额。"),
    )
    due_on = forms.DateField(
        label=_("整改期限"), required=False, widget=DateInput, help_text=_("由司法所确定，可不填。")
    )
    old_annual_income = forms.DecimalField(
        label=_("原合同年收入（元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("已按审查识别的年租金或单价×面积预填，可修改。"),
    )
    new_annual_income = forms.DecimalField(
        label=_("整改后年收入（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    done_on = forms.DateField(
        label=_("整改完成日期"),
        required=False,
        widget=DateInput,
        help_text=_("整改完成后填写；须先上传整改材料。"),
    )


class RecoveryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    amount = forms.DecimalField(
        label=_("回收金额（元）"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    received_on = forms.DateField(label=_("到账日期"), widget=DateInput)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class RecoveryRemoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    recovery = forms.IntegerField(widget=forms.HiddenInput)


class RectificationDocumentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(
        label=_("整改材料"),
        validators=[validate_upload_size],
        help_text=_(".docx 或 .pdf：补充协议、招标结果、解除通知、判决书等。"),
    )


class TotalsFilterForm(forms.Form):
    """Which unit and period the totals cover (by the day problems were confirmed)."""

    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    start = forms.DateField(label=_("确认日期自"), required=False, widget=DateInput)
    end = forms.DateField(label=_("至"), required=False, widget=DateInput)

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(this_year, this_year - 6, -1)
        self.fields["year"].choices = [("", _("全部年度")), *((y, f"{y}年") for y in years)]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return data

    def period(self) -> tuple[date | None, date | None]:
        """The dates chosen, else the whole year chosen, else no bound."""
        if not self.is_bound or not self.is_valid():
            return None, None
        start, end, year = (self.cleaned_data.get(k) for k in ("start", "end", "year"))
        if (start or end) or not year:
            return start, end
        return date(year, 1, 1), date(year, 12, 31)
