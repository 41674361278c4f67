"""Legal-aid forms: parse input only; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import Gender

from .models import (
    GROUP_FIELDS,
    Art31Item,
    Art32Item,
    Decision,
    ExemptionItem,
    ForwardMeans,
    MatterKind,
    MeansBasis,
    ObjectionResult,
    Outcome,
    PriorAidItem,
    Satisfaction,
    Status,
)


def _text(label, limit=text_limits.NOTE_MAX, required=True, rows=3):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _blank(choices):
    return [("", "---------"), *choices]


class ApplicationForm(forms.Form):
    matter = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    applicant_name = forms.CharField(label=_("申请人姓名"), max_length=100)
    applicant_gender = forms.ChoiceField(
        label=_("性别"), choices=_blank(Gender.choices), required=False
    )
    applicant_id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    applicant_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    applicant_address = forms.CharField(label=_("住址"), max_length=200, required=False)
    received_on = forms.DateField(label=_("受理日期"), widget=DateInput())
    matter_kind = forms.ChoiceField(label=_("事项类别"), choices=MatterKind.choices)
    art31_item = forms.ChoiceField(
        label=_("申请事项（法律援助法第三十一条）"),
        choices=_blank(Art31Item.choices),
        required=False,
        help_text=_("民事、行政、国家赔偿事项必选；刑事案件留空。"),
    )
    summary = _text(_("案情及申请事项"), text_limits.NARRATIVE_MAX, rows=4)
    opponent = forms.CharField(label=_("对方当事人"), max_length=200, required=False)
    groups = forms.MultipleChoiceField(
        label=_("人群类别（可多选）"),
        choices=GROUP_FIELDS,
        widget=forms.CheckboxSelectMultiple,
    )
    means_basis = forms.ChoiceField(
        label=_("经济状况"), choices=MeansBasis.choices, widget=forms.RadioSelect
    )
    exemption_item = forms.ChoiceField(
        label=_("免予核查情形（第四十二条）"),
        choices=_blank(ExemptionItem.choices),
        required=False,
    )
    exemption_proof = forms.CharField(
        label=_("证明材料"),
        max_length=200,
        required=False,
        help_text=_("如低保证、特困供养证、残疾证、优抚证编号或劳动报酬凭证。"),
    )
    art32_item = forms.ChoiceField(
        label=_("不受经济困难条件限制的情形（第三十二条）"),
        choices=_blank(Art32Item.choices),
        required=False,
    )
    household_size = forms.IntegerField(
        label=_("家庭人口"), min_value=1, max_value=30, required=False
    )
    household_income = forms.DecimalField(
        label=_("家庭月收入(元)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    income_source = forms.CharField(label=_("主要收入来源"), max_length=200, required=False)
    declaration = _text(_("经济困难状况说明（第四十一条）"), required=False)
    pledge_signed = forms.BooleanField(label=_("申请人已签署个人诚信承诺"), required=False)

    def __init__(self, *args, from_matter=False, **kwargs):
        super().__init__(*args, **kwargs)
        if from_matter:
            for name in list(self.fields):
                if name.startswith("applicant_"):
                    del self.fields[name]

    def applicant(self) -> dict | None:
        data = self.cleaned_data
        if "applicant_name" not in data:
            return None
        return {
            "name": data["applicant_name"],
            "gender": data.get("applicant_gender") or "",
            "id_number": data.get("applicant_id_number") or "",
            "phone": data.get("applicant_phone") or "",
            "address": data.get("applicant_address") or "",
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ForwardForm(VersionForm):
    forwarded_on = forms.DateField(label=_("转交日期"), widget=DateInput())
    means = forms.ChoiceField(label=_("转交方式"), choices=ForwardMeans.choices)
    receipt = forms.CharField(
        label=_("转交回执"),
        max_length=200,
        required=False,
        help_text=_("签收人、回执号或平台推送编号。"),
    )


class ReceiveForm(VersionForm):
    received_on = forms.DateField(label=_("中心收到申请日期"), widget=DateInput())


class DecideForm(VersionForm):
    decision = forms.ChoiceField(
        label=_("审查决定"), choices=Decision.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput())
    reason = _text(_("理由（不予法律援助的必填）"), required=False)


class MaterialsForm(VersionForm):
    notified_on = forms.DateField(label=_("告知日期"), widget=DateInput())
    materials = _text(_("需要补充的材料或者需要作出的说明"))


class SuppliedForm(VersionForm):
    supplied_on = forms.DateField(label=_("补充材料日期"), widget=DateInput())


class WithdrawnForm(VersionForm):
    on = forms.DateField(label=_("日期"), widget=DateInput())
    note = _text(_("说明"), required=False)


class PriorAidForm(VersionForm):
    item = forms.ChoiceField(label=_("先行提供情形（第四十四条）"), choices=PriorAidItem.choices)
    given_on = forms.DateField(label=_("先行提供日期"), widget=DateInput())
    lawyer = forms.CharField(label=_("法律援助人员"), max_length=100, required=False)


class AssignForm(VersionForm):
    assigned_on = forms.DateField(label=_("指派日期"), widget=DateInput())
    lawyer = forms.CharField(label=_("法律援助人员"), max_length=100)
    law_firm = forms.CharField(label=_("律师事务所/法律服务所"), max_length=100, required=False)


class CloseForm(VersionForm):
    outcome = forms.ChoiceField(label=_("结案方式"), choices=Outcome.choices)
    closed_on = forms.DateField(label=_("结案日期"), widget=DateInput())
    note = _text(_("办理结果"), required=False)


class VisitForm(VersionForm):
    visited_on = forms.DateField(label=_("回访日期"), widget=DateInput())
    satisfaction = forms.ChoiceField(
        label=_("回访结果"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = _text(_("回访情况"), required=False)


class ObjectionForm(VersionForm):
    received_on = forms.DateField(label=_("司法行政部门收到异议日期"), widget=DateInput())
    content = _text(_("异议理由"))


class ObjectionDecideForm(forms.Form):
    result = forms.ChoiceField(
        label=_("审查结果"),
        choices=[c for c in ObjectionResult.choices if c[0]],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("审查决定日期"), widget=DateInput())
    note = _text(_("审查意见"), required=False)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Status.choices]
    )
    due = forms.ChoiceField(
        label=_("期限"),
        required=False,
        # The values the dashboards' links use (`?unit=…&due=overdue|soon`).
        choices=[("", _("全部")), ("overdue", _("已超期")), ("soon", _("即将到期"))],
    )
    q = forms.CharField(label=_("申请人/编号"), required=False, max_length=text_limits.SEARCH_MAX)
