"""Helpers shared by the core views: capability checks and pagination."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from ..roles import Capability, has_capability

PAGE_SIZE = 30


def require_capability(capability: Capability):
    """403 unless the user's role grants `capability` (use after login_required)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def check_capability(user, capability: Capability) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
