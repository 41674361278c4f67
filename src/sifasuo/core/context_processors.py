"""Navigation by business line, shown in every page's sidebar."""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import Capability, has_capability

# (label, url name, capability needed or None). Business apps add theirs through a `navigation`
# list on their AppConfig; entries whose URL does not exist yet are left out.
NAVIGATION = [
    (_("我的待办"), "core:home", None),
    (_("期限事项"), "core:work_list", None),
    (_("当事人"), "core:party_list", None),
    (_("组织机构"), "core:unit_list", None),
    (_("工作人员"), "core:staff_list", None),
    (_("账号管理"), "core:user_list", Capability.MANAGE_ACCOUNTS),
    (_("操作日志"), "core:audit_list", Capability.VIEW_AUDIT),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    items = []
    for label, url_name, capability in _entries():
        if capability is not None and not has_capability(user, capability):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = current == url if url == "/" else current.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}


def _entries():
    business = [
        entry
        for config in apps.get_app_configs()
        if config.name.startswith("sifasuo.") and config.label != "core"
        for entry in getattr(config, "navigation", [])
    ]
    # 我的待办 first, then the business lines, then the shared registers and administration.
    return [NAVIGATION[0], *business, *NAVIGATION[1:]]
