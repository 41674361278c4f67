"""Forms of legality review; they only parse input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.scoping import visible_units
from sifasuo.core.uploads import validate_upload_size

from .models import (
    AgendaItem,
    Conclusion,
    LawArticle,
    MeetingKind,
    OpinionPoint,
    ReviewKind,
    ReviewStatus,
    Urgency,
)


class ReviewSubmitForm(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    department = forms.ModelChoiceField(label=_("报送科室"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("审查事项"), max_length=200)
    kind = forms.ChoiceField(label=_("类别"), choices=ReviewKind.choices)
    drafting_unit = forms.CharField(label=_("起草单位"), max_length=100)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices)
    requested_on = forms.DateField(label=_("要求完成日期"), required=False, widget=DateInput())
    file = forms.FileField(
        label=_("审查材料（.docx/.pdf）"), required=False, validators=[validate_upload_size]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = visible_units(user).filter(
            kind=UnitKind.DEPARTMENT, is_active=True
        )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("新版本（.docx/.pdf）"), required=False, validators=[validate_upload_size]
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ReturnForm(forms.Form):
    missing = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("需补正的材料"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignOffReturnForm(forms.Form):
    reason = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("退回修改意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignOffPolicyForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("须所长签发的审查类别"),
        choices=ReviewKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选的类别由司法助理员拟稿后报所长签发；未勾选的类别由审查人直接出具。"),
    )


class AdvisorForm(forms.Form):
    text = forms.CharField(
        max_length=text_limits.DOCUMENT_MAX,
        label=_("法律意见"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewForm(forms.Form):
    assistant_opinion = forms.CharField(
        max_length=text_limits.DOCUMENT_MAX,
        label=_("审查意见（主体、权限、程序、内容）"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    expert_consultation = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("专家论证情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


POINT_ROWS = 5


class OpinionForm(forms.Form):
    """The conclusion plus up to five points, each with a basis from the law list."""

    conclusion = forms.ChoiceField(label=_("审查结论"), choices=Conclusion.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        laws = LawArticle.objects.filter(is_active=True)
        for index in range(1, POINT_ROWS + 1):
            self.fields[f"point_{index}"] = forms.CharField(
                max_length=text_limits.NARRATIVE_MAX,
                label=_("意见 %d") % index,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"basis_{index}"] = forms.ModelChoiceField(
                label=_("依据 %d") % index, queryset=laws, required=False
            )

    def points(self):
        rows = []
        for index in range(1, POINT_ROWS + 1):
            text = self.cleaned_data.get(f"point_{index}", "")
            basis = self.cleaned_data.get(f"basis_{index}")
            if text.strip() or basis is not None:
                rows.append((text, basis))
        return rows


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("反馈"),
        choices=[
            (OpinionPoint.Answer.DONE, _("已修改")),
            (OpinionPoint.Answer.EXPLAINED, _("未修改并说明理由")),
        ],
    )
    text = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("修改情况或理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("排除理由"), max_length=300, required=False)


class ReviewFilterForm(forms.Form):
    q = forms.CharField(max_length=text_limits.SEARCH_MAX, label=_("关键词"), required=False)
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *ReviewKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *ReviewStatus.choices], required=False
    )


class MeetingForm(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput())
    topics = forms.CharField(
        max_length=text_limits.NARRATIVE_MAX,
        label=_("议题（每行一个）"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AgendaOpinionForm(forms.Form):
    opinion = forms.CharField(
        max_length=text_limits.DOCUMENT_MAX,
        label=_("法律意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    vetoed = forms.BooleanField(label=_("否决"), required=False)
    veto_reasons = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("否决理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    adoption = forms.ChoiceField(label=_("采纳情况"), choices=AgendaItem.Adoption.choices)


class LawArticleForm(forms.Form):
    law = forms.CharField(label=_("法律法规"), max_length=100)
    article = forms.CharField(label=_("条款"), max_length=50)
    summary = forms.CharField(label=_("要点"), max_length=300, required=False)
    is_active = forms.BooleanField(label=_("在用"), required=False, initial=True)
