"""Forms of 法律明白人与民主法治村: they parse input; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import OrgUnit
from sifasuo.core.statistics import statistics_units

from . import selectors, services
from .models import DemoLevel, ReportKind, Understander, UnderstanderRole


class OfficeFilterForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("单位"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.offices_for_user(user)


class YearForm(OfficeFilterForm):
    """The statistics' filter: a year and any office, county or city the user oversees."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = statistics_units(user)


class UnderstanderForm(forms.Form):
    village = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("村/社区"))
    name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(label=_("身份"), choices=UnderstanderRole.choices)
    model_household = forms.BooleanField(label=_("学法用法示范户"), required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    since = forms.DateField(label=_("确定日期"), required=False, widget=DateInput())
    is_active = forms.BooleanField(label=_("在册"), required=False, initial=True)

    def __init__(self, *args, office: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = selectors.villages_of(office)


class TrainingForm(forms.Form):
    held_on = forms.DateField(label=_("培训日期"), widget=DateInput())
    topic = forms.CharField(label=_("培训主题"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    speaker = forms.CharField(label=_("授课人"), max_length=100, required=False)
    attendees = forms.ModelMultipleChoiceField(
        queryset=Understander.objects.none(),
        label=_("参训法律明白人"),
        widget=forms.CheckboxSelectMultiple,
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, office: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = Understander.objects.filter(
            unit=office, is_active=True
        ).select_related("village")
        self.fields["attendees"].label_from_instance = lambda p: f"{p.village.name} {p.name}"


class ReportForm(forms.Form):
    reporter = forms.ModelChoiceField(queryset=Understander.objects.none(), label=_("报告人"))
    reported_on = forms.DateField(label=_("报告日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("类别"), choices=ReportKind.choices)
    summary = forms.CharField(
        label=_("情况简述"),
        max_length=text_limits.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parties = forms.CharField(label=_("涉及人员"), max_length=200, required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = selectors.understanders_for_user(user=user).filter(
            is_active=True
        )
        self.fields["reporter"].label_from_instance = lambda p: (
            f"{p.village.name} {p.name}（{p.get_role_display()}）"
        )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("答复"), max_length=text_limits.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class StandingForm(forms.Form):
    level = forms.ChoiceField(label=_("示范村级别"), choices=DemoLevel.choices)
    year = forms.IntegerField(label=_("命名年度"), min_value=1990, max_value=2100, required=False)


class RulesForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100)
    adopted_on = forms.DateField(label=_("村民会议通过日期"), widget=DateInput())
    review = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("合法性审查记录"), required=False
    )
    summary = forms.CharField(
        label=_("主要内容"),
        max_length=text_limits.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, office: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = services.review_choices(office)


class RevisionForm(forms.Form):
    revised_on = forms.DateField(label=_("修订通过日期"), widget=DateInput())
    summary = forms.CharField(label=_("修订内容"), max_length=500)
    review = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("合法性审查记录"), required=False
    )

    def __init__(self, *args, office: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = services.review_choices(office)


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("司法所"))
    file = forms.FileField(label=_("法律明白人名册（.xlsx）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offices = selectors.offices_for_user(user)
        self.fields["unit"].queryset = offices
        if user.unit_id and offices.filter(pk=user.unit_id).exists():
            self.fields["unit"].initial = user.unit_id
