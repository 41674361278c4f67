"""Mediation forms: parse input only; services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import PartyKind

from .models import (
    CommitteeKind,
    ConfirmationOutcome,
    DisputeType,
    RiskGrade,
    ServiceMode,
    Stage,
    TerminationReason,
)
from .risk import CHECKLIST

SLOTS = (("a", _("申请人")), ("b", _("被申请人")))


class CaseForm(forms.Form):
    matter = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    dispute_type = forms.ChoiceField(label=_("纠纷类型"), choices=DisputeType.choices)
    summary = forms.CharField(
        max_length=text_limits.NARRATIVE_MAX,
        label=_("纠纷简要情况"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    amount = forms.DecimalField(
        label=_("涉及金额(元)"), min_value=0, required=False, max_digits=14, decimal_places=2
    )
    committee_kind = forms.ChoiceField(label=_("调解组织类型"), choices=CommitteeKind.choices)
    committee_name = forms.CharField(label=_("调解委员会"), max_length=100)
    mediators = forms.ModelMultipleChoiceField(label=_("调解员"), queryset=None)
    service_mode = forms.ChoiceField(label=_("服务方式"), choices=ServiceMode.choices)

    def __init__(self, *args, mediators=None, from_matter=False, respondents=2, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = mediators
        self.slot_counts = {"a": 2, "b": respondents}
        for prefix, label in SLOTS:
            if prefix == "a" and from_matter:
                continue
            count = self.slot_counts[prefix]
            for i in range(1, count + 1):
                required = i == 1
                name = f"{label}{i}"
                self.fields[f"{prefix}{i}_kind"] = forms.ChoiceField(
                    label=f"{name}类型", choices=PartyKind.choices, required=required
                )
                self.fields[f"{prefix}{i}_name"] = forms.CharField(
                    label=f"{name}姓名/名称", max_length=100, required=required
                )
                self.fields[f"{prefix}{i}_id_number"] = forms.CharField(
                    label=f"{name}身份证号", max_length=30, required=False
                )
                self.fields[f"{prefix}{i}_credit_code"] = forms.CharField(
                    label=f"{name}统一社会信用代码", max_length=30, required=False
                )
                self.fields[f"{prefix}{i}_phone"] = forms.CharField(
                    label=f"{name}联系电话", max_length=30, required=False
                )
                self.fields[f"{prefix}{i}_ethnicity"] = forms.CharField(
                    label=f"{name}民族", max_length=20, required=False
                )
                self.fields[f"{prefix}{i}_address"] = forms.CharField(
                    label=f"{name}住址", max_length=200, required=False
                )

    def side(self, prefix: str) -> list[dict]:
        data = self.cleaned_data
        result = []
        for i in range(1, self.slot_counts[prefix] + 1):
            if not data.get(f"{prefix}{i}_name"):
                continue
            result.append(
                {
                    "kind": data.get(f"{prefix}{i}_kind") or PartyKind.PERSON,
                    "name": data[f"{prefix}{i}_name"],
                    **{
                        k: data.get(f"{prefix}{i}_{k}", "")
                        for k in ("id_number", "credit_code", "phone", "address", "ethnicity")
                    },
                }
            )
        return result


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SessionForm(VersionForm):
    held_on = forms.DateField(label=_("调解日期"), widget=DateInput())
    place = forms.CharField(label=_("调解地点"), max_length=200)
    attendees = forms.CharField(label=_("参加人员"), max_length=500)
    record = forms.CharField(
        max_length=text_limits.DOCUMENT_MAX,
        label=_("调解笔录"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AgreementForm(VersionForm):
    agreed_on = forms.DateField(label=_("协议日期"), widget=DateInput())
    terms = forms.CharField(
        max_length=text_limits.DOCUMENT_MAX,
        label=_("协议内容（每行一条）"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    oral = forms.BooleanField(label=_("口头协议"), required=False)


class WrittenAgreementForm(VersionForm):
    """制作书面协议书 from an oral agreement (人民调解法 第二十八条)."""

    written_on = forms.DateField(label=_("制作日期"), widget=DateInput())
    terms = forms.CharField(
        max_length=text_limits.DOCUMENT_MAX,
        label=_("协议内容（每行一条）"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ConfirmationForm(VersionForm):
    outcome = forms.ChoiceField(label=_("司法确认"), choices=ConfirmationOutcome.choices[1:])
    court = forms.CharField(label=_("人民法院"), max_length=100, required=False)


class FollowUpForm(VersionForm):
    visited_on = forms.DateField(label=_("回访日期"), widget=DateInput())
    fulfilled = forms.BooleanField(label=_("协议已履行"), required=False)
    note = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("回访情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TerminateForm(VersionForm):
    reason = forms.ChoiceField(
        label=_("终止原因"),
        choices=[c for c in TerminationReason.choices if c[0] != TerminationReason.PARTY_REFUSED],
    )
    text = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("终止说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notified_on = forms.DateField(
        label=_("告知救济途径日期"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "人民调解法第二十六条：调解不成的，应当终止调解，并告知当事人可以依法通过仲裁、行政、"
            "司法等途径维护自己的权利。不填为今日；终止后可打印《终止人民调解告知书》。"
        ),
    )


class EthnicityForm(VersionForm):
    party_id = forms.TypedChoiceField(label=_("当事人"), coerce=int, choices=())
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False)

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_id"].choices = [(p.pk, p.name) for p in parties]


class RefusalForm(VersionForm):
    """人民调解法 第十七条: 当事人一方明确拒绝调解的，不得调解."""

    party_id = forms.TypedChoiceField(label=_("拒绝调解的当事人"), coerce=int, choices=())
    refused_on = forms.DateField(label=_("拒绝日期"), widget=DateInput())
    statement = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("当事人的表示"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("人民调解法第十七条：当事人一方明确拒绝调解的，不得调解。登记后本案即终止。"),
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_id"].choices = [(p.pk, p.name) for p in parties]


class RiskForm(VersionForm):
    checklist = forms.MultipleChoiceField(
        label=_("风险排查"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(key, label) for key, label, _w in CHECKLIST],
    )


class PlanForm(VersionForm):
    plan = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("稳控跟进计划"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due = forms.DateField(
        label=_("下次跟进日期"),
        widget=DateInput(),
        required=False,
        help_text=_("不填则按风险等级的跟进周期计算（红色每月、黄色每季度）。"),
    )


class ShareForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("协作单位"), queryset=None)

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class CaseFilterForm(forms.Form):
    search = forms.CharField(
        label=_("当事人或案号"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、完整身份证号或手机号、案号")}),
    )
    stage = forms.ChoiceField(label=_("阶段"), required=False, choices=[("", _("全部"))])
    dispute_type = forms.ChoiceField(
        label=_("纠纷类型"), required=False, choices=[("", _("全部")), *DisputeType.choices]
    )

    risk_grade = forms.ChoiceField(
        label=_("风险等级"), required=False, choices=[("", _("全部")), *RiskGrade.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("全部")), *Stage.choices]
