"""The one way into the platform: the login page and the admin site's login both end here.

Order matters. The per-address throttle comes first, so one address cannot lock every account by
guessing five times at each; then the account lock; then the password. An unknown username gets
the same words, the same falling count and the same password hashing as a real one, so the answer
does not tell which accounts exist.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services, throttle
from .models import User

logger = logging.getLogger(__name__)

ADDRESS_SCOPE = "login.address"
UNKNOWN_USER_SCOPE = "login.unknown-user"
# Failures at an unknown username are remembered this long, like a real account's count.
_UNKNOWN_USER_WINDOW = dt.timedelta(days=1)


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    error: str = ""


def _locked_message(until: dt.datetime) -> str:
    return _("账号已锁定，请于 %(time)s 后再试。") % {
        "time": timezone.localtime(until).strftime("%H:%M")
    }


def _remaining_message(remaining: int) -> str:
    return _("用户名或密码错误，还可尝试 %(count)d 次。") % {"count": remaining}


def _throttled_message(until: dt.datetime) -> str:
    return _("本机登录失败次数过多，请于 %(time)s 后再试。") % {
        "time": timezone.localtime(until).strftime("%H:%M")
    }


def login_attempt(request, *, username: str, password: str) -> LoginOutcome:
    """Check one login. On success the account's count is reset and `user.login` audited; the
    caller then starts the session. On failure the error is the message to show."""
    address = throttle.client_address(request)
    address_limit = settings.SIFASUO_LOGIN_ADDRESS_MAX_FAILURES
    from_address = throttle.tally(scope=ADDRESS_SCOPE, value=address)
    if from_address.reached(address_limit):
        logger.warning("login refused: address %s is throttled", address)
        return LoginOutcome(None, _throttled_message(from_address.until))

    account = User.objects.filter(username=username).first()
    if account is None:
        outcome = _unknown_user_attempt(request, username=username, password=password)
    else:
        outcome = _account_attempt(request, account=account, password=password, address=address)
    if outcome.user is None:
        window = dt.timedelta(minutes=settings.SIFASUO_LOGIN_ADDRESS_WINDOW_MINUTES)
        throttle.count_attempt(
            scope=ADDRESS_SCOPE, value=address, limit=address_limit, window=window, block=window
        )
    return outcome


def _account_attempt(request, *, account: User, password: str, address: str) -> LoginOutcome:
    if account.locked_until and account.locked_until > timezone.now():
        return LoginOutcome(None, _locked_message(account.locked_until))
    user = authenticate(request, username=account.username, password=password)
    if user is not None:
        services.login_succeeded(user=user, address=address)
        return LoginOutcome(user)
    max_failures = settings.SIFASUO_LOGIN_MAX_FAILURES
    locked = services.login_failed(
        user=account,
        max_failures=max_failures,
        lock_minutes=settings.SIFASUO_LOGIN_LOCK_MINUTES,
        address=address,
    )
    account.refresh_from_db(fields=["failed_logins", "locked_until"])
    if locked:
        return LoginOutcome(None, _locked_message(account.locked_until))
    return LoginOutcome(None, _remaining_message(max_failures - account.failed_logins))


def _unknown_user_attempt(request, *, username: str, password: str) -> LoginOutcome:
    max_failures = settings.SIFASUO_LOGIN_MAX_FAILURES
    counted = throttle.tally(scope=UNKNOWN_USER_SCOPE, value=username)
    if counted.reached(max_failures):
        return LoginOutcome(None, _locked_message(counted.until))
    # No such account: authenticate() still hashes the password once (Django's ModelBackend runs
    # the hasher on a dummy user), so the answer takes as long as a real account's.
    authenticate(request, username=username, password=password)
    counted = throttle.count_attempt(
        scope=UNKNOWN_USER_SCOPE,
        value=username,
        limit=max_failures,
        window=_UNKNOWN_USER_WINDOW,
        block=dt.timedelta(minutes=settings.SIFASUO_LOGIN_LOCK_MINUTES),
    )
    if counted.reached(max_failures):
        return LoginOutcome(None, _locked_message(counted.until))
    return LoginOutcome(None, _remaining_message(max_failures - counted.count))
