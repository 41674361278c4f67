"""The two steps of every .xlsx import page (`core.table_import`): upload and preview, then
confirm. A line's view names its importer, session key and pages; the steps are the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from sifasuo.core import table_import
from sifasuo.core.forms import add_service_errors


def upload_preview(
    request, form, importer, key: str, *, context: dict[str, Any], **stored: Any
) -> table_import.Preview | None:
    """Read the valid form's upload and parse it (nothing is written); the file waits in the
    session, with `stored`, for the confirm step. A refused file's message goes on the form."""
    try:
        data = table_import.read_upload(form.cleaned_data["file"])
        preview = table_import.parse(importer, data, **context)
    except ValidationError as exc:
        add_service_errors(form, exc, default_field="file")
        return None
    table_import.stash(request.session, key, data, **stored)
    return preview


def confirm_stashed(
    request,
    importer,
    key: str,
    *,
    unit_for: Callable[[dict[str, Any]], Any],
    context_for: Callable[[Any], dict[str, Any]],
    retry: str,
    done: Callable[[Any], str],
    missing: str,
) -> HttpResponse:
    """Import the valid rows of the file previewed last: `unit_for(stored)` is the unit they
    are written for (checked by the caller's selector), then back to `done(unit)`, or to
    `retry` with the reason when nothing could be written."""
    stashed = table_import.unstash(request.session, key)
    if stashed is None:
        messages.error(request, missing)
        return redirect(retry)
    data, stored = stashed
    unit = unit_for(stored)
    context = context_for(unit)
    try:
        preview = table_import.parse(importer, data, **context)
        result = table_import.confirm(importer, preview, actor=request.user, unit=unit, **context)
    except ValidationError as exc:
        messages.error(request, "导入未完成，未写入任何一行。")
        for message in exc.messages:
            messages.error(request, message)
        return redirect(retry)
    messages.success(request, result.message)
    for problem in result.skipped:
        messages.warning(request, problem)
    return redirect(done(unit))
