"""Views of meeting attendance (列席会议)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core.forms import add_service_errors
from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.scoping import scope
from sifasuo.core.views._common import check_capability, paginate

from . import forms, meetings
from .models import Meeting


@login_required
@require_GET
def meeting_list(request):
    context = {
        "page": paginate(request, meetings.meeting_list_for_user(user=request.user)),
        "stats": meetings.meeting_statistics(scope(request.user, Meeting.objects.all())),
        "can_create": has_capability(request.user, Capability.LEGALITY_REVIEW)
        and request.user.unit is not None
        and request.user.unit.kind == UnitKind.OFFICE,
    }
    return render(request, "reviews/meeting_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    check_capability(request.user, Capability.LEGALITY_REVIEW)
    form = forms.MeetingForm(request.POST or None, initial={"submission_token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.meeting_create(
                actor=request.user,
                unit=request.user.unit,
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                topics=data["topics"].splitlines(),
                submission_token=data.get("submission_token"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reviews:meeting_detail", meeting.pk)
    return render(request, "reviews/meeting_form.html", {"form": form})


@login_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = meetings.meeting_get_for_user(user=request.user, pk=pk)
    context = {
        "meeting": meeting,
        "can_record": has_capability(request.user, Capability.LEGALITY_REVIEW),
        "form": forms.AgendaOpinionForm(),
    }
    return render(request, "reviews/meeting_detail.html", context)


@login_required
@require_POST
def agenda_item_record(request, pk: int, item_pk: int):
    meeting = meetings.meeting_get_for_user(user=request.user, pk=pk)
    item = next((i for i in meeting.items.all() if i.pk == item_pk), None)
    if item is None:
        raise Http404
    form = forms.AgendaOpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写法律意见并选择采纳情况。"))
        return redirect("reviews:meeting_detail", meeting.pk)
    try:
        meetings.agenda_item_record(actor=request.user, item=item, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已保存。"))
    return redirect("reviews:meeting_detail", meeting.pk)
