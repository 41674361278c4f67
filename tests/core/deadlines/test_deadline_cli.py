"""The ``sifasuo deadline`` command."""

import json
from datetime import date, timedelta

import pytest
from time_support import FIRST_YEAR_WITHOUT_DATA, workdays_after_oracle

from sifasuo.core.deadlines.cli import main

D = date
Y = FIRST_YEAR_WITHOUT_DATA


@pytest.fixture(autouse=True)
def _no_env_overrides(monkeypatch):
    monkeypatch.delenv("SIFASUO_HOLIDAY_OVERRIDES", raising=False)


def _error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("sifasuo deadline: error: ")
    assert "Traceback" not in err
    return err


def test_text_output_shows_due_date_basis_and_each_skipped_day(capsys):
    assert main(["reconsideration.reply", "2026-09-28"]) == 0
    out = capsys.readouterr().out
    assert "届满日：2026-10-16（星期五）" in out
    assert "行政复议法 第四十八条" in out
    for day in range(1, 8):
        assert f"2026-10-0{day}" in out
    assert "2026-10-11（星期日） 周末" in out


def test_json_output(capsys):
    assert main(["reconsideration.decide", "2024-08-03", "--extended", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"rule", "start", "due", "basis", "skipped"} <= set(data)
    assert data["rule"] == "reconsideration.decide"
    assert data["start"] == "2024-08-03"
    assert data["due"] == "2024-11-07"
    assert data["original_due"] == "2024-10-08"
    assert data["basis"] == "行政复议法 第六十二条第一款"
    assert data["skipped"][0] == {"date": "2024-10-02", "reason": "国庆节"}


def test_pause_option(capsys):
    argv = ["litigation.answer", "2024-06-03", "--pause", "2024-06-05/2024-06-10", "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2024-06-24"


def test_list_marks_unverified_rules(capsys):
    assert main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    decide = next(line for line in lines if line.startswith("legal_aid.decide "))
    assert "7日" in decide and "法律援助法 第四十三条" in decide and "UNVERIFIED" in decide
    reply = next(line for line in lines if line.startswith("reconsideration.reply "))
    assert "10个工作日" in reply and "UNVERIFIED" not in reply
    notice = next(line for line in lines if line.startswith("penalty.hearing_notice "))
    assert "7个工作日（自基准日向前计算）" in notice and "行政处罚法 第六十四条第二项" in notice
    assert main(["--list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows if r["unverified_unit"]} == {
        "legal_aid.decide",
        "legal_aid.assign",
    }


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["no.such.rule", "2024-01-02"], "unknown deadline rule 'no.such.rule'"),
        (["litigation.answer", "2024-02-30"], "bad date '2024-02-30'"),
        (["litigation.answer", "02/01/2024"], "expected YYYY-MM-DD"),
        (["litigation.answer", "2024-03-01", "--extended"], "has no extension"),
        (["litigation.answer"], "RULE_ID and START_DATE are required"),
        (["litigation.answer", "2024-03-01", "--pause", "2024-03-05"], "expected FROM/RESUME"),
        (["--frobnicate"], "unrecognized arguments"),
    ],
)
def test_errors_are_one_line_with_exit_2(capsys, argv, needle):
    assert main(argv) == 2
    assert needle in _error_line(capsys)


def test_overrides_option_and_environment_variable(tmp_path, monkeypatch, capsys):
    # A notice for the first year without bundled data: a working Saturday in March.
    saturday = D(Y, 3, 1) + timedelta(days=(5 - D(Y, 3, 1).weekday()) % 7)
    table = tmp_path / f"holidays-{Y}.csv"
    table.write_text(f"date,kind,name\n{saturday.isoformat()},work,调休\n", encoding="utf-8")
    start = D(Y, 2, 26).isoformat()
    expected = workdays_after_oracle(D(Y, 2, 26), 10, notice={saturday: "work"}).isoformat()
    assert main(["reconsideration.reply", start, "--json", "--overrides", str(table)]) == 0
    assert json.loads(capsys.readouterr().out)["due"] == expected
    assert main(["reconsideration.reply", start, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["provisional"] is True
    monkeypatch.setenv("SIFASUO_HOLIDAY_OVERRIDES", str(table))
    assert main(["reconsideration.reply", start, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == expected and data["provisional"] is False


def test_bad_override_file_is_reported_with_its_line(tmp_path, capsys):
    table = tmp_path / "h.csv"
    table.write_text("date,kind\n2027-01-01,of\n", encoding="utf-8")
    assert main(["litigation.answer", "2024-03-01", "--overrides", str(table)]) == 2
    assert "h.csv, line 2: kind must be" in _error_line(capsys)
    assert main(["litigation.answer", "2024-03-01", "--overrides", str(tmp_path / "no.csv")]) == 2
    assert "no.csv" in _error_line(capsys)


def test_rule_overrides_option(tmp_path, capsys):
    local = tmp_path / "local.json"
    local.write_text('{"legal_aid.decide": {"unit": "working_days"}}', encoding="utf-8")
    argv = ["legal_aid.decide", "2024-09-28", "--json", "--rule-overrides", str(local)]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unit"] == "working_days" and data["due"] == "2024-10-12" and data["overridden"]


def test_help_exits_zero(capsys):
    assert main(["--help"]) == 0
    assert "RULE_ID" in capsys.readouterr().out
