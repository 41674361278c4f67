"""统计报表 (one sheet per business line, .xlsx and PDF) and 工作总结数据 (.docx and plain text)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import exports, reports
from ..documents import PDF
from ..indicators import Period
from ..models import OrgUnit
from ..roles import Capability, has_capability
from ..scoping import visible_units
from ._common import download
from .indicators import PeriodForm, _root

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _chosen(request) -> dict:
    """The period, unit and line asked for; a period that cannot be read is shown as the form's
    Chinese error and the current year is used meanwhile."""
    if not reports.may_report(request.user):
        raise PermissionDenied
    available = reports.report_lines()
    form = PeriodForm(
        request.GET or None,
        line_choices=[(line.label, str(line.name)) for line in available],
        initial={"kind": "year", "year": timezone.localdate().year},
    )
    valid = form.is_valid() if form.is_bound else False
    data = form.cleaned_data if valid else {}
    root = _root(request.user, data.get("unit") if valid else request.GET.get("unit"))
    period = data.get("the_period") or Period.year(timezone.localdate().year)
    line = next((x for x in available if x.label == data.get("line")), None)
    return {
        "form": form,
        "valid": valid or not form.is_bound,
        "root": root,
        "period": period,
        "line": line or (available[0] if available else None),
        "lines_available": available,
        "unit_choices": _unit_choices(request.user),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }


def _unit_choices(user) -> list[OrgUnit]:
    """The units the user may report on: their own and every city, county and office below."""
    return list(
        visible_units(user).filter(kind__in=reports.REPORTED_KINDS, is_active=True).order_by("path")
    )


def _export_allowed(request, context) -> bool:
    if not context["can_export"]:
        raise PermissionDenied
    return context["valid"]


@login_required
@require_GET
def report(request):
    context = _chosen(request)
    line = context["line"]
    context["sheet"] = reports.sheet_for(line, context["root"], context["period"]) if line else None
    return render(request, "core/reports/report.html", context)


def _invalid(request, context):
    context["sheet"] = None
    return render(request, "core/reports/report.html", context, status=400)


@login_required
@require_GET
def report_xlsx(request):
    context = _chosen(request)
    if not _export_allowed(request, context):
        return _invalid(request, context)
    root, period = context["root"], context["period"]
    sheets = reports.statistics_report(root, period)
    content = reports.report_xlsx(sheets, root, period)
    return download(content, f"{reports.report_title(root, period)}.xlsx", exports.XLSX)


@login_required
@require_GET
def report_pdf(request):
    context = _chosen(request)
    if not _export_allowed(request, context):
        return _invalid(request, context)
    root, period = context["root"], context["period"]
    sheets = reports.statistics_report(root, period)
    content = reports.report_pdf(sheets, root, period)
    return download(content, f"{reports.report_title(root, period)}.pdf", PDF)


@login_required
@require_GET
def summary(request):
    context = _chosen(request)
    summary = reports.summary_sheet(context["root"], context["period"])
    context.update(summary=summary, text=reports.summary_text(summary))
    return render(request, "core/reports/summary.html", context)


@login_required
@require_GET
def summary_docx(request):
    context = _chosen(request)
    if not _export_allowed(request, context):
        context.update(summary=[], text="")
        return render(request, "core/reports/summary.html", context, status=400)
    root, period = context["root"], context["period"]
    content = reports.summary_docx(reports.summary_sheet(root, period), root, period)
    return download(content, f"{reports.summary_title(root, period)}.docx", DOCX)
