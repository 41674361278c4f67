"""Forms of the core screens: they parse and show input; the services decide what is valid.

Personal numbers (身份证号, 电话, 住址) are never put back into an edit form in clear: the field
starts empty with the masked value as a hint, and an empty field keeps the stored value.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from . import deadlines, lines, selectors, text_limits
from .models import Employment, OfficePremises, OrgUnit, Party, Post, Staff
from .personal_data import mask
from .roles import Role
from .scoping import sees_everything, visible_units


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by depth, so a long list still reads as a tree."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u3000" * max(obj.depth - getattr(self, "top_depth", 0), 0) + obj.name


def unit_field(user, *, label, required: bool = True, queryset=None) -> UnitChoiceField:
    queryset = visible_units(user) if queryset is None else queryset
    field = UnitChoiceField(
        queryset=queryset.order_by("path"),
        label=label,
        required=required,
        empty_label=_("全部单位") if not required else "---------",
    )
    field.top_depth = user.unit.depth if user.unit_id else 0
    return field


def add_service_errors(form: forms.Form, exc: ValidationError, default_field: str | None = None):
    """Show a service's ValidationError next to the fields it names (others at the top)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            form.add_error(target, errors)
    else:
        target = default_field if default_field in form.fields else None
        form.add_error(target, exc.messages)


def _model_fields(model, names: list[str], **kwargs) -> dict[str, forms.Field]:
    widgets = {
        f.name: DateInput()
        for f in model._meta.fields
        if f.name in names and f.get_internal_type() == "DateField"
    }
    return fields_for_model(model, fields=names, widgets=widgets, **kwargs)


# ---------------------------------------------------------------------------------------------
# Login and passwords


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(
        max_length=text_limits.PASSWORD_MAX,
        label=_("密码"),
        widget=forms.PasswordInput,
        strip=False,
    )


class NewPasswordForm(forms.Form):
    password1 = forms.CharField(
        max_length=text_limits.PASSWORD_MAX,
        label=_("新密码"),
        widget=forms.PasswordInput,
        strip=False,
    )
    password2 = forms.CharField(
        max_length=text_limits.PASSWORD_MAX,
        label=_("确认新密码"),
        widget=forms.PasswordInput,
        strip=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class OwnPasswordForm(NewPasswordForm):
    old_password = forms.CharField(
        max_length=text_limits.PASSWORD_MAX,
        label=_("当前密码"),
        widget=forms.PasswordInput,
        strip=False,
    )
    field_order = ["old_password", "password1", "password2"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise ValidationError(_("当前密码不正确。"))
        return value


# ---------------------------------------------------------------------------------------------
# Work items


def deadline_rule_choices() -> list:
    """The engine's rules grouped by law, for the rule dropdown."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rule in deadlines.default_rules().values():
        law = rule.basis.split(" ")[0] if rule.basis else str(_("其他"))
        groups[law].append((rule.id, f"{rule.name}（{rule.length_label}）"))
    return [("", _("不按法定期限（手动填写截止日）"))] + [
        (law, choices) for law, choices in groups.items()
    ]


class WorkItemForm(forms.Form):
    title = forms.CharField(label=_("事项"), max_length=200)
    category = forms.CharField(label=_("业务类别"), max_length=40, required=False)
    description = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    due_rule = forms.ChoiceField(label=_("期限规则"), required=False)
    due_start = forms.DateField(label=_("起算日"), required=False, widget=DateInput())
    due_on = forms.DateField(
        label=_("截止日（手动）"),
        required=False,
        widget=DateInput(),
        help_text=_("不适用法定期限时填写"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_rule"].choices = deadline_rule_choices()
        self.fields["unit"] = unit_field(user, label=_("所属单位"))
        self.fields["assignee"] = forms.ModelChoiceField(
            queryset=selectors.assignable_accounts(user=user),
            label=_("承办人"),
            required=False,
            empty_label=_("暂不指定"),
        )
        self.order_fields(
            [
                "title",
                "category",
                "unit",
                "assignee",
                "due_rule",
                "due_start",
                "due_on",
                "description",
            ]
        )
        if not self.is_bound and user.unit_id:
            self.initial.setdefault("unit", user.unit_id)

    def clean(self):
        data = super().clean()
        if data.get("due_rule"):
            data["due_on"] = None
        return data


class WorkCloseForm(forms.Form):
    result = forms.CharField(
        max_length=text_limits.NOTE_MAX,
        label=_("办理结果"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    cancelled = forms.BooleanField(label=_("撤销（不再办理）"), required=False)


class WorkFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))] + list(selectors.WORK_STATES.items()),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = forms.ModelChoiceField(
            queryset=selectors.assignable_accounts(user=user),
            label=_("承办人"),
            required=False,
            empty_label=_("全部"),
        )


# ---------------------------------------------------------------------------------------------
# Org units

UNIT_DETAIL_FIELDS = [
    "division_code",
    "township_name",
    "township_kind",
    "partner_type",
    "department_type",
    "address",
    "phone",
]


class UnitCreateForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(OrgUnit, ["name", "kind"]))
        self.fields["parent"] = unit_field(
            user, label=_("上级单位"), queryset=selectors.parent_choices(user=user)
        )
        self.fields.update(_model_fields(OrgUnit, UNIT_DETAIL_FIELDS))


class UnitEditForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(OrgUnit, ["name", *UNIT_DETAIL_FIELDS, "is_active"]))


PREMISES_FIELDS = ["area_m2", "street_front", "standardization", "standardized_year"]


class PremisesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(OfficePremises, PREMISES_FIELDS))


# ---------------------------------------------------------------------------------------------
# Staff and parties

STAFF_FIELDS = [
    "name",
    "gender",
    "birth_year",
    "post",
    "employment",
    "education",
    "law_major",
    "legal_qualification",
    "id_number",
    "phone",
    "joined_on",
    "is_active",
]
PERSONAL_FIELDS = ("id_number", "phone", "address")


def _personal_fields_keep_blank(form: forms.Form, instance) -> None:
    """On edit, show the masked value as a hint and keep it when the field is left empty."""
    for name in PERSONAL_FIELDS:
        if name in form.fields:
            form.fields[name].required = False
            if instance is not None:
                current = getattr(instance, name)
                form.fields[name].widget.attrs["placeholder"] = mask(name, current)
                if current:
                    form.fields[name].help_text = _("留空则保持原值")


def personal_changes(cleaned_data: dict, *, editing: bool) -> dict:
    """Cleaned values for a service call; on edit, empty personal fields are left out."""
    values = dict(cleaned_data)
    if editing:
        for name in PERSONAL_FIELDS:
            if name in values and not values[name]:
                values.pop(name)
    return values


class StaffForm(forms.Form):
    def __init__(self, *args, user, instance: Staff | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {name: getattr(instance, name) for name in STAFF_FIELDS}
            for name in PERSONAL_FIELDS:
                initial.pop(name, None)
            kwargs["initial"] = {**initial, "unit": instance.unit_id}
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(user, label=_("所在单位"))
        self.fields.update(_model_fields(Staff, STAFF_FIELDS))
        _personal_fields_keep_blank(self, instance)
        if not self.is_bound and instance is None and user.unit_id:
            self.initial.setdefault("unit", user.unit_id)


class StaffFilterForm(forms.Form):
    post = forms.ChoiceField(
        label=_("岗位"), required=False, choices=[("", _("全部岗位"))] + list(Post.choices)
    )
    employment = forms.ChoiceField(
        label=_("人员性质"), required=False, choices=[("", _("全部"))] + list(Employment.choices)
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(user, label=_("单位"), required=False)
        self.order_fields(["unit", "post", "employment"])

    def filters(self) -> selectors.StaffFilters:
        if not self.is_valid():
            return selectors.StaffFilters()
        return selectors.StaffFilters(**self.cleaned_data)


PARTY_FIELDS = ["kind", "name", "gender", "id_number", "credit_code", "phone", "address"]


class PartyForm(forms.Form):
    def __init__(self, *args, user, instance: Party | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(instance, name)
                for name in PARTY_FIELDS
                if name not in PERSONAL_FIELDS
            }
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields["unit"] = unit_field(user, label=_("登记单位"))
            if not self.is_bound and user.unit_id:
                self.initial.setdefault("unit", user.unit_id)
        self.fields.update(_model_fields(Party, PARTY_FIELDS))
        if instance is not None:
            # The kind of a party decides which number it carries; it is fixed once registered.
            del self.fields["kind"]
        _personal_fields_keep_blank(self, instance)
        self.fields["credit_code"].help_text = _("法人和非法人组织填写")
        self.fields["id_number"].help_text = self.fields["id_number"].help_text or _("自然人填写")


class PartySearchForm(forms.Form):
    q = forms.CharField(
        max_length=text_limits.SEARCH_MAX,
        label=_("姓名/名称或完整证件号、电话"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如 王建国 或 18位身份证号")}),
    )


# ---------------------------------------------------------------------------------------------
# Accounts


def role_choices(user) -> list[tuple[str, str]]:
    choices = list(lines.role_choices())
    if not sees_everything(user):
        choices = [(value, label) for value, label in choices if value != Role.SYSTEM_ADMIN]
    return choices


class AccountCreateForm(NewPasswordForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    field_order = ["username", "display_name", "unit", "role", "password1", "password2"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(user, label=_("所属单位"))
        self.fields["role"] = forms.ChoiceField(label=_("角色"), choices=role_choices(user))
        self.order_fields(self.field_order)
        if not self.is_bound and user.unit_id:
            self.initial.setdefault("unit", user.unit_id)


class AccountEditForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    is_active = forms.BooleanField(label=_("启用"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = forms.ChoiceField(label=_("角色"), choices=role_choices(user))
        self.order_fields(["display_name", "role", "is_active"])


class AccountSearchForm(forms.Form):
    q = forms.CharField(max_length=text_limits.SEARCH_MAX, label=_("用户名/姓名"), required=False)


# ---------------------------------------------------------------------------------------------
# Audit trail


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), required=False)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("全部操作"))] + [
            (key, label) for key, label in lines.action_labels().items()
        ]
