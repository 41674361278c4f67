"""一站式受理's indicators: matters by the day they were received, by channel and type, consultation
people, hand-overs to a line, and matters closed and refused."""

import datetime as dt

import pytest

from sifasuo.core import indicators
from sifasuo.core.indicators import Period
from sifasuo.intake import services

DAY = dt.date(2026, 3, 10)


def _register(world, channel, matter_type="dispute", people=1, received_on=DAY, unit=None):
    return services.matter_register(
        actor=world.office_user,
        unit=unit or world.office_a1,
        channel=channel,
        matter_type=matter_type,
        narrative="宅基地边界纠纷",
        requesters=[
            {"kind": "person", "name": f"申请人{i}", "phone": f"1396330001{i}"}
            for i in range(people)
        ],
        received_on=received_on,
        allow_identical=True,
    )


@pytest.fixture
def matters(world, freeze_today):
    freeze_today(DAY)
    handed = _register(world, "window")
    services.matter_hand_to_mediation(actor=world.office_user, matter=handed)
    closed = _register(world, "phone", "consultation", people=2)
    services.matter_assign(actor=world.office_user, matter=closed, handler=world.office_user)
    services.matter_close(actor=world.office_user, matter=closed, result="已当场解答")
    refused = _register(world, "hotline", "other")
    services.matter_refuse(
        actor=world.office_user,
        matter=refused,
        reason_type="out_of_scope",
        reason_text="不属于司法所受理范围",
    )
    _register(world, "window", received_on=dt.date(2026, 2, 27))  # received in February
    return world


def test_matters_count_by_the_day_received_and_how_they_ended(matters):
    march, q1 = Period.month(2026, 3), Period.quarter(2026, 1)

    def value(code, period=march, unit=None):
        return indicators.value_for(f"intake.{code}", unit or matters.county_a, period)

    assert value("received") == 3
    assert value("received", q1) == 4
    assert value("channel_window") == 1 and value("channel_window", q1) == 2
    assert value("type_consultation") == 1
    assert value("consultation_people") == 2
    assert value("handed_over") == 1
    assert value("closed") == 1 and value("refused") == 1
    assert value("received", unit=matters.county_b) == 0
    assert value("received", Period.month(2026, 4)) == 0


def test_only_hand_over_and_transfer_audit_rows_mark_intake_months_stale(world, freeze_today):
    """The hand-over counts read audit rows; the summaries watch only those actions, so the
    office's other audited work does not send intake's months to be recounted."""
    from sifasuo.core import audit, summaries
    from sifasuo.core.models import StaleSummary

    freeze_today(DAY)
    matter = _register(world, "window")
    summaries.rebuild()
    assert not StaleSummary.objects.filter(line="intake").exists()

    audit.audit_record(actor=world.office_user, action="party.reveal", obj=matter)
    assert not StaleSummary.objects.filter(line="intake").exists()

    services.matter_hand_to_mediation(actor=world.office_user, matter=matter)
    assert StaleSummary.objects.filter(line="intake", unit=world.office_a1).exists()
    summaries.refresh()
    assert indicators.value_for("intake.handed_over", world.office_a1, Period.year(2026)) == 1
    assert summaries.verify() == []
