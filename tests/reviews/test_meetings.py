"""Meeting attendance (列席): opinions per item, vetoes with reasons, adoption statistics."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sifasuo.reviews import meetings
from sifasuo.reviews.models import AgendaItem, Meeting


@pytest.fixture
def meeting(world):
    return meetings.meeting_create(
        actor=world.office_head,
        unit=world.office_a1,
        kind="executive",
        title="第12次政府常务会议",
        held_on=dt.date(2026, 11, 10),
        topics=["征地补偿方案", "垃圾清运合同", ""],
    )


def test_veto_needs_reasons_and_statistics_count_it(world, meeting):
    first, second = meeting.items.order_by("seq")
    with pytest.raises(ValidationError, match="否决须写明理由"):
        meetings.agenda_item_record(
            actor=world.office_head, item=first, opinion="补偿标准低于法定", vetoed=True
        )
    meetings.agenda_item_record(
        actor=world.office_head,
        item=first,
        opinion="补偿标准低于法定",
        vetoed=True,
        veto_reasons="违反土地管理法第四十八条",
        adoption=AgendaItem.Adoption.ADOPTED,
    )
    meetings.agenda_item_record(
        actor=world.office_head,
        item=second,
        opinion="补充违约条款",
        adoption=AgendaItem.Adoption.NOT_ADOPTED,
    )
    stats = meetings.meeting_statistics(Meeting.objects.all())
    assert stats == {
        "meetings": 1,
        "opinions": 2,
        "vetoes": 1,
        "adopted": 1,
        "decided": 2,
        "adoption_rate": 50,
    }


def test_outsider_and_clerk_cannot_record(world, meeting):
    item = meeting.items.first()
    with pytest.raises(PermissionDenied):
        meetings.agenda_item_record(actor=world.outsider, item=item, opinion="x")
    with pytest.raises(PermissionDenied):
        meetings.meeting_create(
            actor=world.supervisor,
            unit=world.office_a1,
            kind="other",
            title="x",
            held_on=dt.date(2026, 11, 1),
            topics=["a"],
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("office_head", 200), ("supervisor", 200), ("outsider", 404), ("colleague", 404)],
)
def test_meeting_detail_access(world, login, meeting, persona, status):
    response = login(getattr(world, persona)).get(
        reverse("reviews:meeting_detail", args=[meeting.pk])
    )
    assert response.status_code == status


def test_outsider_post_is_404(world, login, meeting):
    item = meeting.items.first()
    response = login(world.outsider).post(
        reverse("reviews:agenda_item_record", args=[meeting.pk, item.pk]),
        {"opinion": "x", "adoption": "adopted"},
    )
    assert response.status_code == 404


def test_create_and_record_through_pages(world, login, django_assert_max_num_queries):
    client = login(world.office_head)
    response = client.post(
        reverse("reviews:meeting_create"),
        {
            "kind": "party_committee",
            "title": "党委会",
            "held_on": "2026-11-12",
            "topics": "项目招标方式\n资金拨付",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    item = meeting.items.get(seq=1)
    client.post(
        reverse("reviews:agenda_item_record", args=[meeting.pk, item.pk]),
        {
            "opinion": "应当公开招标",
            "vetoed": "on",
            "veto_reasons": "规避招标",
            "adoption": "adopted",
        },
    )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reviews:meeting_list"))
    text = response.content.decode()
    assert '<dd class="stat-vetoes">1</dd>' in text
    assert '<dd class="stat-adoption">100%</dd>' in text
    outsider_text = login(world.outsider).get(reverse("reviews:meeting_list")).content.decode()
    assert "党委会" not in outsider_text
    assert '<dd class="stat-meetings">0</dd>' in outsider_text


def test_a_meeting_form_sent_twice_records_one_meeting(world, login):
    """A double click or Back and resubmit sends the same token; a second tab sends the same
    meeting again. Either way the office has one meeting, and a token replayed by someone else
    names nothing of it."""
    client = login(world.office_head)
    form = {
        "submission_token": str(uuid.uuid4()),
        "kind": "executive",
        "title": "第13次政府常务会议",
        "held_on": "2026-11-20",
        "topics": "河道整治方案",
    }
    first = client.post(reverse("reviews:meeting_create"), form)
    again = client.post(reverse("reviews:meeting_create"), form)
    other_tab = client.post(reverse("reviews:meeting_create"), {**form, "submission_token": ""})
    assert first.status_code == again.status_code == other_tab.status_code == 302
    assert first["Location"] == again["Location"] == other_tab["Location"]
    assert Meeting.objects.filter(title="第13次政府常务会议").count() == 1

    replayed = login(world.office_user).post(reverse("reviews:meeting_create"), form)
    assert replayed.status_code == 200
    assert "该表单已提交过" in replayed.content.decode()
    assert Meeting.objects.filter(title="第13次政府常务会议").count() == 1
