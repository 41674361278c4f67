"""A refused step never loses what was typed: after an edit conflict the 调解笔录 comes back in
its form, with the reason beside it, and resubmitting saves it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from sifasuo.mediation import services
from sifasuo.mediation.models import Session


def test_a_conflicting_session_record_is_shown_again_and_can_be_resubmitted(
    world, open_case, client
):
    case = services.case_advance(actor=world.mediator, case=open_case(world.mediator))
    opened_on = case.version
    # Someone else (or the same person in another tab) changes the case meanwhile.
    services.case_set_followup_plan(
        actor=world.mediator, case=case, plan="每月电话回访", due=dt.date(2026, 12, 30)
    )
    client.force_login(world.mediator)
    typed = "双方当事人到场，申请人陈述排水沟被堵经过，被申请人同意三日内疏通。"
    response = client.post(
        reverse("mediation:session_add", args=[case.pk]),
        {
            "version": opened_on,
            "held_on": "2026-11-20",
            "place": "秦楼司法所调解室",
            "attendees": "王建国、赵六",
            "record": typed,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已被他人修改" in page
    assert f"{typed}</textarea>" in page  # the typed record is back in the form
    assert not Session.objects.filter(case=case).exists()
    case.refresh_from_db()
    client.post(
        reverse("mediation:session_add", args=[case.pk]),
        {
            "version": case.version,
            "held_on": "2026-11-20",
            "place": "秦楼司法所调解室",
            "attendees": "王建国、赵六",
            "record": typed,
        },
    )
    assert Session.objects.get(case=case).record == typed
    # Shown once: the next visit has an empty form again (the saved record is listed instead).
    page = client.get(reverse("mediation:case_detail", args=[case.pk])).content.decode()
    assert f"{typed}</textarea>" not in page
