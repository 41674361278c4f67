"""Forms of 行政执法监督; they only parse input, the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.forms import DateInput
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.scoping import visible_units
from sifasuo.core.statistics import statistics_units

from .models import CaseKind, FactorKind, Section


def _departments(user):
    return visible_units(user).filter(kind=UnitKind.DEPARTMENT, is_active=True).order_by("path")


def _text(label, max_length=text_limits.NOTE_MAX, required=True, rows=3):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DepartmentLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        office = obj.parent.name if obj.parent_id else ""
        return f"{office} · {obj.name}"


class EnforcerForm(forms.Form):
    department = DepartmentLabel(label=_("执法科室"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("姓名"), max_length=50)
    card_number = forms.CharField(label=_("执法证号"), max_length=30)
    card_issued_on = forms.DateField(label=_("发证日期"), widget=DateInput())
    card_expires_on = forms.DateField(label=_("有效期至"), widget=DateInput())
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(user)


class EnforcerUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    card_number = forms.CharField(label=_("执法证号"), max_length=30)
    card_issued_on = forms.DateField(label=_("发证日期"), widget=DateInput())
    card_expires_on = forms.DateField(label=_("有效期至"), widget=DateInput())
    is_active = forms.BooleanField(label=_("在册"), required=False)
    phone = forms.CharField(label=_("联系电话（不修改请留空）"), max_length=30, required=False)


class TrainingForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    hours = forms.DecimalField(
        label=_("培训学时"), max_digits=5, decimal_places=1, min_value=0, max_value=999
    )


class EnforcerFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名/证号"), max_length=text_limits.SEARCH_MAX, required=False)
    alert = forms.ChoiceField(
        label=_("提醒"),
        choices=[("", _("全部")), ("expiring", _("即将到期/已过期"))],
        required=False,
    )


class CaseForm(forms.Form):
    department = DepartmentLabel(label=_("执法科室"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("案件类别"), choices=CaseKind.choices)
    number = forms.CharField(label=_("案号"), max_length=60)
    title = forms.CharField(label=_("案由"), max_length=200)
    party_name = forms.CharField(label=_("当事人"), max_length=100)
    opened_on = forms.DateField(label=_("立案（受理）日期"), widget=DateInput())
    violation_on = forms.DateField(
        label=_("违法行为发生（终了）日"), widget=DateInput(), required=False
    )
    extended_limitation = forms.BooleanField(
        label=_("涉及生命健康安全、金融安全且有危害后果（追责时效五年）"), required=False
    )
    enforcers = forms.ModelMultipleChoiceField(
        label=_("执法人员"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    major = forms.BooleanField(label=_("重大执法决定（须法制审核）"), required=False)
    legal_review_required = forms.BooleanField(
        label=_("其他须法制审核的情形（行政处罚法第五十八条）"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        from .selectors import enforcers_for_user

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(user)
        self.fields["enforcers"].queryset = enforcers_for_user(user=user).filter(is_active=True)
        self.fields["enforcers"].label_from_instance = lambda e: (
            f"{e.name}（{e.department.name}，证号{e.card_number}，有效期至{e.card_expires_on:%Y-%m-%d}）"
        )


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("案号/案由/当事人"), max_length=text_limits.SEARCH_MAX, required=False
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *CaseKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部")), ("open", _("办理中")), ("decided", _("已作出决定"))],
        required=False,
    )


class SystemsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    published = forms.BooleanField(label=_("已公示（行政处罚法第三十九条）"), required=False)
    recorded = forms.BooleanField(label=_("已全过程记录（第四十七条）"), required=False)
    legal_review_required = forms.BooleanField(label=_("需法制审核（第五十八条）"), required=False)


class LinkReviewForm(forms.Form):
    review = forms.ModelChoiceField(label=_("重大行政执法决定法制审核"), queryset=None)

    def __init__(self, *args, reviews=None, **kwargs):
        from sifasuo.reviews.models import Review

        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews if reviews is not None else Review.objects.none()
        self.fields["review"].label_from_instance = lambda r: (
            f"{r.title}（{r.get_status_display()}{'，' + r.get_conclusion_display() if r.conclusion else ''}）"
        )


class DecideForm(forms.Form):
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput())
    decision = _text(_("决定内容"))
    fine = forms.DecimalField(
        label=_("罚款金额（元）"), max_digits=12, decimal_places=2, min_value=0, required=False
    )


class StandardForm(forms.Form):
    family = forms.CharField(label=_("标准编码"), max_length=40)
    title = forms.CharField(label=_("标准名称"), max_length=100)
    kind = forms.ChoiceField(label=_("案件类别"), choices=CaseKind.choices)
    source = _text(_("编制依据"), required=False)
    pass_score = forms.IntegerField(label=_("合格线"), min_value=0, max_value=100, initial=60)
    excellent_score = forms.IntegerField(label=_("优秀线"), min_value=0, max_value=100, initial=90)


class ItemForm(forms.Form):
    seq = forms.IntegerField(label=_("序号"), min_value=1, max_value=999)
    section = forms.ChoiceField(label=_("类别"), choices=Section.choices)
    text = forms.CharField(label=_("评查内容"), max_length=300)
    step = forms.DecimalField(
        label=_("每处扣分"), max_digits=4, decimal_places=1, min_value=0, required=False
    )
    cap = forms.DecimalField(
        label=_("最高扣分"), max_digits=4, decimal_places=1, min_value=0, required=False
    )
    basis = forms.CharField(label=_("依据"), max_length=200, required=False)


class EvaluationForm(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    standard = forms.ModelChoiceField(label=_("评查标准"), queryset=None)
    reviewer_1 = forms.ModelChoiceField(label=_("评查人一"), queryset=None)
    reviewer_2 = forms.ModelChoiceField(label=_("评查人二"), queryset=None)
    reviewer_3 = forms.ModelChoiceField(label=_("评查人三"), queryset=None)

    def __init__(self, *args, standards, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ScoringStandard

        self.fields["standard"].queryset = ScoringStandard.objects.filter(
            pk__in=[s.pk for s in standards]
        )
        for n in (1, 2, 3):
            field = self.fields[f"reviewer_{n}"]
            field.queryset = reviewers
            field.label_from_instance = lambda u: f"{u}（{u.unit.name if u.unit else ''}）"
        self.fields["reviewer_1"].help_text = _(
            "三合一评查组：执法人员、司法助理员、法律顾问（可由区县司法局人员担任），三人各自独立评分。"
        )


class ScoreForm(forms.Form):
    """Defects found per item: `hits_<item id>` and `note_<item id>`."""

    note = forms.CharField(label=_("评查说明"), max_length=text_limits.NOTE_MAX, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"hits_{item.pk}"] = forms.IntegerField(
                label=f"{item.seq}. {item.text}", min_value=0, max_value=99, required=False
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=f"{item.seq}. 问题说明", max_length=300, required=False
            )

    def rows(self):
        """(item, its hits field, its note field), in the standard's order."""
        return [(i, self[f"hits_{i.pk}"], self[f"note_{i.pk}"]) for i in self.items]

    def hits(self) -> dict[int, int]:
        return {
            int(name.removeprefix("hits_")): value or 0
            for name, value in self.cleaned_data.items()
            if name.startswith("hits_")
        }

    def notes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("note_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("note_") and value
        }


class IssueForm(forms.Form):
    ROWS = 5
    opinion = _text(_("评查意见"), max_length=text_limits.DOCUMENT_MAX, rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, self.ROWS + 1):
            self.fields[f"item_{n}"] = forms.CharField(
                label=f"整改事项{n}", max_length=500, required=False
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=f"整改期限{n}", required=False, widget=DateInput()
            )

    def rectifications(self) -> list[tuple[str, dt.date | None]]:
        d = self.cleaned_data
        return [
            (d.get(f"item_{n}") or "", d.get(f"due_{n}"))
            for n in range(1, self.ROWS + 1)
            if (d.get(f"item_{n}") or "").strip()
        ]


class CloseForm(forms.Form):
    result = _text(_("整改情况"), rows=2)


class DiscussionForm(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    department = DepartmentLabel(label=_("执法科室"), queryset=OrgUnit.objects.none())
    case = forms.ModelChoiceField(label=_("所说案件（可选）"), queryset=None, required=False)
    held_on = forms.DateField(label=_("说案日期"), widget=DateInput())
    case_summary = _text(_("案件简况"))
    issue = _text(_("讨论问题"))
    conclusion = _text(_("讨论结论"), max_length=text_limits.NARRATIVE_MAX)
    attendees = forms.CharField(label=_("参加人员"), max_length=500)
    attendance = forms.IntegerField(label=_("参加人数"), min_value=1, max_value=999)
    teaching = forms.BooleanField(label=_("列为教学案例（供评查和普法引用）"), required=False)
    teaching_title = forms.CharField(label=_("教学案例标题"), max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        from .selectors import cases_for_user

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(user)
        self.fields["case"].queryset = cases_for_user(user=user)


class BenchmarkForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("制定单位"), queryset=None)
    offence = forms.CharField(label=_("违法行为"), max_length=200)
    violated = forms.CharField(label=_("违法依据"), max_length=300)
    penalty_basis = forms.CharField(label=_("处罚依据"), max_length=300)
    statutory_range = forms.CharField(label=_("法定处罚幅度"), max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user).filter(
            kind__in=[UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE]
        )


class TierForm(forms.Form):
    name = forms.CharField(label=_("阶次"), max_length=30)
    condition = forms.CharField(label=_("适用情形"), max_length=500)
    fine_min = forms.DecimalField(
        label=_("罚款下限（元）"), max_digits=12, decimal_places=2, min_value=0
    )
    fine_max = forms.DecimalField(
        label=_("罚款上限（元）"), max_digits=12, decimal_places=2, min_value=0
    )


class FactorForm(forms.Form):
    kind = forms.ChoiceField(label=_("情节类别"), choices=FactorKind.choices)
    text = forms.CharField(label=_("情节"), max_length=300)
    basis = forms.CharField(label=_("依据"), max_length=200)


class PublishBenchmarkForm(forms.Form):
    published_on = forms.DateField(label=_("公布日期"), widget=DateInput())
    publication = forms.CharField(label=_("公布载体（文号/网址）"), max_length=200)


class CalculationForm(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    case = forms.ModelChoiceField(label=_("执法案件（可选）"), queryset=None, required=False)
    facts = _text(_("违法事实"))
    tier = forms.ModelChoiceField(
        label=_("违法情形（阶次）"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    factors = forms.ModelMultipleChoiceField(
        label=_("情节"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    decided_amount = forms.DecimalField(
        label=_("拟决定罚款（元）"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    reason = _text(_("超出建议幅度的理由"), required=False)

    def __init__(self, *args, user, benchmark, **kwargs):
        from .selectors import cases_for_user

        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases_for_user(user=user).filter(kind=CaseKind.PENALTY)
        self.fields["tier"].queryset = benchmark.tiers.all()
        self.fields["tier"].label_from_instance = lambda t: (
            f"{t.name}：{t.condition}（{t.fine_min}—{t.fine_max}元）"
        )
        self.fields["factors"].queryset = benchmark.factors.all()
        self.fields["factors"].label_from_instance = lambda f: (
            f"［{f.get_kind_display()}］{f.text}（{f.basis}）"
        )


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = statistics_units(user)
