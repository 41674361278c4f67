"""接口客户端 pages: the list, registration, a client's page, rotating and revoking its token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sifasuo.core.forms import add_service_errors
from sifasuo.core.models import UnitKind
from sifasuo.core.scoping import get_scoped_or_404, visible_units

from . import selectors, services
from .forms import ClientForm
from .models import PartnerClient


def _manager(request) -> None:
    if not services.may_manage_clients(request.user):
        raise PermissionDenied


@login_required
def client_list(request):
    _manager(request)
    clients = selectors.clients_for_user(user=request.user)
    return render(request, "api/client_list.html", {"clients": clients})


def _token_page(request, issued: services.IssuedToken):
    response = render(request, "api/token.html", {"issued": issued})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def client_register(request):
    _manager(request)
    units = visible_units(request.user).filter(
        kind__in=[UnitKind.OFFICE, UnitKind.PARTNER, UnitKind.BUREAU], is_active=True
    )
    form = ClientForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.client_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _token_page(request, issued)
    return render(request, "api/client_form.html", {"form": form})


def _client(request, pk: int) -> PartnerClient:
    _manager(request)
    return get_scoped_or_404(request.user, PartnerClient.objects.select_related("unit"), pk)


@login_required
def client_detail(request, pk: int):
    client = _client(request, pk)
    deliveries = client.deliveries.select_related("work_order")[:20]
    return render(request, "api/client_detail.html", {"client": client, "deliveries": deliveries})


@login_required
@require_POST
@never_cache
def client_rotate(request, pk: int):
    client = _client(request, pk)
    try:
        issued = services.client_rotate(actor=request.user, client=client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("api:client_detail", pk=client.pk)
    return _token_page(request, issued)


@login_required
@require_POST
def client_revoke(request, pk: int):
    client = _client(request, pk)
    try:
        services.client_revoke(actor=request.user, client=client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("客户端已停用，其令牌立即失效。"))
    return redirect("api:client_detail", pk=client.pk)
