"""账号管理 (MANAGE_ACCOUNTS): accounts of the visible units, their roles and passwords."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..forms import (
    AccountCreateForm,
    AccountEditForm,
    AccountSearchForm,
    NewPasswordForm,
    add_service_errors,
)
from ..roles import Capability
from ._common import check_capability, paginate, require_capability

manager_only = require_capability(Capability.MANAGE_ACCOUNTS)


@login_required
@manager_only
@require_GET
def user_list(request):
    form = AccountSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    accounts = selectors.accounts_for_user(user=request.user, query=query)
    context = {"form": form, "page": paginate(request, accounts), "now_dt": timezone.now()}
    return render(request, "core/accounts/list.html", context)


@login_required
@require_GET
def user_detail(request, pk: int):
    account = selectors.account_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_ACCOUNTS)
    return render(request, "core/accounts/detail.html", {"account": account})


@login_required
@manager_only
@require_http_methods(["GET", "POST"])
def user_create(request):
    form = AccountCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                unit=data["unit"],
                role=data["role"],
                display_name=data["display_name"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="password1")
        else:
            messages.success(request, _("账号 %(name)s 已创建。") % {"name": account.username})
            return redirect("core:user_detail", pk=account.pk)
    return render(request, "core/accounts/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    account = selectors.account_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_ACCOUNTS)
    initial = {
        "display_name": account.display_name,
        "role": account.role,
        "is_active": account.is_active,
    }
    form = AccountEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("账号信息已保存。"))
            return redirect("core:user_detail", pk=account.pk)
    return render(request, "core/accounts/form.html", {"form": form, "account": account})


@login_required
@require_http_methods(["GET", "POST"])
def user_password(request, pk: int):
    account = selectors.account_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_ACCOUNTS)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=request.user, user=account, password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="password1")
        else:
            messages.success(request, _("已为 %(name)s 重置密码。") % {"name": account.username})
            return redirect("core:user_detail", pk=account.pk)
    return render(request, "core/accounts/password_form.html", {"form": form, "account": account})
