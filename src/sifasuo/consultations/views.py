"""Staff pages of 网上法律咨询: thin wrappers over selectors and services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core.forms import add_service_errors
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.views._common import check_capability, paginate
from sifasuo.core.views.steps import kept_input, run_step

from . import forms, selectors, services
from .models import QuestionState, Specialty


def _manager(request) -> None:
    check_capability(request.user, services.MANAGE)


# -- questions --------------------------------------------------------------------------------


@login_required
@require_GET
def question_list(request):
    which = request.GET.get("which", "mine" if hasattr(request.user, "consultant") else "")
    specialty = request.GET.get("specialty", "")
    questions = selectors.question_queue(user=request.user, which=which, specialty=specialty)
    return render(
        request,
        "consultations/question_list.html",
        {
            "page": paginate(request, questions),
            "which": which,
            "specialty": specialty,
            "specialties": Specialty.choices,
            "can_manage": services.can_manage(request.user),
        },
    )


@login_required
@require_GET
def question_detail(request, pk: int):
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    consultant = getattr(request.user, "consultant", None)
    offered = (
        consultant is not None
        and consultant.is_active
        and question.offered_to.filter(pk=consultant.pk).exists()
    )
    now = timezone.now()
    can_answer = (
        offered
        and question.state != QuestionState.ANSWERED
        and not services.held_by_another(question, consultant, now)
    )
    kept = kept_input(request, "consultations:question_answer")
    return render(
        request,
        "consultations/question_detail.html",
        {
            "question": question,
            "offered_to": list(question.offered_to.all()),
            "can_answer": can_answer,
            "can_claim": can_answer and question.claimed_by_id != consultant.pk,
            "answer_form": forms.AnswerForm(kept),
            "overdue": services.is_overdue(question, now=now),
            "elapsed": services.working_minutes(question.asked_at, question.answered_at or now),
            "can_reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA),
            "can_to_matter": question.matter_id is None
            and has_capability(request.user, Capability.MANAGE_PARTIES),
            "can_faq": services.can_manage(request.user)
            and question.state == QuestionState.ANSWERED,
        },
    )


@login_required
@require_POST
def question_claim(request, pk: int):
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        question,
        form_class=None,
        call=lambda q, d: services.question_claim(actor=request.user, question=q),
        back_to=reverse("consultations:question_detail", args=[question.pk]),
        success="已认领，其他律师将看到由您解答。",
    )


@login_required
@require_POST
def question_answer(request, pk: int):
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        question,
        form_class=forms.AnswerForm,
        call=lambda q, d: services.question_answer(
            actor=request.user, question=q, answer=d["answer"]
        ),
        back_to=reverse("consultations:question_detail", args=[question.pk]),
        success="解答已发送，咨询人可凭查询码和电话查看。",
    )


@login_required
@require_POST
def question_to_matter(request, pk: int):
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_PARTIES)
    try:
        matter = services.question_to_matter(actor=request.user, question=question)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("consultations:question_detail", pk=question.pk)
    messages.success(request, f"已转为受理事项，查询码 {matter.tracking_code}。")
    return redirect("intake:detail", pk=matter.pk)


# -- consultants and rota ------------------------------------------------------------------


@login_required
@require_GET
def consultant_list(request):
    return render(
        request,
        "consultations/consultant_list.html",
        {
            "consultants": selectors.consultants_for_user(request.user),
            "can_manage": services.can_manage(request.user),
        },
    )


def _consultant_form(request, consultant=None):
    users = selectors.accounts_without_profile(request.user)
    if consultant is not None:
        users = users.model.objects.filter(pk=consultant.user_id)
        initial = {
            "user": consultant.user,
            "public_name": consultant.public_name,
            "organization": consultant.organization,
            "specialties": consultant.specialties,
            "license_no": consultant.license_no,
            "introduction": consultant.introduction,
            "listed": consultant.listed,
            "is_active": consultant.is_active,
            "version": consultant.version,
        }
    else:
        initial = {}
    form = forms.ConsultantForm(request.POST or None, users=users, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.consultant_save(
                actor=request.user,
                user=data["user"],
                public_name=data["public_name"],
                organization=data["organization"],
                specialties=data["specialties"],
                license_no=data["license_no"],
                introduction=data["introduction"],
                listed=data["listed"],
                is_active=data["is_active"],
                version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存{saved.public_name}的咨询信息。")
            return redirect("consultations:consultant_list")
    return render(
        request, "consultations/consultant_form.html", {"form": form, "consultant": consultant}
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultant_create(request):
    _manager(request)
    return _consultant_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def consultant_edit(request, pk: int):
    consultant = selectors.consultant_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        _manager(request)
    return _consultant_form(request, consultant)


@login_required
@require_http_methods(["GET", "POST"])
def rota(request):
    week = forms.WeekForm(request.GET or None)
    start = (week.cleaned_data.get("start") if week.is_valid() else None) or timezone.localdate()
    consultants = selectors.consultants_for_user(request.user).filter(is_active=True)
    form = forms.DutySlotForm(
        request.POST or None,
        consultants=consultants,
        initial={"day": start, "starts": dt.time(8, 30), "ends": dt.time(17, 30)},
    )
    if request.method == "POST":
        _manager(request)
        if form.is_valid():
            try:
                services.duty_slot_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "值班已安排。")
                return redirect(reverse("consultations:rota") + f"?start={start:%Y-%m-%d}")
    return render(
        request,
        "consultations/rota.html",
        {
            "slots": selectors.slots_for_user(user=request.user, start=start),
            "form": form,
            "week": week,
            "start": start,
            "previous": start - dt.timedelta(days=7),
            "next": start + dt.timedelta(days=7),
            "can_manage": services.can_manage(request.user),
        },
    )


@login_required
@require_POST
def rota_remove(request, pk: int):
    slot = selectors.slot_get_for_user(user=request.user, pk=pk)
    _manager(request)
    services.duty_slot_remove(actor=request.user, slot=slot)
    messages.success(request, "已取消该值班。")
    return redirect(reverse("consultations:rota") + f"?start={slot.day:%Y-%m-%d}")


@login_required
@require_http_methods(["GET", "POST"])
def targets(request):
    offices = selectors.offices_for_user(request.user)
    chosen = request.POST.get("office") or request.GET.get("office") or ""
    office = offices.filter(pk=chosen).first() if chosen.isdigit() else None
    office = office or offices.first()
    current = (
        {value: services.target_minutes(unit=office, specialty=value) for value in Specialty.values}
        if office
        else {}
    )
    form = forms.TargetsForm(
        request.POST or None,
        offices=offices,
        current=current,
        initial={"office": office},
    )
    if request.method == "POST":
        _manager(request)
        if form.is_valid():
            try:
                for value in Specialty.values:
                    services.target_set(
                        actor=request.user,
                        unit=form.cleaned_data["office"],
                        specialty=value,
                        minutes=form.cleaned_data[f"t_{value}"],
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "响应时限已保存。")
                return redirect(reverse("consultations:targets") + f"?office={office.pk}")
    return render(
        request,
        "consultations/targets.html",
        {"form": form, "office": office, "can_manage": services.can_manage(request.user)},
    )


# -- FAQ ----------------------------------------------------------------------------------


@login_required
@require_GET
def faq_list(request):
    return render(
        request,
        "consultations/faq_list.html",
        {
            "entries": selectors.faq_for_user(request.user),
            "can_manage": services.can_manage(request.user),
            "answered": selectors.question_queue(user=request.user, which="answered")[:30],
        },
    )


def _faq_form(request, entry=None):
    _manager(request)
    offices = selectors.offices_for_user(request.user)
    source = None
    if entry is None and request.GET.get("from"):
        source = selectors.question_get_for_user(user=request.user, pk=request.GET["from"])
    if entry is not None:
        initial = {
            "specialty": entry.specialty,
            "question": entry.question,
            "answer": entry.answer,
            "office": entry.unit,
            "version": entry.version,
        }
    elif source is not None:
        initial = {
            "specialty": source.specialty,
            "question": source.text,
            "answer": source.answer,
            "office": source.unit,
        }
    else:
        initial = {"office": offices.first()}
    form = forms.FaqForm(request.POST or None, offices=offices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("source"):
            source = selectors.question_get_for_user(user=request.user, pk=request.POST["source"])
        try:
            entry = services.faq_save(
                actor=request.user,
                unit=data["office"],
                specialty=data["specialty"],
                question=data["question"],
                answer=data["answer"],
                sources=[source] if source else [],
                entry=entry,
                version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已保存；公开前请确认已隐去姓名、电话、地址等个人信息。")
            return redirect("consultations:faq_edit", pk=entry.pk)
    return render(
        request,
        "consultations/faq_form.html",
        {"form": form, "entry": entry, "source": source},
    )


@login_required
@require_http_methods(["GET", "POST"])
def faq_create(request):
    return _faq_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def faq_edit(request, pk: int):
    entry = selectors.faq_get_for_user(user=request.user, pk=pk)
    if not services.can_manage(request.user):
        return render(request, "consultations/faq_view.html", {"entry": entry})
    return _faq_form(request, entry)


@login_required
@require_POST
def faq_publish(request, pk: int):
    entry = selectors.faq_get_for_user(user=request.user, pk=pk)
    _manager(request)
    publish = request.POST.get("publish") == "1"
    services.faq_publish(actor=request.user, entry=entry, published=publish)
    messages.success(request, "已公开到门户。" if publish else "已从门户撤下。")
    return redirect("consultations:faq_edit", pk=entry.pk)


# -- statistics ----------------------------------------------------------------------------


@login_required
@require_GET
def statistics(request):
    form = forms.YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or (
        timezone.localdate().year
    )
    return render(
        request,
        "consultations/statistics.html",
        {
            "form": form,
            "year": year,
            "rows": selectors.consultant_months(user=request.user, year=year),
            "months": range(1, 13),
        },
    )
