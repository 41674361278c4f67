"""Public pages of 网上法律咨询 (no login): ask a question, read the answer and rate it with the
tracking code and phone, the lawyer directory and the 高频涉法难点 FAQ. Every form is counted by
the portal's limits before it acts and shows the captcha after repeats; no page shows anything of
a question but what its asker typed and the answer."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core.forms import add_service_errors
from sifasuo.portal.abuse import captcha_required, submission_refused

from . import forms, selectors, services
from .models import Question

_ASKED = "consult_asked"  # the tracking code just issued, shown once after the redirect
_READING = "consult_reading"  # the question whose code and phone this visitor entered


def _notice_context() -> dict:
    return {"keep_years": settings.SIFASUO_CONSULT_KEEP_YEARS}


@require_http_methods(["GET", "POST"])
def ask(request):
    captcha = captcha_required(request, form="consult_ask")
    form = forms.AskForm(request.POST or None, offices=selectors.public_offices(), captcha=captcha)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        refused = submission_refused(request, form="consult_ask", phone=data["phone"])
        if refused:
            form.add_error(None, refused)
        else:
            try:
                question = services.question_ask(
                    actor=services.CITIZEN,
                    unit=data["township"],
                    specialty=data["specialty"],
                    text=data["text"],
                    phone=data["phone"],
                    asker_name=data["asker_name"],
                    consent=data["consent"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session[_ASKED] = question.tracking_code
                return redirect("consult_public:asked")
    return render(request, "consult_public/ask.html", {"form": form, **_notice_context()})


@require_GET
def asked(request):
    code = request.session.get(_ASKED)
    if not code:
        return redirect("consult_public:ask")
    return render(request, "consult_public/asked.html", {"tracking_code": code})


def _reading(request) -> Question | None:
    pk = request.session.get(_READING)
    return Question.objects.select_related("answered_by").filter(pk=pk).first() if pk else None


@require_http_methods(["GET", "POST"])
def answer(request):
    """Code + phone opens the visitor's own question; the page then shows it until they leave."""
    captcha = captcha_required(request, form="consult_lookup")
    form = forms.LookupForm(request.POST or None, captcha=captcha)
    question, searched = None, False
    if request.method == "POST" and form.is_valid():
        refused = submission_refused(
            request, form="consult_lookup", phone=form.cleaned_data["phone"]
        )
        if refused:
            form.add_error(None, refused)
        else:
            searched = True
            question = services.question_lookup(
                tracking_code=form.cleaned_data["tracking_code"],
                phone=form.cleaned_data["phone"],
            )
            if question is not None:
                request.session[_READING] = question.pk
                return redirect("consult_public:answer")
    elif request.method == "GET":
        question = _reading(request)
    rate_form = None
    if question is not None and question.answered_at and question.rating is None:
        rate_form = forms.RateForm(captcha=captcha_required(request, form="consult_rate"))
    return render(
        request,
        "consult_public/answer.html",
        {"form": form, "question": question, "searched": searched, "rate_form": rate_form},
    )


@require_POST
def rate(request):
    question = _reading(request)
    if question is None:
        return redirect("consult_public:answer")
    form = forms.RateForm(request.POST, captcha=captcha_required(request, form="consult_rate"))
    if form.is_valid():
        refused = submission_refused(request, form="consult_rate")
        if refused:
            form.add_error(None, refused)
        else:
            try:
                services.question_rate(
                    actor=services.CITIZEN,
                    question=question,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["rating_comment"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("consult_public:answer")
    return render(
        request,
        "consult_public/answer.html",
        {"form": forms.LookupForm(), "question": question, "rate_form": form},
    )


@require_GET
def lawyers(request):
    form = forms.DirectoryForm(request.GET or None, counties=selectors.public_counties())
    county, specialty = None, ""
    if form.is_valid():
        county, specialty = form.cleaned_data["county"], form.cleaned_data["specialty"]
    return render(
        request,
        "consult_public/lawyers.html",
        {"form": form, "lawyers": selectors.public_directory(county=county, specialty=specialty)},
    )


@require_GET
def faq(request):
    return render(request, "consult_public/faq.html", {"groups": selectors.public_faq()})
