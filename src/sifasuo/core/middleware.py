"""Idle-session logout (等保 2.0: auto-logout on timeout)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

_KEY = "sifasuo_last_seen"


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
            request.session[_KEY] = now
        return self.get_response(request)
