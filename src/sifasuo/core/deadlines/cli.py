"""The ``sifasuo deadline`` command: compute a statutory due date (法定期限) or list the rules.

    sifasuo deadline RULE_ID START_DATE [--extended] [--pause FROM/RESUME] [--json]
                     [--overrides FILE] [--rule-overrides FILE]
    sifasuo deadline --list [--json]

Also runnable as ``python -m sifasuo.core.deadlines.cli``. The holiday override file defaults to
the environment variable ``SIFASUO_HOLIDAY_OVERRIDES``. A period that runs into a year without
holiday data is not refused: it is counted with weekends and the statutory holidays as rest days
and marked 暂定 (``"provisional": true`` in JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import NoReturn

from .calendar import DeadlineError
from .engine import compute
from .overrides import calendar_with_overrides
from .rules import Direction, RuleTable, default_rules, load_rule_overrides

PROG = "sifasuo deadline"
OVERRIDES_ENV = "SIFASUO_HOLIDAY_OVERRIDES"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _UsageError(Exception):
    pass


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class _Parser(argparse.ArgumentParser):
    """Reports usage errors as one line and never calls ``sys.exit`` itself."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def _parse_date(text: str) -> date:
    if not _ISO_DATE.fullmatch(text):
        raise _UsageError(f"bad date {text!r}: expected YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _UsageError(f"bad date {text!r}: no such day") from None


def _parse_pause(text: str) -> tuple[date, date]:
    paused, sep, resumed = text.partition("/")
    if not sep:
        raise _UsageError(f"bad pause {text!r}: expected FROM/RESUME, e.g. 2024-03-01/2024-03-15")
    return _parse_date(paused), _parse_date(resumed)


def _build_parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        description="Compute a statutory due date from a start date, or list the deadline rules.",
    )
    parser.add_argument("rule", nargs="?", metavar="RULE_ID", help="e.g. reconsideration.reply")
    parser.add_argument("start", nargs="?", metavar="START_DATE", help="YYYY-MM-DD, not counted")
    parser.add_argument("--list", action="store_true", help="list the rules and exit")
    parser.add_argument("--extended", action="store_true", help="apply the rule's extension")
    parser.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="FROM/RESUME",
        help="suspension: days from FROM up to the day before RESUME do not count (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--overrides",
        metavar="FILE",
        default=os.environ.get(OVERRIDES_ENV) or None,
        help=f"holiday override table (.json/.csv); default ${OVERRIDES_ENV}",
    )
    parser.add_argument(
        "--rule-overrides",
        metavar="FILE",
        help='JSON mapping rule id to changed unit/length, e.g. {"legal_aid.decide": '
        '{"unit": "working_days"}}',
    )
    return parser


def _list_rules(rules: RuleTable, as_json: bool) -> None:
    if as_json:
        rows = [
            {
                "id": r.id,
                "name": r.name,
                "length": r.length,
                "unit": r.unit.value,
                "extension": r.extension,
                "extension_unit": r.effective_extension_unit.value if r.extension else None,
                "basis": r.basis,
                "article": r.article,
                "start_basis": r.start_basis,
                "direction": r.direction.value,
                "unverified_unit": r.unverified_unit,
                "overridden": r.overridden,
            }
            for r in rules.values()
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(rid) for rid in rules)
    for r in rules.values():
        period = r.length_label
        if r.direction is Direction.BEFORE:
            period += "（自基准日向前计算）"
        if r.extension_label:
            period += f"（可延长{r.extension_label}）"
        marks = ""
        if r.unverified_unit:
            marks += "  [单位未核实 UNVERIFIED]"
        if r.overridden:
            marks += "  [本地配置]"
        print(f"{r.id:<{width}}  {period}  {r.basis}  {r.name}{marks}")


def _run(argv: Sequence[str]) -> int:
    args = _build_parser().parse_args(list(argv))
    rules = default_rules()
    if args.rule_overrides:
        rules = rules.with_overrides(load_rule_overrides(args.rule_overrides))
    if args.list:
        _list_rules(rules, args.json)
        return 0
    if not args.rule or not args.start:
        raise _UsageError("RULE_ID and START_DATE are required (or use --list)")
    rule = rules[args.rule]
    start = _parse_date(args.start)
    pauses = [_parse_pause(p) for p in args.pause]
    calendar = calendar_with_overrides(args.overrides).provisional()
    result = compute(
        rule, start, extended=args.extended, pauses=pauses, calendar=calendar, rules=rules
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.explain())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (the arguments after ``deadline``); return the exit status."""
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    except _Exit as exc:
        return exc.status
    except (_UsageError, DeadlineError) as exc:
        message = str(exc)
    except OSError as exc:
        message = f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
