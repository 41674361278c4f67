"""法律援助 screens: the list, the window's application form, the application page with its
timeline and the steps of the office and the centre, the declaration print, statistics."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import exports
from sifasuo.core import statistics as core_statistics
from sifasuo.core.documents import DOCX
from sifasuo.core.forms import add_service_errors
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.scoping import sees_everything
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import download, paginate
from sifasuo.core.views.steps import kept_input, run_step
from sifasuo.intake import selectors as intake_selectors

from . import documents, handover, selectors, services, todos
from .forms import (
    ApplicationForm,
    AssignForm,
    CloseForm,
    DecideForm,
    FilterForm,
    ForwardForm,
    MaterialsForm,
    ObjectionDecideForm,
    ObjectionForm,
    PriorAidForm,
    ReceiveForm,
    SuppliedForm,
    VisitForm,
    WithdrawnForm,
)
from .models import Decision, Outcome, Status


def _filtered(request):
    """The list's filter form and the applications it picks (the list and its 台账 agree)."""
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    due = filters.get("due", "")
    apps = selectors.application_list_for_user(
        user=request.user,
        status=filters.get("status", ""),
        due="due_soon" if due == "soon" else due,
        q=filters.get("q", ""),
    )
    return form, apps


@login_required
@require_GET
def application_list(request):
    form, apps = _filtered(request)
    apps, due = due_filter(request, apps, todos.due_records(user=request.user))
    context = {
        "form": form,
        "due_filter": due,
        "page": paginate(request, apps),
        "can_create": services.may_register_application(request.user),
        "can_export": has_capability(request.user, Capability.EXPORT),
        "query": request.GET.urlencode(),
    }
    return render(request, "legal_aid/list.html", context)


@login_required
@require_GET
def ledger(request):
    if not has_capability(request.user, Capability.EXPORT):
        raise PermissionDenied
    _form, apps = _filtered(request)
    apps, _due = due_filter(request, apps, todos.due_records(user=request.user))
    return exports.xlsx_response(documents.ledger_xlsx(apps), "法律援助申请登记台账.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    if not services.may_register_application(request.user):
        raise PermissionDenied
    matter = intake_selectors.matter_from_request(request)
    initial = {"submission_token": uuid.uuid4(), "received_on": timezone.localdate()}
    if matter is not None:
        initial.update(handover.initial_from_matter(matter))
    form = ApplicationForm(request.POST or None, initial=initial, from_matter=matter is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = services.application_register(
                actor=request.user,
                unit=matter.unit if matter else request.user.unit,
                matter=matter,
                applicant=form.applicant(),
                matter_kind=data["matter_kind"],
                art31_item=data["art31_item"],
                summary=data["summary"],
                opponent=data["opponent"],
                received_on=data["received_on"],
                groups=data["groups"],
                means_basis=data["means_basis"],
                exemption_item=data["exemption_item"],
                exemption_proof=data["exemption_proof"],
                art32_item=data["art32_item"],
                household_size=data["household_size"],
                household_income=data["household_income"],
                income_source=data["income_source"],
                declaration=data["declaration"],
                pledge_signed=data["pledge_signed"],
                submission_token=data.get("submission_token"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已受理法律援助申请 %(number)s。") % {"number": app.number})
            return redirect("legal_aid:detail", pk=app.pk)
    applicant = handover.requester(matter) if matter is not None else None
    return render(
        request,
        "legal_aid/form.html",
        {"form": form, "matter": matter, "applicant": applicant},
    )


def _steps_for(request, app) -> tuple[list[dict], list[dict]]:
    """The forms this person may post now: the office's, the centre's."""
    office = services.is_office_staff(request.user, app)
    centre = services.is_centre_staff(request.user, app)
    today = timezone.localdate()
    v = {"version": app.version}

    def step(name, title, form_class, initial=None):
        kept = kept_input(request, f"legal_aid:{name}") or {}
        return {
            "name": name,
            "title": title,
            "action": reverse(f"legal_aid:{name}", args=[app.pk]),
            "form": form_class(initial={**(initial or {}), **kept, **v}),
        }

    front, rest = [], []
    if office and app.status == Status.RECEIVED:
        front.append(step("forward", _("转交法律援助中心"), ForwardForm, {"forwarded_on": today}))
    if centre and app.status == Status.FORWARDED:
        front.append(step("receive", _("签收申请"), ReceiveForm, {"received_on": today}))
    waiting = app.materials_notice_on is not None and app.materials_supplied_on is None
    if (office or centre) and app.status == Status.REVIEWING and waiting:
        front.append(step("supplied", _("登记补充材料"), SuppliedForm, {"supplied_on": today}))
    if centre and app.status == Status.REVIEWING:
        front.append(step("decide", _("作出审查决定"), DecideForm, {"decided_on": today}))
        if app.materials_notice_on is None:
            rest.append(
                step("materials", _("一次性告知补充材料"), MaterialsForm, {"notified_on": today})
            )
        elif waiting:
            rest.append(
                step("withdrawn", _("未补充材料，视为撤回申请"), WithdrawnForm, {"on": today})
            )
        if not app.prior_aid_item:
            rest.append(step("prior_aid", _("先行提供法律援助"), PriorAidForm, {"given_on": today}))
    if centre and app.status == Status.GRANTED:
        front.append(step("assign", _("指派法律援助人员"), AssignForm, {"assigned_on": today}))
    if centre and app.status == Status.ASSIGNED:
        front.append(step("close", _("结案"), CloseForm, {"closed_on": today}))
    objectable = app.status == Status.REFUSED or (
        app.status == Status.CLOSED and app.outcome == Outcome.TERMINATED
    )
    pending_objection = any(not o.result for o in app.objections.all())
    if (office or centre) and objectable and not pending_objection:
        rest.append(step("objection_add", _("登记异议（第四十九条）"), ObjectionForm))
    if (
        (office or centre)
        and app.status == Status.CLOSED
        and app.outcome != Outcome.TERMINATED
        and not app.visited_on
    ):
        front.append(step("visit", _("回访受援人"), VisitForm, {"visited_on": today}))
    return front, rest


@login_required
@require_GET
def application_detail(request, pk: int):
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    front, rest = _steps_for(request, app)
    centre = services.is_centre_staff(request.user, app)
    objections = [
        {
            "objection": o,
            "form": ObjectionDecideForm(initial={"decided_on": timezone.localdate()})
            if centre and not o.result
            else None,
        }
        for o in app.objections.all()
    ]
    context = {
        "app": app,
        "steps": selectors.timeline(app),
        "next_steps": front,
        "other_steps": rest,
        "objections": objections,
        "reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA)
        and (sees_everything(request.user) or services.is_office_staff(request.user, app)),
        "today": timezone.localdate(),
    }
    return render(request, "legal_aid/detail.html", context)


def _action(service, form_class):
    """A POST step calling `service(actor, app, **form data)`."""

    @login_required
    @require_POST
    def view(request, pk: int):
        app = selectors.application_get_for_user(user=request.user, pk=pk)

        def call(record, data):
            service(actor=request.user, app=record, **data)

        return run_step(
            request,
            app,
            form_class=form_class,
            call=call,
            back_to=reverse("legal_aid:detail", args=[pk]),
        )

    return view


forward = _action(services.application_forward, ForwardForm)
receive = _action(services.application_receive, ReceiveForm)
decide = _action(services.application_decide, DecideForm)
prior_aid = _action(services.application_prior_aid, PriorAidForm)
materials = _action(services.application_request_materials, MaterialsForm)
supplied = _action(services.application_materials_supplied, SuppliedForm)
withdrawn = _action(services.application_withdrawn, WithdrawnForm)
assign = _action(services.application_assign, AssignForm)
close = _action(services.application_close, CloseForm)
visit = _action(services.application_visit, VisitForm)
objection_add = _action(services.objection_file, ObjectionForm)


@login_required
@require_POST
def objection_decide(request, pk: int, objection_pk: int):
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    objection = selectors.objection_get_for_user(
        user=request.user, application=app, pk=objection_pk
    )

    def call(record, data):
        services.objection_decide(actor=request.user, objection=record, **data)

    return run_step(
        request,
        objection,
        form_class=ObjectionDecideForm,
        call=call,
        back_to=reverse("legal_aid:detail", args=[pk]),
    )


@login_required
@require_GET
def declaration(request, pk: int):
    """The applicant's statement of their economic situation (第四十一条), to print and sign."""
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "legal_aid/declaration.html",
        {"app": app, "decision_grant": Decision.GRANT},
    )


@login_required
@require_GET
def refusal_notice_docx(request, pk: int):
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if app.decision != Decision.REFUSE:
        messages.error(request, _("该申请没有不予法律援助的决定。"))
        return redirect("legal_aid:detail", pk=pk)
    content = documents.refusal_notice_docx(app)
    return download(content, f"不予法律援助决定书-{app.number}.docx", DOCX)


def _statistics(request):
    user = request.user
    form, year, unit = core_statistics.year_choice_filter(
        request,
        units=selectors.statistics_units(user=user),
        default_unit=selectors.default_statistics_unit(user),
    )
    stats = selectors.statistics_for_user(user=user, year=year, unit=unit)
    return form, stats, unit, year


@login_required
@require_GET
def statistics(request):
    form, stats, unit, year = _statistics(request)
    context = {
        "form": form,
        "stats": stats,
        "unit": unit,
        "year": year,
        "columns": selectors.COLUMNS,
    }
    return core_statistics.render_page(request, "legal_aid/statistics.html", context)


@login_required
@require_GET
def statistics_export(request):
    if not has_capability(request.user, Capability.EXPORT):
        raise PermissionDenied
    _form, stats, unit, year = _statistics(request)
    title = core_statistics.scope_title(_("法律援助统计"), unit=unit, year=year)
    return exports.xlsx_response(documents.statistics_xlsx(stats, title=title), f"{title}.xlsx")
