"""人民调解 screens: case list, opening, the case page with its stage actions, documents."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import exports
from sifasuo.core import services as core_services
from sifasuo.core import statistics as core_statistics
from sifasuo.core.documents import DOCX
from sifasuo.core.forms import add_service_errors
from sifasuo.core.models import OrgUnit
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.statistics import YearChoiceForm
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import download
from sifasuo.core.views.steps import kept_input, run_step, step_values
from sifasuo.intake import selectors as intake_selectors

from . import documents, handover, selectors, services, todos
from .forms import (
    AgreementForm,
    CaseFilterForm,
    CaseForm,
    ConfirmationForm,
    EthnicityForm,
    FollowUpForm,
    PlanForm,
    RefusalForm,
    RiskForm,
    SessionForm,
    ShareForm,
    TerminateForm,
    VersionForm,
    WrittenAgreementForm,
)
from .models import CaseParty, Stage
from .risk import CHECKLIST_LABELS


def _can_manage(user) -> bool:
    return has_capability(user, Capability.MANAGE_PARTIES)


@login_required
@require_GET
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_list_for_user(
        user=request.user,
        stage=filters.get("stage", ""),
        dispute_type=filters.get("dispute_type", ""),
        risk_grade=filters.get("risk_grade", ""),
        search=filters.get("search", ""),
    )
    cases, due = due_filter(request, cases, todos.due_records(user=request.user))
    context = {
        "form": form,
        "due_filter": due,
        "page": Paginator(cases, 30).get_page(request.GET.get("page")),
        "can_create": _can_manage(request.user) and request.user.unit_id is not None,
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "mediation/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    if not _can_manage(request.user) or request.user.unit is None:
        raise PermissionDenied
    matter = intake_selectors.matter_from_request(request)
    initial = {"submission_token": uuid.uuid4()}
    if matter is not None:
        # Type it once: the matter's 对方当事人, narrative and amount come over.
        initial.update(handover.case_initial_from_matter(matter))
    form = CaseForm(
        request.POST or None,
        initial=initial,
        from_matter=matter is not None,
        respondents=handover.respondent_slots(matter),
        mediators=selectors.mediator_choices(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                actor=request.user,
                unit=matter.unit if matter else request.user.unit,
                dispute_type=data["dispute_type"],
                summary=data["summary"],
                amount=data["amount"] or 0,
                committee_kind=data["committee_kind"],
                committee_name=data["committee_name"],
                mediators=list(data["mediators"]),
                service_mode=data["service_mode"],
                matter=matter,
                applicants=form.side("a"),
                respondents=form.side("b"),
                submission_token=data.get("submission_token"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if getattr(case, "resubmitted", False):
                messages.info(
                    request, _("该立案已提交过，未重复立案（案号 %(n)s）。") % {"n": case.number}
                )
            else:
                messages.success(request, _("已立案。"))
            return redirect("mediation:case_detail", pk=case.pk)
    return render(request, "mediation/form.html", {"form": form, "matter": matter})


@login_required
@require_GET
def case_detail(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    manage = _can_manage(request.user) and (
        request.user.is_superuser
        or (request.user.unit_id is not None and case.unit.is_within(request.user.unit))
    )
    v = {"version": case.version}
    today = timezone.localdate()
    parties = selectors.case_parties(case)
    sessions = list(case.sessions.all())
    context = {
        "case": case,
        "parties": parties,
        "sessions": sessions,
        "followups": list(case.followups.all()),
        "mediators": list(case.mediators.all()),
        "checklist_labels": [
            CHECKLIST_LABELS[k] for k in case.risk_checklist if k in CHECKLIST_LABELS
        ],
        "manage": manage and case.is_open,
        "forms": {
            "version": VersionForm(initial=v),
            # Text typed into a step that was refused (an edit conflict) comes back in its form.
            "session": SessionForm(
                initial={**(kept_input(request, "mediation:session_add") or {}), **v}
            ),
            "agreement": AgreementForm(
                initial={**(kept_input(request, "mediation:agreement") or {}), **v}
            ),
            "written": WrittenAgreementForm(
                initial={
                    "terms": case.agreement_terms,
                    **(kept_input(request, "mediation:agreement_written") or {}),
                    **v,
                }
            ),
            "confirmation": ConfirmationForm(initial=v),
            "followup": FollowUpForm(initial=v),
            "terminate": TerminateForm(initial={"notified_on": today, **v}),
            "ethnicity": EthnicityForm(
                initial=v, parties=[p for side in parties.values() for p in side]
            ),
            "refusal": RefusalForm(
                initial={"refused_on": today, **v},
                parties=[p for side in parties.values() for p in side],
            ),
            "risk": RiskForm(initial={**v, "checklist": case.risk_checklist}),
            "plan": PlanForm(initial={**v, "plan": case.followup_plan, "due": case.followup_due}),
            "share": ShareForm(partners=selectors.partner_units_for(case)),
        },
    }
    context["next_steps"], context["other_steps"] = _steps(case, context["forms"], bool(sessions))
    return render(request, "mediation/detail.html", context)


def _step(case, name: str, title: str, form, button: bool = False) -> dict:
    return {
        "name": name,
        "title": title,
        "action": reverse(f"mediation:{name}", args=[case.pk]),
        "form": form,
        "button": button,
    }


def _steps(case, forms: dict, has_sessions: bool) -> tuple[list[dict], list[dict]]:
    """The case's steps in two groups: those that move it on at its stage (shown first, the
    first one open), and the rarely used ones."""
    stage, f = case.stage, forms
    session = _step(case, "session_add", _("登记调解记录"), f["session"])
    agreement = _step(case, "agreement", _("记录调解协议"), f["agreement"])
    written = _step(case, "agreement_written", _("口头协议制作书面协议书"), f["written"])
    confirmation = _step(case, "confirmation", _("记录司法确认"), f["confirmation"])
    followup = _step(case, "followup_add", _("登记回访"), f["followup"])
    front: list[dict] = []
    rest: list[dict] = []
    if stage == Stage.APPLICATION:
        front = [_step(case, "case_advance", _("受理，进入调查"), f["version"], button=True)]
    elif stage == Stage.INVESTIGATION:
        front = [session]
    elif stage == Stage.MEDIATING:
        front = [agreement, session] if has_sessions else [session, agreement]
    elif stage == Stage.AGREEMENT:
        front = [followup, _step(case, "case_advance", _("进入回访"), f["version"], button=True)]
    elif stage == Stage.FOLLOW_UP:
        front = [followup, _step(case, "case_archive", _("结案归档"), f["version"], button=True)]
    if case.agreement_oral and not case.agreement_written_on:
        # The 30-day 司法确认 window runs (人民调解法 第三十条、第三十三条): write it down first.
        front.insert(0, written)
    if case.has_written_agreement:
        (rest if case.confirmation else front).append(confirmation)
    rest += [
        _step(case, "party_ethnicity", _("补充当事人民族"), f["ethnicity"]),
        _step(case, "risk_screen", _("风险排查"), f["risk"]),
        _step(case, "followup_plan", _("稳控跟进计划"), f["plan"]),
        _step(case, "share", _("共享给协作单位"), f["share"]),
    ]
    if stage in (Stage.APPLICATION, Stage.INVESTIGATION, Stage.MEDIATING):
        rest.append(_step(case, "case_refusal", _("当事人拒绝调解"), f["refusal"]))
    rest.append(_step(case, "case_terminate", _("终止调解"), f["terminate"]))
    return front, rest


def _act(request, pk, form_class, call, kwargs_for=None):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    return run_step(
        request,
        case,
        form_class=form_class,
        call=call,
        back_to=reverse("mediation:case_detail", args=[pk]),
        form_kwargs=kwargs_for(case) if kwargs_for else None,
    )


def _action(service, form_class=VersionForm, kwargs_for=None, **fixed):
    """A POST endpoint calling `service(actor, case, **form data)`."""

    @login_required
    @require_POST
    def view(request, pk: int):
        def call(case, data):
            values = step_values(data)
            service(actor=request.user, case=case, **values, **fixed)

        return _act(request, pk, form_class, call, kwargs_for)

    return view


case_advance = _action(services.case_advance)
session_add = _action(services.session_add, SessionForm)
agreement = _action(services.case_record_agreement, AgreementForm)
agreement_written = _action(services.case_write_oral_agreement, WrittenAgreementForm)
confirmation = _action(services.case_record_confirmation, ConfirmationForm)
followup_add = _action(services.followup_add, FollowUpForm)
case_archive = _action(services.case_archive)
case_terminate = _action(services.case_terminate, TerminateForm)


def _party_choices(case) -> dict:
    return {"parties": [p for side in selectors.case_parties(case).values() for p in side]}


case_refusal = _action(services.case_record_refusal, RefusalForm, _party_choices)
party_ethnicity = _action(services.case_party_set_ethnicity, EthnicityForm, _party_choices)
risk_screen = _action(services.case_screen_risk, RiskForm)
followup_plan = _action(services.case_set_followup_plan, PlanForm)


@login_required
@require_POST
def share(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    form = ShareForm(request.POST, partners=selectors.partner_units_for(case))
    if form.is_valid():
        try:
            services.case_share_with_partner(
                actor=request.user, case=case, partner=form.cleaned_data["partner"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已与协作单位共享。"))
    else:
        messages.error(request, _("请选择协作单位。"))
    return redirect("mediation:case_detail", pk=pk)


def _parties_for(request, case, output: str) -> tuple[dict[str, list], bool]:
    """The case's parties as a document may print them (clear only with the reveal permission,
    audited; `?personal=0` asks for a masked copy)."""
    sides = selectors.case_parties(case)
    everyone = [p for side in sides.values() for p in side]
    shown, clear = core_services.personal_data_for_output(
        actor=request.user,
        record=case,
        people=everyone,
        output=output,
        include=request.GET.get("personal") != "0",
    )
    by_pk = dict(zip([id(p) for p in everyone], shown, strict=True))
    return {side: [by_pk[id(p)] for p in people] for side, people in sides.items()}, clear


@login_required
@require_GET
def agreement_docx(request, pk: int, fmt: str = "docx"):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    if not case.has_written_agreement:
        messages.error(request, _("尚未记录书面调解协议。"))
        return redirect("mediation:case_detail", pk=pk)
    filename = f"人民调解协议书-{case.number}.{fmt}"
    parties, _clear = _parties_for(request, case, filename)
    if fmt == "pdf":
        return download(documents.agreement_pdf(case, parties), filename, "application/pdf")
    return download(documents.agreement_docx(case, parties), filename, DOCX)


@login_required
@require_GET
def confirmation_docx(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    if not case.has_written_agreement:
        messages.error(request, _("尚未记录书面调解协议。"))
        return redirect("mediation:case_detail", pk=pk)
    filename = f"司法确认申请书-{case.number}.docx"
    parties, _clear = _parties_for(request, case, filename)
    content = documents.confirmation_application_docx(case, parties)
    return download(content, filename, DOCX)


@login_required
@require_GET
def termination_notice_docx(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    if not case.termination_reason:
        messages.error(request, _("案件尚未终止调解。"))
        return redirect("mediation:case_detail", pk=pk)
    content = documents.termination_notice_docx(case, selectors.case_parties(case))
    return download(content, f"终止人民调解告知书-{case.number}.docx", DOCX)


@login_required
@require_GET
def case_file_pdf(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    filename = f"卷宗-{case.number}.pdf"
    parties, _clear = _parties_for(request, case, filename)
    context = {
        "parties": parties,
        "sessions": list(case.sessions.all()),
        "followups": list(case.followups.all()),
        "mediators": list(case.mediators.all()),
    }
    return download(documents.case_file_pdf(case, context), filename, "application/pdf")


@login_required
@require_GET
def ledger(request):
    if not has_capability(request.user, Capability.EXPORT):
        raise PermissionDenied
    cases = selectors.case_list_for_user(user=request.user).prefetch_related(
        Prefetch("party_links", queryset=CaseParty.objects.select_related("party")),
        "mediators",
    )
    return exports.xlsx_response(documents.ledger_xlsx(cases), "人民调解案件登记台账.xlsx")


@login_required
@require_GET
def watch_list(request):
    cases = selectors.watch_list_for_user(user=request.user)
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    return render(request, "mediation/watch_list.html", {"page": page})


def _statistics(request) -> tuple[YearChoiceForm, dict, OrgUnit | None, int | None]:
    form, year, unit = core_statistics.year_choice_filter(
        request,
        units=core_statistics.statistics_units(request.user),
        default_unit=request.user.unit,
        initial={"unit": request.user.unit, "year": ""},
    )
    stats = selectors.statistics_for_user(user=request.user, year=year, unit=unit)
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
    }
    return core_statistics.render_page(request, "mediation/statistics.html", context)


@login_required
@require_GET
def statistics_export(request):
    if not has_capability(request.user, Capability.EXPORT):
        raise PermissionDenied
    _form, stats, unit, year = _statistics(request)
    title = core_statistics.scope_title(_("人民调解统计"), unit=unit, year=year)
    return exports.xlsx_response(documents.statistics_xlsx(stats, title=title), f"{title}.xlsx")
