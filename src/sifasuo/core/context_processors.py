"""Navigation by business line, shown in every page's sidebar."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Capability, has_capability

# (label, url name, capability needed or None). Business lines add their entries here.
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
    for label, url_name, capability in NAVIGATION:
        if capability is not None and not has_capability(user, capability):
            continue
        url = reverse(url_name)
        active = current == url if url == "/" else current.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
