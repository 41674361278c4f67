"""Forms of the contract review: the batch upload and a reviewer's decision on a finding."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import UnitKind
from sifasuo.core.scoping import visible_units
from sifasuo.core.uploads import validate_upload_size

from .models import Finding


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
