from django import forms
from django.utils.translation import gettext_lazy as _

from sifasuo.core.models import OrgUnit

from .models import Scope


class ClientForm(forms.Form):
    name = forms.CharField(label=_("客户端名称"), max_length=100)
    unit = forms.ModelChoiceField(
        label=_("代表单位"),
        queryset=OrgUnit.objects.none(),
        help_text=_("客户端按该单位的权限读取数据；登记工单须为司法所或挂靠司法所的协作单位。"),
    )
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    rate_per_minute = forms.IntegerField(
        label=_("每分钟请求上限"), min_value=1, max_value=6000, initial=60
    )
    webhook_url = forms.URLField(
        label=_("回调地址"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("事项办结或不予受理时，平台向该地址发送签名通知。"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
