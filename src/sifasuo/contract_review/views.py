"""Views of the batch contract review: upload, progress, one-by-one review and downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import deadline_service
from sifasuo.core.documents import DOCX
from sifasuo.core.forms import add_service_errors
from sifasuo.core.personal_data import mask_in_text
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import download, paginate, require_capability, stored_file_download
from sifasuo.core.views.steps import kept_input, run_step

from . import documents, rectifications, selectors, services, todos, totals
from .forms import (
    BatchForm,
    DecisionForm,
    RecoveryForm,
    RecoveryRemoveForm,
    RectificationDocumentForm,
    RectificationForm,
    TotalsFilterForm,
)

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
        **_rectification_context(request, contract),
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
        "can_reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA),
    }
    # Offered only when the text holds a number to reveal.
    context["text_has_numbers"] = context["text"] != contract.text
    return render(request, "contract_review/contract_detail.html", context)


@login_required
@require_POST
def contract_text_reveal(request, batch_pk: int, pk: int):
    """HTMX: the contract's text with its numbers in clear, written to the audit trail."""
    contract = selectors.contract_get(user=request.user, batch_pk=batch_pk, pk=pk)
    text = services.contract_text_reveal(actor=request.user, contract=contract)
    return render(request, "contract_review/partials/revealed_text.html", {"text": text})


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
    filename = f"审查意见-{contract.pk}.docx"
    # Masked by default; ?personal=1 prints the numbers in clear for an account allowed to reveal
    # personal data, with one audit row naming the document.
    clear = services.contract_text_for_output(
        actor=request.user,
        contract=contract,
        output=filename,
        include=request.GET.get("personal") == "1",
    )
    return download(documents.opinion_docx(contract, clear=clear), filename, DOCX)


# --- 整改 (rectification of confirmed problem contracts) ----------------------------------------


def _rectification_context(request, contract) -> dict:
    rectification = selectors.rectification_of(contract)
    confirmed = rectifications.confirmed_at(contract)
    may_edit = confirmed is not None and _owns(request.user, contract.batch.unit_id)
    version = rectification.version if rectification else None
    if rectification is not None:
        initial = {f: getattr(rectification, f) for f in rectifications.FIELDS}
    else:
        initial = {"old_annual_income": rectifications.suggested_old_income(contract)}
    initial["version"] = version
    kept = kept_input(request, "contract_review:rectification_save")
    return {
        "rectification": rectification,
        "confirmed_at": confirmed,
        "can_rectify": may_edit,
        "rectification_form": RectificationForm(initial={**initial, **(kept or {})}),
        "recovery_form": RecoveryForm(
            initial={
                "version": version,
                **(kept_input(request, "contract_review:recovery_add") or {}),
            }
        ),
        "document_form": RectificationDocumentForm(initial={"version": version}),
        "today": deadline_service.today(),
    }


def _owns(user, unit_id: int) -> bool:
    return has_capability(user, Capability.MANAGE_WORK) and user.unit_id == unit_id


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version") or "")
    except ValueError:
        return None


def _back(contract) -> str:
    url = reverse("contract_review:contract_detail", args=[contract.batch_id, contract.pk])
    return url + "#rectification"


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_POST
def rectification_save(request, batch_pk: int, pk: int):
    contract = selectors.contract_get(user=request.user, batch_pk=batch_pk, pk=pk)

    def call(record, data):
        data = {k: v for k, v in data.items() if k != "version"}
        return rectifications.rectification_save(
            actor=request.user, contract=record, version=_version(request), **data
        )

    return run_step(
        request,
        contract,
        form_class=RectificationForm,
        call=call,
        back_to=_back(contract),
        success=_("整改情况已保存。"),
    )


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_POST
def recovery_add(request, pk: int):
    rectification = selectors.rectification_get(user=request.user, pk=pk)

    def call(record, data):
        return rectifications.recovery_add(
            actor=request.user,
            rectification=record,
            version=_version(request),
            amount=data["amount"],
            received_on=data["received_on"],
            note=data["note"],
        )

    return run_step(
        request,
        rectification,
        form_class=RecoveryForm,
        call=call,
        back_to=_back(rectification.contract),
        success=_("回收资金已登记。"),
    )


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_POST
def recovery_remove(request, pk: int):
    rectification = selectors.rectification_get(user=request.user, pk=pk)

    def call(record, data):
        return rectifications.recovery_remove(
            actor=request.user,
            rectification=record,
            version=_version(request),
            recovery_id=data["recovery"],
        )

    return run_step(
        request,
        rectification,
        form_class=RecoveryRemoveForm,
        call=call,
        back_to=_back(rectification.contract),
        success=_("该笔回收记录已删除。"),
    )


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_POST
def rectification_document(request, pk: int):
    rectification = selectors.rectification_get(user=request.user, pk=pk)

    def call(record, data):
        return rectifications.rectification_add_document(
            actor=request.user, rectification=record, version=_version(request), upload=data["file"]
        )

    return run_step(
        request,
        rectification,
        form_class=RectificationDocumentForm,
        call=call,
        back_to=_back(rectification.contract),
        files=True,
        success=_("整改材料已上传。"),
    )


@login_required
@require_GET
def rectification_document_download(request, pk: int, doc_pk: int):
    rectification = selectors.rectification_get(user=request.user, pk=pk)
    document = rectification.documents.filter(pk=doc_pk).first()
    return stored_file_download(document)


@login_required
@require_GET
def rectification_list(request):
    state = request.GET.get("state", "open")
    if state not in totals.LIST_STATES:
        state = "open"
    root = totals.summary_root(user=request.user, unit_id=request.GET.get("unit"))
    contracts = totals.rectification_list(user=request.user, state=state, root=root)
    contracts, due = due_filter(request, contracts, todos.due_records(user=request.user))
    context = {
        "page": paginate(request, contracts),
        "due_filter": due,
        "state": state,
        "states": totals.LIST_STATES,
        "root": root,
        "today": deadline_service.today(),
    }
    return render(request, "contract_review/rectification_list.html", context)


def _totals(request):
    form = TotalsFilterForm(request.GET or None, this_year=deadline_service.today().year)
    root = totals.summary_root(user=request.user, unit_id=request.GET.get("unit"))
    start, end = form.period()
    view = totals.summary(user=request.user, root=root, start=start, end=end)
    period = f"{start or '—'} 至 {end or '—'}" if start or end else _("全部期间")
    return form, view, root, start, end, period


@login_required
@require_GET
def rectification_totals(request):
    form, view, root, _start, _end, period = _totals(request)
    query = request.GET.copy()
    query.pop("unit", None)
    context = {
        "form": form,
        "view": view,
        "root": root,
        "period": period,
        "definitions": totals.DEFINITIONS,
        "filters": query.urlencode(),
        "query": request.GET.urlencode(),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "contract_review/rectification_totals.html", context)


@login_required
@require_capability(Capability.EXPORT)
@require_GET
def rectification_totals_export(request):
    _form, view, root, start, end, period = _totals(request)
    scope_name = root.name if root is not None else _("全部单位")
    title = _("%(unit)s农村集体合同清理整改汇总") % {"unit": scope_name}
    contracts = totals.rectification_list(
        user=request.user, state="all", root=root, start=start, end=end
    )
    data = documents.totals_xlsx(view, title=title, period=str(period), contracts=contracts)
    return download(data, f"{title}.xlsx", XLSX)
