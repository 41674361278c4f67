"""The ``sifasuo contracts`` command: batch review of rural collective contracts.

    sifasuo contracts review PATH... [--prices FILE] [--out report.xlsx] [--jsonl results.jsonl]
                                     [--workers N] [--as-of DATE] [--thresholds FILE] [--quiet]
    sifasuo contracts rules [--json]

PATH is a folder (reviewed recursively), a .zip, a contract file or an .xlsx ledger. Progress goes
to standard error, the summary to standard output. Wrong arguments print one line and exit 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO

from .engine.prices import PriceFileError, load_prices
from .engine.report import JsonlWriter, Summary, XlsxReport
from .engine.review import review_paths
from .engine.rules import (
    SEVERITY_LABELS,
    Thresholds,
    ThresholdsError,
    default_rules,
    limit_bases,
)
from .engine.rules import load_thresholds as _load_thresholds

PROG = "sifasuo contracts"


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


def _build_parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        description="清理规范农村集体经济合同：批量审查合同，逐条列出问题、依据和整改建议。",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    sub.required = True
    review = sub.add_parser(
        "review",
        help="review contracts in folders, .zip archives, files or .xlsx ledgers",
        description="Review every contract under PATH (.docx .txt .pdf .jpg .png .xlsx .zip).",
    )
    review.add_argument("paths", nargs="+", metavar="PATH")
    review.add_argument("--prices", metavar="FILE", help="reference prices (.csv or .xlsx)")
    review.add_argument("--out", metavar="FILE", help="write an Excel report (.xlsx)")
    review.add_argument("--jsonl", metavar="FILE", help="write one JSON object per contract")
    review.add_argument("--workers", type=int, default=1, metavar="N", help="processes (default 1)")
    review.add_argument("--as-of", metavar="DATE", help="review date YYYY-MM-DD (default today)")
    review.add_argument(
        "--thresholds",
        metavar="FILE",
        help='JSON object of thresholds to change, e.g. {"low_price_ratio": 0.6}',
    )
    review.add_argument("--quiet", action="store_true", help="no progress on standard error")
    rules = sub.add_parser("rules", help="list the review rules, thresholds and legal bases")
    rules.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _UsageError(f"bad date {text!r}: expected YYYY-MM-DD") from None


def _check_output(path: str | None, suffix: str, option: str) -> None:
    if path is None:
        return
    if not path.lower().endswith(suffix):
        raise _UsageError(f"{option} {path!r}: the file name must end with {suffix}")
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise _UsageError(f"{option} {path!r}: folder {parent} does not exist")


class _Progress:
    """Progress on standard error: on a terminal a counter redrawn with ``\\r`` at most four
    times a second; into a log file or CI output a plain line every few seconds instead."""

    TERMINAL_EVERY = 0.25
    LOG_EVERY = 5.0

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.terminal = _is_terminal(stream)
        self.every = self.TERMINAL_EVERY if self.terminal else self.LOG_EVERY
        self.started = self.last = time.monotonic()

    def update(self, summary: Summary, *, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < self.every:
            return
        self.last = now
        elapsed = now - self.started
        rate = summary.total / max(elapsed, 1e-9)
        line = (
            f"审查中 {summary.total:,} 份 | 问题 {summary.problems:,} | "
            f"读取失败 {summary.errors:,} | {rate:,.0f} 份/秒"
        )
        if self.terminal:
            self.stream.write(f"\r{line}" + ("\n" if final else ""))
        else:
            label = "审查完成" if final else f"已用 {elapsed:,.0f} 秒"
            self.stream.write(f"{line} | {label}\n")
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _review(args: argparse.Namespace) -> int:
    for path in args.paths:
        if not os.path.exists(path):
            raise _UsageError(f"no such file or folder: {path}")
    if args.workers < 1:
        raise _UsageError(f"--workers must be at least 1, got {args.workers}")
    _check_output(args.out, ".xlsx", "--out")
    _check_output(args.jsonl, ".jsonl", "--jsonl")
    as_of = _parse_date(args.as_of) if args.as_of else date.today()
    thresholds = _load_thresholds(args.thresholds) if args.thresholds else Thresholds()
    prices = load_prices(args.prices, grain_prices=thresholds.grain_prices) if args.prices else None
    exclude = [p for p in (args.prices, args.out, args.jsonl, args.thresholds) if p]

    summary = Summary()
    progress = _Progress(sys.stderr, not args.quiet)
    jsonl = JsonlWriter(args.jsonl) if args.jsonl else None
    xlsx = XlsxReport(args.out) if args.out else None
    try:
        for result in review_paths(
            args.paths,
            workers=args.workers,
            thresholds=thresholds,
            prices=prices,
            as_of=as_of,
            exclude=exclude,
        ):
            summary.add(result)
            if jsonl:
                jsonl.write(result)
            if xlsx:
                xlsx.add(result)
            progress.update(summary)
        progress.update(summary, final=True)
        if xlsx:
            xlsx.close(summary, as_of=as_of)
    finally:
        if jsonl:
            jsonl.close()
        if xlsx:
            xlsx.discard()  # the temporary rows (already zipped into the report on success)
    for line in summary.lines():
        print(line)
    if prices is None:
        print("未提供参考价格表（--prices），未审查价格是否明显偏低。")
    for label, path in (("Excel 报告", args.out), ("JSON Lines", args.jsonl)):
        if path:
            print(f"{label}：{path}")
    return 0


def _rules(args: argparse.Namespace) -> int:
    rules = default_rules()
    thresholds = asdict(Thresholds())
    if args.json:
        data = {
            "thresholds": {
                k: v.isoformat() if isinstance(v, date) else v for k, v in thresholds.items()
            },
            "threshold_bases": limit_bases(),
            "rules": [
                {
                    "code": rule.code,
                    "name": rule.name,
                    "severity": rule.severity,
                    "applies_to": rule.applies_to,
                    "variants": {key: asdict(v) for key, v in rule.variants.items()},
                }
                for rule in rules.values()
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for rule in rules.values():
        scope = "仅村集体发包或出租的合同" if rule.applies_to == "collective" else "全部合同"
        print(f"{rule.code}  {rule.name}（严重程度：{SEVERITY_LABELS[rule.severity]}；{scope}）")
        for basis in dict.fromkeys(v.basis for v in rule.variants.values()):
            print(f"    依据：{basis}")
    print("阈值（可用 --thresholds 文件修改）：")
    bases = limit_bases()
    for key, value in thresholds.items():
        basis = f"    （{bases[key]}）" if key in bases else ""
        print(f"    {key} = {value}{basis}")
    return 0


def _run(argv: Sequence[str]) -> int:
    args = _build_parser().parse_args(list(argv))
    if args.action == "rules":
        return _rules(args)
    return _review(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (the arguments after ``contracts``); return the exit status."""
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    except _Exit as exc:
        return exc.status
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except (_UsageError, PriceFileError, ThresholdsError) as exc:
        message = str(exc)
    except OSError as exc:
        message = f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
