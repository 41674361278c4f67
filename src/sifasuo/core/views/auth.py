"""Login, logout and changing one's own password (等保 2.0: lockout, idle logout, strength)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import LoginForm, OwnPasswordForm, add_service_errors
from ..middleware import _KEY as LAST_SEEN_KEY
from ..models import User

_UNKNOWN_FAILURES = "sifasuo_login_failures"


def _locked_message(user: User) -> str:
    until = timezone.localtime(user.locked_until).strftime("%H:%M")
    return _("账号已锁定，请于 %(time)s 后再试。") % {"time": until}


def _remaining_message(remaining: int) -> str:
    return _("用户名或密码错误，还可尝试 %(count)d 次。") % {"count": remaining}


def _check_credentials(request, username: str, password: str) -> tuple[User | None, str]:
    """Authenticate, honouring and counting the lockout. Returns (user, error message)."""
    max_failures = settings.SIFASUO_LOGIN_MAX_FAILURES
    account = User.objects.filter(username=username).first()
    if account is None:
        # Same answer as for a real account, so the form does not tell which usernames exist.
        failures = request.session.get(_UNKNOWN_FAILURES, {})
        failures[username] = failures.get(username, 0) + 1
        request.session[_UNKNOWN_FAILURES] = failures
        return None, _remaining_message(max(max_failures - failures[username], 1))
    if account.locked_until and account.locked_until > timezone.now():
        return None, _locked_message(account)
    user = authenticate(request, username=username, password=password)
    if user is not None:
        services.login_succeeded(user=user)
        return user, ""
    locked = services.login_failed(
        user=account,
        max_failures=max_failures,
        lock_minutes=settings.SIFASUO_LOGIN_LOCK_MINUTES,
    )
    account.refresh_from_db(fields=["failed_logins", "locked_until"])
    if locked:
        return None, _locked_message(account)
    return None, _remaining_message(max_failures - account.failed_logins)


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
        user, error = _check_credentials(
            request, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        if user is not None:
            login(request, user)
            request.session[LAST_SEEN_KEY] = time.time()
            return redirect(_next_url(request))
        form.add_error(None, error)
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "timed_out": request.GET.get("timeout") == "1",
    }
    return render(request, "core/login.html", context)


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
