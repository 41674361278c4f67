"""Views of 复议应诉: thin wrappers over selectors and services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import deadline_service
from sifasuo.core import statistics as core_statistics
from sifasuo.core.documents import DOCX
from sifasuo.core.exports import xlsx_response
from sifasuo.core.forms import add_service_errors
from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import check_capability, download, paginate, stored_file_download
from sifasuo.core.views.steps import kept_input, run_step

from . import documents, forms, selectors, services, todos
from . import statistics as stats
from .models import CaseStatus, Compliance, Procedure, TemplateKind


def _works(user) -> bool:
    return has_capability(user, services.WORK)


@login_required
@require_GET
def case_list(request):
    form = forms.CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_list_for_user(user=request.user, **filters)
    cases, due = due_filter(request, cases, todos.due_records(user=request.user))
    context = {
        "form": form,
        "due_filter": due,
        "page": paginate(request, cases),
        "can_create": _works(request.user)
        and request.user.unit is not None
        and request.user.unit.kind == UnitKind.OFFICE,
    }
    return render(request, "litigation/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    check_capability(request.user, services.WORK)
    if request.user.unit is None or request.user.unit.kind != UnitKind.OFFICE:
        raise Http404
    form = forms.CaseForm(
        request.POST or None,
        initial={"submission_token": uuid.uuid4(), "served_on": deadline_service.today()},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_register(
                actor=request.user,
                unit=request.user.unit,
                kind=data["kind"],
                procedure=data["procedure"],
                applicant=form.applicant(),
                department=data["department"],
                respondent=data["respondent"],
                contested_act=data["contested_act"],
                act_document=data["act_document"],
                act_kind=data["act_kind"],
                authority=data["authority"],
                external_number=data["external_number"],
                documents_received=data["documents_received"],
                served_on=data["served_on"],
                accepted_on=data["accepted_on"],
                handler=data["handler"],
                submission_token=data.get("submission_token"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已收案，法定期限已计算。"))
            return redirect("litigation:case_detail", case.pk)
    return render(request, "litigation/form.html", {"form": form})


@login_required
@require_GET
def case_detail(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    user = request.user
    works = user.is_superuser or (
        _works(user) and user.unit is not None and case.unit.is_within(user.unit)
    )
    v = {"version": case.version}
    replies = list(case.replies.all())
    context = {
        "case": case,
        "works": works,
        "is_head": user.is_superuser or user.role == Role.OFFICE_HEAD,
        "can_reveal": has_capability(user, Capability.REVEAL_PERSONAL_DATA),
        "statuses": CaseStatus,
        "periods": list(case.periods.all()),
        "evidence": list(case.evidence.all()),
        "replies": replies,
        "hearings": list(case.hearings.all()),
        "follow_up": getattr(case, "follow_up", None),
        "editable": case.status == CaseStatus.RECEIVED and case.signed_version_id is None,
        "first_instance": case.procedure == Procedure.FIRST_INSTANCE,
        "compliance_pending": case.compliance == Compliance.PENDING,
        "forms": {
            "accepted": forms.AcceptedForm(initial=v),
            "evidence": forms.EvidenceForm(
                initial=kept_input(request, "litigation:evidence_add") or None
            ),
            "reply_text": forms.ReplyTextForm(
                initial={
                    "facts": case.facts,
                    "legal_basis": case.legal_basis,
                    **(kept_input(request, "litigation:reply_text") or {}),
                    **v,
                }
            ),
            "upload": forms.ReplyUploadForm(),
            "file": forms.FileForm(initial={"filed_on": deadline_service.today()}),
            "hearing": forms.HearingEntryForm(
                initial=kept_input(request, "litigation:hearing_add")
                or {"body": case.authority, "held_on": deadline_service.today()}
            ),
            "outcome": forms.OutcomeForm(
                case=case,
                initial={
                    "outcome_on": deadline_service.today(),
                    **(kept_input(request, "litigation:case_conclude") or {}),
                    **v,
                },
            ),
            "hearing_record": forms.HearingRecordForm(
                initial=kept_input(request, "litigation:hearing_record") or None
            ),
            "appeal": forms.AppealForm(),
            "compliance": forms.ComplianceForm(initial={"compliance": case.compliance}),
        },
    }
    return render(request, "litigation/detail.html", context)


def _act(request, pk: int, form_class, call, *, files: bool = False, form_kwargs=None):
    """Run one workflow step from a POST on the case page and come back to it."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        case,
        form_class=form_class,
        call=call,
        back_to=reverse("litigation:case_detail", args=[case.pk]),
        files=files,
        form_kwargs=form_kwargs,
    )


@login_required
@require_POST
def case_accepted(request, pk: int):
    return _act(
        request,
        pk,
        forms.AcceptedForm,
        lambda c, d: services.case_set_accepted(
            actor=request.user, case=c, accepted_on=d["accepted_on"], version=d["version"]
        ),
    )


@login_required
@require_POST
def evidence_add(request, pk: int):
    return _act(
        request,
        pk,
        forms.EvidenceForm,
        lambda c, d: services.evidence_add(actor=request.user, case=c, **d),
    )


@login_required
@require_POST
def evidence_remove(request, pk: int, item_pk: int):
    def call(case, data):
        item = case.evidence.filter(pk=item_pk).first()
        if item is None:
            raise Http404
        services.evidence_remove(actor=request.user, case=case, item=item)

    return _act(request, pk, None, call)


@login_required
@require_POST
def reply_text(request, pk: int):
    return _act(
        request,
        pk,
        forms.ReplyTextForm,
        lambda c, d: services.reply_save_text(
            actor=request.user,
            case=c,
            facts=d["facts"],
            legal_basis=d["legal_basis"],
            version=d["version"],
        ),
    )


@login_required
@require_POST
def reply_generate(request, pk: int):
    return _act(request, pk, None, lambda c, d: services.reply_generate(actor=request.user, case=c))


@login_required
@require_POST
def reply_upload(request, pk: int):
    return _act(
        request,
        pk,
        forms.ReplyUploadForm,
        lambda c, d: services.reply_upload(
            actor=request.user, case=c, upload=d["file"], note=d["note"]
        ),
        files=True,
    )


def _reply_of(case, reply_pk: int):
    reply = case.replies.filter(pk=reply_pk).first()
    if reply is None:
        raise Http404
    return reply


@login_required
@require_GET
def reply_download(request, pk: int, reply_pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    reply = _reply_of(case, reply_pk)
    with reply.file.open("rb") as handle:
        content = handle.read()
    kind = DOCX if reply.original_name.lower().endswith(".docx") else "application/octet-stream"
    name = f"{case.reply_name}-{case.number}-v{reply.version}.docx"
    return download(content, name if kind == DOCX else reply.original_name, kind)


@login_required
@require_POST
def reply_sign(request, pk: int, reply_pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    reply = _reply_of(case, reply_pk)
    return _act(
        request, pk, None, lambda c, d: services.reply_sign(actor=request.user, case=c, reply=reply)
    )


@login_required
@require_POST
def reply_unsign(request, pk: int):
    return _act(request, pk, None, lambda c, d: services.reply_unsign(actor=request.user, case=c))


@login_required
@require_POST
def reply_file(request, pk: int):
    return _act(
        request,
        pk,
        forms.FileForm,
        lambda c, d: services.reply_file(actor=request.user, case=c, filed_on=d["filed_on"]),
    )


@login_required
@require_POST
def hearing_add(request, pk: int):
    return _act(
        request,
        pk,
        forms.HearingEntryForm,
        lambda c, d: services.hearing_add(actor=request.user, case=c, **d),
    )


@login_required
@require_POST
def hearing_record(request, pk: int, hearing_pk: int):
    def call(case, data):
        hearing = case.hearings.filter(pk=hearing_pk).first()
        if hearing is None:
            raise Http404
        services.hearing_record(actor=request.user, hearing=hearing, **data)

    return _act(request, pk, forms.HearingRecordForm, call)


@login_required
@require_POST
def case_conclude(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    return _act(
        request,
        pk,
        forms.OutcomeForm,
        lambda c, d: services.case_conclude(
            actor=request.user,
            case=c,
            outcome=d["outcome"],
            outcome_document=d["outcome_document"],
            outcome_on=d["outcome_on"],
            outcome_text=d["outcome_text"],
            version=d["version"],
        ),
        form_kwargs={"case": case},
    )


@login_required
@require_POST
def case_appeal(request, pk: int):
    return _act(
        request,
        pk,
        forms.AppealForm,
        lambda c, d: services.case_appeal(
            actor=request.user, case=c, appeal=d["appeal"], note=d["note"]
        ),
    )


@login_required
@require_POST
def case_compliance(request, pk: int):
    return _act(
        request,
        pk,
        forms.ComplianceForm,
        lambda c, d: services.case_compliance(
            actor=request.user, case=c, compliance=d["compliance"], note=d["note"]
        ),
    )


@login_required
@require_GET
def follow_up_list(request):
    case_talk = request.GET.get("talk") == "1"
    follow_ups = selectors.follow_ups_for_user(user=request.user, case_talk=case_talk)
    rows = [
        (
            f,
            forms.FollowUpForm(
                initial={
                    "plan": f.plan,
                    "due_on": f.due_on,
                    "done_on": f.done_on,
                    "done_note": f.done_note,
                    "for_case_talk": f.for_case_talk,
                    "case_talk_note": f.case_talk_note,
                }
            ),
        )
        for f in follow_ups
    ]
    context = {
        "rows": rows,
        "case_talk": case_talk,
        "can_edit": has_capability(request.user, Capability.MANAGE_WORK),
    }
    return render(request, "litigation/follow_ups.html", context)


@login_required
@require_POST
def follow_up_update(request, pk: int):
    follow_up = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        follow_up,
        form_class=forms.FollowUpForm,
        call=lambda f, d: services.follow_up_update(actor=request.user, follow_up=f, **d),
        back_to=reverse("litigation:follow_up_list"),
    )


def _statistics_request(request):
    if not selectors.can_read(request.user) or request.user.role == Role.DEPARTMENT_CLERK:
        raise Http404
    units = core_statistics.statistics_units(request.user)
    data = request.GET.copy()
    data.setdefault("year", str(deadline_service.today().year))
    form = forms.StatisticsForm(data, units=units)
    year, unit = core_statistics.chosen(
        form, year=deadline_service.today().year, unit=units.first()
    )
    return form, (stats.table(unit, year) if unit is not None else None)


@login_required
@require_GET
def statistics(request):
    form, table = _statistics_request(request)
    return render(request, "litigation/statistics.html", {"form": form, "table": table})


@login_required
@require_GET
def statistics_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, table = _statistics_request(request)
    if table is None:
        raise Http404
    return xlsx_response(stats.workbook(table), f"复议应诉统计-{table['year']}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request):
    if not selectors.can_read(request.user):
        raise Http404
    unit = request.user.unit
    office = unit is not None and unit.kind == UnitKind.OFFICE
    can_upload = office and _works(request.user)
    form = forms.TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        check_capability(request.user, services.WORK)
        if not office:
            raise Http404
        if form.is_valid():
            try:
                services.template_upload(
                    actor=request.user,
                    unit=unit,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc, "file")
            else:
                messages.success(request, _("模板已上传，此后生成的文书使用新模板。"))
                return redirect("litigation:template_list")
    context = {
        "form": form,
        "can_upload": can_upload,
        "templates": selectors.templates_for(unit) if office else [],
        "placeholders": documents.PLACEHOLDERS,
        "kinds": TemplateKind.choices,
    }
    return render(request, "litigation/templates.html", context)


@login_required
@require_GET
def template_default(request):
    if not selectors.can_read(request.user):
        raise Http404
    kind = request.GET.get("kind", TemplateKind.RECONSIDERATION)
    if kind not in TemplateKind.values:
        raise Http404
    label = TemplateKind(kind).label
    return download(documents.default_template(kind), f"{label}（系统模板）.docx", DOCX)


@login_required
@require_GET
def template_download(request, pk: int):
    template = selectors.template_get_for_user(user=request.user, pk=pk)
    return stored_file_download(template, DOCX)
