"""信访 screens: the list, registration (from an intake matter or directly), the case file with
its steps, the 一案一单 sheet, the watch list and the statistics."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import deadline_service, exports, indicators, lines
from sifasuo.core import services as core_services
from sifasuo.core import statistics as core_statistics
from sifasuo.core.documents import DOCX
from sifasuo.core.forms import add_service_errors
from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import download
from sifasuo.core.views.steps import kept_input, run_step, step_values
from sifasuo.intake import selectors as intake_selectors

from . import documents, selectors, services, todos
from .forms import (
    CloseForm,
    ExtendForm,
    FilterForm,
    HearingForm,
    LeadForm,
    MeetingForm,
    NotifyForm,
    ObjectionAnswerForm,
    ObjectionForm,
    PetitionForm,
    RecheckDecisionForm,
    ReplyForm,
    RequestForm,
    ReviewDecisionForm,
    RiskForm,
    ShareForm,
    StatisticsForm,
)
from .models import PeriodKind, Route, Stage
from .risk import CHECKLIST_LABELS


def _can_manage(user) -> bool:
    return has_capability(user, Capability.MANAGE_PARTIES)


@login_required
@require_GET
def petition_list(request):
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    petitions = selectors.petition_list_for_user(
        user=request.user,
        stage=filters.get("stage", ""),
        kind=filters.get("kind", ""),
        risk_grade=filters.get("risk_grade", ""),
        overdue=bool(filters.get("overdue")),
    )
    petitions, due = due_filter(request, petitions, todos.due_records(user=request.user))
    context = {
        "form": form,
        "due_filter": due,
        "page": Paginator(petitions, 30).get_page(request.GET.get("page")),
        "can_create": _can_manage(request.user)
        and request.user.unit is not None
        and request.user.unit.kind == UnitKind.OFFICE,
    }
    return render(request, "petitions/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def petition_create(request):
    if not _can_manage(request.user) or request.user.unit is None:
        raise PermissionDenied
    matter = intake_selectors.matter_from_request(request)
    existing = getattr(matter, "petition", None) if matter is not None else None
    if existing is not None:
        messages.info(request, _("该受理事项已转为信访件。"))
        return redirect("petitions:detail", pk=existing.pk)
    unit = matter.unit if matter is not None else request.user.unit
    initial = {"submission_token": uuid.uuid4(), "received_on": timezone.localdate()}
    if matter is not None:
        # Typed once at the window: the narrative becomes the request; the requester, the
        # channel and the day received come over in the service.
        initial.update(
            {
                "matter": matter.pk,
                "request": matter.narrative,
                "contact_unclear": matter.contact_unclear,
            }
        )
    form = PetitionForm(
        request.POST or None,
        initial=initial,
        from_matter=matter is not None,
        leads=selectors.lead_choices(petition_unit=unit),
        departments=selectors.department_choices(petition_unit=unit),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            petition = services.petition_open(
                actor=request.user,
                unit=unit,
                kind=data["kind"],
                request=data["request"],
                headcount=data["headcount"],
                received_on=data.get("received_on"),
                channel=data.get("channel", ""),
                petitioner=form.petitioner(),
                matter=matter,
                lead_user=data.get("lead_user"),
                lead_name=data.get("lead_name", ""),
                lead_post=data.get("lead_post", ""),
                department=data.get("department"),
                submission_token=data.get("submission_token"),
                source=data.get("source") or "direct",
                forwarded_by=data.get("forwarded_by", ""),
                forward_reference=data.get("forward_reference", ""),
                within_purview=data.get("within_purview", True) is not False,
                contact_unclear=bool(data.get("contact_unclear")),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记信访件。"))
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/form.html", {"form": form, "matter": matter})


def _kept(request, step: str, initial: dict) -> dict:
    return {**initial, **(kept_input(request, f"petitions:{step}") or {})}


@login_required
@require_GET
def petition_detail(request, pk: int):
    petition = selectors.petition_get_for_user(user=request.user, petition_id=pk)
    manage = _can_manage(request.user) and (
        request.user.is_superuser
        or (request.user.unit_id is not None and petition.unit.is_within(request.user.unit))
    )
    today = timezone.localdate()
    v = {"version": petition.version}
    lead_kwargs = {
        "leads": selectors.lead_choices(petition_unit=petition.unit),
        "departments": selectors.department_choices(petition_unit=petition.unit),
    }
    forms = {
        "lead": LeadForm(
            initial=_kept(
                request,
                "lead",
                {
                    **v,
                    "lead_user": petition.lead_user_id,
                    "lead_name": petition.lead_name,
                    "lead_post": petition.lead_post,
                    "department": petition.department_id,
                },
            ),
            **lead_kwargs,
        ),
        "notify": NotifyForm(initial=_kept(request, "notify", {**v, "notified_on": today})),
        "object": ObjectionForm(initial=_kept(request, "object", {**v, "objected_on": today})),
        "objection_answer": ObjectionAnswerForm(
            initial=_kept(request, "objection_answer", {**v, "answered_on": today})
        ),
        "extend": ExtendForm(initial=_kept(request, "extend", v)),
        "reply": ReplyForm(initial=_kept(request, "reply", {**v, "replied_on": today})),
        "review_request": RequestForm(
            initial=_kept(request, "review_request", {**v, "requested_on": today})
        ),
        "review": ReviewDecisionForm(initial=_kept(request, "review", {**v, "decided_on": today})),
        "recheck_request": RequestForm(
            initial=_kept(request, "recheck_request", {**v, "requested_on": today})
        ),
        "hearing": HearingForm(initial=_kept(request, "recheck_hearing", v)),
        "recheck": RecheckDecisionForm(
            initial=_kept(request, "recheck", {**v, "decided_on": today})
        ),
        "close": CloseForm(initial=_kept(request, "close", {**v, "closed_on": today})),
        "meeting": MeetingForm(
            initial=_kept(request, "meeting", {**v, "held_on": today}),
            partners=selectors.partner_units_for(petition),
        ),
        "risk": RiskForm(
            initial={
                **v,
                "checklist": petition.risk_checklist,
                "control_plan": petition.control_plan,
            }
        ),
        "share": ShareForm(partners=selectors.partner_units_for(petition)),
    }
    if petition.is_forwarded:
        # Outside its powers, a forwarded petition goes back by objection (第二十三条第三款).
        accepted = forms["notify"].fields["accepted"]
        accepted.choices = [(v, label) for v, label in accepted.choices if v == "1"]
    limits = selectors.time_limits(petition)
    for limit in limits:
        state = deadline_service.state_of(limit.due_on, paused=bool(limit.due_paused_since))
        limit.state = state
        if limit.is_duty or state != "overdue":
            limit.state_label = deadline_service.STATE_LABELS[state]
        else:
            limit.state_label = _("已届满")
    context = {
        "petition": petition,
        "limits": limits,
        "meetings": list(petition.meetings.prefetch_related("partners")),
        "history": list(selectors.petitioner_history(petition, user=request.user)),
        "checklist_labels": [
            CHECKLIST_LABELS[k] for k in petition.risk_checklist if k in CHECKLIST_LABELS
        ],
        "manage": manage and petition.is_open,
        "is_head": request.user.is_superuser or request.user.role == Role.OFFICE_HEAD,
        "handle_rule": Route.OPINION,
        "refused_objection_note": services.REFUSED_OBJECTION_NOTE,
        "can_reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA),
    }
    context["next_steps"], context["other_steps"] = _steps(
        petition, forms, limits, context["is_head"]
    )
    return render(request, "petitions/detail.html", context)


def _step(petition, name: str, title: str, form) -> dict:
    return {
        "name": name,
        "title": title,
        "action": reverse(f"petitions:{name}", args=[petition.pk]),
        "form": form,
    }


def _steps(petition, forms: dict, limits, is_head: bool) -> tuple[list[dict], list[dict]]:
    """The steps that move the file on at its stage, and the ones used at any time."""
    f, stage = forms, petition.stage
    front: list[dict] = []
    if stage == Stage.REGISTERED:
        front = [_step(petition, "notify", _("书面告知信访人"), f["notify"])]
        if petition.is_forwarded and petition.objection_agreed is None:
            objection = _step(petition, "object", _("提出异议（不属于本所职权范围）"), f["object"])
            # The step whose period is running comes first.
            awaited = {x.kind for x in limits if x.done_on is None}
            if PeriodKind.OBJECTION in awaited:
                front.insert(0, objection)
            else:
                front.append(objection)
    elif stage == Stage.OBJECTED:
        front = [
            _step(
                petition,
                "objection_answer",
                _("登记转送、交办机关核实意见"),
                f["objection_answer"],
            )
        ]
    elif stage == Stage.HANDLING:
        front = [
            _step(petition, "reply", _("书面答复（信访处理意见书）"), f["reply"]),
            _step(petition, "close", _("结案"), f["close"]),
        ]
        handle = next((x for x in limits if x.kind == PeriodKind.HANDLE), None)
        if handle is not None and not handle.due_extended and is_head:
            front.append(_step(petition, "extend", _("延长办理期限"), f["extend"]))
    elif stage == Stage.REPLIED:
        front = [
            _step(petition, "close", _("结案"), f["close"]),
            _step(petition, "review_request", _("登记复查请求"), f["review_request"]),
        ]
    elif stage == Stage.REVIEW:
        front = [_step(petition, "review", _("登记复查意见"), f["review"])]
    elif stage == Stage.REVIEWED:
        front = [
            _step(petition, "close", _("结案"), f["close"]),
            _step(petition, "recheck_request", _("登记复核请求"), f["recheck_request"]),
        ]
    elif stage == Stage.RECHECK:
        front = [_step(petition, "recheck", _("登记复核意见"), f["recheck"])]
        if petition.recheck_hearing_from is None:
            front.append(_step(petition, "recheck_hearing", _("登记复核听证"), f["hearing"]))
    elif stage == Stage.RECHECKED:
        front = [_step(petition, "close", _("结案"), f["close"])]
    rest = [
        _step(petition, "lead", _("包案领导和责任部门"), f["lead"]),
        _step(petition, "meeting", _("登记联席会议"), f["meeting"]),
        _step(petition, "risk", _("风险研判"), f["risk"]),
        _step(petition, "share", _("共享给协作单位"), f["share"]),
    ]
    return front, rest


def _action(service, form_class, kwargs_for=None):
    """A POST endpoint calling `service(actor, petition, **form data)`."""

    @login_required
    @require_POST
    def view(request, pk: int):
        petition = selectors.petition_get_for_user(user=request.user, petition_id=pk)

        def call(record, data):
            values = step_values(data)
            service(actor=request.user, petition=record, **values)

        return run_step(
            request,
            petition,
            form_class=form_class,
            call=call,
            back_to=reverse("petitions:detail", args=[pk]),
            form_kwargs=kwargs_for(petition) if kwargs_for else None,
        )

    return view


def _lead_kwargs(petition) -> dict:
    return {
        "leads": selectors.lead_choices(petition_unit=petition.unit),
        "departments": selectors.department_choices(petition_unit=petition.unit),
    }


def _partners(petition) -> dict:
    return {"partners": selectors.partner_units_for(petition)}


lead = _action(services.petition_set_lead, LeadForm, _lead_kwargs)
notify = _action(services.petition_notify, NotifyForm)
object_ = _action(services.petition_object, ObjectionForm)
objection_answer = _action(services.petition_answer_objection, ObjectionAnswerForm)
extend = _action(services.petition_extend, ExtendForm)
reply = _action(services.petition_reply, ReplyForm)
review_request = _action(services.petition_review_request, RequestForm)
review = _action(services.petition_review_decision, ReviewDecisionForm)
recheck_request = _action(services.petition_recheck_request, RequestForm)
recheck = _action(services.petition_recheck_decision, RecheckDecisionForm)
recheck_hearing = _action(services.petition_recheck_hearing, HearingForm)
close = _action(services.petition_close, CloseForm)
risk = _action(services.petition_screen_risk, RiskForm)


@login_required
@require_POST
def meeting(request, pk: int):
    petition = selectors.petition_get_for_user(user=request.user, petition_id=pk)

    def call(record, data):
        services.meeting_add(
            actor=request.user,
            petition=record,
            held_on=data["held_on"],
            partners=list(data["partners"]),
            attendees=data["attendees"],
            conclusions=data["conclusions"],
            version=data.get("version"),
        )

    return run_step(
        request,
        petition,
        form_class=MeetingForm,
        call=call,
        back_to=reverse("petitions:detail", args=[pk]),
        form_kwargs=_partners(petition),
    )


@login_required
@require_POST
def share(request, pk: int):
    petition = selectors.petition_get_for_user(user=request.user, petition_id=pk)

    def call(record, data):
        services.petition_share_with_partner(
            actor=request.user, petition=record, partner=data["partner"]
        )

    return run_step(
        request,
        petition,
        form_class=ShareForm,
        call=call,
        back_to=reverse("petitions:detail", args=[pk]),
        form_kwargs=_partners(petition),
        success=_("已与协作单位共享。"),
    )


@login_required
@require_GET
def sheet(request, pk: int, fmt: str):
    """一案一单 (领导包案): the petition's file on one sheet, as .docx or PDF. The petitioner's
    phone and address print in clear only for an account that may reveal them (audited)."""
    petition = selectors.petition_get_for_user(user=request.user, petition_id=pk)
    filename = f"一案一单-{petition.number}.{fmt}"
    [petitioner], _clear = core_services.personal_data_for_output(
        actor=request.user,
        record=petition,
        people=[petition.petitioner],
        output=filename,
        include=request.GET.get("personal") != "0",
    )
    sections = documents.sheet_sections(
        petition,
        petitioner,
        selectors.time_limits(petition),
        petition.meetings.prefetch_related("partners"),
    )
    if fmt == "docx":
        return download(documents.sheet_docx(petition, sections), filename, DOCX)
    return download(documents.sheet_pdf(petition, sections), filename, "application/pdf")


@login_required
@require_GET
def watch_list(request):
    petitions = selectors.watch_list_for_user(user=request.user)
    page = Paginator(petitions, 30).get_page(request.GET.get("page"))
    return render(request, "petitions/watch_list.html", {"page": page})


# ---------------------------------------------------------------------------------------------
# Statistics: the line's declared indicators for a year, for the unit and each unit below it.


def _statistics(request):
    units = core_statistics.statistics_units(request.user)
    this_year = timezone.localdate().year
    form = StatisticsForm(
        request.GET or None, units=units, initial={"year": this_year, "unit": request.user.unit}
    )
    year, unit = core_statistics.chosen(form, year=this_year, unit=request.user.unit)
    if unit is None:
        unit = units.order_by("depth", "path").first()
    if unit is None:
        raise PermissionDenied
    period = indicators.Period.year(year)
    codes = [ind.code for ind in lines.indicators().values() if ind.code.startswith("petitions.")]
    children = list(core_statistics.units_below(unit))
    declared, (own, *below) = core_statistics.indicator_rows(codes, [unit, *children], period)
    rows = [{"indicator": ind, "value": value} for ind, value in zip(declared, own[1], strict=True)]
    unit_rows = [{"unit": child, "values": values} for child, values in below]
    tables = selectors.breakdowns(user=request.user, unit=unit, start=period.start, end=period.end)
    return form, {
        "unit": unit,
        "year": year,
        "period": period,
        "rows": rows,
        "codes": declared,
        "unit_rows": unit_rows,
        "tables": tables,
    }


_TABLES = (
    ("kind", "按事项类别"),
    ("channel", "按信访形式"),
    ("stage", "按办理阶段"),
    ("risk_grade", "按风险等级"),
    ("outcome", "按结果"),
    ("satisfaction", "按评价"),
)


@login_required
@require_GET
def statistics(request):
    form, stats = _statistics(request)
    context = {
        "form": form,
        **stats,
        "table_list": [(title, stats["tables"][key]) for key, title in _TABLES],
    }
    return core_statistics.render_page(request, "petitions/statistics.html", context)


def _number(value) -> object:
    return "—" if value is None else (float(value) if not isinstance(value, int) else value)


@login_required
@require_GET
def statistics_export(request):
    if not has_capability(request.user, Capability.EXPORT):
        raise PermissionDenied
    _form, stats = _statistics(request)
    title = f"{stats['unit'].name}信访统计（{stats['year']}年）"
    book = documents.statistics_xlsx(
        title=title,
        indicator_rows=[
            (
                str(row["indicator"].name),
                _number(row["value"]),
                str(row["indicator"].unit),
                str(row["indicator"].definition),
            )
            for row in stats["rows"]
        ],
        headers=[f"{ind.name}({ind.unit})" for ind in stats["codes"]],
        unit_rows=[
            (row["unit"].name, *(_number(v) for v in row["values"])) for row in stats["unit_rows"]
        ],
        tables=[(title_, stats["tables"][key]) for key, title_ in _TABLES],
    )
    return exports.xlsx_response(book, f"{title}.xlsx")
