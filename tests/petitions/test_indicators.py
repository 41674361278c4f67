"""The line's indicators, computed by core for offices and their county: what a supervisor's
comparison and the statistics page show."""

import datetime as dt
from decimal import Decimal

from sifasuo.core import indicators
from sifasuo.core.indicators import Period
from sifasuo.petitions import services


def _notify(user, petition, on, route="6", accepted=True):
    return services.petition_notify(
        actor=user,
        petition=petition,
        notified_on=on,
        accepted=accepted,
        route=route,
        notice_text="书面告知。",
    )


def test_counts_and_rates_roll_up_from_the_records(world, today, open_petition, petitioner):
    a1, a2 = world.office_user, world.colleague
    person = petitioner("孙丽")
    first = _notify(a1, open_petition(a1, petitioner=person), dt.date(2026, 6, 3))
    first = services.petition_reply(
        actor=a1, petition=first, replied_on=dt.date(2026, 7, 20), opinion="support", text="支持。"
    )
    services.petition_close(
        actor=a1,
        petition=first,
        outcome="resolved",
        satisfaction="satisfied",
        settled=True,
        closed_on=dt.date(2026, 7, 30),
    )
    # the same petitioner again, told four days after the 15 days of 第二十三条第二款
    again = open_petition(a1, petitioner=person, received_on=dt.date(2026, 7, 1))
    _notify(a1, again, dt.date(2026, 7, 20))
    # A2: accepted, never answered: its 60 days ended on 3 August
    _notify(a2, open_petition(a2, petitioner=petitioner("周强")), dt.date(2026, 6, 2))
    _notify(
        a2,
        open_petition(a2, petitioner=petitioner("吴刚"), received_on=dt.date(2026, 6, 10)),
        dt.date(2026, 6, 10),
        accepted=False,
    )

    year = Period.year(2026)
    county = {
        code: indicators.value_for(f"petitions.{code}", world.county_a, year)
        for code in (
            "received",
            "handled",
            "in_time_rate",
            "concluded",
            "settled_rate",
            "repeat",
            "overdue",
        )
    }
    assert county == {
        "received": 4,
        "handled": 1,
        "in_time_rate": Decimal("100.0"),
        "concluded": 2,
        "settled_rate": Decimal("50.0"),
        "repeat": 1,
        "overdue": 2,
    }
    assert indicators.value_for("petitions.overdue", world.office_a1, year) == 1
    assert indicators.value_for("petitions.overdue", world.county_a, Period.parse("2026-Q2")) == 0
    assert indicators.value_for("petitions.received", world.county_b, year) == 0
    assert indicators.value_for("petitions.settled_rate", world.office_a2, year) == 0
