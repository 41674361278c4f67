"""Login, logout and changing one's own password (等保 2.0: lockout, idle logout, strength)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import LoginForm, OwnPasswordForm, add_service_errors
from ..login_gate import login_attempt
from ..middleware import _KEY as LAST_SEEN_KEY


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.method == "GET" and request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = login_attempt(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if outcome.user is not None:
            login(request, outcome.user)
            request.session[LAST_SEEN_KEY] = time.time()
            return redirect(_next_url(request))
        form.add_error(None, outcome.error)
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "timed_out": request.GET.get("timeout") == "1",
    }
    return render(request, "core/login.html", context)


@require_http_methods(["GET", "POST"])
def admin_login(request):
    """The admin site's login page: sent to the platform's, so it shares the one login gate."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('core:login')}?{urlencode({'next': target})}")


@require_POST
def logout_view(request):
    logout(request)
    return redirect("core:login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = OwnPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=request.user, user=request.user, password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="password1")
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("core:home")
    return render(request, "core/password_change.html", {"form": form})


def csrf_failure(request, reason: str = ""):
    """A stale or missing form token: say so in Chinese and point back, keeping nothing secret."""
    return render(request, "core/csrf_failure.html", status=403)
