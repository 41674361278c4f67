"""Idle-session logout (等保 2.0: auto-logout on timeout), per-request scoping memory, and the
Content-Security-Policy header."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

from .scoping import resolution_cache

_KEY = "sifasuo_last_seen"
# The last-seen time is rewritten at most this often, so most pages don't write the session; an
# idle session therefore ends between the limit and the limit plus this.
_REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(_KEY)
            limit = settings.SIFASUO_SESSION_IDLE_MINUTES * 60
            if last is not None and now - last > limit:
                logout(request)
                if request.headers.get("HX-Request"):
                    response = self.get_response(request)
                    response["HX-Redirect"] = settings.LOGIN_URL_PATH
                    return response
                return redirect(f"{settings.LOGIN_URL_PATH}?timeout=1&next={request.path}")
            if last is None or now - last >= _REFRESH_SECONDS:
                request.session[_KEY] = now
        return self.get_response(request)


class ScopeResolutionMiddleware:
    """Resolve each user's visible units and shares once per request, not once per query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with resolution_cache():
            return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send `SIFASUO_CONTENT_SECURITY_POLICY` (empty: no header) with every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.SIFASUO_CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class ErrorPageMiddleware:
    """Bare error answers (405 from `require_POST`, an empty 400 or 403) get the platform's
    Chinese error page instead of an empty body; HTMX requests keep the short answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code in (400, 403, 405)
            and not response.content
            and not request.headers.get("HX-Request")
            and not response.has_header("Content-Disposition")
        ):
            from .views.errors import error_page

            allowed = response.get("Allow")
            response = error_page(request, response.status_code)
            if allowed:
                response["Allow"] = allowed
        return response

    def process_exception(self, request, exception):
        from .documents import ChineseFontMissing

        if isinstance(exception, ChineseFontMissing):
            from .views.errors import error_page

            return error_page(request, 503)
        return None
