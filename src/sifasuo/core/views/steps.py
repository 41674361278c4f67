"""The POST step of a record page, shared by every business line: parse the step's form, call
one service, report the outcome as a message, and come back to the record's page.

What the person typed is never lost: when the form is invalid or the service refuses (an edit
conflict included), the posted text is kept in the session and the record page shows it again in
the same form, with the reason beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..workflow import EditConflict

_KEPT = "sifasuo_kept_input"
# Form fields never kept: tokens and the version the form was opened on.
_NOT_KEPT = {"csrfmiddlewaretoken", "version", "submission_token"}


def form_error_text(form) -> list[str]:
    """Each error with its field's label: "调解记录：请填写此项。"."""
    texts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            texts.append(f"{label}：{error}" if label else str(error))
    return texts


def _keep_input(request: HttpRequest, step: str) -> None:
    kept = {
        k: v
        for k, v in request.POST.items()
        if k not in _NOT_KEPT and isinstance(v, str) and len(v) <= 20000
    }
    if kept:
        request.session[_KEPT] = {"path": request.path, "step": step, "data": kept}


def kept_input(request: HttpRequest, step: str) -> dict[str, str] | None:
    """The text a person posted to `step` (the step view's URL name) and that was not saved,
    once: reading it forgets it."""
    kept = request.session.get(_KEPT)
    if not kept or kept.get("step") != step:
        return None
    del request.session[_KEPT]
    return kept["data"]


def step_values(data: dict[str, Any]) -> dict[str, Any]:
    """A step form's data as the service's keyword arguments; a `version` left empty is left out,
    so the service applies its own default."""
    return {k: v for k, v in data.items() if v is not None or k != "version"}


def run_step(
    request: HttpRequest,
    record: Any,
    *,
    form_class: type | None,
    call: Callable[[Any, dict[str, Any]], Any],
    back_to: str,
    form_kwargs: dict[str, Any] | None = None,
    files: bool = False,
    success: str | None = None,
) -> HttpResponse:
    """Run one workflow step posted from `record`'s page and redirect to `back_to` (a URL)."""
    step = request.resolver_match.view_name if request.resolver_match else request.path
    form = None
    if form_class is not None:
        form = form_class(request.POST, request.FILES if files else None, **(form_kwargs or {}))
        if not form.is_valid():
            for text in form_error_text(form):
                messages.error(request, text)
            _keep_input(request, step)
            return redirect(back_to)
    try:
        call(record, form.cleaned_data if form is not None else {})
    except EditConflict as exc:
        messages.error(request, " ".join(exc.messages))
        _keep_input(request, step)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and form is not None:
            for name, errors in exc.message_dict.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}：{error}" if label else error)
        else:
            for text in exc.messages:
                messages.error(request, text)
        _keep_input(request, step)
    else:
        messages.success(request, success or _("已保存。"))
    return redirect(back_to)
