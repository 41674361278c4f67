"""Views of the batch contract review: upload, progress, one-by-one review and downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core.documents import DOCX
from sifasuo.core.forms import add_service_errors
from sifasuo.core.personal_data import mask_in_text
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.views._common import download, paginate, require_capability

from . import documents, selectors, services
from .forms import BatchForm, DecisionForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def batch_list(request):
    batches = selectors.batch_list_for_user(user=request.user)
    context = {
        "page": paginate(request, batches),
        "can_create": has_capability(request.user, Capability.MANAGE_WORK),
    }
    return render(request, "contract_review/batch_list.html", context)


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_http_methods(["GET", "POST"])
def batch_create(request):
    form = BatchForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="files")
        else:
            messages.success(request, _("已上传，正在后台审查。"))
            return redirect("contract_review:batch_detail", pk=batch.pk)
    return render(request, "contract_review/batch_form.html", {"form": form})


@login_required
@require_GET
def batch_detail(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    show = request.GET.get("show", "problem")
    if show not in selectors.CONTRACT_FILTERS:
        show = "problem"
    context = {
        "batch": batch,
        "counts": selectors.batch_counts(batch),
        "rule_counts": selectors.batch_rule_counts(batch),
        "show": show,
        "page": paginate(request, selectors.contract_list(batch=batch, show=show)),
        "next_pending": selectors.next_pending_contract(batch),
        "can_manage": has_capability(request.user, Capability.MANAGE_WORK),
        "can_export": has_capability(request.user, Capability.EXPORT),
        "stall_minutes": settings.SIFASUO_BATCH_STALL_MINUTES,
    }
    return render(request, "contract_review/batch_detail.html", context)


@login_required
@require_GET
def batch_progress(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    context = {
        "batch": batch,
        "counts": selectors.batch_counts(batch),
        "stall_minutes": settings.SIFASUO_BATCH_STALL_MINUTES,
    }
    response = render(request, "contract_review/partials/progress.html", context)
    if batch.finished and request.htmx:
        # The page was opened while the batch ran: reload it so the contract list appears.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_POST
def batch_resume(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    services.batch_resume(actor=request.user, batch=batch)
    messages.success(request, _("已重新排队，已审查的合同不会重复审查。"))
    return redirect("contract_review:batch_detail", pk=batch.pk)


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_POST
def batch_rerun(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    try:
        services.batch_rerun(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已重新排队审查全部合同，已作的确认和排除会保留。"))
    return redirect("contract_review:batch_detail", pk=batch.pk)


@login_required
@require_GET
def contract_detail(request, batch_pk: int, pk: int):
    contract = selectors.contract_get(user=request.user, batch_pk=batch_pk, pk=pk)
    previous, following = selectors.contract_neighbours(contract)
    context = {
        "batch": contract.batch,
        "contract": contract,
        # ID numbers and mobile numbers in the contract's own text are shown masked.
        "text": mask_in_text(contract.text),
        "facts": documents.fact_rows(contract),
        "findings": documents.findings_with_context(contract),
        "previous": previous,
        "following": following,
        "can_manage": has_capability(request.user, Capability.MANAGE_WORK),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "contract_review/contract_detail.html", context)


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_POST
def finding_decide(request, pk: int):
    finding = selectors.finding_get(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            finding = services.finding_decide(
                actor=request.user,
                finding=finding,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("请选择确认或排除。")
    if request.htmx:
        item = documents.finding_with_context(finding, finding.contract)
        context = {"item": item, "error": error, "can_manage": True}
        return render(request, "contract_review/partials/finding.html", context)
    if error:
        messages.error(request, error)
    contract = finding.contract
    return redirect("contract_review:contract_detail", batch_pk=contract.batch_id, pk=contract.pk)


@login_required
@require_capability(Capability.EXPORT)
@require_GET
def batch_report(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    confirmed_only = request.GET.get("scope") != "all"
    data = documents.batch_report_xlsx(batch, confirmed_only=confirmed_only)
    suffix = _("已确认") if confirmed_only else _("全部")
    return download(data, f"{batch.name}-审查报告-{suffix}.xlsx", XLSX)


@login_required
@require_capability(Capability.EXPORT)
@require_GET
def batch_opinions(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    data, count = documents.opinions_zip(batch)
    if not count:
        messages.error(request, _("还没有确认的问题，无法生成审查意见。"))
        return redirect("contract_review:batch_detail", pk=batch.pk)
    return download(data, f"{batch.name}-审查意见.zip", "application/zip")


@login_required
@require_capability(Capability.EXPORT)
@require_GET
def contract_opinion(request, batch_pk: int, pk: int):
    contract = selectors.contract_get(user=request.user, batch_pk=batch_pk, pk=pk)
    data = documents.opinion_docx(contract)
    return download(data, f"审查意见-{contract.pk}.docx", DOCX)
