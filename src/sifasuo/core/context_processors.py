"""Navigation by business line, shown in every page's sidebar."""

from __future__ import annotations

from django.urls import reverse

from . import lines


def navigation(request):
    """The sidebar: 我的待办 first, then each line's entries the account uses, then the shared
    registers and administration. Every entry is checked to reverse at start (core.checks)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    entries = list(lines.navigation())
    core = [e for e in entries if e.url_name.startswith("core:")]
    ordered = [*core[:1], *(e for e in entries if not e.url_name.startswith("core:")), *core[1:]]
    current = request.path
    items = []
    for entry in ordered:
        if not entry.shown_to(user):
            continue
        url = reverse(entry.url_name)
        matches = current == url if url == "/" else current.startswith(url)
        items.append({"label": entry.label, "url": url, "active": matches})
    # One entry is active: the one whose address matches the page most closely (审查统计 under
    # /reviews/statistics/, not 合法性审查 under /reviews/ as well).
    longest = max((len(item["url"]) for item in items if item["active"]), default=0)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == longest
    return {"nav_items": items}
