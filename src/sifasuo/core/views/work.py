"""我的待办 and 期限事项: open work items with their statutory due dates."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import dashboard, deadline_service, exports, selectors, services
from ..forms import WorkCloseForm, WorkFilterForm, WorkItemForm, add_service_errors
from ..models import WorkItem
from ..roles import Capability, has_capability
from ..todos import due_filter, home_counts, todo_groups_for_user, work_items_due_records
from ._common import check_capability, paginate, require_capability


@login_required
@require_GET
def home(request):
    items = selectors.home_items_for_user(user=request.user)
    groups = todo_groups_for_user(user=request.user)
    context = {
        "page": paginate(request, items),
        # The counters count everything listed below them: work items and each line's groups.
        "counts": home_counts(selectors.work_counts(items), groups),
        "holiday_notice": deadline_service.missing_year_notice(),
        "todo_groups": groups,
        # A supervisor's view across its offices, an office head's of the office.
        "dashboard": dashboard.dashboard_for(request.user),
    }
    return render(request, "core/home.html", context)


@login_required
@require_GET
def work_list(request):
    form = WorkFilterForm(request.GET or None, user=request.user)
    state, assignee = "", None
    if form.is_valid():
        state = form.cleaned_data["state"]
        assignee = form.cleaned_data["assignee"]
    items = selectors.work_list_for_user(
        user=request.user, state=state, assignee_id=assignee.pk if assignee else None
    )
    items, due = due_filter(request, items, work_items_due_records(user=request.user))
    context = {
        "form": form,
        "due_filter": due,
        "page": paginate(request, items),
        "can_create": has_capability(request.user, Capability.MANAGE_WORK),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "core/work/list.html", context)


@login_required
@require_GET
def work_detail(request, pk: int):
    item = selectors.work_item_get(user=request.user, pk=pk)
    can_manage = has_capability(request.user, Capability.MANAGE_WORK)
    context = {
        "item": item,
        "can_manage": can_manage and item.status == WorkItem.Status.OPEN,
        "can_extend": can_manage and selectors.work_item_extendable(item),
        "close_form": WorkCloseForm(),
    }
    return render(request, "core/work/detail.html", context)


@login_required
@require_capability(Capability.MANAGE_WORK)
@require_http_methods(["GET", "POST"])
def work_create(request):
    form = WorkItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.work_item_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="due_rule")
        else:
            messages.success(request, _("事项已登记。"))
            return redirect("core:work_detail", pk=item.pk)
    return render(request, "core/work/form.html", {"form": form})


@login_required
@require_POST
def work_extend(request, pk: int):
    item = selectors.work_item_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_WORK)
    try:
        item = services.work_item_extend(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("期限已延长至 %(date)s。") % {"date": item.due_on})
    return redirect("core:work_detail", pk=pk)


@login_required
@require_POST
def work_close(request, pk: int):
    item = selectors.work_item_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_WORK)
    form = WorkCloseForm(request.POST)
    form.is_valid()
    try:
        services.work_item_close(
            actor=request.user,
            item=item,
            result=form.cleaned_data.get("result", ""),
            cancelled=form.cleaned_data.get("cancelled", False),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("事项已办结。"))
    return redirect("core:work_detail", pk=pk)


@login_required
@require_capability(Capability.EXPORT)
@require_GET
def work_overdue_export(request):
    items = selectors.overdue_items_for_user(user=request.user)
    book = exports.overdue_ledger(items)
    filename = _("超期事项台账") + f"-{deadline_service.today():%Y%m%d}.xlsx"
    return exports.xlsx_response(book, filename)


@login_required
@require_GET
def work_due_preview(request):
    """HTMX: the engine's due date for the rule and start date being typed into the form."""
    rule_id = request.GET.get("due_rule", "")
    context = {}
    try:
        start = dt.date.fromisoformat(request.GET.get("due_start", ""))
    except ValueError:
        start = None
    if rule_id and start:
        try:
            context["due"], context["provisional"] = deadline_service.compute_due(rule_id, start)
            context["provisional_note"] = deadline_service.PROVISIONAL_NOTE
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
    return render(request, "core/work/_due_preview.html", context)


def _date_from_post(request, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.POST.get(name, ""))
    except ValueError:
        return None


@login_required
@require_POST
def work_pause(request, pk: int):
    """中止: stop the statutory clock from the given day, with a reason."""
    item = selectors.work_item_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_WORK)
    on = _date_from_post(request, "on")
    if on is None:
        messages.error(request, _("请填写中止日期。"))
        return redirect("core:work_detail", pk=pk)
    try:
        services.work_item_pause(
            actor=request.user, item=item, on=on, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("期限已中止。"))
    return redirect("core:work_detail", pk=pk)


@login_required
@require_POST
def work_resume(request, pk: int):
    """Restart the clock; the engine moves the due date by the paused days."""
    item = selectors.work_item_get(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_WORK)
    on = _date_from_post(request, "on")
    if on is None:
        messages.error(request, _("请填写恢复日期。"))
        return redirect("core:work_detail", pk=pk)
    try:
        item = services.work_item_resume(actor=request.user, item=item, on=on)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("期限已恢复计算，截止日为 %(date)s。") % {"date": item.due_on})
    return redirect("core:work_detail", pk=pk)
