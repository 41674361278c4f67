from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sifasuo.core.lines import BusinessLine, NavEntry
from sifasuo.core.roles import Role


class ApiConfig(AppConfig):
    """The integration API (/api/v1/) for partner systems, and the staff pages that register
    their clients."""

    name = "sifasuo.api"
    label = "api"
    verbose_name = _("集成接口")
    line = BusinessLine(
        label="api",
        name=_("集成接口"),
        navigation=(
            NavEntry(
                _("接口客户端"),
                "api:client_list",
                roles=frozenset({Role.SYSTEM_ADMIN, Role.SUPERVISOR}),
                shown_if="sifasuo.api.services.may_manage_clients",
            ),
        ),
        actions={
            "api_client.register": _("登记接口客户端"),
            "api_client.rotate": _("更换接口令牌"),
            "api_client.revoke": _("停用接口客户端"),
            "api.work_order": _("接口登记热线工单"),
        },
        demo_loader="sifasuo.api.demo.load",
    )

    def ready(self) -> None:
        from sifasuo.intake.services import matter_finished

        from .services import on_matter_finished

        matter_finished.connect(on_matter_finished, dispatch_uid="api.matter_finished")
