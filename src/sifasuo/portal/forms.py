"""The portal's forms: they parse and check what a citizen types (ID numbers and phones as the
window checks them, every text bounded); the services write."""

from __future__ import annotations

from captcha.fields import CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sifasuo.core import text_limits
from sifasuo.core.models import PartyKind
from sifasuo.core.personal_data import normalize_id_number, normalize_phone
from sifasuo.intake.models import MatterType
from sifasuo.legal_aid.models import (
    GROUP_FIELDS,
    Art31Item,
    Art32Item,
    ExemptionItem,
    MatterKind,
    MeansBasis,
)
from sifasuo.mediation.models import DisputeType

from . import services
from .abuse import CaptchaFormMixin

# What a citizen may write about the matter: the handling sheet's 事项简述 box, less the room the
# form's structured items take when they are written into it.
NARRATIVE_MAX = text_limits.NARRATIVE_MAX - 500
AMOUNT_MAX = 1_000_000_000


class PortalCaptchaInput(CaptchaTextInput):
    """The captcha widget with the portal's namespaced image and refresh addresses."""

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        key = CaptchaStore.generate_key(generator)
        self._value = [key, ""]
        self._key = key
        self.id_ = self.build_attrs(attrs).get("id", None)

    def image_url(self):
        return reverse("portal:captcha-image", kwargs={"key": self._key})

    def audio_url(self):
        return None

    def refresh_url(self):
        return reverse("portal:captcha-refresh")


class PortalForm(CaptchaFormMixin):
    def __init__(self, *args, captcha: bool = False, **kwargs):
        super().__init__(*args, captcha=captcha, **kwargs)
        if "captcha" in self.fields:
            self.fields["captcha"].widget = PortalCaptchaInput()
            self.fields["captcha"].help_text = _("请输入图中的字符（不区分大小写）。")


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        county = obj.parent.name if obj.parent_id else ""
        township = f"（{obj.township_name}）" if obj.township_name else ""
        return f"{county} · {obj.name}{township}"


def _text(label, limit, *, required=True, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
    )


class ApplicationForm(PortalForm):
    """What every application asks: who applies, where, what about, and the consent."""

    # The keys of an application's own items, stored beside the matter (see `details`).
    detail_fields: tuple[str, ...] = ()
    asks_sensitive = False
    id_required = False

    applicant_name = forms.CharField(label=_("申请人姓名"), max_length=50)
    applicant_id_number = forms.CharField(
        label=_("身份证号"), max_length=20, required=False, help_text=_("18位居民身份证号码")
    )
    applicant_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        help_text=_("手机11位，座机如 0633-1234567；凭查询码和此电话查询进度"),
    )
    applicant_address = forms.CharField(
        label=_("住址"), max_length=200, required=False, help_text=_("写明乡镇（街道）、村（社区）")
    )
    office = OfficeChoiceField(
        label=_("向哪个司法所申请"),
        queryset=None,
        required=False,
        empty_label=_("按我的住址确定"),
        help_text=_("不选则按住址所在乡镇（街道）的司法所受理。"),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息处理告知书》，同意司法所为办理本申请处理上述个人信息"),
        error_messages={"required": _("请阅读并同意个人信息处理告知书后再提交。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = services.open_offices()
        if self.id_required:
            self.fields["applicant_id_number"].required = True
        # The consent boxes come last, just above the submit button.
        for name in ("sensitive_consent", "consent", "captcha"):
            if name in self.fields:
                self.fields[name] = self.fields.pop(name)

    def clean_applicant_name(self):
        return self.cleaned_data["applicant_name"].strip()

    def clean_applicant_id_number(self):
        value = self.cleaned_data["applicant_id_number"].strip()
        return normalize_id_number(value) if value else ""

    def clean_applicant_phone(self):
        return normalize_phone(self.cleaned_data["applicant_phone"])

    def clean(self):
        data = super().clean()
        if not data.get("office") and "applicant_address" in data:
            office = services.office_for_address(data.get("applicant_address", ""))
            if office is None:
                self.add_error(
                    "office",
                    _("无法从住址确定受理的司法所，请从列表中选择，或在住址中写明乡镇（街道）。"),
                )
            data["routed_office"] = office
        return data

    def office_and_route(self):
        if self.cleaned_data.get("office"):
            return self.cleaned_data["office"], "chosen"
        return self.cleaned_data["routed_office"], "address"

    def requester(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": PartyKind.PERSON,
            "name": data["applicant_name"],
            "id_number": data["applicant_id_number"],
            "phone": data["applicant_phone"],
            "address": data.get("applicant_address", "").strip(),
        }

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            name: (str(data[name]) if data.get(name) is not None else "")
            if not isinstance(data.get(name), list)
            else data[name]
            for name in self.detail_fields
        }

    # Overridden by each form: the matter's type, narrative and counterpart.
    def matter_type(self) -> str:
        raise NotImplementedError

    def matter_narrative(self) -> str:
        return self.cleaned_data["narrative"].strip()

    def matter_counterparts(self) -> str:
        return ""

    def matter_amount(self):
        return None


class MediationForm(ApplicationForm):
    """人民调解申请: 申请人, 被申请人, the kind of dispute, what happened, the sum at stake."""

    detail_fields = ("dispute_type",)

    respondent_names = forms.CharField(
        label=_("被申请人（对方当事人）"),
        max_length=200,
        help_text=_("姓名或单位名称；多人用顿号分隔"),
    )
    dispute_type = forms.ChoiceField(
        label=_("纠纷类型"), choices=[("", "---------"), *DisputeType.choices]
    )
    narrative = _text(
        _("纠纷经过和请求"),
        NARRATIVE_MAX,
        help_text=_("写明什么时间、因为什么发生纠纷，希望如何解决"),
    )
    amount = forms.DecimalField(
        label=_("标的额（元）"),
        required=False,
        min_value=0,
        max_value=AMOUNT_MAX,
        max_digits=14,
        decimal_places=2,
        help_text=_("纠纷涉及的金额，没有可不填"),
        error_messages={
            "invalid": _("标的额须为数字（元）。"),
            "min_value": _("标的额不能为负数。"),
            "max_value": _("标的额不能超过10亿元，请核对。"),
            "max_digits": _("标的额不能超过10亿元，请核对。"),
            "max_decimal_places": _("标的额最多保留两位小数（分）。"),
            "max_whole_digits": _("标的额不能超过10亿元，请核对。"),
        },
    )

    def matter_type(self) -> str:
        return MatterType.DISPUTE

    def matter_narrative(self) -> str:
        kind = dict(DisputeType.choices)[self.cleaned_data["dispute_type"]]
        return f"【{kind}纠纷】{self.cleaned_data['narrative'].strip()}"

    def matter_counterparts(self) -> str:
        return self.cleaned_data["respondent_names"].strip()

    def matter_amount(self):
        return self.cleaned_data.get("amount")


class LegalAidForm(ApplicationForm):
    """法律援助申请 with what the window records: the kind of matter, the 第三十一条 item, the
    groups the applicant belongs to and the economic situation (第四十一、四十二、三十二条)."""

    detail_fields = (
        "matter_kind",
        "art31_item",
        "groups",
        "means_basis",
        "exemption_item",
        "exemption_proof",
        "art32_item",
        "household_size",
        "household_income",
        "income_source",
        "declaration",
        "pledge",
    )
    asks_sensitive = True
    id_required = True

    matter_kind = forms.ChoiceField(label=_("事项类别"), choices=MatterKind.choices)
    art31_item = forms.ChoiceField(
        label=_("申请事项（法律援助法第三十一条）"),
        choices=[("", "---------"), *Art31Item.choices],
        required=False,
        help_text=_("民事、行政、国家赔偿事项必选；刑事案件不选。"),
    )
    narrative = _text(_("案情及申请事项"), NARRATIVE_MAX)
    opponent = forms.CharField(label=_("对方当事人"), max_length=200, required=False)
    groups = forms.MultipleChoiceField(
        label=_("人群类别（可多选，没有可不选）"),
        choices=GROUP_FIELDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    means_basis = forms.ChoiceField(
        label=_("经济状况"), choices=MeansBasis.choices, widget=forms.RadioSelect
    )
    exemption_item = forms.ChoiceField(
        label=_("免予核查经济困难状况的情形（第四十二条）"),
        choices=[("", "---------"), *ExemptionItem.choices],
        required=False,
    )
    exemption_proof = forms.CharField(
        label=_("证明材料"),
        max_length=200,
        required=False,
        help_text=_("如低保证、特困供养证、残疾证、优抚证编号；原件到所时核验"),
    )
    art32_item = forms.ChoiceField(
        label=_("不受经济困难条件限制的情形（第三十二条）"),
        choices=[("", "---------"), *Art32Item.choices],
        required=False,
    )
    household_size = forms.IntegerField(
        label=_("家庭人口"), min_value=1, max_value=30, required=False
    )
    household_income = forms.DecimalField(
        label=_("家庭月收入（元）"),
        min_value=0,
        max_value=10_000_000,
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    income_source = forms.CharField(label=_("主要收入来源"), max_length=200, required=False)
    declaration = _text(
        _("经济困难状况说明（第四十一条）"), text_limits.NOTE_MAX, required=False, rows=3
    )
    pledge = forms.BooleanField(
        label=_("本人承诺所填经济困难状况真实（个人诚信承诺）"), required=False
    )
    sensitive_consent = forms.BooleanField(
        label=_(
            "我单独同意司法所处理我的经济状况和所属人群类别等敏感个人信息，用于审查法律援助申请"
        ),
        error_messages={"required": _("申请法律援助须单独同意处理上述敏感个人信息。")},
    )

    def clean(self):
        data = super().clean()
        kind, item = data.get("matter_kind"), data.get("art31_item")
        if kind and kind != MatterKind.CRIMINAL and not item:
            self.add_error("art31_item", _("请选择申请事项（第三十一条）。"))
        basis = data.get("means_basis")
        if basis == MeansBasis.EXEMPT and not data.get("exemption_item"):
            self.add_error("exemption_item", _("请选择免予核查的情形（第四十二条）。"))
        if basis == MeansBasis.UNRESTRICTED and not data.get("art32_item"):
            self.add_error("art32_item", _("请选择第三十二条的情形。"))
        if basis == MeansBasis.DECLARED:
            if not data.get("declaration", "").strip():
                self.add_error("declaration", _("请说明家庭经济困难状况。"))
            if not data.get("pledge"):
                self.add_error("pledge", _("请确认个人诚信承诺。"))
        return data

    def matter_type(self) -> str:
        return MatterType.LEGAL_AID

    def matter_narrative(self) -> str:
        data = self.cleaned_data
        lines = [data["narrative"].strip(), ""]
        lines.append(f"事项类别：{dict(MatterKind.choices)[data['matter_kind']]}")
        if data.get("art31_item"):
            lines.append(f"申请事项：第三十一条{dict(Art31Item.choices)[data['art31_item']]}")
        if data.get("groups"):
            labels = dict(GROUP_FIELDS)
            lines.append("人群类别：" + "、".join(str(labels[g]) for g in data["groups"]))
        lines.append(f"经济状况：{dict(MeansBasis.choices)[data['means_basis']]}")
        return "\n".join(lines)

    def matter_counterparts(self) -> str:
        return self.cleaned_data.get("opponent", "").strip()


GENERAL_TYPES = (MatterType.CONSULTATION, MatterType.NOTARY_GUIDE, MatterType.OTHER)


class GeneralForm(ApplicationForm):
    """其他法律事务: a legal question, a 公证/司法鉴定 guidance request, anything else."""

    kind = forms.ChoiceField(
        label=_("事项类型"),
        choices=[(t.value, t.label) for t in GENERAL_TYPES],
    )
    narrative = _text(_("需要办理或咨询的事项"), NARRATIVE_MAX)
    counterpart = forms.CharField(label=_("涉及的对方（如有）"), max_length=200, required=False)

    def matter_type(self) -> str:
        return self.cleaned_data["kind"]

    def matter_counterparts(self) -> str:
        return self.cleaned_data.get("counterpart", "").strip()


class StatusForm(PortalForm):
    tracking_code = forms.CharField(label=_("查询码"), max_length=20)
    phone = forms.CharField(label=_("申请时填写的联系电话"), max_length=30)


class DirectoryFilterForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("区县"), queryset=None, required=False, empty_label=_("全部区县")
    )
    office = forms.ModelChoiceField(
        label=_("乡镇（街道）"), queryset=None, required=False, empty_label=_("全部乡镇")
    )

    def __init__(self, *args, counties=None, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["office"].queryset = offices


def service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors beside the boxes that hold the values (the requester row's keys
    "r1_id_number" are the applicant's fields here)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.message_dict.items():
        field = "applicant_" + key.removeprefix("r1_") if key.startswith("r1_") else key
        form.add_error(field if field in form.fields else None, errors)
