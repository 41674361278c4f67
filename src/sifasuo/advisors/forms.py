"""Forms of 一村（居）一法律顾问: they parse input; the services decide what is valid."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import OrgUnit
from sifasuo.core.statistics import statistics_units
from sifasuo.intake.models import MatterType

from . import selectors, services
from .models import AttachmentKind, EndReason, Grade, LogKind


class OfficeFilterForm(forms.Form):
    """The office a page is about, and the year or month."""

    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("司法所"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.offices_for_user(user)


class YearForm(OfficeFilterForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


class StatisticsForm(YearForm):
    """A year and any office, county or city the user oversees."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = statistics_units(user)


class MonthForm(OfficeFilterForm):
    month = forms.CharField(
        label=_("月份"),
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("如 2026-03"),
    )

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        try:
            year, month = (int(p) for p in text.split("-"))
            return dt.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("月份的写法应为 2026-03。")) from None


class AppointmentForm(forms.Form):
    village = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("村/社区"))
    lawyer_name = forms.CharField(label=_("法律顾问姓名"), max_length=50)
    firm = forms.CharField(label=_("所在律师事务所"), max_length=100)
    license_no = forms.CharField(label=_("执业证号"), max_length=30)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    account = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("平台账号"), required=False
    )
    starts_on = forms.DateField(label=_("聘期起始日"), widget=DateInput())
    ends_on = forms.DateField(label=_("聘期届满日"), widget=DateInput())
    fee = forms.DecimalField(
        label=_("服务费（元/年）"), min_value=0, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, office: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = selectors.villages_of(office)
        self.fields["account"].queryset = services.account_choices(office)


class EndEarlyForm(forms.Form):
    """提前终止: the last day served, why, and a note."""

    ended_on = forms.DateField(
        label=_("终止日期"),
        widget=DateInput(),
        help_text=_("顾问最后服务的一天；次日起该村计为未配备。"),
    )
    reason = forms.ChoiceField(label=_("终止原因"), choices=EndReason.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class LogForm(forms.Form):
    appointment = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("村/社区及法律顾问")
    )
    served_on = forms.DateField(label=_("服务日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("服务类型"), choices=LogKind.choices)
    people_served = forms.IntegerField(label=_("服务人数"), min_value=0, max_value=100000)
    consulter_name = forms.CharField(label=_("咨询人"), max_length=50, required=False)
    content = forms.CharField(
        label=_("服务内容"),
        max_length=text_limits.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("可先登记、稍后补写；未填写的日志在月度检查中列为缺漏。"),
    )
    request = forms.CharField(
        label=_("村（居）委会提出的请求"),
        max_length=text_limits.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("出具法律意见时填写，意见书与请求一并归档。"),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        appointments = selectors.appointments_for_user(user=user, current=False)
        if user.role == "legal_advisor":
            appointments = appointments.filter(account=user)
        self.fields["appointment"].queryset = appointments.order_by("village__name", "-starts_on")
        self.fields["appointment"].label_from_instance = lambda a: (
            f"{a.village.name} · {a.lawyer_name}（{a.starts_on:%Y-%m-%d}至{a.serves_until:%Y-%m-%d}）"
        )


class LogEditForm(forms.Form):
    served_on = forms.DateField(label=_("服务日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("服务类型"), choices=LogKind.choices)
    people_served = forms.IntegerField(label=_("服务人数"), min_value=0, max_value=100000)
    consulter_name = forms.CharField(label=_("咨询人"), max_length=50, required=False)
    content = forms.CharField(
        label=_("服务内容"),
        max_length=text_limits.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    request = forms.CharField(
        label=_("村（居）委会提出的请求"),
        max_length=text_limits.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("附件类别"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("文件（照片 JPG/PNG，或 PDF/Word）"))


class ReportForm(forms.Form):
    matter_type = forms.ChoiceField(
        label=_("事项类型"),
        choices=[
            (MatterType.DISPUTE, MatterType.DISPUTE.label),
            (MatterType.CONSULTATION, MatterType.CONSULTATION.label),
            (MatterType.LEGAL_AID, MatterType.LEGAL_AID.label),
            (MatterType.OTHER, MatterType.OTHER.label),
        ],
    )
    requester_name = forms.CharField(label=_("申请人（咨询人）"), max_length=100)
    requester_phone = forms.CharField(label=_("申请人电话"), max_length=30, required=False)
    counterpart_names = forms.CharField(label=_("对方当事人"), max_length=200, required=False)
    narrative = forms.CharField(
        label=_("事项简述"),
        max_length=text_limits.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("留空则使用日志的服务内容。"),
    )


class MonthCloseForm(forms.Form):
    license_no = forms.CharField(widget=forms.HiddenInput, max_length=30)
    month = forms.DateField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("说明（带缺漏结账时必填）"),
        max_length=text_limits.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    score = forms.IntegerField(label=_("评分（1–5）"), min_value=1, max_value=5, required=False)
    grade = forms.ChoiceField(
        label=_("等次"), choices=[("", "---------"), *Grade.choices], required=False
    )
    comment = forms.CharField(label=_("评议意见"), max_length=500, required=False)


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("司法所"))
    file = forms.FileField(label=_("聘任表（.xlsx）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offices = selectors.offices_for_user(user)
        self.fields["unit"].queryset = offices
        if user.unit_id and offices.filter(pk=user.unit_id).exists():
            self.fields["unit"].initial = user.unit_id
