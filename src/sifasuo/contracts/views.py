"""Views of contract management: thin wrappers over selectors and services."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core.exports import xlsx_response
from sifasuo.core.forms import add_service_errors
from sifasuo.core.models import OrgUnit
from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.scoping import get_scoped_or_404
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import check_capability, paginate, stored_file_download
from sifasuo.core.views.steps import run_step

from . import exports, forms, importing, selectors, services, todos
from .models import ContractStatus


def _ledger(request):
    form = forms.LedgerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.contract_ledger_for_user(user=request.user, **filters)


@login_required
@require_GET
def contract_list(request):
    form, contracts = _ledger(request)
    contracts, due = due_filter(request, contracts, todos.due_records(user=request.user))
    page = paginate(request, contracts)
    rows = [(c, selectors.alerts_for(c)) for c in page]
    context = {
        "form": form,
        "due_filter": due,
        "page": page,
        "rows": rows,
        "expiry_days": selectors.expiry_window_days(),
        "can_create": has_capability(request.user, Capability.MANAGE_WORK),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "contracts/list.html", context)


@login_required
@require_GET
def contract_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, contracts = _ledger(request)
    contracts, _due = due_filter(request, contracts, todos.due_records(user=request.user))
    return xlsx_response(exports.ledger_workbook(contracts), "合同动态管理台账.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.ContractForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                party = services.counterparty_get_or_create(
                    actor=request.user,
                    office=d["department"].parent,
                    kind=d["party_kind"],
                    name=d["party_name"],
                    credit_code=d["credit_code"],
                )
                contract = services.contract_create(
                    actor=request.user,
                    department=d["department"],
                    number=d["number"],
                    title=d["title"],
                    contract_type=d["contract_type"],
                    amount=d["amount"],
                    counterparties=[party],
                    subject=d["subject"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    payment_department=d["payment_department"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("合同已登记。"))
            return redirect("contracts:contract_detail", contract.pk)
    return render(request, "contracts/form.html", {"form": form})


@login_required
@require_GET
def contract_detail(request, pk: int):
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    user = request.user
    context = {
        "contract": contract,
        "alerts": selectors.alerts_for(contract),
        "unpaid": contract.amount - contract.paid,
        "statuses": ContractStatus,
        "can_act": has_capability(user, Capability.MANAGE_WORK),
        "can_review": has_capability(user, Capability.LEGALITY_REVIEW)
        or user.role == Role.LEGAL_ADVISOR,
        "opinion_form": forms.OpinionForm(),
        "sign_form": forms.SignForm(),
        "close_form": forms.CloseForm(),
        "instalment_form": forms.InstalmentForm(),
        "payment_form": forms.PaymentForm(),
    }
    return render(request, "contracts/detail.html", context)


def _act(request, pk: int, form_class, call):
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        contract,
        form_class=form_class,
        call=call,
        back_to=reverse("contracts:contract_detail", args=[contract.pk]),
    )


@login_required
@require_POST
def contract_document(request, pk: int):
    def call(contract, data):
        services.contract_add_document(
            actor=request.user, contract=contract, upload=request.FILES.get("file")
        )

    return _act(request, pk, None, call)


@login_required
@require_GET
def contract_document_download(request, pk: int, doc_pk: int):
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    document = contract.documents.filter(pk=doc_pk).first()
    return stored_file_download(document)


@login_required
@require_POST
def contract_submit_review(request, pk: int):
    return _act(
        request,
        pk,
        None,
        lambda c, d: services.contract_submit_review(actor=request.user, contract=c),
    )


@login_required
@require_POST
def contract_opinion(request, pk: int):
    return _act(
        request,
        pk,
        forms.OpinionForm,
        lambda c, d: services.contract_legal_opinion(
            actor=request.user, contract=c, opinion=d["opinion"], passed=d["passed"]
        ),
    )


@login_required
@require_POST
def contract_sign(request, pk: int):
    return _act(
        request,
        pk,
        forms.SignForm,
        lambda c, d: services.contract_mark_signed(
            actor=request.user, contract=c, signed_on=d["signed_on"]
        ),
    )


@login_required
@require_POST
def contract_close(request, pk: int):
    return _act(
        request,
        pk,
        forms.CloseForm,
        lambda c, d: services.contract_close(
            actor=request.user, contract=c, outcome=d["outcome"], reason=d["reason"]
        ),
    )


@login_required
@require_POST
def contract_instalment(request, pk: int):
    return _act(
        request,
        pk,
        forms.InstalmentForm,
        lambda c, d: services.instalment_add(actor=request.user, contract=c, **d),
    )


@login_required
@require_POST
def contract_payment(request, pk: int):
    return _act(
        request,
        pk,
        forms.PaymentForm,
        lambda c, d: services.payment_record(actor=request.user, contract=c, **d),
    )


IMPORT_SESSION_KEY = "contract_import"
IMPORT_MAX_BYTES = 5 * 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def contract_import(request):
    """Upload a ledger and see the preview; a second POST with confirm=1 imports the valid rows."""
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        return _import_confirm(request)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        department = form.cleaned_data["department"]
        try:
            if not upload.name.lower().endswith(".xlsx"):
                raise ValidationError({"file": _("只接受 .xlsx 文件。")})
            if upload.size > IMPORT_MAX_BYTES:
                raise ValidationError({"file": _("文件过大，台账文件上限为 5 MB。")})
            data = upload.read()
            preview = importing.parse_ledger(data, user=request.user, department=department)
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="file")
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "data": base64.b64encode(data).decode(),
                "department": department.pk,
            }
    return render(request, "contracts/import.html", {"form": form, "preview": preview})


def _import_confirm(request):
    stored = request.session.pop(IMPORT_SESSION_KEY, None)
    if not stored:
        messages.error(request, _("请先上传台账并预览。"))
        return redirect("contracts:contract_import")
    department = get_scoped_or_404(
        request.user, OrgUnit.objects.all(), stored["department"], unit_field=""
    )
    data = base64.b64decode(stored["data"])
    try:
        preview = importing.parse_ledger(data, user=request.user, department=department)
        result = importing.ledger_import(actor=request.user, department=department, preview=preview)
    except ValidationError as exc:
        messages.error(request, _("台账有错误，未导入任何一行。"))
        for message in exc.messages:
            messages.error(request, message)
        return redirect("contracts:contract_import")
    messages.success(
        request,
        _("导入完成：新增 %(created)d 份，更新 %(updated)d 份，%(unchanged)d 份无变化。")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("contracts:contract_list")
