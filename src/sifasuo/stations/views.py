"""Views of the service-point register: thin wrappers over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import indicators, lines, table_import
from sifasuo.core.exports import workbook, xlsx_response
from sifasuo.core.forms import add_service_errors
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.views import imports
from sifasuo.core.views._common import check_capability, paginate
from sifasuo.core.views.steps import run_step

from . import forms, importing, selectors, services


def _filtered(request):
    form = forms.StationFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.station_list_for_user(user=request.user, **filters)


@login_required
@require_GET
def station_list(request):
    form, stations = _filtered(request)
    context = {
        "form": form,
        "page": paginate(request, stations),
        "can_manage": has_capability(request.user, services.MANAGE),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "stations/list.html", context)


@login_required
@require_GET
def station_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, stations = _filtered(request)
    rows = (
        [
            s.unit.name,
            s.get_kind_display(),
            s.name,
            s.address,
            s.opening_hours,
            s.phone,
            "、".join(s.line_labels),
            "；".join(str(d) for d in s.duties.all()),
            s.established_on,
            s.closed_on,
        ]
        for s in stations
    )
    headers = [
        "所属单位",
        "类别",
        "名称",
        "地址",
        "开放时间",
        "服务电话",
        "服务事项",
        "值班安排",
        "建成日期",
        "撤销日期",
    ]
    book = workbook("公共法律服务阵地", headers, rows, [18, 24, 28, 36, 24, 14, 30, 50, 12, 12])
    return xlsx_response(book, "公共法律服务阵地台账.xlsx")


def _save_station(request, form, station=None):
    d = dict(form.cleaned_data)
    version = d.pop("version", None)
    try:
        if station is None:
            return services.station_create(actor=request.user, **d)
        services.station_update(actor=request.user, station=station, version=version, **d)
        return station
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def station_create(request):
    check_capability(request.user, services.MANAGE)
    form = forms.StationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        station = _save_station(request, form)
        if station is not None:
            messages.success(request, _("服务阵地已登记。"))
            return redirect("stations:station_detail", station.pk)
    return render(request, "stations/form.html", {"form": form, "title": _("登记服务阵地")})


@login_required
@require_http_methods(["GET", "POST"])
def station_edit(request, pk: int):
    station = selectors.station_get_for_user(user=request.user, pk=pk)
    check_capability(request.user, services.MANAGE)
    initial = {name: getattr(station, name) for name in services.FIELDS}
    initial["version"] = station.version
    form = forms.StationEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid() and _save_station(request, form, station):
        messages.success(request, _("已保存。"))
        return redirect("stations:station_detail", station.pk)
    return render(
        request, "stations/form.html", {"form": form, "title": station.name, "station": station}
    )


@login_required
@require_GET
def station_detail(request, pk: int):
    station = selectors.station_get_for_user(user=request.user, pk=pk)
    context = {
        "station": station,
        "rota": selectors.rota_by_weekday(station),
        "can_manage": has_capability(request.user, services.MANAGE),
        "duty_form": forms.DutyForm(),
        "close_form": forms.CloseForm(),
    }
    return render(request, "stations/detail.html", context)


def _step(request, pk, form_class, call):
    station = selectors.station_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        station,
        form_class=form_class,
        call=call,
        back_to=reverse("stations:station_detail", args=[station.pk]),
    )


@login_required
@require_POST
def duty_add(request, pk: int):
    return _step(
        request,
        pk,
        forms.DutyForm,
        lambda s, d: services.duty_add(actor=request.user, station=s, **d),
    )


@login_required
@require_POST
def duty_remove(request, pk: int, duty_pk: int):
    station = selectors.station_get_for_user(user=request.user, pk=pk)
    slot = station.duties.filter(pk=duty_pk).first()
    if slot is None:
        raise Http404
    return _step(
        request,
        pk,
        None,
        lambda s, d: services.duty_remove(actor=request.user, station=s, slot=slot),
    )


@login_required
@require_POST
def station_close(request, pk: int):
    return _step(
        request,
        pk,
        forms.CloseForm,
        lambda s, d: services.station_close(
            actor=request.user, station=s, closed_on=d["closed_on"]
        ),
    )


@login_required
@require_GET
def coverage(request):
    rows = selectors.coverage_for_user(user=request.user)
    return render(request, "stations/coverage.html", {"rows": rows})


def _stats(request):
    form = forms.StatsFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    top, children = selectors.stat_units(user=request.user, unit=data.get("unit"))
    period = indicators.Period.year(year)
    codes = selectors.STAT_CODES
    heads = [lines.indicators()[code] for code in codes]
    table = (
        selectors.stat_table(codes=codes, top=top, children=children, period=period) if top else []
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
    return render(request, "stations/stats.html", context)


@login_required
@require_GET
def stats_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, period, heads, table = _stats(request)
    headers = ["单位", *[f"{h.name}（{h.unit}）" for h in heads]]
    rows = ([unit.name, *values] for unit, values in table)
    book = workbook(f"{period.label}服务阵地统计", headers, rows, [20] + [12] * len(heads))
    return xlsx_response(book, f"公共法律服务阵地统计{period.key}.xlsx")


@login_required
@require_GET
def import_template(request):
    """The blank 台账 with the columns the import reads and one example row."""
    importer = importing.StationImporter()
    book = table_import.template_workbook(importer, importing.EXAMPLE)
    return xlsx_response(book, f"{importer.title}（模板）.xlsx")


IMPORT_KEY = "stations_import"


@login_required
@require_http_methods(["GET", "POST"])
def station_import(request):
    """Upload a list and see the preview; a second POST with confirm=1 imports the valid
    rows."""
    check_capability(request.user, services.MANAGE)
    importer = importing.StationImporter()
    if request.method == "POST" and request.POST.get("confirm") == "1":
        return _import_confirm(request, importer)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = imports.upload_preview(
            request, form, importer, IMPORT_KEY, context=importing.context_for(request.user)
        )
    context = {
        "form": form,
        "preview": preview,
        "importer": importer,
        "template_url": reverse("stations:import_template"),
    }
    return render(request, "stations/import.html", context)


def _import_confirm(request, importer):
    return imports.confirm_stashed(
        request,
        importer,
        IMPORT_KEY,
        unit_for=lambda stored: request.user.unit,
        context_for=lambda unit: importing.context_for(request.user),
        retry="stations:station_import",
        done=lambda unit: reverse("stations:station_list"),
        missing=str(_("请先上传台账并预览。")),
    )
