"""A period closed by a petition service marks its own month in the monthly summaries, so
`sifasuo reports verify` finds nothing to repair without a rebuild.

The line declared here counts the periods (TimeLimit) alone, so the petition's own save, which
marks the same months for the petitions line, cannot hide a period written without marking."""

import datetime as dt

import pytest

from sifasuo.core import lines, summaries
from sifasuo.core.lines import BusinessLine, Indicator, SummarySource
from sifasuo.petitions import services

_Q = "sifasuo.petitions.indicators."
PERIOD_LINE = BusinessLine(
    label="petition_periods_test",
    name="信访期限测试",
    indicators=(
        Indicator(
            "pt.handled", "办结件数", "按办理完成日期计", "件", _Q + "handled", additive=True
        ),
        Indicator(
            "pt.in_time",
            "按期办结件数",
            "按办理完成日期计",
            "件",
            _Q + "handled_in_time",
            additive=True,
        ),
    ),
    summary_models=(SummarySource("petitions.TimeLimit", "petition__unit", ("done_on",)),),
)


@pytest.fixture
def period_line(monkeypatch):
    real = lines.lines()
    monkeypatch.setattr(lines, "lines", lambda: [*real, PERIOD_LINE])
    lines.clear_caches()
    summaries.connect()
    yield PERIOD_LINE
    monkeypatch.undo()
    lines.clear_caches()


def _handled_in_july(world):
    july = summaries.MonthlySummary.objects.filter(
        unit=world.office_a1, month=dt.date(2026, 7, 1), code="pt.handled"
    ).first()
    return july and summaries.number(july.value)


def test_a_reply_closing_the_handling_period_keeps_the_summaries_true(period_line, world, petition):
    summaries.rebuild()
    user = world.office_user
    petition = services.petition_notify(
        actor=user,
        petition=petition,
        notified_on=dt.date(2026, 6, 3),
        accepted=True,
        route="6",
        notice_text="已受理，告知处理途径和程序。",
    )
    services.petition_reply(
        actor=user,
        petition=petition,
        replied_on=dt.date(2026, 7, 6),
        opinion="explain",
        text="依据第三十二条第一款第二项作出解释说明。",
        delivered_on=dt.date(2026, 7, 8),
    )
    assert summaries.verify() == []
    assert _handled_in_july(world) == 1


def test_closing_without_a_reply_counts_the_handling_period_on_the_closing_day(
    period_line, world, petition
):
    services.petition_notify(
        actor=world.office_user,
        petition=petition,
        notified_on=dt.date(2026, 6, 3),
        accepted=True,
        route="6",
        notice_text="已受理，告知处理途径和程序。",
    )
    summaries.rebuild()
    petition.refresh_from_db()
    services.petition_close(
        actor=world.office_user,
        petition=petition,
        outcome="withdrawn",
        satisfaction="satisfied",
        settled=True,
        closed_on=dt.date(2026, 7, 20),
    )
    assert summaries.verify() == []
    assert _handled_in_july(world) == 1
