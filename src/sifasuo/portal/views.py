"""The portal's pages: the front page, the three application forms with their privacy notice, the
receipt with the tracking code, the status lookup and the service-point directory. No login."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sifasuo.core import throttle

from . import abuse, selectors, services
from .forms import (
    DirectoryFilterForm,
    GeneralForm,
    LegalAidForm,
    MediationForm,
    StatusForm,
    service_errors,
)
from .models import FormKind
from .privacy import notice_context

_RECEIPT = "portal_receipt"


@require_GET
def home(request):
    """The portal's front page: what a citizen can do here."""
    return render(request, "portal/home.html")


@require_GET
def privacy(request):
    return render(request, "portal/privacy.html", notice_context())


def _apply(request, form_class, form_kind: str, title: str):
    captcha = abuse.captcha_required(request, form=form_kind)
    form = form_class(
        request.POST or None, captcha=captcha, initial={"submission_token": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        refused = abuse.submission_refused(
            request, form=form_kind, phone=form.cleaned_data["applicant_phone"]
        )
        if refused:
            form.add_error(None, refused)
        else:
            now = timezone.now()
            office, routed_by = form.office_and_route()
            try:
                matter = services.application_submit(
                    office=office,
                    routed_by=routed_by,
                    form=form_kind,
                    matter_type=form.matter_type(),
                    narrative=form.matter_narrative(),
                    requester=form.requester(),
                    counterpart_names=form.matter_counterparts(),
                    amount=form.matter_amount(),
                    details=form.details(),
                    consent_at=now,
                    sensitive_consent_at=now if form.asks_sensitive else None,
                    submission_token=form.cleaned_data.get("submission_token"),
                )
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                request.session[_RECEIPT] = {
                    "tracking_code": matter.tracking_code,
                    "form": str(FormKind(form_kind).label),
                    "unit": matter.unit.name,
                    "unit_address": matter.unit.address,
                    "unit_phone": matter.unit.phone,
                    "at": timezone.localtime(matter.created_at).strftime("%Y-%m-%d %H:%M"),
                    "resubmitted": matter.resubmitted,
                }
                return redirect("portal:receipt")
    context = {"form": form, "title": title, "form_kind": form_kind, **notice_context()}
    return render(request, "portal/apply.html", context)


@require_http_methods(["GET", "POST"])
def apply_mediation(request):
    return _apply(request, MediationForm, FormKind.MEDIATION, _("申请人民调解"))


@require_http_methods(["GET", "POST"])
def apply_legal_aid(request):
    return _apply(request, LegalAidForm, FormKind.LEGAL_AID, _("申请法律援助"))


@require_http_methods(["GET", "POST"])
def apply_general(request):
    return _apply(request, GeneralForm, FormKind.GENERAL, _("其他法律事务"))


@require_GET
def receipt(request):
    """The tracking code of this browser's last application (kept in its session only)."""
    found = request.session.get(_RECEIPT)
    if not found:
        return redirect("portal:home")
    return render(
        request,
        "portal/receipt.html",
        {"receipt": found, "status_url": _status_url(request)},
    )


def _status_url(request) -> str:
    path = reverse("portal:status")
    public = settings.SIFASUO_PUBLIC_URL
    return public + path if public else request.build_absolute_uri(path)


@require_http_methods(["GET", "POST"])
def status(request):
    """Tracking code + phone → the steps in plain words; nothing for any mismatch."""
    form = StatusForm(request.POST or None, initial={"tracking_code": request.GET.get("code", "")})
    found, searched = None, False
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
            found = selectors.public_status(tracking_code=code, phone=form.cleaned_data["phone"])
    return render(
        request, "portal/status.html", {"form": form, "status": found, "searched": searched}
    )


@require_GET
def stations(request):
    """服务网点: the register's open service points, by county and township; public fields only."""
    counties = selectors.counties()
    form = DirectoryFilterForm(request.GET or None, counties=counties, offices=selectors.offices())
    county = office = None
    if form.is_valid():
        county, office = form.cleaned_data["county"], form.cleaned_data["office"]
    form.fields["office"].queryset = selectors.offices(county)
    points = selectors.station_directory(county=county, office=office)
    page = Paginator(points, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "stations": [selectors.public_station(p) for p in page.object_list],
        "query": query.urlencode(),
    }
    return render(request, "portal/stations.html", context)
