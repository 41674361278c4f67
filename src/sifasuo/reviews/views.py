"""Views of legality review: thin wrappers over selectors and services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core.documents import DOCX
from sifasuo.core.exports import xlsx_response
from sifasuo.core.forms import add_service_errors
from sifasuo.core.roles import Capability, Role, has_capability
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import check_capability, download, paginate, stored_file_download
from sifasuo.core.views.steps import run_step

from . import documents, due, forms, selectors, services, todos
from .models import LawArticle, ReviewKind, ReviewStatus


def _filtered(request):
    form = forms.ReviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.review_list_for_user(user=request.user, **filters)


@login_required
@require_GET
def review_list(request):
    form, reviews = _filtered(request)
    reviews, narrowed = due_filter(request, reviews, todos.due_records(user=request.user))
    context = {
        "form": form,
        "due_filter": narrowed,
        "page": paginate(request, reviews),
        "can_submit": has_capability(request.user, Capability.MANAGE_WORK),
        "can_export": has_capability(request.user, Capability.EXPORT),
    }
    return render(request, "reviews/list.html", context)


@login_required
@require_GET
def review_register_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, reviews = _filtered(request)
    reviews, _narrowed = due_filter(request, reviews, todos.due_records(user=request.user))
    return xlsx_response(documents.register_workbook(reviews), "合法性审查台账.xlsx")


@login_required
@require_GET
def review_statistics(request):
    _form, reviews = _filtered(request)
    stats = selectors.review_statistics(reviews)
    is_head = request.user.role == Role.OFFICE_HEAD and request.user.unit_id is not None
    return render(request, "reviews/statistics.html", {"stats": stats, "is_head": is_head})


@login_required
@require_http_methods(["GET", "POST"])
def review_submit(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.ReviewSubmitForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"submission_token": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_submit(
                actor=request.user,
                department=data["department"],
                title=data["title"],
                kind=data["kind"],
                drafting_unit=data["drafting_unit"],
                urgency=data["urgency"],
                requested_on=data["requested_on"],
                upload=data["file"],
                submission_token=data.get("submission_token"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if getattr(review, "resubmitted", False):
                messages.info(request, _("该审查事项已报送过，未重复报送。"))
                return redirect("reviews:review_detail", review.pk)
            messages.success(request, _("已报送合法性审查。"))
            if warning := due.short_notice(review):
                messages.warning(request, warning)
            return redirect("reviews:review_detail", review.pk)
    return render(request, "reviews/form.html", {"form": form})


@login_required
@require_GET
def review_detail(request, pk: int):
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    user = request.user
    office = has_capability(user, Capability.LEGALITY_REVIEW)
    context = {
        "review": review,
        "office": office,
        "is_advisor": user.role in services.ADVISOR_ROLES,
        "is_head": user.role == Role.OFFICE_HEAD and user.unit_id == review.unit_id,
        "opinion_visible": _opinion_visible(user, review),
        "needs_sign_off": review.kind in services.sign_off_kinds(review.unit),
        "can_act": has_capability(user, Capability.MANAGE_WORK),
        "statuses": ReviewStatus,
        "is_normative": review.kind == ReviewKind.NORMATIVE,
        "short_notice": due.short_notice(review),
        "needs_advisor": review.kind == ReviewKind.MAJOR_DECISION and not review.advisor_opinion,
        "document_form": forms.DocumentForm(),
        "return_form": forms.ReturnForm(),
        "sign_off_return_form": forms.SignOffReturnForm(),
        "advisor_form": forms.AdvisorForm(),
        "review_form": forms.ReviewForm(),
        "opinion_form": forms.OpinionForm(),
        "answer_form": forms.AnswerForm(),
    }
    return render(request, "reviews/detail.html", context)


def _act(request, pk: int, form_class, call):
    """Run one workflow step from a POST on the detail page and come back to it."""
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        review,
        form_class=form_class,
        call=call,
        back_to=reverse("reviews:review_detail", args=[review.pk]),
        files=True,
    )


@login_required
@require_POST
def review_document(request, pk: int):
    return _act(
        request,
        pk,
        forms.DocumentForm,
        lambda r, d: services.review_add_document(
            actor=request.user, review=r, upload=d["file"], note=d["note"]
        ),
    )


@login_required
@require_POST
def review_return(request, pk: int):
    return _act(
        request,
        pk,
        forms.ReturnForm,
        lambda r, d: services.review_return(actor=request.user, review=r, missing=d["missing"]),
    )


@login_required
@require_POST
def review_resubmit(request, pk: int):
    return _act(
        request, pk, None, lambda r, d: services.review_resubmit(actor=request.user, review=r)
    )


@login_required
@require_POST
def review_accept(request, pk: int):
    return _act(
        request, pk, None, lambda r, d: services.review_accept(actor=request.user, review=r)
    )


@login_required
@require_POST
def review_advisor(request, pk: int):
    return _act(
        request,
        pk,
        forms.AdvisorForm,
        lambda r, d: services.review_advisor_opinion(actor=request.user, review=r, text=d["text"]),
    )


@login_required
@require_POST
def review_review(request, pk: int):
    return _act(
        request,
        pk,
        forms.ReviewForm,
        lambda r, d: services.review_record_review(
            actor=request.user,
            review=r,
            assistant_opinion=d["assistant_opinion"],
            expert_consultation=d["expert_consultation"],
        ),
    )


@login_required
@require_POST
def review_opinion(request, pk: int):
    def call(review, data):
        form = forms.OpinionForm(request.POST)
        form.is_valid()
        services.review_issue_opinion(
            actor=request.user, review=review, conclusion=data["conclusion"], points=form.points()
        )

    return _act(request, pk, forms.OpinionForm, call)


@login_required
@require_POST
def review_sign_off(request, pk: int):
    return _act(
        request, pk, None, lambda r, d: services.review_sign_off(actor=request.user, review=r)
    )


@login_required
@require_POST
def review_sign_off_return(request, pk: int):
    return _act(
        request,
        pk,
        forms.SignOffReturnForm,
        lambda r, d: services.review_sign_off_return(
            actor=request.user, review=r, reason=d["reason"]
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign_off_settings(request):
    """签发设置: the office head chooses which kinds of review they issue themselves."""
    user = request.user
    if user.role != Role.OFFICE_HEAD or user.unit is None:
        raise PermissionDenied
    office = user.unit
    form = forms.SignOffPolicyForm(
        request.POST or None, initial={"kinds": sorted(services.sign_off_kinds(office))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_policy_set(actor=user, unit=office, kinds=form.cleaned_data["kinds"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("签发设置已保存。"))
            return redirect("reviews:sign_off_settings")
    return render(request, "reviews/sign_off_settings.html", {"form": form, "office": office})


@login_required
@require_POST
def finding_decide(request, pk: int, finding_pk: int):
    def call(review, data):
        finding = selectors.finding_get_for_user(user=request.user, review=review, pk=finding_pk)
        services.finding_decide(
            actor=request.user,
            finding=finding,
            accept=request.POST.get("accept") == "1",
            reason=data["reason"],
        )

    return _act(request, pk, forms.DismissForm, call)


@login_required
@require_POST
def point_answer(request, pk: int, point_pk: int):
    def call(review, data):
        point = selectors.point_get_for_user(user=request.user, review=review, pk=point_pk)
        services.point_answer(
            actor=request.user, point=point, answer=data["answer"], text=data["text"]
        )

    return _act(request, pk, forms.AnswerForm, call)


@login_required
@require_POST
def review_archive(request, pk: int):
    return _act(
        request, pk, None, lambda r, d: services.review_archive(actor=request.user, review=r)
    )


def _opinion_visible(user, review) -> bool:
    """The office sees its draft awaiting 签发; the department only the issued opinion."""
    if review.opinion_on is not None:
        return True
    return bool(review.conclusion) and has_capability(user, Capability.LEGALITY_REVIEW)


@login_required
@require_GET
def review_opinion_docx(request, pk: int):
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    if not _opinion_visible(request.user, review):
        messages.error(request, _("尚未出具审查意见。"))
        return redirect("reviews:review_detail", review.pk)
    return download(documents.opinion_docx(review), f"合法性审查意见书-{review.pk}.docx", DOCX)


@login_required
@require_GET
def review_opinion_pdf(request, pk: int):
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    if not _opinion_visible(request.user, review):
        messages.error(request, _("尚未出具审查意见。"))
        return redirect("reviews:review_detail", review.pk)
    return download(
        documents.opinion_pdf(review), f"合法性审查意见书-{review.pk}.pdf", "application/pdf"
    )


@login_required
@require_GET
def review_document_download(request, pk: int, doc_pk: int):
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    document = next((d for d in review.documents.all() if d.pk == doc_pk), None)
    return stored_file_download(document)


@login_required
@require_http_methods(["GET", "POST"])
def law_list(request):
    """The maintained law list (法律依据库) opinion points cite."""
    can_edit = has_capability(request.user, Capability.LEGALITY_REVIEW)
    form = forms.LawArticleForm(request.POST or None)
    if request.method == "POST":
        check_capability(request.user, Capability.LEGALITY_REVIEW)
        if form.is_valid():
            try:
                services.law_article_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("法律依据已保存。"))
                return redirect("reviews:law_list")
    context = {"laws": LawArticle.objects.all(), "form": form, "can_edit": can_edit}
    return render(request, "reviews/law_list.html", context)
