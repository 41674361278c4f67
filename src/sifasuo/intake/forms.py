"""Intake forms: they only parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import PartyKind
from sifasuo.core.roles import Role

from .models import Channel, MatterType, ReasonType

REQUESTER_SLOTS = 2


class RegisterForm(forms.Form):
    channel = forms.ChoiceField(label=_("来源渠道"), choices=Channel.choices)
    matter_type = forms.ChoiceField(label=_("事项类型"), choices=MatterType.choices)
    narrative = forms.CharField(
        max_length=text_limits.NARRATIVE_MAX,
        label=_("事项简述"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    counterpart_names = forms.CharField(label=_("对方当事人"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("标的额(元)"),
        required=False,
        min_value=0,
        max_value=1_000_000_000,
        max_digits=14,
        decimal_places=2,
        help_text=_("争议涉及的金额，没有可不填"),
        error_messages={
            "invalid": _("标的额须为数字（元）。"),
            "min_value": _("标的额不能为负数。"),
            "max_value": _("标的额不能超过10亿元，请核对。"),
            "max_digits": _("标的额不能超过10亿元，请核对。"),
            "max_decimal_places": _("标的额最多保留两位小数（分）。"),
            "max_whole_digits": _("标的额不能超过10亿元，请核对。"),
        },
    )
    received_on = forms.DateField(
        label=_("收到日期"),
        required=False,
        widget=DateInput,
        help_text=_("热线转办、部门转来的事项填实际收到之日，法定期限从这天起算；默认今天"),
    )
    contact_unclear = forms.BooleanField(
        label=_("信访人姓名（名称）、住址不清"),
        required=False,
        help_text=_(
            "仅信访事项：信访人的姓名（名称）、住址不清的，不计15日书面告知期限"
            "（信访工作条例第二十三条第二款）"
        ),
    )
    link_to = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    confirm_new = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, REQUESTER_SLOTS + 1):
            required = i == 1
            self.fields[f"r{i}_kind"] = forms.ChoiceField(
                label=_("申请人%(n)s类型") % {"n": i},
                choices=PartyKind.choices,
                required=required,
            )
            self.fields[f"r{i}_name"] = forms.CharField(
                label=_("申请人%(n)s姓名/名称") % {"n": i}, max_length=100, required=required
            )
            self.fields[f"r{i}_id_number"] = forms.CharField(
                label=_("申请人%(n)s身份证号") % {"n": i}, max_length=30, required=False
            )
            self.fields[f"r{i}_credit_code"] = forms.CharField(
                label=_("申请人%(n)s统一社会信用代码") % {"n": i},
                max_length=30,
                required=False,
            )
            self.fields[f"r{i}_phone"] = forms.CharField(
                label=_("申请人%(n)s联系电话") % {"n": i}, max_length=30, required=required
            )
            self.fields[f"r{i}_address"] = forms.CharField(
                label=_("申请人%(n)s住址") % {"n": i}, max_length=200, required=False
            )

    def requesters(self) -> list[dict]:
        data = self.cleaned_data
        result = []
        for i in range(1, REQUESTER_SLOTS + 1):
            if not data.get(f"r{i}_name"):
                continue
            result.append(
                {
                    "kind": data.get(f"r{i}_kind") or PartyKind.PERSON,
                    "name": data[f"r{i}_name"],
                    "id_number": data.get(f"r{i}_id_number", ""),
                    "credit_code": data.get(f"r{i}_credit_code", ""),
                    "phone": data.get(f"r{i}_phone", ""),
                    "address": data.get(f"r{i}_address", ""),
                }
            )
        return result

    def requester_keys(self) -> list[str]:
        return [r["id_number"] or r["credit_code"] or r["name"] for r in self.requesters()]


def requester_field_map(exc_dict: dict, slot: int = 1) -> dict:
    """Map a party service's field errors ("id_number") to the form's slot fields."""
    return {f"r{slot}_{k}": v for k, v in exc_dict.items()}


class QueueSearchForm(forms.Form):
    search = forms.CharField(
        label=_("申请人姓名或完整证件号、电话、查询码"),
        max_length=text_limits.SEARCH_MAX,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如 王建国 或 11位手机号")}),
    )


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class CloseForm(forms.Form):
    result = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("办理结果"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RefuseForm(forms.Form):
    reason_type = forms.ChoiceField(label=_("原因类型"), choices=ReasonType.choices)
    reason_text = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("原因说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TransferForm(RefuseForm):
    to_unit = forms.ModelChoiceField(label=_("转往单位"), queryset=None)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units


class TransferRefuseForm(forms.Form):
    reason_text = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("退回原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublicStatusForm(forms.Form):
    tracking_code = forms.CharField(label=_("查询码"), max_length=20)
    phone = forms.CharField(label=_("登记的联系电话"), max_length=30)


class RoutingRuleForm(forms.Form):
    county = forms.ModelChoiceField(label=_("区县司法局"), queryset=None)
    matter_type = forms.ChoiceField(label=_("事项类型"), choices=MatterType.choices)
    township = forms.ModelChoiceField(
        label=_("来源司法所"), queryset=None, required=False, empty_label=_("全部司法所")
    )
    target = forms.ModelChoiceField(label=_("承办单位"), queryset=None)
    handler_role = forms.ChoiceField(
        label=_("承办角色"), required=False, choices=[("", _("不指定")), *Role.choices]
    )

    def __init__(self, *args, counties=None, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["township"].queryset = offices
        self.fields["target"].queryset = offices
