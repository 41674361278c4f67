"""Forms of contract management; they only parse input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import OrgUnit, PartyKind, UnitKind
from sifasuo.core.scoping import visible_units
from sifasuo.core.uploads import validate_upload_size

from .models import ContractStatus, ContractType


class ContractForm(forms.Form):
    department = forms.ModelChoiceField(label=_("承办科室"), queryset=OrgUnit.objects.none())
    payment_department = forms.ModelChoiceField(
        label=_("付款管理科室（财政/工程）"), queryset=OrgUnit.objects.none(), required=False
    )
    number = forms.CharField(label=_("合同编号"), max_length=60)
    title = forms.CharField(label=_("合同名称"), max_length=200)
    contract_type = forms.ChoiceField(label=_("合同类型"), choices=ContractType.choices)
    subject = forms.CharField(label=_("合同标的"), max_length=300, required=False)
    amount = forms.DecimalField(
        label=_("合同金额（元）"), max_digits=14, decimal_places=2, min_value=0
    )
    starts_on = forms.DateField(label=_("履行起始日"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("履行届满日"), required=False, widget=DateInput())
    party_kind = forms.ChoiceField(label=_("相对方类型"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("相对方名称/姓名"), max_length=100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        departments = visible_units(user).filter(kind=UnitKind.DEPARTMENT, is_active=True)
        self.fields["department"].queryset = departments
        # The paying office may be a sibling department the clerk cannot otherwise see.
        office_ids = {u.parent_id for u in departments} | ({user.unit_id} if user.unit else set())
        self.fields["payment_department"].queryset = OrgUnit.objects.filter(
            kind=UnitKind.DEPARTMENT,
            parent_id__in=office_ids,
            department_type__in=["finance", "engineering"],
        )


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        max_length=text_limits.DOCUMENT_MAX,
        label=_("审查意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    passed = forms.TypedChoiceField(
        label=_("结论"),
        choices=[("1", _("同意签订")), ("0", _("修改后重新报审"))],
        coerce=lambda v: v == "1",
    )


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("签订日期"), widget=DateInput())


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("履行结果"),
        choices=[("completed", _("履行完毕")), ("terminated", _("解除/终止"))],
    )
    reason = forms.CharField(label=_("说明（解除/终止须填写原因）"), max_length=200, required=False)


class InstalmentForm(forms.Form):
    due_on = forms.DateField(label=_("应付日期"), widget=DateInput())
    amount = forms.DecimalField(label=_("应付金额"), max_digits=14, decimal_places=2)
    condition = forms.CharField(label=_("付款条件"), max_length=200, required=False)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("支付日期"), widget=DateInput())
    amount = forms.DecimalField(label=_("支付金额"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class LedgerFilterForm(forms.Form):
    q = forms.CharField(
        max_length=text_limits.SEARCH_MAX, label=_("相对方/名称/编号"), required=False
    )
    contract_type = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部")), *ContractType.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *ContractStatus.choices], required=False
    )
    amount_min = forms.DecimalField(label=_("金额下限"), required=False)
    amount_max = forms.DecimalField(label=_("金额上限"), required=False)
    signed_from = forms.DateField(label=_("签订自"), required=False, widget=DateInput())
    signed_to = forms.DateField(label=_("签订至"), required=False, widget=DateInput())
    alert = forms.ChoiceField(
        label=_("预警"),
        choices=[("", _("全部")), ("payment", _("临近付款")), ("expiry", _("临近到期"))],
        required=False,
    )


class ImportForm(forms.Form):
    department = forms.ModelChoiceField(label=_("承办科室"), queryset=OrgUnit.objects.none())
    file = forms.FileField(label=_("合同台账（.xlsx）"), validators=[validate_upload_size])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = visible_units(user).filter(
            kind=UnitKind.DEPARTMENT, is_active=True
        )
