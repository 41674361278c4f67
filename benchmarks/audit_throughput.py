"""Audited writes per second on PostgreSQL with concurrent writers, against the database's ceiling.

    .venv/bin/python benchmarks/audit_throughput.py                # 1, 2, 4 and 8 writers, 20 s each
    .venv/bin/python benchmarks/audit_throughput.py --writers 8 --seconds 60
    .venv/bin/python benchmarks/audit_throughput.py --smoke        # CI: 8 writers, 2 s each

Every audited write appends one row to its county's hash chain under a row lock on that chain's
`AuditHead` row (`sifasuo.core.audit.audit_record`), so audited writes within one county are
serialised however many writers there are. Each writer is its own process with its own
connection (as several server processes or workers would be) and runs, for a fixed time,
transactions of one of these kinds:

- `one county`: `audit_record(...)` alone, every writer in the same county (one chain, as every
  write was before there was a chain per county), with a changes dict the size of a mediation
  step's;
- `one county, +5 ms`: the same, then 5 ms more inside the transaction before it commits (a
  service that does more after writing its audit row holds the lock that much longer);
- `own county`: `audit_record(...)` alone, each writer in a different county of eight;
- `no lock`: one row of the same size into a table without a chain or a lock: what the database
  and the Python side manage when nothing is serialised.

It prints writes per second and the latency per transaction (p50, p95), then checks the chain
(`verify_chain`). Uses its own database (DATABASE_URL, default sifasuo_bench_audit, created if
missing; `--smoke` uses sifasuo_bench_audit_smoke and empties it first).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import statistics
import subprocess
import sys
import time
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sifasuo_bench_audit"
SMOKE_URL = "postgres://postgres@127.0.0.1:5432/sifasuo_bench_audit_smoke"
CHANGES = {
    "stage": ["investigation", "mediating"],
    "version": [3, 4],
    "session": "2026-11-30",
    "summary": ["两家因排水沟堵塞发生争执，多次协商未果。", "两家因排水沟堵塞发生争执。"],
}
FREE_TABLE = "bench_unchained_write"
BENCH_CITY = "压测市司法局"
KINDS = ["one county", "one county, +5 ms", "own county", "no lock"]


def _pg(url: str) -> tuple[list[str], str]:
    parts = urlparse(url)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    return [*args, "-U", parts.username or "postgres"], parts.path.lstrip("/")


def prepare(url: str, fresh: bool) -> None:
    args, name = _pg(url)
    if fresh:
        subprocess.run(["dropdb", *args, "--if-exists", "--force", name], check=True)
    query = f"SELECT 1 FROM pg_database WHERE datname='{name}'"
    found = subprocess.run(
        ["psql", *args, "-d", "postgres", "-tAc", query], capture_output=True, text=True
    )
    if found.stdout.strip() != "1":
        subprocess.run(["createdb", *args, name], check=True)
    setup(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    from sifasuo.core.models import OrgUnit, UnitKind, User
    from sifasuo.core.services import unit_create

    if not OrgUnit.objects.filter(name=BENCH_CITY).exists():
        admin, _ = User.objects.get_or_create(
            username="bench_admin", defaults={"is_superuser": True, "role": "system_admin"}
        )
        city = unit_create(actor=admin, name=BENCH_CITY, kind=UnitKind.CITY, parent=None)
        for n in range(1, 9):
            unit_create(actor=admin, name=f"压测{n}区司法局", kind=UnitKind.BUREAU, parent=city)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {FREE_TABLE} "
            "(id bigserial PRIMARY KEY, at timestamptz, body jsonb, hash text)"
        )


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    os.environ.setdefault("SIFASUO_SECRET_KEY", "audit-throughput-benchmark-only")
    import django

    django.setup()


def writer(url: str, kind: str, index: int, barrier, seconds: float, out) -> None:
    import json

    from django.db import connection, transaction
    from django.utils import timezone

    from sifasuo.core.actors import SystemActor
    from sifasuo.core.audit import audit_record
    from sifasuo.core.models import OrgUnit

    bench = SystemActor("benchmark", "性能测试")

    counties = list(OrgUnit.objects.filter(parent__name=BENCH_CITY).order_by("pk"))
    # "one county": every writer in the first county's chain; "own county": one chain each.
    unit = counties[index % len(counties)] if kind == "own county" else counties[0]
    latencies = []
    barrier.wait()  # every writer set up and connected before the clock starts
    end = time.time() + seconds
    while time.time() < end:
        began = time.perf_counter()
        with transaction.atomic():
            if kind == "no lock":
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {FREE_TABLE} (at, body, hash) VALUES (%s, %s, %s)",
                        [timezone.now(), json.dumps(CHANGES, ensure_ascii=False), "0" * 64],
                    )
            else:
                audit_record(
                    actor=bench, action="bench.write", unit=unit, changes=CHANGES, object_repr="x"
                )
                if kind == "one county, +5 ms":
                    time.sleep(0.005)
        latencies.append(time.perf_counter() - began)
    out.put(latencies)


def run(url: str, kind: str, writers: int, seconds: float) -> dict:
    # Forked from a process whose connection is closed: each writer opens its own.
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    barrier = ctx.Barrier(writers)
    procs = [
        ctx.Process(target=writer, args=(url, kind, i, barrier, seconds, out))
        for i in range(writers)
    ]
    for proc in procs:
        proc.start()
    latencies = [value for _ in procs for value in out.get(timeout=seconds + 120)]
    for proc in procs:
        proc.join()
        if proc.exitcode:
            sys.exit(f"a writer failed with exit code {proc.exitcode}")
    latencies.sort()
    return {
        "kind": kind,
        "writers": writers,
        "writes": len(latencies),
        "per_s": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, nargs="*", default=[1, 2, 4, 8])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--kinds", nargs="*", default=["one county", "own county", "no lock"], choices=KINDS
    )
    parser.add_argument("--smoke", action="store_true", help="8 writers, 2 s each (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.writers, args.seconds = [8], 2
    url = os.environ.get("DATABASE_URL") or (SMOKE_URL if args.smoke else DEFAULT_URL)
    if not url.startswith("postgres"):
        print("DATABASE_URL must point at PostgreSQL", file=sys.stderr)
        return 2
    prepare(url, fresh=args.smoke)

    from django.db import connection

    from sifasuo.core.audit import verify_chain

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    connection.close()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, PostgreSQL {pg}; {args.seconds:g} s per row"
    )
    print("| transaction | writers | writes/s | p50 | p95 |")
    print("|---|---|---|---|---|")
    for kind in args.kinds:
        for writers in args.writers:
            row = run(url, kind, writers, args.seconds)
            print(
                f"| {row['kind']} | {row['writers']} | **{row['per_s']:,.0f}** | "
                f"{row['p50']:.1f} ms | {row['p95']:.1f} ms |",
                flush=True,
            )
    started = time.perf_counter()
    checked, problems = verify_chain()
    print(
        f"chain: {checked:,} rows checked in {time.perf_counter() - started:.1f} s, "
        f"{len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
