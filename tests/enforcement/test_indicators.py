"""The line's indicators through core.indicators, for an office and for its county."""

import datetime as dt
from decimal import Decimal

import pytest

from sifasuo.core.indicators import Period, value_for
from sifasuo.enforcement import services
from sifasuo.enforcement.models import ScoringItem

pytestmark = pytest.mark.django_db


def test_indicators_roll_up_from_the_records(world, scene, make_case, team):
    year = Period.year(2026)
    good = make_case()
    services.case_update_systems(
        actor=world.office_user,
        case=good,
        published=True,
        recorded=True,
        legal_review_required=False,
    )
    make_case()  # decided, but neither published nor recorded
    failed = make_case()
    evaluation = services.evaluation_create(
        actor=world.supervisor, case=failed, standard=scene.standard, reviewers=team
    )
    for person in team:
        services.evaluation_score(actor=person, evaluation=evaluation, hits={})
    veto = ScoringItem.objects.get(standard=scene.standard, seq=2).pk
    services.evaluation_agree(
        actor=world.advisor, evaluation=evaluation, hits={veto: 1}, on=dt.date(2026, 10, 1)
    )
    services.discussion_create(
        actor=world.office_user,
        department=scene.team_dept,
        held_on=dt.date(2026, 10, 5),
        case_summary="案情",
        issue="问题",
        conclusion="结论",
        attendees="全体",
        attendance=6,
    )
    for unit in (world.office_a1, world.county_a):
        assert value_for("enforcement.cases_reviewed", unit, year) == 1
        assert value_for("enforcement.files_failed", unit, year) == 1
        assert value_for("enforcement.failed_rate", unit, year) == 100
        assert value_for("enforcement.average_score", unit, year) == 100
        assert value_for("enforcement.cases_decided", unit, year) == 3
        assert value_for("enforcement.systems_rate", unit, year) == Decimal("33.3")
        # At the end of 2026: 王海涛 and 李秀兰 hold valid cards; 张志强's ran out in June.
        assert value_for("enforcement.enforcers_valid", unit, year) == 2
        assert value_for("enforcement.cards_expiring", unit, year) == 1
        assert value_for("enforcement.discussions", unit, year) == 1
    assert value_for("enforcement.cases_reviewed", world.office_a2, year) == 0
    assert value_for("enforcement.systems_rate", world.office_a2, year) is None
    assert value_for("enforcement.cases_reviewed", world.office_a1, Period.year(2025)) == 0


def test_a_county_reviewer_finds_the_file_in_their_todos(world, scene, make_case, team, home):
    evaluation = services.evaluation_create(
        actor=world.office_user, case=make_case(), standard=scene.standard, reviewers=team
    )
    page = home(world.supervisor)
    assert "案卷评查（待评分）" in page and evaluation.case.number in page
    for person in team:
        services.evaluation_score(actor=person, evaluation=evaluation, hits={})
    page = home(world.supervisor)
    assert "案卷评查（待评分）" not in page and "案卷评查（待合议）" in page
