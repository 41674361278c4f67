"""Holiday calendar and override tables."""

import json
from datetime import date
from pathlib import Path

import pytest
from time_support import FIRST_YEAR_WITHOUT_DATA

import sifasuo.core.deadlines as deadlines
from sifasuo.core.deadlines import (
    CalendarDataMissing,
    DayKind,
    HolidayCalendar,
    OverrideDay,
    OverrideFileError,
    calendar_with_overrides,
    compute,
    load_overrides,
    parse_overrides,
)

D = date
EXAMPLE = Path(deadlines.__file__).parent / "examples" / "holidays-2027.example.json"


def test_builtin_names_and_weekends():
    cal = HolidayCalendar()
    assert cal.rest_reason(D(2025, 10, 6)) == "中秋"
    assert cal.rest_reason(D(2024, 2, 12)) == "春节"
    assert cal.rest_reason(D(2024, 6, 8)) == "周末"  # ordinary Saturday
    assert cal.rest_reason(D(2024, 6, 7)) is None
    assert cal.describe(D(2026, 10, 10)) == "调休上班（国庆节）"
    assert cal.describe(D(2026, 10, 9)) == "工作日"
    assert cal.next_workday(D(2026, 10, 1)) == D(2026, 10, 8)
    assert cal.next_workday(D(2026, 10, 8)) == D(2026, 10, 8)


def test_builtin_agrees_with_chinese_calendar_for_every_day():
    import chinese_calendar

    cal = HolidayCalendar()
    day = D(2024, 1, 1)
    while day <= D(2026, 12, 31):
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day = day.fromordinal(day.toordinal() + 1)


def test_known_years_and_the_error_message():
    y = FIRST_YEAR_WITHOUT_DATA
    cal = HolidayCalendar([OverrideDay(D(y + 1, 1, 1), DayKind.OFF, "元旦")])
    assert cal.has_year(y - 1) and cal.has_year(y + 1) and not cal.has_year(y)
    with pytest.raises(CalendarDataMissing) as info:
        cal.is_workday(D(y, 5, 3))
    message = str(info.value)
    assert f"no holiday data for {y}" in message
    assert f"2004–{y - 1}, {y + 1}" in message
    # Crossing an unknown year is an error even when the end lies in a known one.
    with pytest.raises(CalendarDataMissing, match=str(y)):
        cal.working_days_between(D(y - 1, 12, 1), D(y + 1, 2, 1))


def test_override_only_year_uses_weekends_and_the_statutory_holidays():
    cal = HolidayCalendar([OverrideDay(D(2030, 10, 8), DayKind.OFF, None)], builtin=False)
    assert not cal.has_year(2026)
    assert cal.rest_reason(D(2030, 10, 8)) == "节假日"  # unnamed rest day
    assert cal.rest_reason(D(2030, 10, 5)) == "周末"  # Saturday
    assert cal.rest_reason(D(2030, 10, 2)) == "国庆节"  # 全国年节及纪念日放假办法 第二条
    assert cal.is_workday(D(2030, 10, 9))


def test_load_json_list_and_object_forms(tmp_path):
    listed = tmp_path / "a.json"
    listed.write_text(
        json.dumps([{"date": "2027-01-01", "kind": "off", "name": "元旦"}]), encoding="utf-8"
    )
    assert load_overrides(listed) == [OverrideDay(D(2027, 1, 1), DayKind.OFF, "元旦")]
    wrapped = tmp_path / "b.json"
    wrapped.write_text(
        '{"source": "国办发明电", "days": [{"date": "2027-02-06", "kind": "WORK"}]}',
        encoding="utf-8-sig",  # with a byte-order mark
    )
    assert load_overrides(wrapped) == [OverrideDay(D(2027, 2, 6), DayKind.WORK, None)]


def test_load_csv_with_bom_comments_and_blank_lines(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(
        "# 2027年部分节假日安排\ndate,kind,name\n2027-01-01,off,元旦\n\n2027-02-07,work,春节\n",
        encoding="utf-8-sig",
    )
    rows = load_overrides(path)
    assert rows == [
        OverrideDay(D(2027, 1, 1), DayKind.OFF, "元旦"),
        OverrideDay(D(2027, 2, 7), DayKind.WORK, "春节"),
    ]
    cal = calendar_with_overrides(path)
    assert cal.is_workday(D(2027, 2, 7))  # a Sunday made a working day
    assert not cal.is_workday(D(2027, 1, 1))


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("date,kind,name\n2027-01-01,off,元旦\n2027-13-01,off,x\n", 3, "invalid date"),
        ("date,kind,name\n2027/01/01,off,x\n", 2, "YYYY-MM-DD"),
        ("date,kind,name\n2027-01-01,holiday,x\n", 2, "'off' or 'work'"),
        ("date,kind\n2027-01-01,off,extra\n", 2, "3 cells"),
        ("2027-01-01,off\n", 1, "header"),
        ("date,kind\n2027-01-01,off\n2027-01-01,work\n", 3, "also listed as off on line 2"),
    ],
)
def test_bad_csv_rows_name_the_line(text, line, problem):
    with pytest.raises(OverrideFileError, match=problem) as info:
        parse_overrides(text, fmt="csv", source="h.csv")
    assert info.value.line == line
    assert f"h.csv, line {line}:" in str(info.value)


def test_bad_json_row_names_the_line():
    text = """{
  "days": [
    {"date": "2027-01-01", "kind": "off"},
    {"date": "2027-01-32", "kind": "off"}
  ]
}
"""
    with pytest.raises(OverrideFileError, match="line 4: invalid date"):
        parse_overrides(text, fmt="json", source="h.json")
    with pytest.raises(OverrideFileError, match="line 2: unknown field"):
        parse_overrides('[\n {"date": "2027-01-01", "kind": "off", "nme": "x"}]', fmt="json")
    with pytest.raises(OverrideFileError, match="line 1: invalid JSON"):
        parse_overrides('[{"date": }]', fmt="json")


def test_unreadable_files(tmp_path):
    (tmp_path / "h.txt").write_text("x")
    with pytest.raises(OverrideFileError, match="expected a .json or .csv"):
        load_overrides(tmp_path / "h.txt")
    with pytest.raises(OverrideFileError, match="missing.json"):
        load_overrides(tmp_path / "missing.json")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("date,kind,name\n2027-01-01,off,元旦\n".encode("gbk"))
    with pytest.raises(OverrideFileError, match="not UTF-8"):
        load_overrides(gbk)


def test_example_file_parses_but_is_refused_by_default():
    with pytest.raises(OverrideFileError, match="example file"):
        load_overrides(EXAMPLE)
    rows = load_overrides(EXAMPLE, allow_example=True)
    assert all(r.day.year == 2027 for r in rows)
    cal = HolidayCalendar(rows)
    assert compute("penalty.decide", D(2026, 12, 1), calendar=cal).due == D(2027, 3, 1)
