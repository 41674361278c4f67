"""组织机构: the tree of visible units, a unit's page, and its maintenance (MANAGE_ORG)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..forms import PREMISES_FIELDS, PremisesForm, UnitCreateForm, UnitEditForm, add_service_errors
from ..models import UnitKind
from ..roles import Capability, has_capability
from ._common import check_capability, require_capability


@login_required
@require_GET
def unit_list(request):
    context = {
        "units": selectors.unit_tree_for_user(user=request.user),
        "can_manage": has_capability(request.user, Capability.MANAGE_ORG),
    }
    return render(request, "core/org/list.html", context)


@login_required
@require_GET
def unit_detail(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    context = {
        "unit": unit,
        "premises": selectors.unit_premises(unit) if unit.kind == UnitKind.OFFICE else None,
        "children": selectors.unit_children(user=request.user, unit=unit),
        "staff": selectors.unit_staff(user=request.user, unit=unit),
        "accounts": selectors.unit_accounts(user=request.user, unit=unit),
        "can_manage": has_capability(request.user, Capability.MANAGE_ORG),
        "can_manage_accounts": has_capability(request.user, Capability.MANAGE_ACCOUNTS),
    }
    return render(request, "core/org/detail.html", context)


@login_required
@require_capability(Capability.MANAGE_ORG)
@require_http_methods(["GET", "POST"])
def unit_create(request):
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else None
    form = UnitCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("单位“%(name)s”已建立。") % {"name": unit.name})
            return redirect("core:unit_detail", pk=unit.pk)
    return render(request, "core/org/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_ORG)
    initial = {name: getattr(unit, name) for name in UnitEditForm().fields}
    form = UnitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("单位信息已保存。"))
            return redirect("core:unit_detail", pk=unit.pk)
    return render(request, "core/org/form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def premises_edit(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_ORG)
    premises = selectors.unit_premises(unit)
    initial = {name: getattr(premises, name) for name in PREMISES_FIELDS} if premises else None
    form = PremisesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.premises_set(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("业务用房信息已保存。"))
            return redirect("core:unit_detail", pk=unit.pk)
    return render(request, "core/org/premises_form.html", {"form": form, "unit": unit})
