"""Hand-checked due dates around Chinese public holidays, 调休 weekends, month ends and leap days.

Each case was checked day by day against chinese_calendar 1.11 (is_workday / get_holiday_detail);
the comment on each case gives the count.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from time_support import FIRST_YEAR_WITHOUT_DATA, roll_forward_oracle, workdays_after_oracle

from sifasuo.core.deadlines import (
    CalendarDataMissing,
    DeadlineError,
    HolidayCalendar,
    OverrideDay,
    Rule,
    Unit,
    add_working_days,
    compile_rule,
    compute,
    compute_many,
    deadline_state,
    default_rules,
    due_date,
    is_workday,
    working_days_between,
)
from sifasuo.core.deadlines.calendar import DayKind

D = date
Y = FIRST_YEAR_WITHOUT_DATA

HAND_CHECKED = [
    # --- Spring Festival 2024: off 02-10 (Sat) .. 02-17 (Sat); 调休 work Sun 02-04 and Sun 02-18.
    # 5 wd after Wed 02-07: Thu 08 (1), Fri 09 (2), 10..17 off, Sun 18 调休 (3), Mon 19 (4), Tue 20.
    ("reconsideration.accept", D(2024, 2, 7), D(2024, 2, 20)),
    # 3 wd after Fri 02-02: Sat 03 off, Sun 04 调休 (1), Mon 05 (2), Tue 06 (3).
    ("reconsideration.copy_simple", D(2024, 2, 2), D(2024, 2, 6)),
    # 7 days after Sat 02-03 = Sat 02-10 (春节) -> first working day after it is the 调休 Sunday 02-18.
    ("legal_aid.decide", D(2024, 2, 3), D(2024, 2, 18)),
    # --- Spring Festival 2025: off 01-28 (Tue) .. 02-04 (Tue); 调休 work Sun 01-26 and Sat 02-08.
    # 20 wd after Mon 01-20: 21-24 (1-4), Sun 26 调休 (5), Mon 27 (6), 28..04 off, 05-07 (7-9),
    # Sat 08 调休 (10), 10-14 (11-15), 17-21 (16-20) -> Fri 02-21.
    ("info_disclosure.reply", D(2025, 1, 20), D(2025, 2, 21)),
    # 15 days after Wed 01-15 = Thu 01-30 (春节) -> Wed 02-05.
    ("petition.accept", D(2025, 1, 15), D(2025, 2, 5)),
    # --- Spring Festival 2026: off 02-15 (Sun) .. 02-23 (Mon); 调休 work Sat 02-14 and Sat 02-28.
    # 10 wd after Mon 02-09: 10-13 (1-4), Sat 14 调休 (5), 15..23 off, 24-27 (6-9), Sat 28 调休 (10).
    ("reconsideration.reply", D(2026, 2, 9), D(2026, 2, 28)),
    # 15 days after Sun 02-01 = Mon 02-16 (春节) -> Tue 02-24.
    ("litigation.sue_after_reconsideration", D(2026, 2, 1), D(2026, 2, 24)),
    # --- National Day 2024: off 10-01 .. 10-07; 调休 work Sun 09-29 and Sat 10-12.
    # 15 days after Fri 09-20 = Sat 10-05 (国庆节) -> Tue 10-08.
    ("litigation.answer", D(2024, 9, 20), D(2024, 10, 8)),
    # 5 wd after Fri 09-27: Sat 28 off, Sun 29 调休 (1), Mon 30 (2), 01..07 off, 08-10 (3-5).
    ("penalty.hearing_request", D(2024, 9, 27), D(2024, 10, 10)),
    # 3 days after Wed 10-09 = Sat 10-12, a 调休 working Saturday: no roll-forward.
    ("legal_aid.assign", D(2024, 10, 9), D(2024, 10, 12)),
    # --- National Day 2025: off 10-01 .. 10-08 (10-06 is 中秋); 调休 work Sun 09-28, Sat 10-11.
    # 60 days after Thu 08-07 = Mon 10-06 (中秋) -> 07, 08 off -> Thu 10-09.
    ("reconsideration.apply", D(2025, 8, 7), D(2025, 10, 9)),
    # 5 wd after Fri 09-26: Sat 27 off, Sun 28 调休 (1), 29 (2), 30 (3), 01..08 off, 09 (4), 10 (5).
    ("petition.objection", D(2025, 9, 26), D(2025, 10, 10)),
    # --- National Day 2026: off 10-01 .. 10-07; 调休 work Sun 09-20 and Sat 10-10.
    # 10 wd after Mon 09-28: 29 (1), 30 (2), 01..07 off, 08 (3), 09 (4), Sat 10 调休 (5), Sun 11
    # off, 12-16 (6-10) -> Fri 10-16.
    ("reconsideration.reply", D(2026, 9, 28), D(2026, 10, 16)),
    # 30 days after Tue 09-01 = Thu 10-01 (国庆节) -> Thu 10-08.
    ("mediation.judicial_confirmation", D(2026, 9, 1), D(2026, 10, 8)),
    # --- Year end: Sat 2022-12-31 .. Mon 2023-01-02 are 元旦 rest days.
    # 3 days after Wed 12-28 = Sat 12-31 -> rolls into the next year: Tue 2023-01-03.
    ("legal_aid.assign", D(2022, 12, 28), D(2023, 1, 3)),
    # --- Months and years (民法典 art 202).
    # 6 months after 2024-08-31: no 2025-02-31, so the month's last day, Fri 2025-02-28.
    ("litigation.sue", D(2024, 8, 31), D(2025, 2, 28)),
    # 6 months after 2024-04-05 = Sat 2024-10-05 (国庆节) -> Tue 2024-10-08.
    ("litigation.sue", D(2024, 4, 5), D(2024, 10, 8)),
    # 2 months after 2023-12-31: leap February ends on Thu 2024-02-29.
    ("litigation.agency_inaction", D(2023, 12, 31), D(2024, 2, 29)),
    # 2 months after 2024-12-31: Fri 2025-02-28.
    ("litigation.agency_inaction", D(2024, 12, 31), D(2025, 2, 28)),
    # 2 years after leap day 2024-02-29: 2026-02-28, a 调休 working Saturday, so it stands.
    ("penalty.limitation", D(2024, 2, 29), D(2026, 2, 28)),
]


@pytest.mark.parametrize(("rule", "start", "due"), HAND_CHECKED)
def test_hand_checked_due_dates(rule, start, due):
    assert compute(rule, start).due == due
    assert due_date(rule, start) == due
    assert compile_rule(rule)(start) == due


def _rule(unit: Unit, length: int) -> Rule:
    return Rule(id="test", name="测试", basis="测试", article="test", unit=unit, length=length)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (D(2024, 1, 31), D(2024, 2, 29)),  # leap year: Thu 02-29 is a working day
        (D(2025, 1, 31), D(2025, 2, 28)),  # common year: Fri 02-28 is a working day
        (D(2023, 1, 31), D(2023, 2, 28)),  # common year: Tue 02-28
        (D(2024, 3, 31), D(2024, 4, 30)),  # April has no 31st: Tue 04-30 (working day)
    ],
)
def test_one_month_from_a_month_end_lands_on_the_last_day(start, due):
    assert compute(_rule(Unit.MONTHS, 1), start).due == due


def test_one_year_from_leap_day():
    # 2025 has no Feb 29: the last day of February, Fri 2025-02-28, a working day.
    result = compute(_rule(Unit.YEARS, 1), D(2024, 2, 29))
    assert result.due == D(2025, 2, 28)
    assert result.raw_end == D(2025, 2, 28)


def test_done_when_reply_across_national_day_2026_explained():
    result = compute("reconsideration.reply", D(2026, 9, 28))
    assert result.due == D(2026, 10, 16)
    assert result.raw_end == result.due
    assert result.unit is Unit.WORKING_DAYS
    assert result.basis == "行政复议法 第四十八条"
    assert result.skipped == tuple(
        [(D(2026, 10, d), "国庆节") for d in range(1, 8)] + [(D(2026, 10, 11), "周末")]
    )
    text = result.explain()
    assert "届满日：2026-10-16（星期五）" in text
    assert "2026-10-01（星期四） 国庆节" in text
    assert "行政复议法 第八十八条第二款" in text
    # the 调休 Saturday counted as a working day, so it is not listed as skipped
    assert "2026-10-10" not in text


def test_calendar_days_roll_forward_is_explained():
    # 60 days after 2025-08-07 = Mon 10-06 (中秋) -> Thu 10-09.
    result = compute("reconsideration.apply", D(2025, 8, 7))
    assert result.raw_end == D(2025, 10, 6)
    assert result.skipped == (
        (D(2025, 10, 6), "中秋"),
        (D(2025, 10, 7), "国庆节"),
        (D(2025, 10, 8), "国庆节"),
    )
    text = result.explain()
    assert "期间最后一日2025-10-06（星期一）是休息日（中秋）" in text
    # 行政复议法 第八十八条第一款 sends the counting of 复议 periods to 民事诉讼法 第八十五条.
    assert (
        "顺延至其后的第一个工作日（民事诉讼法 第八十五条第三款，依行政复议法 第八十八条第一款适用）"
        in text
    )
    assert (
        "当日不计入，自次日起算（民事诉讼法 第八十五条第二款，依行政复议法 第八十八条第一款适用）"
        in text
    )
    assert "民法典" not in text


@pytest.mark.parametrize(
    ("rule_id", "start_basis"),
    [
        (
            "reconsideration.decide",
            "民事诉讼法 第八十五条第二款，依行政复议法 第八十八条第一款适用",
        ),
        ("litigation.answer", "民事诉讼法 第八十五条第二款，依行政诉讼法 第一百零一条适用"),
        (
            "litigation.sue_after_required_reconsideration",
            "民事诉讼法 第八十五条第二款，依行政诉讼法 第一百零一条适用",
        ),
        ("mediation.judicial_confirmation", "民事诉讼法 第八十五条第二款"),
        ("petition.handle", "民法典 第二百零一条第一款"),
        ("civil.limitation", "民法典 第二百零一条第一款"),
    ],
)
def test_each_rule_family_cites_its_own_start_day_article(rule_id, start_basis):
    result = compute(rule_id, D(2023, 3, 3))
    assert result.start_basis == start_basis
    assert f"当日不计入，自次日起算（{start_basis}）" in result.explain()
    assert result.to_dict()["start_basis"] == start_basis


def test_every_reconsideration_and_litigation_rule_counts_by_civil_procedure():
    for rule in default_rules().values():
        family = rule.id.split(".")[0]
        if family in ("reconsideration", "litigation"):
            assert rule.start_basis.startswith("民事诉讼法 第八十五条第二款"), rule.id
            assert rule.roll_basis.startswith("民事诉讼法 第八十五条第三款"), rule.id


def test_to_dict_uses_iso_dates():
    data = compute("legal_aid.decide", D(2024, 2, 3)).to_dict()
    assert data["rule"] == "legal_aid.decide"
    assert data["start"] == "2024-02-03"
    assert data["due"] == "2024-02-18"
    assert data["raw_end"] == "2024-02-10"
    assert data["unit"] == "calendar_days"
    assert data["unverified_unit"] is True
    assert data["skipped"][0] == {"date": "2024-02-10", "reason": "春节"}
    assert len(data["skipped"]) == 8  # 02-10 .. 02-17


# --- extensions -------------------------------------------------------------------------------


def test_extension_counts_from_the_rolled_original_due_date():
    # 60 days after Sat 2024-08-03 = Wed 10-02 (国庆节) -> Tue 10-08; +30 days = Thu 11-07.
    result = compute("reconsideration.decide", D(2024, 8, 3), extended=True)
    assert result.original_raw_end == D(2024, 10, 2)
    assert result.original_due == D(2024, 10, 8)
    assert result.due == D(2024, 11, 7)
    assert result.extended and result.extension == 30
    text = result.explain()
    assert "延长：30日，自原届满日2024-10-08（星期二）的次日起算" in text
    assert "原期间最后一日2024-10-02（星期三）是休息日（国庆节）" in text
    assert compile_rule("reconsideration.decide", extended=True)(D(2024, 8, 3)) == result.due


def test_working_day_extension():
    # 20 wd after Mon 2025-01-20 = Fri 02-21; 20 more: 02-24..03-21 (four full weeks) = Fri 03-21.
    result = compute("info_disclosure.reply", D(2025, 1, 20), extended=True)
    assert result.original_due == D(2025, 2, 21)
    assert result.due == D(2025, 3, 21)
    assert working_days_between(D(2025, 1, 20), result.due) == 40


def test_extension_on_a_rule_without_one_is_an_error():
    with pytest.raises(DeadlineError, match="no extension"):
        compute("litigation.answer", D(2024, 5, 6), extended=True)


# --- pauses (中止) ----------------------------------------------------------------------------


def test_pause_prolongs_a_calendar_period_by_the_paused_days():
    # 15 days after Mon 2024-06-03 = Tue 06-18. Paused 06-05 up to (not incl.) 06-10: 5 days
    # -> Sun 06-23 -> rolls to Mon 06-24.
    result = compute("litigation.answer", D(2024, 6, 3), pauses=[(D(2024, 6, 5), D(2024, 6, 10))])
    assert result.paused_days == 5
    assert result.raw_end == D(2024, 6, 23)
    assert result.due == D(2024, 6, 24)
    assert result.pauses == ((D(2024, 6, 5), D(2024, 6, 10), 5),)
    assert "中止：2024-06-05（星期三）至2024-06-09（星期日）不计入期间（5日）" in result.explain()


def test_pause_in_a_working_day_period_adds_only_paused_working_days():
    # 5 wd after Mon 2024-06-03 = Mon 06-10 (端午): Tue 04 .. Fri 07 (4), Mon 10 is a holiday,
    # so Tue 06-11 (5). Pause Wed 06-05 .. Sun 06-09 holds 3 working days (05, 06, 07)
    # -> 3 more working days after 06-11: Fri 06-14.
    plain = compute("penalty.hearing_request", D(2024, 6, 3))
    assert plain.due == D(2024, 6, 11)
    paused = compute(
        "penalty.hearing_request", D(2024, 6, 3), pauses=[(D(2024, 6, 5), D(2024, 6, 10))]
    )
    assert paused.paused_days == 3
    assert paused.due == D(2024, 6, 14)


def test_pause_after_the_period_ran_out_is_ignored_and_overlaps_merge():
    late = compute("litigation.answer", D(2024, 6, 3), pauses=[(D(2024, 7, 1), D(2024, 7, 5))])
    assert late.due == D(2024, 6, 18) and late.paused_days == 0
    overlapping = compute(
        "litigation.answer",
        D(2024, 6, 3),
        pauses=[(D(2024, 6, 5), D(2024, 6, 8)), (D(2024, 6, 7), D(2024, 6, 10))],
    )
    assert overlapping.paused_days == 5  # 06-05 .. 06-09 once, not 3 + 3


def test_pause_that_resumes_before_it_starts_is_rejected():
    with pytest.raises(DeadlineError, match="resumes earlier"):
        compute("litigation.answer", D(2024, 6, 3), pauses=[(D(2024, 6, 9), D(2024, 6, 5))])


# --- missing calendar data and overrides ------------------------------------------------------


def test_due_date_beyond_the_data_names_the_missing_year():
    # 90 days after 1 December end in the first year the bundled data does not cover.
    with pytest.raises(CalendarDataMissing, match=str(Y)) as info:
        compute("penalty.decide", D(Y - 1, 12, 1))
    assert info.value.year == Y
    assert isinstance(info.value, DeadlineError)
    with pytest.raises(CalendarDataMissing, match=str(Y)):
        compute("reconsideration.reply", D(Y - 1, 12, 28))
    with pytest.raises(CalendarDataMissing, match="2003"):
        is_workday(D(2003, 6, 2))


def test_overrides_make_a_year_without_data_computable():
    saturday = D(Y, 3, 1) + timedelta(days=(5 - D(Y, 3, 1).weekday()) % 7)
    notice = {D(Y, 1, 1): "off", saturday: "work"}
    cal = HolidayCalendar(
        [OverrideDay(D(Y, 1, 1), DayKind.OFF, "元旦"), OverrideDay(saturday, DayKind.WORK, "清明")]
    )
    # 90 days after 1 December, rolled over the weekend only: the year is known from the notice.
    raw = D(Y - 1, 12, 1) + timedelta(days=90)
    due = compute("penalty.decide", D(Y - 1, 12, 1), calendar=cal).due
    assert due == roll_forward_oracle(raw, notice=notice)
    # 10 working days that count the notice's working Saturday.
    result = compute("reconsideration.reply", D(Y, 2, 26), calendar=cal)
    assert result.due == workdays_after_oracle(D(Y, 2, 26), 10, notice=notice)
    assert not result.provisional
    assert cal.describe(saturday) == "调休上班（清明）"
    assert cal.rest_reason(D(Y, 1, 1)) == "元旦"
    with pytest.raises(CalendarDataMissing, match=str(Y + 1)):  # the next year is still unknown
        cal.is_workday(D(Y + 1, 1, 3))


def test_override_patches_a_builtin_year():
    # Make Mon 2024-06-03 a (fictional) holiday: 1 wd after Fri 05-31 becomes Tue 06-04.
    cal = HolidayCalendar([OverrideDay(D(2024, 6, 3), DayKind.OFF, "地方假日")])
    assert cal.add_working_days(D(2024, 5, 31), 1) == D(2024, 6, 4)
    assert cal.rest_reason(D(2024, 6, 3)) == "地方假日"
    assert add_working_days(D(2024, 5, 31), 1) == D(2024, 6, 3)  # default calendar untouched


def test_rule_overrides_change_an_unverified_unit():
    rules = default_rules().with_overrides({"legal_aid.decide": {"unit": "working_days"}})
    # 7 wd after Sat 2024-02-03: Sun 04 调休 (1), 05-09 (2-6), 10..17 off, Sun 18 调休 (7).
    result = compute("legal_aid.decide", D(2024, 2, 3), rules=rules)
    assert result.due == D(2024, 2, 18)
    assert result.unit is Unit.WORKING_DAYS and result.overridden
    assert "本地配置" in result.explain()
    # calendar default: 7 days after Sat 2024-09-28 = Sat 10-05 (国庆节) -> Tue 10-08;
    # working days: 29 (1), 30 (2), 08-12 (3-7, Sat 10-12 调休) -> Sat 10-12.
    assert compute("legal_aid.decide", D(2024, 9, 28)).due == D(2024, 10, 8)
    assert compute("legal_aid.decide", D(2024, 9, 28), rules=rules).due == D(2024, 10, 12)


def test_compute_accepts_a_rule_object():
    rule = replace(default_rules()["litigation.answer"], length=16)
    # 16 days after Fri 2024-09-20 = Sun 10-06 (国庆节) -> Tue 10-08.
    assert compute(rule, D(2024, 9, 20)).due == D(2024, 10, 8)


def test_compute_many_matches_compute():
    starts = [D(2024, 9, 20), D(2025, 1, 15), D(2026, 2, 1)]
    assert compute_many("litigation.answer", starts) == [
        compute("litigation.answer", s).due for s in starts
    ]


# --- helpers ----------------------------------------------------------------------------------


def test_helpers_around_national_day_2024():
    assert is_workday(D(2024, 9, 29))  # 调休 Sunday
    assert not is_workday(D(2024, 10, 1))
    assert not is_workday(D(2024, 9, 28))  # ordinary Saturday
    # Mon 09-30 -> 1 wd later skips 10-01..07: Tue 10-08
    assert add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert add_working_days(D(2024, 10, 8), -1) == D(2024, 9, 30)
    assert add_working_days(D(2024, 10, 5), 0) == D(2024, 10, 5)
    # after Fri 09-27 up to Sat 10-12: 29, 30, 08, 09, 10, 11, 12 = 7
    assert working_days_between(D(2024, 9, 27), D(2024, 10, 12)) == 7
    # backwards: from Fri 09-27 up to (not incl.) Sat 10-12: 27, 29, 30, 08, 09, 10, 11 = 7
    assert working_days_between(D(2024, 10, 12), D(2024, 9, 27)) == -7
    # Sat 2024-06-08 back to Fri 06-07 is one working day back
    assert working_days_between(D(2024, 6, 8), D(2024, 6, 7)) == -1
    assert working_days_between(D(2024, 10, 1), D(2024, 10, 1)) == 0
    # across the year end: after Tue 2024-12-31 up to Mon 2025-01-06: 02, 03, 06 (01-01 off)
    assert working_days_between(D(2024, 12, 31), D(2025, 1, 6)) == 3


@pytest.mark.parametrize(
    ("due", "today", "state"),
    [
        (D(2024, 6, 5), D(2024, 6, 6), "overdue"),
        (D(2024, 6, 5), D(2024, 6, 5), "due_soon"),  # today counts
        (D(2024, 6, 5), D(2024, 6, 3), "due_soon"),  # Mon, Tue, Wed = 3 working days
        (D(2024, 6, 6), D(2024, 6, 3), "open"),  # Thursday is the 4th
        (D(2024, 10, 9), D(2024, 9, 30), "due_soon"),  # 09-30, 10-08, 10-09 across the holiday
        (D(2024, 10, 10), D(2024, 9, 30), "open"),
        (D(2024, 10, 8), D(2024, 10, 1), "due_soon"),  # holiday today: 10-08 is the 1st
    ],
)
def test_deadline_state(due, today, state):
    assert deadline_state(due, today) == state


def test_deadline_state_window_is_configurable():
    assert deadline_state(D(2024, 6, 6), D(2024, 6, 3), due_soon_workdays=4) == "due_soon"
