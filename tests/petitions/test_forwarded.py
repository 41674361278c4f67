"""Petitions 转送 or 交办 to the office (信访工作条例 第二十三条第三款): the 15-day written notice and
the 5-working-day objection window from the day it was received, counted by the deadline engine
over the 2026 National Day holiday; the objection agreed (materials handed back, file closed) or
refused (handled as within the office's powers); and a direct petition whose petitioner's name or
address is unclear (第二十三条第二款)."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from sifasuo.core.models import AuditEntry
from sifasuo.core.todos import due_work_for_user
from sifasuo.intake import services as intake_services
from sifasuo.petitions import services
from sifasuo.petitions.models import Petition, Stage

# Wednesday 30 September 2026, the last working day before the National Day holiday (1–7 October);
# Saturday 10 October is a working day (调休).
EVE = dt.date(2026, 9, 30)


def _limits(petition):
    return {x.kind: x for x in petition.time_limits.all()}


def _forwarded(open_petition, actor, *, received_on=EVE, within=True, source="forwarded"):
    return open_petition(
        actor,
        received_on=received_on,
        channel="letter",
        source=source,
        forwarded_by="东港区信访局",
        forward_reference="东信转〔2026〕88号",
        within_purview=within,
    )


def _object(petition, actor, on, reasons="属县教育局职责，不属于司法行政系统职权范围。"):
    return services.petition_object(actor=actor, petition=petition, objected_on=on, reasons=reasons)


@pytest.fixture
def october(freeze_today):
    return freeze_today(dt.date(2026, 10, 9))


def test_a_forwarded_petition_within_the_offices_powers_is_answered_within_15_days(
    world, october, open_petition
):
    petition = _forwarded(open_petition, world.office_user)
    assert petition.source_label == "东港区信访局转送（东信转〔2026〕88号）"
    limits = _limits(petition)
    assert set(limits) == {"notify"}  # no window to object is running
    notify = limits["notify"]
    # 15 days from 30 September end on Thursday 15 October, a working day.
    assert (notify.due_on, notify.due_basis, notify.due_rule) == (
        dt.date(2026, 10, 15),
        "信访工作条例 第二十三条第三款",
        "petition.forwarded_notify",
    )
    # Outside its powers, a forwarded matter goes back through an objection, not a redirect.
    with pytest.raises(ValidationError, match="应当向转送、交办机关提出异议"):
        services.petition_notify(
            actor=world.office_user,
            petition=petition,
            notified_on=dt.date(2026, 10, 8),
            accepted=False,
            notice_text="请向县教育局反映。",
        )
    petition = services.petition_notify(
        actor=world.office_user,
        petition=petition,
        notified_on=dt.date(2026, 10, 8),
        accepted=True,
        route="6",
        notice_text="已接收，告知处理途径和程序。",
    )
    assert petition.stage == Stage.HANDLING and _limits(petition)["notify"].met is True


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        # Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13 October: the holiday days do not count.
        (EVE, dt.date(2026, 10, 13)),
        # Tue 29, Wed 30 September, Thu 8, Fri 9, Sat 10 October: due on the 调休 Saturday.
        (dt.date(2026, 9, 28), dt.date(2026, 10, 10)),
    ],
)
def test_the_objection_window_counts_five_working_days_over_the_holiday(
    world, october, open_petition, received_on, due_on
):
    petition = _forwarded(open_petition, world.office_user, received_on=received_on, within=False)
    limits = _limits(petition)
    assert set(limits) == {"objection"}
    objection = limits["objection"]
    assert (objection.due_on, objection.due_basis) == (due_on, "信访工作条例 第二十三条第三款")


def test_an_objection_agreed_hands_the_materials_back_and_closes_the_file(
    world, october, open_petition
):
    user = world.office_user
    petition = _forwarded(open_petition, user, within=False, source="assigned")
    with pytest.raises(ValidationError, match="详细说明"):
        _object(petition, user, dt.date(2026, 10, 8), reasons=" ")
    petition = _object(petition, user, dt.date(2026, 10, 8))
    assert petition.stage == Stage.OBJECTED
    assert _limits(petition)["objection"].met is True  # 8 October is within the 5 working days
    with pytest.raises(ValidationError, match="已提出异议"):  # no notice while it is checked
        services.petition_notify(
            actor=user,
            petition=petition,
            notified_on=dt.date(2026, 10, 8),
            accepted=True,
            notice_text="已接收。",
        )
    answer = dict(actor=user, answered_on=dt.date(2026, 10, 9), agreed=True, answer="同意交还。")
    with pytest.raises(ValidationError) as missing:
        services.petition_answer_objection(petition=petition, **answer)
    assert "returned_on" in missing.value.message_dict
    with pytest.raises(ValidationError, match="须经核实同意后交还"):
        services.petition_answer_objection(
            petition=petition, returned_on=dt.date(2026, 10, 8), **answer
        )
    petition = services.petition_answer_objection(
        petition=petition, returned_on=dt.date(2026, 10, 9), materials_note="原件3页", **answer
    )
    assert (petition.stage, petition.outcome, petition.closed_on) == (
        Stage.CLOSED,
        "returned",
        dt.date(2026, 10, 9),
    )
    assert petition.materials_returned_on == dt.date(2026, 10, 9)
    assert not petition.time_limits.filter(done_on__isnull=True).exists()
    actions = AuditEntry.objects.filter(object_id=str(petition.pk), action__startswith="petitions.")
    assert list(actions.order_by("id").values_list("action", flat=True)) == [
        "petitions.open",
        "petitions.object",
        "petitions.objection_agreed",
    ]
    assert actions.order_by("id").last().changes["outcome"] == ["", "returned"]


def test_an_objection_refused_leaves_the_notice_counted_from_receipt(
    world, october, open_petition, client
):
    user = world.office_user
    # Registered as within its powers, then objected to: the notice stops being shown as owed…
    petition = _forwarded(open_petition, user)
    petition = _object(petition, user, dt.date(2026, 10, 9))
    assert set(_limits(petition)) == {"objection"}
    petition = services.petition_answer_objection(
        actor=user,
        petition=petition,
        answered_on=dt.date(2026, 10, 9),
        agreed=False,
        answer="属人民调解工作范围，由司法所办理。",
    )
    # …and a refusal owes it again, still 15 days from 30 September: the text does not restart it.
    assert petition.stage == Stage.REGISTERED and petition.objection_agreed is False
    notify = _limits(petition)["notify"]
    assert (notify.due_start, notify.due_on, notify.done_on) == (EVE, dt.date(2026, 10, 15), None)
    with pytest.raises(ValidationError, match="已对异议作出答复"):
        _object(petition, user, dt.date(2026, 10, 9))
    with pytest.raises(ValidationError, match="未同意异议，本件按属于本所职权范围办理"):
        services.petition_notify(
            actor=user,
            petition=petition,
            notified_on=dt.date(2026, 10, 9),
            accepted=False,
            notice_text="请向有权机关提出。",
        )
    client.force_login(user)
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "未规定异议未获同意后书面告知期限是否重新起算" in page
    assert "不同意异议：属人民调解工作范围" in page and "2026-10-15" in page
    assert reverse("petitions:object", args=[petition.pk]) not in page


def test_a_late_objection_is_recorded_as_missed(world, freeze_today, open_petition):
    freeze_today(dt.date(2026, 10, 20))
    petition = _forwarded(open_petition, world.office_user, within=False)
    petition = _object(petition, world.office_user, dt.date(2026, 10, 14))
    objection = _limits(petition)["objection"]
    assert (objection.due_on, objection.met) == (dt.date(2026, 10, 13), False)


def test_a_forwarded_petition_names_its_body_and_is_never_an_intake_hand_over(
    world, october, open_petition, petitioner
):
    with pytest.raises(ValidationError) as error:
        open_petition(world.office_user, source="forwarded", forwarded_by=" ")
    assert "forwarded_by" in error.value.message_dict
    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="window",
        matter_type="petition",
        narrative="反映村务公开不及时。",
        requesters=[petitioner("赵敏")],
        received_on=dt.date(2026, 10, 8),
    )
    with pytest.raises(ValidationError, match="信访人直接提出"):
        services.petition_open(
            actor=world.office_user,
            unit=world.office_a1,
            kind="complaint",
            request="反映村务公开不及时。",
            matter=matter,
            source="assigned",
            forwarded_by="东港区司法局",
        )
    assert not Petition.objects.exists()


def test_a_direct_petition_with_an_unclear_name_or_address_owes_no_15_day_notice(
    world, october, open_petition, client
):
    direct = open_petition(world.office_user, received_on=EVE)
    assert _limits(direct)["notify"].due_basis == "信访工作条例 第二十三条第二款"
    unclear = open_petition(
        world.office_user,
        received_on=EVE,
        petitioner={"kind": "person", "name": "匿名来信人"},
        contact_unclear=True,
    )
    assert unclear.time_limits.count() == 0 and unclear.stage == Stage.REGISTERED
    client.force_login(world.office_user)
    page = client.get(reverse("petitions:detail", args=[unclear.pk])).content.decode()
    assert "不适用自收到信访事项之日起15日内书面告知信访人的期限" in page
    # The exception is the second paragraph's only: a forwarded petition has no such exception.
    forwarded = open_petition(
        world.office_user,
        received_on=EVE,
        source="forwarded",
        forwarded_by="东港区信访局",
        contact_unclear=True,
    )
    assert forwarded.contact_unclear is False and _limits(forwarded)["notify"].due_on


def test_the_forwarded_file_is_registered_shown_and_printed_with_its_route(world, october, client):
    client.force_login(world.office_user)
    response = client.post(
        reverse("petitions:create"),
        {
            "kind": "complaint",
            "request": "反映学校违规收取补课费，要求退费。",
            "headcount": 1,
            "channel": "letter",
            "received_on": "2026-09-30",
            "p1_kind": "person",
            "p1_name": "周海燕",
            "source": "assigned",
            "forwarded_by": "东港区司法局",
            "forward_reference": "东司交〔2026〕5号",
            "within_purview": "0",
        },
    )
    petition = Petition.objects.get()
    assert response.url == reverse("petitions:detail", args=[petition.pk])
    page = client.get(response.url).content.decode()
    assert "东港区司法局交办（东司交〔2026〕5号）" in page
    assert "收到转送、交办日期" in page and "2026-10-13" in page
    assert "应当自收到之日起5个工作日内提出异议，并详细说明理由" in page
    # The running period's step comes first: the objection, before the notice.
    first, then = "<summary>提出异议（不属于本所职权范围）", "<summary>书面告知信访人<"
    assert page.index(first) < page.index(then)
    assert "告知向有权处理的机关、单位提出" not in page  # not the way back for a forwarded one
    listing = client.get(reverse("petitions:list")).content.decode()
    assert "东港区司法局交办（东司交〔2026〕5号）" in listing

    client.post(
        reverse("petitions:object", args=[petition.pk]),
        {"objected_on": "2026-10-09", "reasons": "学校收费属教育部门职责。"},
    )
    client.post(
        reverse("petitions:objection_answer", args=[petition.pk]),
        {
            "answered_on": "2026-10-09",
            "agreed": "1",
            "answer": "同意，材料交还本局。",
            "returned_on": "2026-10-09",
            "materials_note": "原件2页",
        },
    )
    petition.refresh_from_db()
    assert petition.outcome == "returned"
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "异议经核实同意，已交还相关材料" in page and "原件2页" in page
    sheet = client.get(reverse("petitions:sheet", args=[petition.pk, "docx"]))
    doc = Document(BytesIO(sheet.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "东港区司法局交办（东司交〔2026〕5号）" in cells
    assert "学校收费属教育部门职责。" in cells
    assert any(
        c.startswith("核实同意异议：同意，材料交还本局。；2026-10-09交还相关材料") for c in cells
    )


def test_the_objection_window_is_a_to_do_and_counts_on_the_supervisors_table(
    world, freeze_today, open_petition, home
):
    freeze_today(dt.date(2026, 10, 12))
    petition = _forwarded(open_petition, world.office_user, within=False)  # due 13 October
    late = _forwarded(
        open_petition, world.office_user, received_on=dt.date(2026, 9, 28), within=False
    )  # due 10 October
    page = home(world.office_user)
    assert "对转送、交办事项提出异议" in page and petition.number in page and late.number in page
    [row] = [g for g in due_work_for_user(user=world.supervisor) if g.label == "信访件"]
    assert row.counts[world.office_a1.pk] == (1, 1)  # one overdue, one due soon
    _object(late, world.office_user, dt.date(2026, 10, 12))
    _object(petition, world.office_user, dt.date(2026, 10, 12))
    [row] = [g for g in due_work_for_user(user=world.supervisor) if g.label == "信访件"]
    assert world.office_a1.pk not in row.counts


def test_an_outsider_gets_404_on_the_objection_steps(world, october, open_petition, client):
    petition = _forwarded(open_petition, world.office_user, within=False)
    urls = [reverse(f"petitions:{n}", args=[petition.pk]) for n in ("object", "objection_answer")]
    data = {"objected_on": "2026-10-09", "reasons": "不属于", "answered_on": "2026-10-09"}
    for user in (world.outsider, world.colleague, world.partner):
        client.force_login(user)
        for url in urls:
            assert client.post(url, {**data, "agreed": "1", "answer": "同意"}).status_code == 404
    petition.refresh_from_db()
    assert petition.stage == Stage.REGISTERED and petition.version == 1
