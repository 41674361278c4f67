"""合法性审查's indicators: reviews by kind on the day submitted, opinions on the day issued, and
the meetings attended with the opinions given at them."""

import datetime as dt

from sifasuo.core import indicators
from sifasuo.core.indicators import Period
from sifasuo.reviews.models import AgendaItem, Meeting, Review


def _review(world, kind, submitted_on, unit=None, **values):
    unit = unit or world.office_a1
    return Review.objects.create(
        unit=unit,
        department=unit,
        title="关于农村宅基地审批的决定",
        kind=kind,
        drafting_unit="农业农村办",
        submitted_on=submitted_on,
        **values,
    )


def test_reviews_and_meetings_count_on_their_own_days(world):
    _review(
        world,
        "major_decision",
        dt.date(2026, 2, 25),
        opinion_on=dt.date(2026, 3, 3),
        due_on=dt.date(2026, 3, 10),
        conclusion="legal",
    )
    _review(
        world,
        "normative",
        dt.date(2026, 3, 2),
        opinion_on=dt.date(2026, 3, 20),
        due_on=dt.date(2026, 3, 16),
        conclusion="illegal",
    )
    _review(world, "normative", dt.date(2026, 3, 9))  # not yet answered
    _review(
        world,
        "normative",
        dt.date(2026, 3, 9),
        unit=world.office_b1,
        opinion_on=dt.date(2026, 3, 10),
    )
    meeting = Meeting.objects.create(
        unit=world.office_a2, kind="executive", title="镇长办公会", held_on=dt.date(2026, 3, 12)
    )
    AgendaItem.objects.create(
        meeting=meeting,
        seq=1,
        topic="征收补偿",
        opinion="须先行评估",
        vetoed=True,
        veto_reasons="程序违法",
        adoption="adopted",
    )
    AgendaItem.objects.create(meeting=meeting, seq=2, topic="通报")

    def value(code):
        return indicators.value_for(f"reviews.{code}", world.county_a, Period.month(2026, 3))

    assert value("submitted") == 2
    assert value("kind_normative") == 2 and value("kind_major_decision") == 0
    assert value("opinions") == 2
    assert value("major_decisions") == 1 and value("normative_documents") == 1
    assert value("illegal") == 1
    assert value("opinions_on_time") == 1 and value("on_time_rate") == 50
    assert value("meetings") == 1 and value("meeting_opinions") == 1
    assert value("meeting_vetoes") == 1 and value("meeting_adoption_rate") == 100
