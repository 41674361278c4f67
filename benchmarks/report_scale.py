"""The city's yearly report and the supervisor dashboard at scale on PostgreSQL, read from the
per-office monthly summaries, against a hand-written SQL aggregate over the same summaries.

    .venv/bin/python benchmarks/report_scale.py                 # 1,000,000 cases, 54 offices
    .venv/bin/python benchmarks/report_scale.py --scale 10      # the same cases over 540 offices
    .venv/bin/python benchmarks/report_scale.py --smoke         # CI: a few thousand cases, 3 runs

Uses its own database (`DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/
sifasuo_report_bench, `_s10` at --scale 10), created if missing: migrate, load the demo city at
the scale, add mediation cases and intake matters as `mediation_scale.py` does (COPY), plus
proportional legality reviews (1 per 20 cases) and contracts (1 per 10 cases), also by COPY.
COPY passes the signals that keep the summaries current, so the measured year is then rebuilt
from the records (`core.summaries.rebuild`) and its lines marked built, as an import does. A
rerun finds the rows and only measures.

Measured, each after one warm-up run, p50 and p95 over `--repeat` runs:
- the yearly report: `indicators.values_for` of every summarised indicator of every line (the
  additive counts and the rates made of them) for the city, its counties and every office;
- the dashboard's trends: `indicators.monthly_values` of the same codes for a county and the
  city over the year;
- the same two as hand-written SQL over the summary table (one GROUP BY, rolled up through the
  unit paths in SQL), the floor the Python side is compared with;
- the yearly report again right after one case changed (its stale cell recomputed on read);
- the home page of the city's and a county's supervisor and of an office head, whole (views,
  dashboard, work due, templates), as a browser would get it;
- the city's 统计报表 for the year as the .xlsx download: every line's sheet, every unit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from urllib.parse import urlparse

import mediation_scale
from _pgdb import ensure_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sifasuo_report_bench"
SMOKE_URL = "postgres://postgres@127.0.0.1:5432/sifasuo_bench_smoke"
TARGET_MS = 1000
TARGET_RATIO = 2.0

REPORT_SQL = """
SELECT req.id, s.code, SUM(s.value)
FROM core_monthlysummary s
JOIN core_orgunit u ON u.id = s.unit_id
JOIN core_orgunit req ON u.path LIKE req.path || '%%'
WHERE req.id = ANY(%s) AND s.month BETWEEN %s AND %s AND s.code = ANY(%s)
GROUP BY req.id, s.code
"""
# The cheapest read of the same rows: summed per holding unit, nothing rolled up.
FLOOR_SQL = """
SELECT s.unit_id, s.code, SUM(s.value)
FROM core_monthlysummary s
WHERE s.month BETWEEN %s AND %s AND s.code = ANY(%s)
GROUP BY s.unit_id, s.code
"""
TREND_SQL = """
SELECT s.code, s.month, SUM(s.value)
FROM core_monthlysummary s
JOIN core_orgunit u ON u.id = s.unit_id
WHERE u.path LIKE %s AND s.month BETWEEN %s AND %s AND s.code = ANY(%s)
GROUP BY s.code, s.month
"""


def load_other_lines(n_cases: int, seed: int) -> None:
    """Legality reviews and contracts in proportion to the cases, by COPY."""
    from django.db import connection
    from django.utils import timezone

    from sifasuo.contracts.models import Contract
    from sifasuo.core.models import OrgUnit, UnitKind
    from sifasuo.reviews.models import Review

    offices = list(OrgUnit.objects.filter(kind=UnitKind.OFFICE).order_by("path"))
    departments: dict[int, list[int]] = {}
    for pk, path in OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).values_list("pk", "path"):
        office_id = int(path.strip("/").split("/")[-2])
        departments.setdefault(office_id, []).append(pk)
    offices = [office for office in offices if office.pk in departments]
    now = timezone.now()
    span = 3 * 365
    for model, target, row_of in (
        (Review, n_cases // 20, _review_row),
        (Contract, n_cases // 10, _contract_row),
    ):
        need = target - model.objects.count()
        if need <= 0:
            continue
        rng = random.Random(seed + target)
        columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
        t0 = time.perf_counter()
        with connection.cursor() as django_cursor:
            cur = django_cursor.cursor
            table = model._meta.db_table
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for i in range(need):
                    office = rng.choice(offices)
                    created = now - dt.timedelta(days=rng.randint(0, span), seconds=i % 86400)
                    row = row_of(rng, i, office, rng.choice(departments[office.pk]), created)
                    copy.write_row(mediation_scale.copy_row(model, row, columns))
        print(f"{model._meta.label}: {need:,} rows in {time.perf_counter() - t0:.1f} s")


def _review_row(rng: random.Random, i: int, office, department: int, created) -> dict:
    submitted = created.date()
    issued = rng.random() < 0.8
    opinion_on = submitted + dt.timedelta(days=rng.randint(2, 20)) if issued else None
    return {
        "unit_id": office.pk,
        "department_id": department,
        "title": "负载测试审查事项",
        "kind": rng.choice(
            ("homestead", "normative", "contract", "major_decision", "village_rules", "complaint")
        ),
        "status": "archived" if issued else "accepted",
        "submitted_on": submitted,
        "due_on": submitted + dt.timedelta(days=15),
        "opinion_on": opinion_on,
        "conclusion": rng.choices(("legal", "legal_after_changes", "illegal"), (70, 25, 5))[0]
        if issued
        else "",
        "created_at": created,
    }


def _contract_row(rng: random.Random, i: int, office, department: int, created) -> dict:
    started = created.date() + dt.timedelta(days=rng.randint(0, 5))
    reviewed = rng.random() < 0.85
    assistant = rng.random() < 0.9 if reviewed else None
    advisor = rng.random() < 0.92 if reviewed else None
    signed = bool(assistant and advisor) and rng.random() < 0.8  # only after both passed
    return {
        "unit_id": office.pk,
        "department_id": department,
        "number": f"BC{i}-{rng.randrange(10**9)}",
        "title": "负载测试合同",
        "contract_type": rng.choice(("purchase", "construction", "service", "lease", "other")),
        "counterparty": "某某有限公司",
        "amount": Decimal(rng.choice((5000, 20000, 80000, 300000))),
        "status": "signed" if signed else ("approved" if reviewed else "legal_review"),
        "review_started_on": started,
        "assistant_passed": assistant,
        "advisor_passed": advisor,
        "signed_on": started + dt.timedelta(days=rng.randint(3, 30)) if signed else None,
        "created_at": created,
    }


def build_summaries(year: int) -> None:
    """Rebuild the measured year from the records and let the reads use it."""
    from django.db.models import Sum
    from django.utils import timezone

    from sifasuo.core import summaries
    from sifasuo.core.indicators import within_days
    from sifasuo.core.models import MonthlySummary, StaleSummary, SummaryBuild
    from sifasuo.mediation.models import Case

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    built = set(SummaryBuild.objects.values_list("line", flat=True))
    # COPY wrote past the signals: the summaries hold the loaded year only once rebuilt since.
    summed = MonthlySummary.objects.filter(
        code="mediation.received", month__gte=first, month__lte=last
    ).aggregate(n=Sum("value"))["n"]
    opened = Case.objects.filter(within_days("created_at", first, dt.date(year, 12, 31))).count()
    if (
        built >= set(summaries.line_codes())
        and not StaleSummary.objects.exists()
        and summed is not None
        and int(summed) == opened
    ):
        print(f"summaries of {year}: built and current ({opened:,} cases opened in the year)")
        return
    t0 = time.perf_counter()
    cells = summaries.rebuild(since=first, until=last)
    for line, codes in summaries.line_codes().items():
        SummaryBuild.objects.update_or_create(
            line=line, defaults={"codes": codes, "built_at": timezone.now()}
        )
    print(f"summaries of {year}: {cells:,} unit-months rebuilt in {time.perf_counter() - t0:.1f} s")


def measure(repeat: int, year: int) -> tuple[list[tuple], dict]:
    from django.db import connection

    from sifasuo.core import indicators, lines, summaries
    from sifasuo.core.indicators import Period
    from sifasuo.core.models import MonthlySummary, OrgUnit, UnitKind
    from sifasuo.mediation.models import Case

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    built = summaries.built_codes()
    codes = [code for code in lines.indicators() if indicators._summarised(code, built)]
    leaves = sorted({leaf for code in codes for leaf in indicators._leaves(code)})
    city = OrgUnit.objects.get(kind=UnitKind.CITY)
    counties = list(OrgUnit.objects.filter(kind=UnitKind.BUREAU, parent=city).order_by("path"))
    offices = list(OrgUnit.objects.filter(kind=UnitKind.OFFICE).order_by("path"))
    units = [city, *counties, *offices]
    period = Period.year(year)
    first, last = period.start, dt.date(year, 12, 1)
    facts = {
        "cases": Case.objects.count(),
        "offices": len(offices),
        "codes": len(codes),
        "summary rows": MonthlySummary.objects.count(),
        "year rows": MonthlySummary.objects.filter(month__gte=first, month__lte=last).count(),
    }
    print(", ".join(f"{key} {value:,}" for key, value in facts.items()))

    def report():
        return indicators.values_for(codes, units, period)

    def trends(unit):
        return lambda: indicators.monthly_values(codes, unit, period)

    def hand_report():
        with connection.cursor() as cur:
            cur.execute(REPORT_SQL, [[u.pk for u in units], first, last, leaves])
            return cur.fetchall()

    def floor_report():
        with connection.cursor() as cur:
            cur.execute(FLOOR_SQL, [first, last, leaves])
            return cur.fetchall()

    def hand_trends(unit):
        def run():
            with connection.cursor() as cur:
                cur.execute(TREND_SQL, [unit.path + "%", first, last, leaves])
                return cur.fetchall()

        return run

    # The two sides must agree before their times mean anything.
    table = report()
    by_sql = {(pk, code): total for pk, code, total in hand_report()}
    for unit in units:
        for code in leaves:
            assert Decimal(table[unit.pk][code]) == by_sql.get((unit.pk, code), 0), (unit, code)

    changed = Case.objects.filter(created_at__year=year).order_by("-pk").first()

    def report_after_change():
        changed.risk_grade = "red" if changed.risk_grade != "red" else "green"
        changed.save(update_fields=["risk_grade"])
        return report()

    rows = []
    pairs = [
        ("yearly report: city, counties, offices", report, hand_report),
        ("dashboard trends: county, 12 months", trends(counties[0]), hand_trends(counties[0])),
        ("dashboard trends: city, 12 months", trends(city), hand_trends(city)),
    ]
    for label, ours, hand in pairs:
        p50, p95, _ = mediation_scale.timed(ours, repeat)
        h50, h95, _ = mediation_scale.timed(hand, repeat)
        rows.append((label, p50, p95, h50, h95))
        if hand is hand_report:
            f50, _f95, _ = mediation_scale.timed(floor_report, repeat)
            print(f"  floor (the year's rows summed per holder, no roll-up, SQL): p50 {f50:.1f} ms")
            facts["floor p50 ms"] = round(f50, 1)
        print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms; hand SQL p50 {h50:.1f} ms")
    for label, username, path in (
        ("home page: the city's supervisor", "city", "/"),
        ("home page: a county's supervisor", "county1", "/"),
        ("home page: an office head", "o1_head", "/"),
        ("the city's yearly report, every line (统计报表 .xlsx)", "city", "/reports/report.xlsx"),
    ):
        page = home_page(username, path)
        p50, p95, _ = mediation_scale.timed(page, repeat)
        rows.append((label, p50, p95, None, None))
        print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    if changed is not None:
        p50, p95, _ = mediation_scale.timed(report_after_change, repeat)
        rows.append(("yearly report right after one case changed", p50, p95, None, None))
        print(f"  yearly report after a change: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    return rows, facts


def home_page(username: str, path: str = "/"):
    """A whole page as the account gets it through the views and templates (the home page:
    its dashboard, work due and to-dos)."""
    from django.conf import settings
    from django.test import Client

    from sifasuo.core.models import User

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(User.objects.get(username=username))

    def run():
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        return response

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--scale", type=int, default=1, help="demo city scale (offices × n)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--smoke", action="store_true", help="a few thousand cases, 3 runs")
    args = parser.parse_args()
    if args.smoke:
        args.cases, args.repeat = 5000, 3
    default = DEFAULT_URL if args.scale == 1 else f"{DEFAULT_URL}_s{args.scale}"
    url = os.environ.get("DATABASE_URL") or (SMOKE_URL if args.smoke else default)
    if not url.startswith("postgres"):
        print("DATABASE_URL must point at PostgreSQL", file=sys.stderr)
        return 2
    if ensure_database(url):
        print(f"created database {urlparse(url).path.lstrip('/')}")
    mediation_scale.setup(url)

    from django.core.management import call_command
    from django.utils import timezone

    from sifasuo.cli import DEMO_PASSWORD
    from sifasuo.core.demo import load_demo

    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_demo(scale=args.scale, password=DEMO_PASSWORD)
    print(f"migrate + demo (scale {args.scale}): {time.perf_counter() - t0:.1f} s")
    mediation_scale.load(args.cases, args.seed)
    load_other_lines(args.cases, args.seed)
    year = timezone.localdate().year
    build_summaries(year)
    rows, facts = measure(args.repeat, year)

    print(f"\nMachine: {mediation_scale.machine()}\n")
    print(
        f"{facts['cases']:,} cases, {facts['offices']} offices, {facts['codes']} indicators, "
        f"{facts['year rows']:,} summary rows in the year\n"
    )
    print("| Read | p50 | p95 | hand SQL p50 | ratio (p50) | target |")
    print("|---|---|---|---|---|---|")
    missed = False
    for label, p50, p95, h50, _h95 in rows:
        if h50 is None:
            print(f"| {label} | {p50:.1f} ms | **{p95:.1f} ms** | — | — | < {TARGET_MS} ms |")
            missed |= p95 >= TARGET_MS
            continue
        ratio = p50 / h50 if h50 else float("inf")
        met = p95 < TARGET_MS and ratio <= TARGET_RATIO
        missed |= not met
        print(
            f"| {label} | {p50:.1f} ms | **{p95:.1f} ms** | {h50:.1f} ms | {ratio:.2f}× | "
            f"< {TARGET_MS} ms, ≤ {TARGET_RATIO:.0f}× ({'met' if met else 'MISSED'}) |"
        )
    if "floor p50 ms" in facts:
        print(
            f"\nFloor: the year's summary rows summed per holding unit in SQL, nothing rolled up: "
            f"p50 {facts['floor p50 ms']} ms."
        )
    if missed:
        print("\nA target was missed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
