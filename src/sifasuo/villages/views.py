"""Views of 法律明白人与民主法治村: thin wrappers over selectors and services."""

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
from sifasuo.core.views import imports
from sifasuo.core.views._common import check_capability, paginate
from sifasuo.core.views.steps import run_step

from . import forms, importing, selectors, services
from .models import UnderstanderRole

STAT_CODES = [
    "villages.villages",
    "villages.understanders",
    "villages.model_households",
    "villages.villages_meeting_target",
    "villages.target_rate",
    "villages.trainings",
    "villages.training_attendance",
    "villages.early_reports",
    "villages.villages_with_rules",
    "villages.rules_rate",
    "villages.demo_national",
    "villages.demo_provincial",
    "villages.demo_city",
    "villages.demo_county",
]


def _can_manage(user) -> bool:
    return has_capability(user, Capability.MANAGE_WORK) and user.role != Role.LEGAL_ADVISOR


def _office(request):
    return selectors.office_for_user(request.user, request.GET.get("unit") or None)


@login_required
@require_GET
def overview(request):
    office = _office(request)
    rows = selectors.overview(office) if office else []
    context = {
        "office": office,
        "rows": rows,
        "form": forms.OfficeFilterForm(request.GET or None, user=request.user),
        "target": selectors.target_per_village(),
        "short": sum(1 for r in rows if not r.meets_target),
        "with_rules": sum(1 for r in rows if r.rules),
        "without_rules": sum(1 for r in rows if not r.rules),
        "can_manage": _can_manage(request.user),
    }
    return render(request, "villages/overview.html", context)


@login_required
@require_GET
def village_detail(request):
    """One village: its 法律明白人, reports, 示范村 standing and 村规民约 (`?village=<id>`; by
    default the first village of the user's office)."""
    pk = request.GET.get("village")
    if pk:
        village = selectors.village_get_for_user(user=request.user, pk=pk)
    else:
        office = _office(request)
        village = selectors.villages_of(office).first() if office else None
        if village is None:
            raise Http404
    office = village.parent
    row = selectors.overview_row(village)
    rules = row.rules
    standing = row.standing
    context = {
        "village": village,
        "office": office,
        "row": row,
        "people": selectors.understanders_for_user(user=request.user, village=village),
        "reports": selectors.reports_for_user(user=request.user).filter(village=village)[:20],
        "can_manage": _can_manage(request.user),
        "standing_form": forms.StandingForm(
            initial={"level": standing.level, "year": standing.year} if standing else None
        ),
        "rules_form": forms.RulesForm(
            office=office,
            initial={
                "title": rules.title,
                "adopted_on": rules.adopted_on,
                "review": rules.review_id,
                "summary": rules.summary,
            }
            if rules
            else {
                "title": f"{village.name}村规民约"
                if not village.name.endswith("社区")
                else f"{village.name}居民公约"
            },
        ),
        "revision_form": forms.RevisionForm(office=office),
    }
    return render(request, "villages/village_detail.html", context)


def _village_back(village) -> str:
    return reverse("villages:village_detail") + f"?village={village.pk}"


@login_required
@require_POST
def village_standing(request, pk: int):
    village = selectors.village_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        village,
        form_class=forms.StandingForm,
        call=lambda v, d: services.standing_set(actor=request.user, village=v, **d),
        back_to=_village_back(village),
    )


@login_required
@require_POST
def village_rules(request, pk: int):
    village = selectors.village_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        village,
        form_class=forms.RulesForm,
        form_kwargs={"office": village.parent},
        call=lambda v, d: services.rules_set(actor=request.user, village=v, **d),
        back_to=_village_back(village),
    )


@login_required
@require_GET
def rules_detail(request, pk: int):
    rules = selectors.rules_get_for_user(user=request.user, pk=pk)
    return redirect(_village_back(rules.village))


@login_required
@require_POST
def rules_revise(request, pk: int):
    rules = selectors.rules_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        rules,
        form_class=forms.RevisionForm,
        form_kwargs={"office": rules.unit},
        call=lambda r, d: services.rules_revise(actor=request.user, rules=r, **d),
        back_to=_village_back(rules.village),
    )


# -- 法律明白人 ------------------------------------------------------------------------------


@login_required
@require_GET
def understander_list(request):
    q = request.GET.get("q", "")[:100]
    role = request.GET.get("role", "")
    people = selectors.understanders_for_user(
        user=request.user, q=q, role=role if role in UnderstanderRole.values else ""
    )
    context = {
        "page": paginate(request, people),
        "q": q,
        "roles": UnderstanderRole.choices,
        "can_manage": _can_manage(request.user),
    }
    return render(request, "villages/understander_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def understander_create(request):
    if not _can_manage(request.user):
        raise PermissionDenied
    office = _office(request)
    if office is None:
        raise Http404
    form = forms.UnderstanderForm(
        request.POST or None, office=office, initial={"village": request.GET.get("village")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.understander_create(
                actor=request.user, office=office, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "法律明白人已登记。")
            return redirect("villages:understander_detail", person.pk)
    return render(request, "villages/understander_form.html", {"form": form, "office": office})


@login_required
@require_GET
def understander_detail(request, pk: int):
    person = selectors.understander_get_for_user(user=request.user, pk=pk)
    fields = ("village", "name", "role", "model_household", "since", "is_active")
    context = {
        "person": person,
        "can_manage": _can_manage(request.user),
        "can_report": has_capability(request.user, Capability.MANAGE_PARTIES),
        "can_reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA),
        "edit_form": forms.UnderstanderForm(
            office=person.unit,
            initial={
                **{f: getattr(person, f) for f in fields},
                "village": person.village_id,
            },
        ),
    }
    return render(request, "villages/understander_detail.html", context)


@login_required
@require_POST
def understander_edit(request, pk: int):
    person = selectors.understander_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        person,
        form_class=forms.UnderstanderForm,
        form_kwargs={"office": person.unit},
        call=lambda p, d: services.understander_update(actor=request.user, person=p, **d),
        back_to=reverse("villages:understander_detail", args=[person.pk]),
    )


IMPORT_KEY = "villages_import"


@login_required
@require_http_methods(["GET", "POST"])
def understander_import(request):
    if not _can_manage(request.user):
        raise PermissionDenied
    importer = importing.UnderstanderImporter()
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
        "template_url": reverse("villages:import_template"),
    }
    return render(request, "villages/import.html", context)


def _import_confirm(request, importer):
    return imports.confirm_stashed(
        request,
        importer,
        IMPORT_KEY,
        unit_for=lambda stored: selectors.office_for_user(request.user, stored["unit"]),
        context_for=importing.context_for,
        retry="villages:understander_import",
        done=lambda office: reverse("villages:overview") + f"?unit={office.pk}",
        missing="请先上传名册并预览。",
    )


@login_required
@require_GET
def import_template(request):
    importer = importing.UnderstanderImporter()
    book = table_import.template_workbook(importer, importing.EXAMPLE)
    return xlsx_response(book, f"{importer.title}（模板）.xlsx")


# -- trainings -------------------------------------------------------------------------------


@login_required
@require_GET
def training_list(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    trainings = selectors.trainings_for_user(user=request.user, year=year)
    context = {
        "page": paginate(request, trainings),
        "year": year,
        "total_attendance": sum(t.attendance for t in trainings),
        "can_manage": _can_manage(request.user),
    }
    return render(request, "villages/training_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request):
    if not _can_manage(request.user):
        raise PermissionDenied
    office = _office(request)
    if office is None:
        raise Http404
    form = forms.TrainingForm(
        request.POST or None,
        office=office,
        initial={"held_on": deadline_service.today(), "submission_token": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            training = services.training_record(
                actor=request.user, office=office, **{**d, "attendees": list(d["attendees"])}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "培训已登记。")
            return redirect("villages:training_detail", training.pk)
    return render(request, "villages/training_form.html", {"form": form, "office": office})


@login_required
@require_GET
def training_detail(request, pk: int):
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    return render(request, "villages/training_detail.html", {"training": training})


# -- early reports ---------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request):
    answered = request.GET.get("answered", "")
    reports = selectors.reports_for_user(user=request.user, answered=answered)
    context = {
        "page": paginate(request, reports),
        "answered": answered,
        "can_report": has_capability(request.user, Capability.MANAGE_PARTIES),
    }
    return render(request, "villages/report_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    check_capability(request.user, Capability.MANAGE_PARTIES)
    form = forms.ReportForm(
        request.POST or None,
        user=request.user,
        initial={
            "submission_token": uuid.uuid4(),
            "reported_on": deadline_service.today(),
            "reporter": request.GET.get("reporter"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_receive(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"报告已登记，并已转一站式受理（查询码 {report.matter.tracking_code}）。"
            )
            return redirect("villages:report_detail", report.pk)
    return render(request, "villages/report_form.html", {"form": form})


@login_required
@require_GET
def report_detail(request, pk: int):
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    matter = report.matter
    hand_overs = []
    if matter is not None:
        hand_overs = [
            (h.label, reverse(h.url_name) + f"?matter={matter.pk}")
            for h in lines.hand_overs_for(user=request.user, matter=matter)
        ]
    context = {
        "report": report,
        "matter": matter,
        "hand_overs": hand_overs,
        "can_reply": _can_manage(request.user),
        "reply_form": forms.ReplyForm(initial={"reply": report.reply}),
    }
    return render(request, "villages/report_detail.html", context)


@login_required
@require_POST
def report_reply(request, pk: int):
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        report,
        form_class=forms.ReplyForm,
        call=lambda r, d: services.report_reply(actor=request.user, report=r, reply=d["reply"]),
        back_to=reverse("villages:report_detail", args=[report.pk]),
        success="答复已保存。",
    )


# -- statistics ------------------------------------------------------------------------------


def _statistics(request):
    form = forms.YearForm(request.GET or None, user=request.user)
    ok = form.is_valid()
    year = (form.cleaned_data.get("year") if ok else None) or deadline_service.today().year
    unit = form.cleaned_data.get("unit") if ok else None
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
    return core_statistics.render_page(request, "villages/statistics.html", context)


@login_required
@require_GET
def statistics_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, year, indicators, rows = _statistics(request)
    title = f"法律明白人与民主法治村统计（{year}年）"
    book = core_statistics.indicator_workbook(indicators, rows, title=title)
    return xlsx_response(book, f"{title}.xlsx")
