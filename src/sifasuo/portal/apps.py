from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine


class PortalConfig(AppConfig):
    """The citizens' portal (公共法律服务网上平台): public pages under /public/, no login."""

    name = "sifasuo.portal"
    label = "portal"
    verbose_name = _("公众服务门户")
    line = BusinessLine(
        label="portal",
        name=_("公众服务门户"),
        actions={"portal.apply": _("网上申请（同意个人信息处理告知书）")},
        demo_loader="sifasuo.portal.demo.load",
    )
