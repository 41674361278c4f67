"""一站式受理 screens: queues, registration, the handling sheet, receipt and public status."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import lines, throttle
from sifasuo.core.documents import DOCX
from sifasuo.core.forms import add_service_errors
from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import download
from sifasuo.core.views.steps import run_step

from . import documents, selectors, services, todos
from .forms import (
    AssignForm,
    CloseForm,
    PublicStatusForm,
    QueueSearchForm,
    RefuseForm,
    RegisterForm,
    RoutingRuleForm,
    TransferForm,
    TransferRefuseForm,
)
from .models import MatterState

QUEUES = {
    "mine": _("我的待办"),
    "unassigned": _("待分派"),
    "incoming": _("转入待签收"),
    "all": _("全部事项"),
}


@login_required
@require_GET
def queue(request):
    waiting = selectors.matter_queue_for_user(user=request.user, which="unassigned").count()
    which = request.GET.get("q") or _opening_queue(request.user, waiting)
    if which not in QUEUES:
        which = "mine"
    search_form = QueueSearchForm(request.GET)
    search = search_form.cleaned_data["search"] if search_form.is_valid() else ""
    matters = selectors.matter_queue_for_user(user=request.user, which=which, search=search)
    matters, due = due_filter(request, matters, todos.due_records(user=request.user))
    page = Paginator(matters, 30).get_page(request.GET.get("page"))
    can_manage = has_capability(request.user, Capability.MANAGE_PARTIES)
    context = {
        "page": page,
        "due_filter": due,
        "which": which,
        "search_form": search_form,
        "waiting": waiting,
        "search": search,
        "queues": QUEUES,
        "can_register": can_manage,
        "can_refer": request.user.unit is not None and request.user.unit.kind == UnitKind.PARTNER,
        "assign_form": AssignForm(handlers=selectors.handler_choices(user=request.user))
        if can_manage and which == "unassigned"
        else None,
    }
    return render(request, "intake/queue.html", context)


def _opening_queue(user, waiting: int) -> str:
    """The tab the queue opens on: the 所长, who assigns, starts with what waits for him."""
    return "unassigned" if user.role == Role.OFFICE_HEAD and waiting else "mine"


@login_required
@require_POST
def assign_batch(request):
    if not has_capability(request.user, Capability.MANAGE_PARTIES):
        raise PermissionDenied
    form = AssignForm(request.POST, handlers=selectors.handler_choices(user=request.user))
    ids = request.POST.getlist("matter")
    if not form.is_valid() or not ids:
        messages.error(request, _("请选择事项和承办人。"))
        return redirect(f"{_queue_url()}?q=unassigned")
    matters = [selectors.matter_get_for_user(user=request.user, matter_id=pk) for pk in ids]
    try:
        count = services.matter_assign_batch(
            actor=request.user, matters=matters, handler=form.cleaned_data["handler"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已分派 %(n)s 件事项。") % {"n": count})
    return redirect(f"{_queue_url()}?q=unassigned")


def _queue_url() -> str:
    return reverse("intake:queue")


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    if not has_capability(request.user, Capability.MANAGE_PARTIES) or request.user.unit is None:
        raise PermissionDenied
    form = RegisterForm(request.POST or None, initial={"submission_token": uuid.uuid4()})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link_to = None
        if data.get("link_to"):
            link_to = selectors.matter_get_for_user(user=request.user, matter_id=data["link_to"])
            messages.info(
                request,
                _("已关联到原事项 %(code)s，未重复登记。") % {"code": link_to.tracking_code},
            )
            return redirect("intake:detail", pk=link_to.pk)
        if not data.get("confirm_new"):
            duplicates = services.matter_duplicates(
                unit=request.user.unit,
                matter_type=data["matter_type"],
                requester_keys=form.requester_keys(),
                counterpart_names=data["counterpart_names"],
            )
        if not duplicates:
            try:
                matter = services.matter_register(
                    actor=request.user,
                    unit=request.user.unit,
                    channel=data["channel"],
                    matter_type=data["matter_type"],
                    narrative=data["narrative"],
                    counterpart_names=data["counterpart_names"],
                    amount=data.get("amount"),
                    requesters=form.requesters(),
                    submission_token=data.get("submission_token"),
                    received_on=data.get("received_on"),
                    allow_identical=bool(data.get("confirm_new")),
                    contact_unclear=bool(data.get("contact_unclear")),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _registered_message(request, matter)
                return redirect("intake:receipt", pk=matter.pk)
    return render(request, "intake/register.html", {"form": form, "duplicates": duplicates})


def _registered_message(request, matter) -> None:
    if getattr(matter, "resubmitted", False):
        messages.info(
            request,
            _("该登记已提交过，未重复登记（查询码 %(code)s）。") % {"code": matter.tracking_code},
        )
    else:
        messages.success(request, _("事项已登记。"))


@login_required
@require_GET
def detail(request, pk: int):
    matter = selectors.matter_get_for_user(user=request.user, matter_id=pk)
    office = has_capability(request.user, Capability.MANAGE_PARTIES) and (
        request.user.unit_id is not None
        and matter.unit.is_within(request.user.unit)
        or request.user.is_superuser
    )
    receiver = (
        matter.state == MatterState.TRANSFERRED
        and not matter.transfer_accepted
        and request.user.unit_id is not None
        and matter.transfer_unit is not None
        and request.user.unit.is_within(matter.transfer_unit)
    )
    initial = {"version": matter.version}
    context = {
        "matter": matter,
        "requesters": selectors.matter_requesters(matter),
        "steps": selectors.matter_steps(matter),
        "office": office and matter.is_open,
        "receiver": receiver,
        "assign_form": AssignForm(
            initial=initial, handlers=selectors.handler_choices(user=request.user)
        ),
        "close_form": CloseForm(initial=initial),
        "refuse_form": RefuseForm(initial=initial),
        "transfer_form": TransferForm(
            initial=initial, units=selectors.partner_units(matter=matter)
        ),
        "transfer_refuse_form": TransferRefuseForm(),
        # 转入业务条线: the lines that take this type of matter and have not taken it yet.
        "hand_overs": lines.hand_overs_for(user=request.user, matter=matter),
    }
    return render(request, "intake/detail.html", context)


def _act(request, pk: int, form_class, call, kwargs_for=None):
    matter = selectors.matter_get_for_user(user=request.user, matter_id=pk)
    return run_step(
        request,
        matter,
        form_class=form_class,
        call=call,
        back_to=reverse("intake:detail", args=[pk]),
        form_kwargs=kwargs_for(matter) if kwargs_for else None,
    )


@login_required
@require_POST
def assign(request, pk: int):
    return _act(
        request,
        pk,
        AssignForm,
        lambda m, d: services.matter_assign(
            actor=request.user, matter=m, handler=d["handler"], version=d["version"]
        ),
        kwargs_for=lambda m: {"handlers": selectors.handler_choices(user=request.user)},
    )


@login_required
@require_POST
def start(request, pk: int):
    matter = selectors.matter_get_for_user(user=request.user, matter_id=pk)
    try:
        services.matter_start(actor=request.user, matter=matter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("intake:detail", pk=pk)


@login_required
@require_POST
def close(request, pk: int):
    return _act(
        request,
        pk,
        CloseForm,
        lambda m, d: services.matter_close(
            actor=request.user, matter=m, result=d["result"], version=d["version"]
        ),
    )


@login_required
@require_POST
def refuse(request, pk: int):
    return _act(
        request,
        pk,
        RefuseForm,
        lambda m, d: services.matter_refuse(
            actor=request.user,
            matter=m,
            reason_type=d["reason_type"],
            reason_text=d["reason_text"],
            version=d["version"],
        ),
    )


@login_required
@require_POST
def transfer(request, pk: int):
    return _act(
        request,
        pk,
        TransferForm,
        lambda m, d: services.matter_transfer(
            actor=request.user,
            matter=m,
            to_unit=d["to_unit"],
            reason_type=d["reason_type"],
            reason_text=d["reason_text"],
            version=d["version"],
        ),
        kwargs_for=lambda m: {"units": selectors.partner_units(matter=m)},
    )


@login_required
@require_POST
def transfer_accept(request, pk: int):
    matter = selectors.matter_get_for_user(user=request.user, matter_id=pk)
    try:
        services.matter_transfer_accept(actor=request.user, matter=matter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已签收。"))
    return redirect("intake:detail", pk=pk)


@login_required
@require_POST
def transfer_refuse(request, pk: int):
    matter = selectors.matter_get_for_user(user=request.user, matter_id=pk)
    form = TransferRefuseForm(request.POST)
    form.is_valid()
    try:
        services.matter_transfer_refuse(
            actor=request.user,
            matter=matter,
            reason_text=form.cleaned_data.get("reason_text", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("intake:detail", pk=pk)
    messages.success(request, _("已退回受理单位。"))
    return redirect("intake:queue")


@login_required
@require_GET
def receipt(request, pk: int):
    matter = selectors.matter_get_for_user(user=request.user, matter_id=pk)
    status_path = reverse("portal:status")  # the page a deployment may expose to the internet
    public = settings.SIFASUO_PUBLIC_URL
    context = {
        "matter": matter,
        "requesters": selectors.matter_requesters(matter),
        "status_url": public + status_path if public else request.build_absolute_uri(status_path),
        "status_url_is_public": bool(public),
    }
    return render(request, "intake/receipt.html", context)


@require_http_methods(["GET", "POST"])
def public_status(request):
    """No login: tracking code + phone; shows the status only, never personal data."""
    form = PublicStatusForm(request.POST or None)
    status, searched = None, False
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["tracking_code"].strip().upper()
        blocked = throttle.limit_reached(
            checks=[
                (
                    "status.address",
                    throttle.client_address(request),
                    settings.SIFASUO_STATUS_LOOKUPS_PER_ADDRESS,
                ),
                ("status.code", code, settings.SIFASUO_STATUS_LOOKUPS_PER_CODE),
            ],
            window=dt.timedelta(minutes=settings.SIFASUO_STATUS_WINDOW_MINUTES),
        )
        if blocked:
            until = timezone.localtime(blocked.until).strftime("%H:%M")
            form.add_error(None, _("查询过于频繁，请于 %(time)s 后再试。") % {"time": until})
        else:
            searched = True
            status = services.matter_public_status(
                tracking_code=code, phone=form.cleaned_data["phone"]
            )
    return render(
        request,
        "intake/public_status.html",
        {"form": form, "status": status, "searched": searched},
    )


@login_required
@require_GET
def sheet(request, pk: int, fmt: str):
    """一案一单: every step, handler, time and result, as PDF or .docx."""
    matter = selectors.matter_get_for_user(user=request.user, matter_id=pk)
    requesters, steps = selectors.matter_requesters(matter), selectors.matter_steps(matter)
    if fmt == "docx":
        content = documents.handling_sheet_docx(matter, requesters, steps)
        return download(content, f"办理单-{matter.tracking_code}.docx", DOCX)
    content = documents.handling_sheet_pdf(matter, requesters, steps)
    return download(content, f"办理单-{matter.tracking_code}.pdf", "application/pdf")


@login_required
@require_http_methods(["GET", "POST"])
def routing(request):
    """分流规则, kept by the county bureau."""
    if not has_capability(request.user, Capability.MANAGE_ORG):
        raise PermissionDenied
    form = RoutingRuleForm(
        request.POST or None,
        counties=selectors.counties_for_user(user=request.user),
        offices=selectors.offices_for_user(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.routing_rule_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("分流规则已保存。"))
            return redirect("intake:routing")
    rules = selectors.routing_rules_for_user(user=request.user)
    return render(request, "intake/routing.html", {"form": form, "rules": rules})


@login_required
@require_POST
def routing_delete(request, pk: int):
    rule = selectors.routing_rule_get_for_user(user=request.user, rule_id=pk)
    services.routing_rule_delete(actor=request.user, rule=rule)
    messages.success(request, _("分流规则已删除。"))
    return redirect("intake:routing")


@login_required
@require_http_methods(["GET", "POST"])
def refer_in(request):
    """部门转来: a partner body refers a matter to its 司法所."""
    if request.user.unit is None or request.user.unit.kind != UnitKind.PARTNER:
        raise PermissionDenied
    form = RegisterForm(request.POST or None, initial={"submission_token": uuid.uuid4()})
    form.fields.pop("channel")
    form.fields.pop("received_on")  # a referral reaches the office when it is sent
    form.fields.pop("contact_unclear")  # a partner's referral names its petitioner
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = services.matter_refer_in(
                actor=request.user,
                matter_type=data["matter_type"],
                narrative=data["narrative"],
                counterpart_names=data["counterpart_names"],
                amount=data.get("amount"),
                requesters=form.requesters(),
                submission_token=data.get("submission_token"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if getattr(matter, "resubmitted", False):
                _registered_message(request, matter)
            else:
                messages.success(request, _("已移送司法所。"))
            return redirect("intake:detail", pk=matter.pk)
    return render(request, "intake/register.html", {"form": form, "refer": True})
