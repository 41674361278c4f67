"""Forms of 复议应诉; they only parse input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import OrgUnit, PartyKind, UnitKind, User
from sifasuo.core.roles import Role
from sifasuo.core.scoping import visible_units
from sifasuo.core.uploads import validate_upload_size

from .models import (
    ActKind,
    Appeal,
    CaseKind,
    CaseStatus,
    Compliance,
    HearingForm,
    HearingStatus,
    Outcome,
    OutcomeDocument,
    Procedure,
    TemplateKind,
)


class CaseFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", "全部")] + CaseKind.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", "全部")] + CaseStatus.choices, required=False
    )
    act_kind = forms.ChoiceField(
        label=_("行为类别"), choices=[("", "全部")] + ActKind.choices, required=False
    )
    due = forms.ChoiceField(
        label=_("期限"),
        # The values the dashboards' links use (`?unit=…&due=overdue|soon`).
        choices=[("", "全部"), ("overdue", "已超期"), ("soon", "即将到期")],
        required=False,
    )
    q = forms.CharField(label=_("搜索"), max_length=text_limits.SEARCH_MAX, required=False)


class CaseForm(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("案件类型"), choices=CaseKind.choices)
    procedure = forms.ChoiceField(
        label=_("程序"),
        choices=Procedure.choices,
        help_text=_("行政复议：普通程序/简易程序；行政诉讼：一审/二审"),
    )
    department = forms.ModelChoiceField(label=_("作出行为的科室"), queryset=OrgUnit.objects.none())
    respondent = forms.CharField(label=_("被申请人/被告"), max_length=100)
    contested_act = forms.CharField(label=_("被复议/被诉行为"), max_length=200)
    act_document = forms.CharField(label=_("行为文书及文号"), max_length=100, required=False)
    act_kind = forms.ChoiceField(label=_("行为类别"), choices=ActKind.choices)
    authority = forms.CharField(label=_("复议机关/人民法院"), max_length=100)
    external_number = forms.CharField(label=_("案号"), max_length=60, required=False)
    documents_received = forms.CharField(
        label=_("收到的文书"),
        max_length=300,
        help_text=_("如：行政复议申请书副本、提出答复通知书；起诉状副本、应诉通知书、举证通知书"),
    )
    served_on = forms.DateField(label=_("送达日期"), widget=DateInput())
    accepted_on = forms.DateField(
        label=_("复议机关受理日期"),
        required=False,
        widget=DateInput(),
        help_text=_("行政复议：复议决定期限自受理之日起算（行政复议法第六十二条）"),
    )
    handler = forms.ModelChoiceField(
        label=_("承办人"), queryset=User.objects.none(), required=False
    )
    a1_kind = forms.ChoiceField(label=_("申请人/原告类型"), choices=PartyKind.choices)
    a1_name = forms.CharField(label=_("申请人/原告姓名或名称"), max_length=100)
    a1_id_number = forms.CharField(label=_("身份证号"), max_length=30, required=False)
    a1_credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False)
    a1_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    a1_address = forms.CharField(label=_("住址"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = visible_units(user).filter(
            kind=UnitKind.DEPARTMENT, is_active=True, parent_id=user.unit_id
        )
        self.fields["handler"].queryset = User.objects.filter(
            unit_id=user.unit_id,
            is_active=True,
            role__in=[Role.OFFICE_HEAD, Role.JUDICIAL_ASSISTANT],
        )

    def applicant(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["a1_kind"],
            "name": data["a1_name"],
            **{
                k: data.get(f"a1_{k}", "") for k in ("id_number", "credit_code", "phone", "address")
            },
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AcceptedForm(VersionForm):
    accepted_on = forms.DateField(label=_("复议机关受理日期"), widget=DateInput())


class EvidenceForm(forms.Form):
    name = forms.CharField(label=_("证据名称"), max_length=200)
    source = forms.CharField(label=_("证据来源"), max_length=200)
    purpose = forms.CharField(label=_("证明目的"), max_length=500)
    pages = forms.IntegerField(label=_("页数"), min_value=1, max_value=9999, initial=1)


class ReplyTextForm(VersionForm):
    facts = forms.CharField(
        label=_("事实和理由"),
        max_length=text_limits.DOCUMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    legal_basis = forms.CharField(
        label=_("法律依据"),
        max_length=text_limits.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("作出行政行为所依据的法律、法规、规章及规范性文件，写明条款"),
    )


class ReplyUploadForm(forms.Form):
    file = forms.FileField(label=_("修改后的文书（.docx/.pdf）"), validators=[validate_upload_size])
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class FileForm(forms.Form):
    filed_on = forms.DateField(label=_("答复/答辩提交日期"), widget=DateInput())


class HearingEntryForm(forms.Form):
    held_on = forms.DateField(label=_("日期"), widget=DateInput())
    body = forms.CharField(label=_("人民法院/复议机关"), max_length=100)
    form = forms.ChoiceField(label=_("方式"), choices=HearingForm.choices)
    status = forms.ChoiceField(
        label=_("状态"),
        choices=HearingStatus.choices,
        initial=HearingStatus.HELD,
        help_text=_("收到开庭/听证通知时登记为“待开庭”，开庭后再登记出庭情况"),
    )
    appeared = forms.CharField(label=_("出庭/参加人员"), max_length=200, required=False)
    head_in_person = forms.BooleanField(label=_("行政机关负责人本人出庭"), required=False)
    head_name = forms.CharField(label=_("出庭负责人"), max_length=50, required=False)
    absence_reason = forms.CharField(label=_("负责人未出庭的理由"), max_length=500, required=False)
    entrusted = forms.CharField(label=_("受委托出庭的工作人员"), max_length=100, required=False)


class HearingRecordForm(forms.Form):
    cancelled = forms.BooleanField(label=_("开庭/听证已取消"), required=False)
    appeared = forms.CharField(label=_("出庭/参加人员"), max_length=200, required=False)
    head_in_person = forms.BooleanField(label=_("行政机关负责人本人出庭"), required=False)
    head_name = forms.CharField(label=_("出庭负责人"), max_length=50, required=False)
    absence_reason = forms.CharField(label=_("负责人未出庭的理由"), max_length=500, required=False)
    entrusted = forms.CharField(label=_("受委托出庭的工作人员"), max_length=100, required=False)


class OutcomeForm(VersionForm):
    outcome = forms.ChoiceField(label=_("结果"), choices=Outcome.choices)
    outcome_document = forms.ChoiceField(label=_("结案文书"), choices=OutcomeDocument.choices)
    outcome_on = forms.DateField(label=_("结案文书送达日期"), widget=DateInput())
    outcome_text = forms.CharField(
        label=_("结果摘要"),
        max_length=text_limits.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            from .models import OUTCOMES

            allowed = OUTCOMES[case.kind]
            self.fields["outcome"].choices = [(o.value, o.label) for o in allowed]
            documents = (
                [OutcomeDocument.DECISION, OutcomeDocument.MEDIATION, OutcomeDocument.OTHER]
                if case.is_reconsideration
                else [
                    OutcomeDocument.JUDGMENT,
                    OutcomeDocument.RULING,
                    OutcomeDocument.MEDIATION,
                    OutcomeDocument.OTHER,
                ]
            )
            self.fields["outcome_document"].choices = [(d.value, d.label) for d in documents]


class AppealForm(forms.Form):
    appeal = forms.ChoiceField(label=_("上诉情况"), choices=[c for c in Appeal.choices if c[0]])
    note = forms.CharField(label=_("说明（上诉人、理由）"), max_length=300, required=False)


class ComplianceForm(forms.Form):
    compliance = forms.ChoiceField(label=_("履行情况"), choices=Compliance.choices, required=False)
    note = forms.CharField(label=_("履行说明"), max_length=300, required=False)


class FollowUpForm(forms.Form):
    plan = forms.CharField(
        label=_("整改方案"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("整改期限"), widget=DateInput())
    done_on = forms.DateField(label=_("整改完成日期"), required=False, widget=DateInput())
    done_note = forms.CharField(label=_("整改情况"), max_length=1000, required=False)
    for_case_talk = forms.BooleanField(label=_("列入每月说案（待说案）"), required=False)
    case_talk_note = forms.CharField(label=_("说案要点"), max_length=1000, required=False)


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("文书"), choices=TemplateKind.choices)
    file = forms.FileField(label=_("模板（.docx）"), validators=[validate_upload_size])


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
