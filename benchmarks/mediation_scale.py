"""Mediation reads at scale on PostgreSQL: handler queue, office case list, county statistics.

    .venv/bin/python benchmarks/mediation_scale.py                  # 1,000,000 cases
    .venv/bin/python benchmarks/mediation_scale.py --cases 100000   # quicker check
    .venv/bin/python benchmarks/mediation_scale.py --views          # also through the views
    .venv/bin/python benchmarks/mediation_scale.py --smoke          # CI: 5,000 cases, 3 runs

Uses its own database (`DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/sifasuo_bench),
created with `createdb` if missing: migrate, load the demo city once (scale 1: 3 counties, 54
offices), then add cases until the database holds `--cases`. A rerun finds them and only measures.

The cases and intake matters are a load fixture written with PostgreSQL COPY, not through the
services: no audit rows, parties, sessions or deadlines are created for them, only the columns the
measured reads filter, sort and count on, with realistic mixes (dispute types, stages, committee
kinds, risk grades, creation dates over three years, the sample offices' accounts as creators and
handlers). Every read goes through the real selectors, as a sample office's user and as a county
supervisor, after ANALYZE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from urllib.parse import urlparse

from _pgdb import ensure_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sifasuo_bench"
SMOKE_URL = "postgres://postgres@127.0.0.1:5432/sifasuo_bench_smoke"
# The office head's home carries the office dashboard (indicators this year and last, trends):
# it is held to the dashboards' target, as in report_scale.py.
TARGETS_MS = {"queue": 150, "list": 150, "stats": 1000, "dashboard": 1000}
STATE_MIX = (  # intake matter states, weighted
    ("closed", 55),
    ("registered", 8),
    ("assigned", 10),
    ("in_progress", 17),
    ("transferred", 6),
    ("refused", 4),
)
STAGE_MIX = (  # mediation stages, weighted: most cases are long archived
    ("archived", 62),
    ("terminated", 8),
    ("follow_up", 8),
    ("agreement", 5),
    ("mediating", 9),
    ("investigation", 4),
    ("application", 4),
)
TYPE_WEIGHTS = {
    "family": 20,
    "neighbour": 18,
    "adjacency": 8,
    "debt": 9,
    "contract": 6,
    "inheritance": 5,
    "damages": 9,
    "labour": 6,
    "property_mgmt": 4,
    "land_contract": 5,
    "homestead": 4,
    "medical": 1,
    "traffic": 3,
    "consumer": 1,
    "other": 1,
}


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    os.environ.setdefault("SIFASUO_SECRET_KEY", "mediation-scale-benchmark-only")
    os.environ.setdefault("SIFASUO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()


def weighted(rng: random.Random, mix, k: int) -> list:
    values, weights = zip(*mix, strict=True)
    return rng.choices(values, weights=weights, k=k)


def copy_row(model, row: dict, columns: list[str]) -> list:
    """The row in COPY column order; a column the fixture does not set gets the model's default
    (or NULL, or an empty string), so a new field does not break the fixture."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    values = []
    for column in columns:
        if column in row:
            values.append(row[column])
            continue
        field = fields[column]
        if field.has_default():
            value = field.get_default()
            values.append(json.dumps(value) if isinstance(value, list | dict) else value)
        elif field.null:
            values.append(None)
        elif field.get_internal_type() in ("CharField", "TextField"):
            values.append("")
        else:
            raise KeyError(f"{model.__name__}.{field.name}: no value and no default")
    return values


def load(n_cases: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sifasuo.cli import DEMO_PASSWORD
    from sifasuo.core.demo import load_demo
    from sifasuo.core.models import OrgUnit, UnitKind, User
    from sifasuo.intake.models import Matter
    from sifasuo.mediation.models import Case

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_demo(scale=1, password=DEMO_PASSWORD)
    print(f"migrate + demo: {time.perf_counter() - started:.1f} s")

    have = Case.objects.count()
    if have >= n_cases:
        print(f"database holds {have:,} cases (>= {n_cases:,}): measuring only")
        return
    need = n_cases - have
    rng = random.Random(seed + have)
    offices = list(OrgUnit.objects.filter(kind=UnitKind.OFFICE).order_by("path"))
    accounts: dict[int, list[int]] = {}
    for user in User.objects.filter(unit__in=offices, is_active=True):
        accounts.setdefault(user.unit_id, []).append(user.pk)
    # Office sizes differ: a few large sample offices, many small rural ones.
    office_weights = [6 if office.pk in accounts else rng.uniform(0.5, 2.0) for office in offices]
    now = timezone.now()
    span = 3 * 365 * 86400
    types, type_w = zip(*TYPE_WEIGHTS.items(), strict=True)
    committees = ("village", "township", "industry", "police_joint", "other")
    committee_w = (55, 30, 8, 6, 1)
    channels = ("window", "phone", "hotline", "online", "department", "grassroots", "advisor")
    channel_w = (40, 15, 12, 8, 10, 10, 5)
    reasons = ("refused", "party_withdrew", "no_agreement", "litigation", "other")

    matter_cols = [
        f.column for f in Matter._meta.concrete_fields if f.column != "id"
    ]  # same order as the row dicts below
    case_cols = [f.column for f in Case._meta.concrete_fields if f.column != "id"]
    next_matter = (Matter.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    prefix = f"B{have}-"

    def matter_row(i, office, created, state, handler, mtype):
        closed = created + dt.timedelta(days=rng.randint(1, 40)) if state == "closed" else None
        due_on = (created + dt.timedelta(days=rng.randint(5, 60))).date()
        return {
            "unit_id": office.pk,
            "tracking_code": f"{prefix}{i}",
            "channel": rng.choices(channels, channel_w)[0],
            "matter_type": mtype,
            "narrative": "负载测试事项",
            "counterpart_names": "",
            "state": state,
            "handler_id": handler,
            "reason_type": "other_body" if state in ("refused", "transferred") else "",
            "reason_text": "",
            "result": "",
            "transfer_unit_id": None,
            "transfer_accepted": False,
            "linked_to_id": None,
            "created_by_id": handler,
            "created_at": created,
            "received_on": created.date(),
            "closed_at": closed,
            "version": 1,
            "submission_token": None,
            "due_rule": "bench" if state in ("registered", "assigned", "in_progress") else "",
            "due_start": created.date(),
            "due_on": due_on,
            "due_extended": False,
            "due_basis": "",
            "due_pauses": "[]",
            "due_paused_since": None,
        }

    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor  # the psycopg cursor
        t0 = time.perf_counter()
        # Intake matters: one behind about a third of the cases, plus others for the queue.
        linked: list[int | None] = []
        with cur.copy(f"COPY intake_matter ({', '.join(matter_cols)}) FROM STDIN") as copy:
            mid = next_matter
            extra = need // 10
            for i in range(need + extra):
                office = rng.choices(offices, office_weights)[0]
                created = now - dt.timedelta(seconds=rng.randint(0, span))
                is_case = i < need
                if is_case and rng.random() >= 0.33:
                    linked.append(None)
                    continue
                users = accounts.get(office.pk)
                if is_case:
                    state, handler, mtype = (
                        "closed",
                        rng.choice(users) if users else None,
                        "dispute",
                    )
                else:
                    state = weighted(rng, STATE_MIX, 1)[0]
                    handler = rng.choice(users) if users else None
                    if state in ("assigned", "in_progress") and handler is None:
                        state = "registered"
                    if state == "registered":
                        handler = None
                    mtype = rng.choice(
                        ("consultation", "legal_aid", "petition", "dispute", "other")
                    )
                    if state in ("registered", "assigned", "in_progress"):
                        # open matters are recent
                        created = now - dt.timedelta(seconds=rng.randint(0, 60 * 86400))
                row = matter_row(i, office, created, state, handler, mtype)
                copy.write_row(copy_row(Matter, row, matter_cols))
                if is_case:
                    linked.append(mid)
                mid += 1
        print(f"matters: {mid - next_matter:,} rows in {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        # Re-read the linked matters' units: a case sits in its matter's office.
        matter_unit = {
            matter_id: (unit_id, channel)
            for matter_id, unit_id, channel in Matter.objects.filter(
                id__gte=next_matter, matter_type="dispute", state="closed"
            )
            .values_list("id", "unit_id", "channel")
            .iterator(chunk_size=20000)
        }
        office_by_id = {office.pk: office for office in offices}
        with cur.copy(f"COPY mediation_case ({', '.join(case_cols)}) FROM STDIN") as copy:
            for i in range(need):
                matter_id = linked[i]
                if matter_id is not None:
                    unit_id, channel = matter_unit[matter_id]
                    office = office_by_id[unit_id]
                else:
                    office = rng.choices(offices, office_weights)[0]
                    channel = ""
                created = now - dt.timedelta(seconds=rng.randint(0, span))
                age = (now - created).days
                stage = weighted(rng, STAGE_MIX, 1)[0]
                if age < 60 and stage in ("archived", "terminated") and rng.random() < 0.6:
                    stage = rng.choice(("application", "investigation", "mediating"))
                if age > 180 and stage not in ("archived", "terminated", "follow_up"):
                    stage = "archived"
                agreed = stage in ("agreement", "follow_up", "archived") and rng.random() < 0.92
                agreement_on = (created + dt.timedelta(days=rng.randint(3, 30))).date()
                closed = stage in ("archived", "terminated")
                risk = rng.choices(("green", "yellow", "red"), (90, 8, 2))[0]
                confirmation = (
                    rng.choices(("", "pending", "confirmed", "rejected"), (85, 2, 12, 1))[0]
                    if agreed
                    else ""
                )
                users = accounts.get(office.pk)
                row = {
                    "unit_id": office.pk,
                    "number": f"{prefix}{i}",
                    "intake_matter_id": matter_id,
                    "channel": channel,
                    "dispute_type": rng.choices(types, type_w)[0],
                    "summary": "负载测试案件",
                    "amount": Decimal(rng.choice((0, 0, 500, 2000, 8000, 30000, 120000))),
                    "committee_kind": rng.choices(committees, committee_w)[0],
                    "committee_name": f"{office.name}人民调解委员会",
                    "service_mode": rng.choices(
                        ("clinic", "round", "consultation", "emergency"), (70, 20, 8, 2)
                    )[0],
                    "stage": stage,
                    "termination_reason": rng.choice(reasons) if stage == "terminated" else "",
                    "termination_text": "",
                    "agreement_terms": "双方自愿达成协议" if agreed else "",
                    "agreement_oral": agreed and rng.random() < 0.3,
                    "agreement_on": agreement_on if agreed else None,
                    "confirmation": confirmation,
                    "confirmation_court": "",
                    "risk_grade": risk,
                    "risk_checklist": "[]",
                    "risk_reasons": "[]",
                    "followup_plan": "",
                    "followup_due": agreement_on + dt.timedelta(days=30)
                    if risk != "green"
                    else None,
                    "created_by_id": rng.choice(users) if users else None,
                    "created_at": created,
                    "closed_at": created + dt.timedelta(days=rng.randint(5, 60))
                    if closed
                    else None,
                    "version": 1,
                    "submission_token": None,
                    "due_rule": "",
                    "due_start": None,
                    "due_on": None,
                    "due_extended": False,
                    "due_basis": "",
                    "due_pauses": "[]",
                    "due_paused_since": None,
                }
                copy.write_row(copy_row(Case, row, case_cols))
        print(f"cases: {need:,} rows in {time.perf_counter() - t0:.1f} s")
    print(f"load total: {time.perf_counter() - started:.1f} s")


def timed(fn, repeat: int) -> tuple[float, float, object]:
    fn()  # warm the cache and the plan
    samples = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95, result


def machine() -> str:
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        buffers = cur.fetchone()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {pg} (shared_buffers {buffers})"
    )


def explain(qs) -> str:
    return qs.explain(analyze=True, buffers=True)


def measure(repeat: int, views: bool, show_plans: bool) -> list[tuple]:
    from django.core.paginator import Paginator
    from django.db import connection
    from django.utils import timezone

    from sifasuo.core.models import User
    from sifasuo.intake import selectors as intake_selectors
    from sifasuo.intake.models import Matter
    from sifasuo.mediation import selectors
    from sifasuo.mediation.models import Case

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    office_user = User.objects.select_related("unit").get(username="o1_head")
    handler = User.objects.select_related("unit").get(username="o1_mediator")
    county = User.objects.select_related("unit").get(username="county1")
    year = timezone.localdate().year
    print(
        f"cases {Case.objects.count():,}, matters {Matter.objects.count():,}; "
        f"office {office_user.unit.name}: {Case.objects.filter(unit=office_user.unit).count():,} "
        f"cases; county {county.unit.name}: "
        f"{Case.objects.filter(unit__path__startswith=county.unit.path).count():,} cases; "
        f"handler {handler.username}: "
        f"{Matter.objects.filter(handler=handler, state__in=['assigned', 'in_progress']).count():,} "
        "open matters"
    )

    def first_page(qs):
        page = Paginator(qs, 30).get_page(1)
        return len(list(page.object_list)), page.paginator.count

    queue = lambda: first_page(intake_selectors.matter_queue_for_user(user=handler, which="mine"))  # noqa: E731
    unassigned = lambda: first_page(  # noqa: E731
        intake_selectors.matter_queue_for_user(user=handler, which="unassigned")
    )
    office_list = lambda: first_page(  # noqa: E731
        selectors.case_list_for_user(user=office_user, dispute_type="family", stage="mediating")
    )
    office_all = lambda: first_page(selectors.case_list_for_user(user=office_user))  # noqa: E731
    county_list = lambda: first_page(  # noqa: E731
        selectors.case_list_for_user(user=county, dispute_type="neighbour", stage="archived")
    )
    stats_year = lambda: selectors.statistics_for_user(user=county, year=year)  # noqa: E731
    stats_all = lambda: selectors.statistics_for_user(user=county)  # noqa: E731

    rows = []
    checks = [
        ("queue", "handler queue 待办 (mine), page 1", queue, repeat),
        ("queue", "office queue 待分派 (unassigned), page 1", unassigned, repeat),
        ("list", "office case list, 婚姻家庭 + 调解中, page 1", office_list, repeat),
        ("list", "office case list, unfiltered, page 1", office_all, repeat),
        ("list", "county case list, 邻里 + 归档, page 1", county_list, repeat),
        ("stats", f"county statistics, {year} by month", stats_year, max(10, repeat // 5)),
        ("stats", "county statistics, all years by month", stats_all, max(10, repeat // 5)),
    ]
    for kind, label, fn, n in checks:
        p50, p95, result = timed(fn, n)
        size = result if isinstance(result, tuple) else result["totals"]["total"]
        rows.append((kind, label, p50, p95, n, size))
        print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({n} runs) -> {size}")

    if views:
        from django.test import Client
        from django.urls import reverse

        for kind, label, user, url in [
            ("queue", "view: 待办 queue", handler, reverse("intake:queue") + "?q=mine"),
            ("queue", "view: 我的待办 home page (every business line), a mediator", handler, "/"),
            (
                "dashboard",
                "view: an office head's home (我的待办 and the office dashboard)",
                office_user,
                "/",
            ),
            (
                "list",
                "view: office case list filtered",
                office_user,
                reverse("mediation:case_list") + "?dispute_type=family&stage=mediating",
            ),
            (
                "stats",
                f"view: county statistics {year}",
                county,
                reverse("mediation:statistics") + f"?year={year}",
            ),
        ]:
            client = Client()
            client.force_login(user)

            def get(client=client, url=url):
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return (len(response.content),)

            n = repeat if kind != "stats" else max(10, repeat // 5)
            p50, p95, result = timed(get, n)
            rows.append((kind, label, p50, p95, n, result))
            print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({n} runs)")

    if show_plans:
        plans = {
            "queue": intake_selectors.matter_queue_for_user(user=handler, which="mine")[:30],
            "office list": selectors.case_list_for_user(
                user=office_user, dispute_type="family", stage="mediating"
            )[:30],
            "office list unfiltered": selectors.case_list_for_user(user=office_user)[:30],
            "county list": selectors.case_list_for_user(
                user=county, dispute_type="neighbour", stage="archived"
            )[:30],
            "county statistics (year)": selectors.statistics_rows(user=county, year=year),
        }
        for name, qs in plans.items():
            print(f"\n--- EXPLAIN ANALYZE {name}\n{explain(qs)}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--views", action="store_true", help="also time the views via Client")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument(
        "--smoke", action="store_true", help="a few thousand cases, 3 runs each (CI: it still runs)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.cases, args.repeat, args.views, args.explain = 5000, 3, True, True

    url = os.environ.get("DATABASE_URL") or (SMOKE_URL if args.smoke else DEFAULT_URL)
    if not url.startswith("postgres"):
        print("DATABASE_URL must point at PostgreSQL", file=sys.stderr)
        return 2
    if ensure_database(url):
        print(f"created database {urlparse(url).path.lstrip('/')}")
    setup(url)
    load(args.cases, args.seed)
    rows = measure(args.repeat, args.views, args.explain)

    print(f"\nMachine: {machine()}\n")
    print("| Read | p50 | p95 | target | runs |")
    print("|---|---|---|---|---|")
    for kind, label, p50, p95, n, _size in rows:
        target = TARGETS_MS[kind]
        mark = "met" if p95 < target else "MISSED"
        print(f"| {label} | {p50:.1f} ms | **{p95:.1f} ms** | < {target} ms ({mark}) | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
