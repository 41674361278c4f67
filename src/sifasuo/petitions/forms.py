"""信访 forms: parse input only; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import PartyKind

from .models import (
    Channel,
    Kind,
    Outcome,
    ReplyOpinion,
    ReviewResult,
    RiskGrade,
    Route,
    Source,
    Stage,
)
from .models import Satisfaction as SatisfactionChoice
from .risk import CHECKLIST


class _LeadFields(forms.Form):
    lead_user = forms.ModelChoiceField(label=_("包案领导账号"), queryset=None, required=False)
    lead_name = forms.CharField(label=_("包案领导姓名"), max_length=50, required=False)
    lead_post = forms.CharField(label=_("包案领导职务"), max_length=50, required=False)
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=None, required=False)

    def __init__(self, *args, leads=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if leads is not None:
            self.fields["lead_user"].queryset = leads
        if departments is not None:
            self.fields["department"].queryset = departments


class PetitionForm(_LeadFields):
    matter = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("信访事项类别"), choices=Kind.choices)
    request = forms.CharField(
        label=_("信访请求及事实理由"),
        max_length=text_limits.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    headcount = forms.IntegerField(label=_("信访人数"), min_value=1, max_value=999, initial=1)

    def __init__(self, *args, from_matter=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.from_matter = from_matter
        self.fields["contact_unclear"] = forms.BooleanField(
            label=_("信访人姓名（名称）、住址不清"),
            required=False,
            help_text=_(
                "信访人直接提出的，自收到之日起15日内书面告知，但信访人的姓名（名称）、"
                "住址不清的除外（信访工作条例第二十三条第二款）。"
            ),
        )
        if from_matter:
            return
        self.fields["channel"] = forms.ChoiceField(label=_("信访形式"), choices=Channel.choices)
        self.fields["received_on"] = forms.DateField(label=_("收到日期"), widget=DateInput())
        self.fields["p1_kind"] = forms.ChoiceField(label=_("信访人类型"), choices=PartyKind.choices)
        self.fields["p1_name"] = forms.CharField(label=_("信访人姓名/名称"), max_length=100)
        self.fields["p1_id_number"] = forms.CharField(
            label=_("身份证号"), max_length=30, required=False
        )
        self.fields["p1_credit_code"] = forms.CharField(
            label=_("统一社会信用代码"), max_length=30, required=False
        )
        self.fields["p1_phone"] = forms.CharField(
            label=_("联系电话"), max_length=30, required=False
        )
        self.fields["p1_address"] = forms.CharField(label=_("住址"), max_length=200, required=False)
        self.fields["source"] = forms.ChoiceField(
            label=_("来源"), choices=Source.choices, initial=Source.DIRECT
        )
        self.fields["forwarded_by"] = forms.CharField(
            label=_("转送、交办机关"),
            max_length=100,
            required=False,
            help_text=_("党委和政府信访部门或者本系统上级机关、单位，如：东港区信访局。"),
        )
        self.fields["forward_reference"] = forms.CharField(
            label=_("转送、交办文号"), max_length=100, required=False
        )
        self.fields["within_purview"] = forms.TypedChoiceField(
            label=_("转送、交办事项是否属于本所职权范围"),
            choices=(
                ("1", _("属于：自收到之日起15日内书面告知信访人（第二十三条第三款）")),
                ("0", _("不属于：自收到之日起5个工作日内提出异议（第二十三条第三款）")),
            ),
            coerce=lambda v: v == "1",
            initial="1",
            required=False,
            empty_value=True,
        )

    def petitioner(self) -> dict | None:
        if self.from_matter:
            return None
        data = self.cleaned_data
        return {
            "kind": data.get("p1_kind") or PartyKind.PERSON,
            "name": data.get("p1_name", ""),
            **{
                k: data.get(f"p1_{k}", "") for k in ("id_number", "credit_code", "phone", "address")
            },
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LeadForm(VersionForm, _LeadFields):
    pass


class NotifyForm(VersionForm):
    notified_on = forms.DateField(label=_("书面告知日期"), widget=DateInput())
    accepted = forms.TypedChoiceField(
        label=_("告知事项"),
        choices=(
            ("1", _("属于本机关职权范围：告知接收情况及处理途径和程序，予以受理")),
            ("0", _("不属于本机关职权范围：告知向有权处理的机关、单位提出")),
        ),
        coerce=lambda v: v == "1",
    )
    route = forms.ChoiceField(
        label=_("办理途径（申诉求决类，第三十一条）"),
        choices=[("", "---------"), *Route.choices],
        required=False,
        help_text=_(
            "只有第六项事项适用信访工作条例第三十四条：自受理之日起60日内办结；"
            "导入其他法定程序的，按该程序的期限办理。"
        ),
    )
    notice_text = forms.CharField(
        label=_("告知内容"),
        max_length=text_limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ObjectionForm(VersionForm):
    objected_on = forms.DateField(label=_("提出异议日期"), widget=DateInput())
    reasons = forms.CharField(
        label=_("异议理由（详细说明不属于本所职权范围的理由）"),
        max_length=text_limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ObjectionAnswerForm(VersionForm):
    answered_on = forms.DateField(label=_("转送、交办机关答复日期"), widget=DateInput())
    agreed = forms.TypedChoiceField(
        label=_("核实结果"),
        choices=(
            ("1", _("核实同意：交还相关材料，本件结案")),
            ("0", _("不同意：按属于本所职权范围办理")),
        ),
        coerce=lambda v: v == "1",
    )
    answer = forms.CharField(
        label=_("核实意见"),
        max_length=text_limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    returned_on = forms.DateField(
        label=_("交还材料日期（核实同意的）"), widget=DateInput(), required=False
    )
    materials_note = forms.CharField(
        label=_("交还材料情况"),
        max_length=text_limits.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtendForm(VersionForm):
    reason = forms.CharField(
        label=_("延期理由（告知信访人）"),
        max_length=text_limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReplyForm(VersionForm):
    replied_on = forms.DateField(label=_("答复日期"), widget=DateInput())
    opinion = forms.ChoiceField(label=_("处理意见（第三十二条）"), choices=ReplyOpinion.choices)
    text = forms.CharField(
        label=_("信访处理意见书：投诉请求、事实和理由、处理意见及其法律法规依据"),
        max_length=text_limits.DOCUMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    delivered_on = forms.DateField(
        label=_("信访人收到答复日期"), widget=DateInput(), required=False
    )


class RequestForm(VersionForm):
    requested_on = forms.DateField(label=_("收到请求日期"), widget=DateInput())
    body = forms.CharField(label=_("受理请求的机关"), max_length=100)


class ReviewDecisionForm(VersionForm):
    decided_on = forms.DateField(label=_("复查意见日期"), widget=DateInput())
    result = forms.ChoiceField(label=_("复查结果"), choices=ReviewResult.choices)
    text = forms.CharField(
        label=_("复查意见"),
        max_length=text_limits.DOCUMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    delivered_on = forms.DateField(
        label=_("信访人收到复查意见日期"), widget=DateInput(), required=False
    )


class HearingForm(VersionForm):
    held_from = forms.DateField(label=_("听证开始日期"), widget=DateInput())
    held_to = forms.DateField(label=_("听证结束日期"), widget=DateInput())


class RecheckDecisionForm(VersionForm):
    decided_on = forms.DateField(label=_("复核意见日期"), widget=DateInput())
    result = forms.ChoiceField(label=_("复核结果"), choices=ReviewResult.choices)
    text = forms.CharField(
        label=_("复核意见"),
        max_length=text_limits.DOCUMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CloseForm(VersionForm):
    closed_on = forms.DateField(label=_("结案日期"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("结果"), choices=Outcome.choices)
    satisfaction = forms.ChoiceField(label=_("信访人评价"), choices=SatisfactionChoice.choices)
    settled = forms.BooleanField(label=_("信访人息访息诉"), required=False)
    note = forms.CharField(
        label=_("结案说明"),
        max_length=text_limits.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MeetingForm(VersionForm):
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput())
    partners = forms.ModelMultipleChoiceField(label=_("参会协作单位"), queryset=None)
    attendees = forms.CharField(label=_("参会人员"), max_length=500)
    conclusions = forms.CharField(
        label=_("会议议定事项"),
        max_length=text_limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partners"].queryset = partners


class RiskForm(VersionForm):
    checklist = forms.MultipleChoiceField(
        label=_("风险排查"),
        choices=[(k, label) for k, label, _w in CHECKLIST],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    control_plan = forms.CharField(
        label=_("稳控化解措施"),
        max_length=text_limits.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ShareForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("协作单位"), queryset=None)

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].queryset = partners


class FilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("办理阶段"), choices=[("", _("全部")), *Stage.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *Kind.choices], required=False
    )
    risk_grade = forms.ChoiceField(
        label=_("风险等级"), choices=[("", _("全部")), *RiskGrade.choices], required=False
    )
    overdue = forms.BooleanField(label=_("仅看超期"), required=False)


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
