"""Time one million statutory due-date computations (期限计算) on one core.

    python benchmarks/deadlines_bench.py [--count N] [--sample N] [--seed N] [--smoke]

Start dates are spread over 2024–2026 and rules are mixed (calendar days, working days, months,
years, with and without extension). Each rule's start dates stop early enough for the due date to
stay inside the built-in holiday data. The million calls use the fast path (``compile_rule``:
one compiled function per rule, no explanation); the full ``compute`` with its explanation is timed
on a sample and extrapolated.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from datetime import date, timedelta

from sifasuo.core.deadlines import (
    HolidayCalendar,
    Unit,
    compile_rule,
    compute,
    default_rules,
    due_date,
)

FIRST_START = date(2024, 1, 1)
LAST_DUE = date(2026, 12, 31)


def _span_days(unit: Unit, length: int) -> int:
    """A generous upper bound of the calendar days a period can take, roll-forward included."""
    if unit is Unit.CALENDAR_DAYS:
        return length + 15
    if unit is Unit.WORKING_DAYS:
        return length * 2 + 20
    if unit is Unit.MONTHS:
        return length * 31 + 15
    return length * 366 + 15


def _jobs(count: int, seed: int, calendar: HolidayCalendar) -> list[tuple[object, date, str, bool]]:
    """``count`` (compiled function, start, rule id, extended) tuples, shuffled."""
    variants = []
    for rule in default_rules().values():
        for extended in (False, True) if rule.extension else (False,):
            span = _span_days(rule.unit, rule.length)
            if extended:
                span += _span_days(rule.effective_extension_unit, rule.extension or 0)
            last_start = LAST_DUE - timedelta(days=span)
            if last_start < date(2024, 6, 30):
                continue  # e.g. a 5-year limitation cannot start in 2024–2026 with known data
            fn = compile_rule(rule, extended=extended, calendar=calendar)
            variants.append((fn, (last_start - FIRST_START).days, rule.id, extended))
    rng = random.Random(seed)
    jobs = []
    for _ in range(count):
        fn, days, rule_id, extended = rng.choice(variants)
        jobs.append((fn, FIRST_START + timedelta(days=rng.randint(0, days)), rule_id, extended))
    return jobs


def _cpu_model() -> str:
    """CPU model name: ``platform.processor()`` is often empty on Linux, so read /proc/cpuinfo."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=100_000, help="calls of compute()")
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--smoke", action="store_true", help="a small run for CI: it still runs")
    args = parser.parse_args()
    if args.smoke:
        args.count, args.sample = 20_000, 2_000

    calendar = HolidayCalendar()  # cold: year tables are built inside the timed loop
    jobs = _jobs(args.count, args.seed, calendar)
    rules_used = sorted({(rule_id, ext) for _, _, rule_id, ext in jobs})

    t0 = time.perf_counter()
    for fn, start, _, _ in jobs:
        fn(start)
    fast = time.perf_counter() - t0

    sample = jobs[: args.sample]
    t0 = time.perf_counter()
    for _, start, rule_id, extended in sample:
        compute(rule_id, start, extended=extended, calendar=calendar)
    full = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _, start, rule_id, extended in sample:
        due_date(rule_id, start, extended=extended, calendar=calendar)
    single = time.perf_counter() - t0

    # The fast path must agree with the explained computation.
    for fn, start, rule_id, extended in jobs[:2000]:
        assert fn(start) == compute(rule_id, start, extended=extended, calendar=calendar).due

    uname = platform.uname()
    print(f"machine: {_cpu_model()} | {uname.machine} {uname.system} {uname.release}")
    print(f"python:  {platform.python_implementation()} {sys.version.split()[0]}, one thread")
    print(
        f"rules:   {len(rules_used)} rule variants; starts from {FIRST_START}, dues by {LAST_DUE}"
    )
    print(
        f"compile_rule fast path: {args.count:,} due dates in {fast:.3f} s "
        f"= {fast / args.count * 1e9:.0f} ns/call"
    )
    print(
        f"due_date() per call:    {args.sample:,} in {single:.3f} s "
        f"= {single / args.sample * 1e9:.0f} ns/call "
        f"(~{single / args.sample * 1e6:.2f} s per million)"
    )
    print(
        f"compute() explained:    {args.sample:,} in {full:.3f} s "
        f"= {full / args.sample * 1e9:.0f} ns/call "
        f"(~{full / args.sample * 1e6:.2f} s per million)"
    )


if __name__ == "__main__":
    main()
