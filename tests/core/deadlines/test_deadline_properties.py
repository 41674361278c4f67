"""Properties of the deadline engine that must hold for every start date and length."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sifasuo.core.deadlines import (
    Rule,
    Unit,
    add_working_days,
    compile_rule,
    compute,
    default_rules,
    is_workday,
    working_days_between,
)

# Starts late enough in the data that periods up to ~3 months stay inside 2004–2026.
starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 6, 30))
lengths = st.integers(min_value=1, max_value=60)
units = st.sampled_from([Unit.CALENDAR_DAYS, Unit.WORKING_DAYS, Unit.MONTHS])


def _rule(unit: Unit, length: int) -> Rule:
    return Rule(id="prop", name="性质", basis="-", article="-", unit=unit, length=length)


def _bounded(unit: Unit, length: int) -> int:
    # Keep month periods within the data range too.
    return min(length, 5) if unit is Unit.MONTHS else length


@settings(max_examples=200, deadline=None)
@given(start=starts, n=lengths)
def test_working_day_due_is_the_nth_working_day(start, n):
    result = compute(_rule(Unit.WORKING_DAYS, n), start)
    assert is_workday(result.due)
    assert working_days_between(start, result.due) == n
    # and no earlier day would do
    assert working_days_between(start, result.due - timedelta(days=1)) == n - 1
    assert len(result.skipped) == (result.due - start).days - n


@settings(max_examples=200, deadline=None)
@given(start=starts, n=lengths, unit=st.sampled_from([Unit.CALENDAR_DAYS, Unit.MONTHS]))
def test_calendar_due_is_never_a_rest_day_and_only_rolls_over_rest_days(start, n, unit):
    result = compute(_rule(unit, _bounded(unit, n)), start)
    assert is_workday(result.due)
    assert result.due >= result.raw_end
    assert [d for d, _ in result.skipped] == [
        result.raw_end + timedelta(days=i) for i in range((result.due - result.raw_end).days)
    ]


@settings(max_examples=200, deadline=None)
@given(start=starts, n=lengths, extra=st.integers(min_value=1, max_value=20), unit=units)
def test_longer_periods_never_end_earlier(start, n, extra, unit):
    shorter = _bounded(unit, n)
    longer = _bounded(unit, n + extra)
    assert compute(_rule(unit, longer), start).due >= compute(_rule(unit, shorter), start).due


@settings(max_examples=200, deadline=None)
@given(
    start=starts,
    n=lengths,
    unit=units,
    offset=st.integers(min_value=-5, max_value=70),
    k=st.integers(min_value=0, max_value=30),
)
def test_a_pause_never_makes_the_due_date_earlier(start, n, unit, offset, k):
    rule = _rule(unit, _bounded(unit, n))
    paused = start + timedelta(days=offset)
    plain = compute(rule, start)
    with_pause = compute(rule, start, pauses=[(paused, paused + timedelta(days=k))])
    assert with_pause.due >= plain.due
    if unit is Unit.CALENDAR_DAYS:
        # Calendar periods move by exactly the paused days before the roll-forward.
        assert with_pause.raw_end == plain.raw_end + timedelta(days=with_pause.paused_days)


@settings(max_examples=200, deadline=None)
@given(start=starts, rule_id=st.sampled_from(sorted(default_rules())), extended=st.booleans())
def test_fast_path_agrees_with_compute(start, rule_id, extended):
    rule = default_rules()[rule_id]
    if rule.unit is Unit.YEARS or (rule.unit is Unit.MONTHS and rule.length > 2):
        start = min(start, date(2020, 12, 31))
    extended = extended and rule.extension is not None
    assert (
        compile_rule(rule, extended=extended)(start) == compute(rule, start, extended=extended).due
    )


@settings(max_examples=200, deadline=None)
@given(start=starts, n=st.integers(min_value=-60, max_value=60))
def test_add_and_count_working_days_are_inverse(start, n):
    start = max(start, date(2004, 6, 1))  # room to count backwards
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
