"""Serve only the portal on the public host names (`SIFASUO_PUBLIC_HOSTS`): a deployment can
expose those names to the internet and keep the staff site on the intranet."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseNotFound, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.urls import reverse

# Static files the portal's pages load (the platform's base style sheet and icon, the portal's
# own), and the icon's conventional address, which browsers ask for on their own.
PORTAL_STATIC = ("portal/", "sifasuo/site.css", "sifasuo/favicon.svg")
FAVICON_PATH = "/favicon.ico"
# The status address printed on 回执 before the portal had its own (intake:public_status).
LEGACY_STATUS_PATH = "/intake/status/"


class PublicHostMiddleware:
    """On a public host: /public/…, the portal's static files and /favicon.ico answer, the
    status address of older 回执 redirects to the portal's status page, and every other path is
    404 — before any other middleware (static files, sessions) or view sees the request."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.hosts = {host.lower() for host in settings.SIFASUO_PUBLIC_HOSTS}
        static = "/" + settings.STATIC_URL.strip("/") + "/"
        self.allowed = ("/public/", *(static + asset for asset in PORTAL_STATIC))

    def __call__(self, request):
        if self.hosts and _host(request) in self.hosts:
            path = request.path_info
            if path == LEGACY_STATUS_PATH:
                return HttpResponsePermanentRedirect(reverse("portal:status"))
            if not path.startswith(self.allowed) and path != FAVICON_PATH:
                # The portal's own page: the platform's 404 would link to the staff site.
                return HttpResponseNotFound(render_to_string("portal/not_found.html"))
        return self.get_response(request)


def _host(request) -> str:
    """The request's host name without port; an unknown host is left to ALLOWED_HOSTS."""
    raw = request.META.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None
    raw = raw or request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    host = raw.rsplit(":", 1)[0] if not raw.endswith("]") else raw
    return host.strip().lower()
