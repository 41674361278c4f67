"""Helpers shared by every view of the platform: capability checks, pagination, downloads."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from ..roles import has_capability

PAGE_SIZE = 30


def require_capability(capability: str):
    """403 unless the user's role grants `capability` (use after login_required)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def check_capability(user, capability: str) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file to save: the Chinese file name survives every browser (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file_download(stored, content_type: str = "application/octet-stream") -> HttpResponse:
    """An uploaded file (its `file` and `original_name`) to save under the name it came with;
    None (not found among the record's files) is a 404."""
    if stored is None:
        raise Http404
    with stored.file.open("rb") as handle:
        return download(handle.read(), stored.original_name, content_type)
