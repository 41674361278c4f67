"""工作人员 and 当事人: lists, pages and forms; personal numbers masked unless revealed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import deadline_service, exports, selectors, services
from ..forms import (
    PartyForm,
    PartySearchForm,
    StaffFilterForm,
    StaffForm,
    add_service_errors,
    personal_changes,
)
from ..roles import Capability, has_capability
from ._common import check_capability, paginate, require_capability

# ---------------------------------------------------------------------------------------------
# Staff


@login_required
@require_GET
def staff_list(request):
    form = StaffFilterForm(request.GET or None, user=request.user)
    staff = selectors.staff_list_for_user(user=request.user, filters=form.filters())
    context = {
        "form": form,
        "page": paginate(request, staff),
        "can_manage": has_capability(request.user, Capability.MANAGE_STAFF),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "core/staff/list.html", context)


@login_required
@require_capability(Capability.EXPORT)
@require_GET
def staff_export(request):
    form = StaffFilterForm(request.GET or None, user=request.user)
    staff = selectors.staff_list_for_user(user=request.user, filters=form.filters())
    filename = _("工作人员名册") + f"-{deadline_service.today():%Y%m%d}.xlsx"
    # Masked by default; ?personal=1 includes ID numbers and phones, for an account allowed to
    # reveal them, with one audit row naming the export.
    staff = list(staff)
    _shown, clear = services.personal_data_for_output(
        actor=request.user,
        record=request.user.unit or request.user,
        people=staff,
        output=filename,
        include=request.GET.get("personal") == "1",
    )
    return exports.xlsx_response(exports.staff_roster(staff, clear=clear), filename)


@login_required
@require_GET
def staff_detail(request, pk: int):
    person = selectors.staff_get(user=request.user, pk=pk)
    context = {
        "person": person,
        "can_manage": has_capability(request.user, Capability.MANAGE_STAFF),
        "can_reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA),
    }
    return render(request, "core/staff/detail.html", context)


@login_required
@require_capability(Capability.MANAGE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.staff_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记工作人员 %(name)s。") % {"name": person.name})
            return redirect("core:staff_detail", pk=person.pk)
    return render(request, "core/staff/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk: int):
    person = selectors.staff_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_STAFF)
    form = StaffForm(request.POST or None, user=request.user, instance=person)
    if request.method == "POST" and form.is_valid():
        values = personal_changes(form.cleaned_data, editing=True)
        try:
            services.staff_update(actor=request.user, staff=person, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("工作人员信息已保存。"))
            return redirect("core:staff_detail", pk=person.pk)
    return render(request, "core/staff/form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def staff_delete(request, pk: int):
    person = selectors.staff_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_STAFF)
    if request.method == "POST":
        services.staff_delete(actor=request.user, staff=person)
        messages.success(request, _("已删除工作人员 %(name)s。") % {"name": person.name})
        return redirect("core:staff_list")
    return render(request, "core/staff/confirm_delete.html", {"person": person})


# ---------------------------------------------------------------------------------------------
# Parties


@login_required
@require_GET
def party_list(request):
    form = PartySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    parties = selectors.party_list_for_user(user=request.user, query=query)
    context = {
        "form": form,
        "page": paginate(request, parties),
        "can_manage": has_capability(request.user, Capability.MANAGE_PARTIES),
    }
    return render(request, "core/parties/list.html", context)


@login_required
@require_GET
def party_detail(request, pk: int):
    party = selectors.party_get(user=request.user, pk=pk)
    context = {
        "party": party,
        "record_groups": selectors.party_records_for_user(user=request.user, party=party),
        "can_manage": has_capability(request.user, Capability.MANAGE_PARTIES),
        "can_reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA),
    }
    return render(request, "core/parties/detail.html", context)


@login_required
@require_capability(Capability.MANAGE_PARTIES)
@require_http_methods(["GET", "POST"])
def party_create(request):
    form = PartyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            party = services.party_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记当事人 %(name)s。") % {"name": party.name})
            return redirect("core:party_detail", pk=party.pk)
    return render(request, "core/parties/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request, pk: int):
    party = selectors.party_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_PARTIES)
    form = PartyForm(request.POST or None, user=request.user, instance=party)
    if request.method == "POST" and form.is_valid():
        values = personal_changes(form.cleaned_data, editing=True)
        try:
            services.party_update(actor=request.user, party=party, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("当事人信息已保存。"))
            return redirect("core:party_detail", pk=party.pk)
    return render(request, "core/parties/form.html", {"form": form, "party": party})
