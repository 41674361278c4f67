"""Endpoints shared by every record page: 操作日志 list, the history panel, personal-data reveal."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import AuditFilterForm
from ..personal_data import sealed_fields
from ..roles import Capability
from ._common import paginate, require_capability


@login_required
@require_capability(Capability.VIEW_AUDIT)
@require_GET
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entries_for_user(user=request.user, **filters)
    return render(
        request, "core/audit/list.html", {"form": form, "page": paginate(request, entries)}
    )


@login_required
@require_GET
def history(request, model: str, pk: int):
    """HTMX: the audit rows of one record the user may see."""
    obj = selectors.record_get(user=request.user, model=model, pk=pk)
    rows = selectors.history_for_object(obj)
    return render(request, "core/partials/history.html", {"rows": rows})


@login_required
@require_POST
def reveal(request, model: str, pk: int, field: str):
    """HTMX: the clear value of one masked field, written to the audit trail."""
    obj = selectors.record_get(user=request.user, model=model, pk=pk)
    if not sealed_fields(obj.__class__):
        raise Http404  # a record that holds no personal data has nothing to reveal
    value = services.personal_data_reveal(actor=request.user, obj=obj, field=field)
    return render(request, "core/partials/revealed.html", {"value": value, "field": field})
