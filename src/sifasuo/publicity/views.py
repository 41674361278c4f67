"""Views of 普法宣传: thin wrappers over selectors and services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import indicators, lines
from sifasuo.core.exports import workbook, xlsx_response
from sifasuo.core.forms import add_service_errors
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import check_capability, download, paginate
from sifasuo.core.views.steps import run_step
from sifasuo.stations.selectors import stat_table, stat_units

from . import forms, selectors, services, todos


def _can_act(user) -> bool:
    return has_capability(user, Capability.MANAGE_WORK)


def _events(request):
    form = forms.EventFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.event_list_for_user(user=request.user, **filters)


@login_required
@require_GET
def event_list(request):
    form, events = _events(request)
    context = {
        "form": form,
        "page": paginate(request, events),
        "can_act": _can_act(request.user),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "publicity/event_list.html", context)


@login_required
@require_GET
def event_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, events = _events(request)
    headers = [
        "活动日期",
        "主办单位",
        "形式",
        "主题",
        "地点",
        "服务阵地",
        "学校",
        "受众",
        "受众人数",
        "主讲人",
    ]
    rows = (
        [
            e.held_on,
            e.unit.name,
            e.get_kind_display(),
            e.theme,
            e.place,
            e.station.name if e.station else "",
            e.school,
            e.audience,
            e.audience_count,
            e.speakers,
        ]
        for e in events
    )
    book = workbook("普法活动台账", headers, rows, [12, 18, 16, 30, 30, 24, 20, 16, 10, 20])
    return xlsx_response(book, "普法活动台账.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    initial = {"submission_token": uuid.uuid4(), "held_on": timezone.localdate()}
    form = forms.EventForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("普法活动已登记。"))
            return redirect("publicity:event_detail", event.pk)
    return render(request, "publicity/form.html", {"form": form, "title": _("登记普法活动")})


@login_required
@require_GET
def event_detail(request, pk: int):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    context = {"event": event, "can_act": _can_act(request.user), "photo_form": forms.PhotoForm()}
    return render(request, "publicity/event_detail.html", context)


@login_required
@require_POST
def event_photo(request, pk: int):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        event,
        form_class=None,
        call=lambda e, d: services.event_add_photo(
            actor=request.user, event=e, upload=request.FILES.get("file")
        ),
        back_to=reverse("publicity:event_detail", args=[event.pk]),
    )


@login_required
@require_GET
def event_photo_download(request, pk: int, photo_pk: int):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    photo = event.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    with photo.file.open("rb") as handle:
        return download(handle.read(), photo.original_name, "application/octet-stream")


@login_required
@require_GET
def duty_list_index(request):
    form = forms.DutyListFilterForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
    lists = selectors.duty_lists_for_user(user=request.user, year=year)
    # From a dashboard cell: the unfinished tasks it counted, of whichever year.
    records = todos.due_records(user=request.user)
    tasks, due = due_filter(request, records.queryset, records)
    context = {
        "form": form,
        "year": year,
        "lists": lists,
        "can_act": _can_act(request.user),
        "due_filter": due,
        "tasks": tasks.order_by("due_on", "pk") if due else None,
    }
    return render(request, "publicity/duty_lists.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def duty_list_create(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.DutyListForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            duty_list = services.duty_list_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("普法责任清单已建立，请逐项填写年度普法任务。"))
            return redirect("publicity:duty_list_detail", duty_list.pk)
    return render(request, "publicity/form.html", {"form": form, "title": _("建立普法责任清单")})


@login_required
@require_GET
def duty_list_detail(request, pk: int):
    duty_list = selectors.duty_list_get_for_user(user=request.user, pk=pk)
    tasks = list(duty_list.tasks.all())
    done = sum(1 for t in tasks if t.done_on)
    context = {
        "duty_list": duty_list,
        "tasks": tasks,
        "rate": round(100 * done / len(tasks), 1) if tasks else None,
        "done": done,
        "can_act": _can_act(request.user),
        "task_form": forms.TaskForm(),
        "done_form": forms.TaskDoneForm(),
    }
    return render(request, "publicity/duty_list_detail.html", context)


def _list_step(request, pk, form_class, call):
    duty_list = selectors.duty_list_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        duty_list,
        form_class=form_class,
        call=call,
        back_to=reverse("publicity:duty_list_detail", args=[duty_list.pk]),
    )


@login_required
@require_POST
def task_add(request, pk: int):
    return _list_step(
        request,
        pk,
        forms.TaskForm,
        lambda dl, d: services.task_add(actor=request.user, duty_list=dl, **d),
    )


@login_required
@require_POST
def task_done(request, pk: int, task_pk: int):
    def call(duty_list, data):
        task = selectors.task_get_for_user(user=request.user, duty_list=duty_list, pk=task_pk)
        services.task_mark_done(actor=request.user, task=task, **data)

    duty_list = selectors.duty_list_get_for_user(user=request.user, pk=pk)
    selectors.task_get_for_user(user=request.user, duty_list=duty_list, pk=task_pk)
    return _list_step(request, pk, forms.TaskDoneForm, call)


def _year_unit(request, form_class):
    form = form_class(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data.get("year") or timezone.localdate().year, data.get("unit")


@login_required
@require_GET
def plan(request):
    form, year, unit = _year_unit(request, forms.PlanFilterForm)
    items = list(selectors.plan_items_for_user(user=request.user, year=year, unit=unit))
    planned = sum(i.planned_count for i in items)
    done = sum(min(i.held, i.planned_count) for i in items)
    context = {
        "form": form,
        "year": year,
        "items": items,
        "planned": planned,
        "done": done,
        "rate": round(100 * done / planned, 1) if planned else None,
        "can_act": _can_act(request.user),
    }
    return render(request, "publicity/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_create(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.PlanItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.plan_item_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("计划事项已增加。"))
            return redirect(f"{reverse('publicity:plan')}?year={item.year}")
    return render(
        request, "publicity/form.html", {"form": form, "title": _("增加年度普法计划事项")}
    )


@login_required
@require_GET
def plan_item_detail(request, pk: int):
    item = selectors.plan_item_get_for_user(user=request.user, pk=pk)
    return render(request, "publicity/plan_item.html", {"item": item, "events": item.events.all()})


def _stats(request):
    form, year, unit = _year_unit(request, forms.StatsFilterForm)
    top, children = stat_units(user=request.user, unit=unit)
    period = indicators.Period.year(year)
    heads = [lines.indicators()[code] for code in selectors.STAT_CODES]
    table = (
        stat_table(codes=selectors.STAT_CODES, top=top, children=children, period=period)
        if top
        else []
    )
    return form, period, heads, table


@login_required
@require_GET
def stats(request):
    form, period, heads, table = _stats(request)
    context = {
        "form": form,
        "period": period,
        "heads": heads,
        "table": table,
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "publicity/stats.html", context)


@login_required
@require_GET
def stats_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, period, heads, table = _stats(request)
    headers = ["单位", *[f"{h.name}（{h.unit}）" for h in heads]]
    rows = ([unit.name, *values] for unit, values in table)
    book = workbook(f"{period.label}普法统计", headers, rows, [20] + [12] * len(heads))
    return xlsx_response(book, f"普法宣传统计{period.key}.xlsx")
