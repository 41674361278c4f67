"""Limits on the portal's forms: submissions counted per client address and per phone number in
the database (`core.throttle`), and an offline image captcha once an address has sent several
forms in the window.

Every public form calls `submission_refused` before it acts; a form shows the captcha field while
`captcha_required` is true (`CaptchaFormMixin`)."""

from __future__ import annotations

import datetime as dt

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sifasuo.core import throttle


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SIFASUO_PUBLIC_WINDOW_MINUTES)


def captcha_required(request, *, form: str) -> bool:
    """True once this address has sent `SIFASUO_PUBLIC_CAPTCHA_AFTER` forms in the window."""
    counted = throttle.tally(scope="portal.captcha", value=throttle.client_address(request))
    return counted.count >= settings.SIFASUO_PUBLIC_CAPTCHA_AFTER


def submission_refused(request, *, form: str, phone: str = "") -> str | None:
    """Count one submission of `form` from this address (and this phone); the Chinese message to
    show when a limit had already been reached (then nothing is counted)."""
    address = throttle.client_address(request)
    checks = [(f"portal.{form}.address", address, settings.SIFASUO_PUBLIC_SUBMISSIONS_PER_ADDRESS)]
    if phone:
        checks.append(
            (f"portal.{form}.phone", phone, settings.SIFASUO_PUBLIC_SUBMISSIONS_PER_PHONE)
        )
    blocked = throttle.limit_reached(checks=checks, window=_window())
    if blocked:
        until = timezone.localtime(blocked.until).strftime("%H:%M")
        return _("提交过于频繁，请于 %(time)s 后再试。") % {"time": until}
    throttle.count_attempt(
        scope="portal.captcha",
        value=address,
        limit=10**6,
        window=_window(),
        block=_window(),
    )
    return None


class CaptchaFormMixin(forms.Form):
    """Adds the image captcha to a public form when `captcha=True` is passed."""

    def __init__(self, *args, captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if captcha:
            self.fields["captcha"] = CaptchaField(
                label=_("验证码"), error_messages={"invalid": _("验证码不正确，请重新输入。")}
            )
