"""Views of 一村（居）一法律顾问: thin wrappers over selectors and services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import deadline_service, lines, table_import
from sifasuo.core import statistics as core_statistics
from sifasuo.core.exports import xlsx_response
from sifasuo.core.forms import add_service_errors
from sifasuo.core.indicators import Period
from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.scoping import can_see_unit
from sifasuo.core.views import imports
from sifasuo.core.views._common import check_capability, paginate, stored_file_download
from sifasuo.core.views.steps import kept_input, run_step

from . import checks, exports, forms, importing, selectors, services
from .models import LogKind

STAT_CODES = [
    "advisors.visits",
    "advisors.opinions",
    "advisors.logs",
    "advisors.villages",
    "advisors.villages_covered",
    "advisors.coverage_rate",
    "advisors.villages_visited",
]


def _can_manage(user) -> bool:
    return has_capability(user, Capability.MANAGE_WORK) and user.role != Role.LEGAL_ADVISOR


def _office(request):
    return selectors.office_for_user(request.user, request.GET.get("unit") or None)


@login_required
@require_GET
def coverage(request):
    office = _office(request)
    rows = selectors.coverage(office) if office else []
    context = {
        "office": office,
        "rows": rows,
        "form": forms.OfficeFilterForm(request.GET or None, user=request.user),
        "gaps": sum(1 for r in rows if not r.covered),
        "can_manage": _can_manage(request.user),
    }
    return render(request, "advisors/coverage.html", context)


@login_required
@require_GET
def appointment_list(request):
    q = request.GET.get("q", "")[:100]
    page = paginate(request, selectors.appointments_for_user(user=request.user, q=q))
    context = {"page": page, "q": q, "can_manage": _can_manage(request.user)}
    return render(request, "advisors/appointment_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appointment_create(request):
    if not _can_manage(request.user):
        raise PermissionDenied
    office = _office(request)
    if office is None:
        raise Http404
    form = forms.AppointmentForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_create(
                actor=request.user, office=office, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "聘任已登记。")
            return redirect("advisors:appointment_detail", appointment.pk)
    return render(request, "advisors/appointment_form.html", {"form": form, "office": office})


@login_required
@require_GET
def appointment_detail(request, pk: int):
    appointment = selectors.appointment_get_for_user(user=request.user, pk=pk)
    logs = selectors.logs_for_user(user=request.user, appointment=appointment)[:50]
    initial = {
        name: getattr(appointment, name)
        for name in ("lawyer_name", "firm", "license_no", "starts_on", "ends_on", "fee", "note")
    }
    context = {
        "appointment": appointment,
        "logs": logs,
        "can_manage": _can_manage(request.user),
        "can_log": has_capability(request.user, Capability.MANAGE_WORK),
        "can_reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA),
        "edit_form": forms.AppointmentForm(
            initial={
                **initial,
                "village": appointment.village_id,
                "account": appointment.account_id,
            },
            office=appointment.unit,
        ),
        "rating_form": forms.RatingForm(initial={"year": deadline_service.today().year}),
        "end_form": forms.EndEarlyForm(
            initial={
                "ended_on": deadline_service.today(),
                **(kept_input(request, "advisors:appointment_end") or {}),
            }
        ),
    }
    return render(request, "advisors/appointment_detail.html", context)


@login_required
@require_POST
def appointment_edit(request, pk: int):
    appointment = selectors.appointment_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        appointment,
        form_class=forms.AppointmentForm,
        form_kwargs={"office": appointment.unit},
        call=lambda a, d: services.appointment_update(actor=request.user, appointment=a, **d),
        back_to=reverse("advisors:appointment_detail", args=[appointment.pk]),
    )


@login_required
@require_POST
def appointment_rating(request, pk: int):
    appointment = selectors.appointment_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        appointment,
        form_class=forms.RatingForm,
        call=lambda a, d: services.rating_set(
            actor=request.user,
            appointment=a,
            year=d["year"],
            score=d["score"],
            grade=d["grade"],
            comment=d["comment"],
        ),
        back_to=reverse("advisors:appointment_detail", args=[appointment.pk]),
        success="评议已保存。",
    )


@login_required
@require_POST
def appointment_end(request, pk: int):
    appointment = selectors.appointment_get_for_user(user=request.user, pk=pk)
    if not _can_manage(request.user):
        raise PermissionDenied
    return run_step(
        request,
        appointment,
        form_class=forms.EndEarlyForm,
        call=lambda a, d: services.appointment_end_early(
            actor=request.user,
            appointment=a,
            ended_on=d["ended_on"],
            reason=d["reason"],
            note=d["note"],
        ),
        back_to=reverse("advisors:appointment_detail", args=[appointment.pk]),
        success="聘任已提前终止。",
    )


IMPORT_KEY = "advisors_import"


@login_required
@require_http_methods(["GET", "POST"])
def appointment_import(request):
    """Upload the 聘任表 and see the preview; a second POST with confirm=1 imports the valid
    rows."""
    if not _can_manage(request.user):
        raise PermissionDenied
    importer = importing.AppointmentImporter()
    if request.method == "POST" and request.POST.get("confirm") == "1":
        return _import_confirm(request, importer)
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        office = form.cleaned_data["unit"]
        preview = imports.upload_preview(
            request,
            form,
            importer,
            IMPORT_KEY,
            context=importing.context_for(office),
            unit=office.pk,
        )
    context = {
        "form": form,
        "preview": preview,
        "importer": importer,
        "template_url": reverse("advisors:import_template"),
    }
    return render(request, "advisors/import.html", context)


def _import_confirm(request, importer):
    return imports.confirm_stashed(
        request,
        importer,
        IMPORT_KEY,
        unit_for=lambda stored: selectors.office_for_user(request.user, stored["unit"]),
        context_for=importing.context_for,
        retry="advisors:appointment_import",
        done=lambda office: reverse("advisors:coverage") + f"?unit={office.pk}",
        missing="请先上传聘任表并预览。",
    )


@login_required
@require_GET
def import_template(request):
    importer = importing.AppointmentImporter()
    book = table_import.template_workbook(importer, importing.EXAMPLE)
    return xlsx_response(book, f"{importer.title}（模板）.xlsx")


# -- service logs ----------------------------------------------------------------------------


def _log_filters(request):
    form = forms.MonthForm(request.GET or None, user=request.user)
    month = form.cleaned_data.get("month") if form.is_valid() else None
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    kind = request.GET.get("kind", "")
    logs = selectors.logs_for_user(
        user=request.user, month=month, kind=kind if kind in LogKind.values else ""
    )
    if unit is not None:
        logs = logs.filter(unit=unit)
    return form, logs, month


@login_required
@require_GET
def log_list(request):
    form, logs, _month = _log_filters(request)
    context = {
        "form": form,
        "page": paginate(request, logs),
        "kinds": LogKind.choices,
        "can_log": has_capability(request.user, Capability.MANAGE_WORK),
        "can_export": has_capability(request.user, Capability.EXPORT),
        "query": request.GET.urlencode(),
    }
    return render(request, "advisors/log_list.html", context)


@login_required
@require_GET
def log_export(request):
    """服务台账 (.xlsx): the logs the list shows."""
    check_capability(request.user, Capability.EXPORT)
    _form, logs, month = _log_filters(request)
    title = f"村居法律顾问服务台账{f'（{month:%Y年%m月}）' if month else ''}"
    return xlsx_response(exports.ledger_workbook(logs, title=title), f"{title}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def log_create(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.LogForm(
        request.POST or None,
        user=request.user,
        initial={
            "submission_token": uuid.uuid4(),
            "served_on": deadline_service.today(),
            "people_served": 1,
            "appointment": request.GET.get("appointment"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log = services.log_create(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "工作日志已登记，请上传签字确认单和现场照片。")
            return redirect("advisors:log_detail", log.pk)
    return render(request, "advisors/log_form.html", {"form": form})


@login_required
@require_GET
def log_detail(request, pk: int):
    log = selectors.log_get_for_user(user=request.user, pk=pk)
    hand_overs = []
    if log.matter is not None and can_see_unit(request.user, log.matter.unit):
        hand_overs = [
            (h.label, reverse(h.url_name) + f"?matter={log.matter.pk}")
            for h in lines.hand_overs_for(user=request.user, matter=log.matter)
        ]
    context = {
        "log": log,
        "gaps": checks.log_gaps(log),
        "can_edit": has_capability(request.user, Capability.MANAGE_WORK),
        "can_report": has_capability(request.user, Capability.MANAGE_PARTIES),
        "hand_overs": hand_overs,
        "edit_form": forms.LogEditForm(initial={n: getattr(log, n) for n in services.LOG_FIELDS}),
        "attachment_form": forms.AttachmentForm(),
        "report_form": forms.ReportForm(
            initial={"requester_name": log.consulter_name, "matter_type": "dispute"}
        ),
    }
    return render(request, "advisors/log_detail.html", context)


def _log_step(request, pk, form_class, call, *, files=False, success=None):
    log = selectors.log_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        log,
        form_class=form_class,
        call=call,
        files=files,
        success=success,
        back_to=reverse("advisors:log_detail", args=[log.pk]),
    )


@login_required
@require_POST
def log_edit(request, pk: int):
    return _log_step(
        request,
        pk,
        forms.LogEditForm,
        lambda log, d: services.log_update(actor=request.user, log=log, **d),
    )


@login_required
@require_POST
def log_attach(request, pk: int):
    return _log_step(
        request,
        pk,
        forms.AttachmentForm,
        lambda log, d: services.log_attach(
            actor=request.user, log=log, kind=d["kind"], upload=d["file"]
        ),
        files=True,
        success="附件已上传。",
    )


@login_required
@require_POST
def log_report(request, pk: int):
    return _log_step(
        request,
        pk,
        forms.ReportForm,
        lambda log, d: services.log_report_to_intake(actor=request.user, log=log, **d),
        success="已上报一站式受理，查询码见下方。",
    )


@login_required
@require_GET
def attachment_download(request, pk: int, attachment_pk: int):
    log = selectors.log_get_for_user(user=request.user, pk=pk)
    attachment = log.attachments.filter(pk=attachment_pk).first()
    return stored_file_download(attachment)


# -- month close, evaluation, statistics -----------------------------------------------------


@login_required
@require_GET
def completeness(request):
    form = forms.MonthForm(request.GET or None, user=request.user)
    today = deadline_service.today()
    month = (form.cleaned_data.get("month") if form.is_valid() else None) or today.replace(day=1)
    office = _office(request)
    report = checks.month_report(office=office, month=month) if office else []
    context = {
        "form": form,
        "office": office,
        "month": month,
        "report": report,
        "can_close": _can_manage(request.user) and month <= today,
    }
    return render(request, "advisors/completeness.html", context)


@login_required
@require_POST
def month_close(request):
    office = _office(request)
    if office is None:
        raise Http404
    form = forms.MonthCloseForm(request.POST)
    back = reverse("advisors:completeness") + f"?unit={office.pk}"
    if form.is_valid():
        d = form.cleaned_data
        back += f"&month={d['month']:%Y-%m}"
    return run_step(
        request,
        office,
        form_class=forms.MonthCloseForm,
        call=lambda o, d: services.month_close(
            actor=request.user,
            office=o,
            license_no=d["license_no"],
            month=d["month"],
            note=d["note"],
        ),
        back_to=back,
        success="已结账。",
    )


def _year_form(request, form_class=forms.YearForm):
    form = form_class(request.GET or None, user=request.user)
    ok = form.is_valid()
    year = (form.cleaned_data.get("year") if ok else None) or deadline_service.today().year
    unit = form.cleaned_data.get("unit") if ok else None
    return form, year, unit


@login_required
@require_GET
def evaluation(request):
    form, year, unit = _year_form(request)
    rows = selectors.evaluation(user=request.user, year=year, office=unit)
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "kinds": LogKind.choices,
        "can_export": has_capability(request.user, Capability.EXPORT),
        "query": request.GET.urlencode(),
    }
    return render(request, "advisors/evaluation.html", context)


@login_required
@require_GET
def evaluation_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, year, unit = _year_form(request)
    rows = selectors.evaluation(user=request.user, year=year, office=unit)
    title = f"村居法律顾问{year}年度考评表"
    return xlsx_response(exports.evaluation_workbook(rows, title=title), f"{title}.xlsx")


def _statistics(request):
    form, year, unit = _year_form(request, forms.StatisticsForm)
    offices = list(selectors.offices_for_user(request.user))
    units = core_statistics.offices_and_total(offices, unit=unit, user=request.user)
    indicators, rows = core_statistics.indicator_rows(STAT_CODES, units, Period.year(year))
    return form, year, indicators, rows


@login_required
@require_GET
def statistics(request):
    form, year, indicators, rows = _statistics(request)
    context = {
        "form": form,
        "year": year,
        "indicators": indicators,
        "rows": rows,
    }
    return core_statistics.render_page(request, "advisors/statistics.html", context)


@login_required
@require_GET
def statistics_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, year, indicators, rows = _statistics(request)
    title = f"村居法律顾问统计（{year}年）"
    return xlsx_response(
        core_statistics.indicator_workbook(indicators, rows, title=title), f"{title}.xlsx"
    )
