"""Load test on PostgreSQL: simulated office staff against `sifasuo serve`, then a lost-write check.

    .venv/bin/python benchmarks/load/run.py                 # 50 users for 10 minutes
    .venv/bin/python benchmarks/load/run.py --smoke         # CI: 10 users for 1 minute, fresh database
    .venv/bin/python benchmarks/load/run.py --users 20 --minutes 3 --fresh

Needs the `bench` extra (Locust) and a PostgreSQL server with trust access for `postgres` on
127.0.0.1. Uses its own database (`--database-url`, default sifasuo_load; `--fresh` drops it
first), loads the demo city into it with `sifasuo demo --no-serve`, starts `sifasuo serve` on
127.0.0.1 and runs Locust headless (`locustfile.py` beside this file) for a fixed time. Then it
stops the server and checks:

- Locust saw no failed request and no exception;
- every write the server acknowledged (the journal the simulated users keep) is in the database
  as acknowledged (each case at its last acknowledged step and version), with exactly one audit
  row per acknowledged write;
- `sifasuo audit verify` finds the whole chain intact.

It prints p50/p95 per action as a Markdown table and exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _pgdb import client_args, ensure_database  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sifasuo_load"
STEP_ACTIONS = {"advance": "mediation.advance", "session": "mediation.session"}
STEP_ACTIONS["agreement"] = "mediation.agreement"


def sifasuo(*argv: str) -> list[str]:
    return [sys.executable, "-m", "sifasuo.cli", *argv]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"sifasuo serve stopped with exit code {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit("sifasuo serve did not answer within two minutes")


class Sampler(threading.Thread):
    """Once a second during the run: database sessions busy, and those waiting for a lock (on
    the audit chain's head row or anything else)."""

    QUERY = (
        "SELECT count(*) FILTER (WHERE state = 'active'),"
        " count(*) FILTER (WHERE wait_event_type = 'Lock'),"
        " count(*) FILTER (WHERE wait_event_type = 'Lock' AND query LIKE '%%core_audithead%%')"
        " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.samples, self.stop = url, [], threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.wait(1):
                self.samples.append(conn.execute(self.QUERY).fetchone())

    def summary(self) -> str:
        n = len(self.samples) or 1
        active = sum(s[0] for s in self.samples) / n
        waiting = sum(1 for s in self.samples if s[1]) / n
        on_head = sum(1 for s in self.samples if s[2]) / n
        return (
            f"database sessions (1 s samples): {active:.1f} active on average; a lock wait in "
            f"{waiting:.0%} of samples, a wait on the audit head in {on_head:.0%}"
        )


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_stats(prefix: Path) -> tuple[list[dict], int]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(f"{prefix}_exceptions.csv", encoding="utf-8") as f:
        exceptions = sum(int(row["Count"]) for row in csv.DictReader(f))
    return rows, exceptions


def check_writes(journal: Path, first_id: int) -> list[str]:
    """Every acknowledged write in the database and in the audit trail; return what is missing."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    import django

    django.setup()
    from sifasuo.core.models import AuditEntry
    from sifasuo.intake.models import Matter
    from sifasuo.mediation.models import Case

    writes = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    audit = collections.Counter(
        AuditEntry.objects.filter(pk__gt=first_id).values_list("action", "object_id")
    )
    problems: list[str] = []
    matters = {w["pk"] for w in writes if w["kind"] == "matter"}
    found = set(Matter.objects.filter(pk__in=matters).values_list("pk", flat=True))
    problems += [f"matter {pk}: acknowledged, not in the database" for pk in matters - found]
    problems += [
        f"matter {pk}: {audit[('matter.register', str(pk))]} audit rows, expected 1"
        for pk in matters
        if audit[("matter.register", str(pk))] != 1
    ]
    opened = {w["pk"] for w in writes if w["kind"] == "case_open"}
    last_step: dict[int, dict] = {}
    steps = collections.Counter()
    for w in writes:
        if w["kind"] == "case_step":
            last_step[w["pk"]] = w
            steps[(STEP_ACTIONS[w["step"]], str(w["pk"]))] += 1
    cases = {c.pk: c for c in Case.objects.filter(pk__in=opened)}
    problems += [f"case {pk}: acknowledged, not in the database" for pk in opened - set(cases)]
    problems += [
        f"case {pk}: {audit[('mediation.open', str(pk))]} audit rows for opening, expected 1"
        for pk in opened
        if audit[("mediation.open", str(pk))] != 1
    ]
    for pk, w in last_step.items():
        case = cases.get(pk)
        if case is not None and (case.stage, case.version) != (w["stage"], w["version"]):
            problems.append(
                f"case {pk}: {case.stage} v{case.version}, acknowledged {w['stage']} v{w['version']}"
            )
    for key, count in steps.items():
        if audit[key] != count:
            problems.append(f"case {key[1]}: {audit[key]} {key[0]} audit rows, expected {count}")
    print(
        f"acknowledged writes: {len(writes)} ({len(matters)} matters registered, {len(opened)} "
        f"cases opened, {sum(steps.values())} case steps); audit rows written during the run: "
        f"{sum(audit.values())}"
    )
    return problems


def report(rows: list[dict], users: int, minutes: float) -> None:
    print(f"\n| Action ({users} users, {minutes:g} min) | requests | failures | p50 | p95 |")
    print("|---|---|---|---|---|")
    for row in rows:
        name = "**all requests**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"| {name} | {int(row['Request Count']):,} | {row['Failure Count']} | "
            f"{row['50%']} ms | {row['95%']} ms |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--threads", type=int, default=8, help="sifasuo serve --threads")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_URL)
    parser.add_argument("--data-dir", default=os.environ.get("SIFASUO_LOAD_DATA_DIR", ""))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--out", type=Path, help="keep Locust's CSV files and the journal here")
    parser.add_argument("--smoke", action="store_true", help="10 users, 1 minute, fresh database")
    args = parser.parse_args()
    if args.smoke:
        args.users, args.minutes, args.spawn_rate, args.fresh = 10, 1, 5, True
    if not args.database_url.startswith("postgres"):
        print("the load test runs on PostgreSQL: give --database-url postgres://…", file=sys.stderr)
        return 2

    data_dir = Path(args.data_dir or Path(tempfile.gettempdir()) / "sifasuo-load-data")
    if args.fresh and data_dir.exists():
        for child in data_dir.iterdir():  # the data key must match the fresh database
            if child.is_file():
                child.unlink()
    data_dir.mkdir(parents=True, exist_ok=True)
    out = args.out or Path(tempfile.mkdtemp(prefix="sifasuo-load-"))
    out.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DATABASE_URL=args.database_url,
        SIFASUO_DATA_DIR=str(data_dir),
        SIFASUO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    ensure_database(args.database_url, fresh=args.fresh)
    started = time.perf_counter()
    subprocess.run(
        sifasuo("demo", "--no-serve", "--data-dir", str(data_dir)),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"demo city in {client_args(args.database_url)[1]}: {time.perf_counter() - started:.0f} s"
    )

    # The audit rows of this run are those added after this point (in any chain).
    from_id = int(
        subprocess.run(
            [
                "psql",
                *client_args(args.database_url)[0],
                "-d",
                client_args(args.database_url)[1],
                "-tAc",
                "SELECT coalesce(max(id), 0) FROM core_auditentry",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    journal = out / "journal.jsonl"
    journal.write_text("")
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        sifasuo(
            "serve", "--host", "127.0.0.1", "--port", str(args.port), "--threads", str(args.threads)
        ),
        stdout=open(out / "server.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(base, server)
        sampler = Sampler(args.database_url)
        sampler.start()
        cpu_before, wall_before = cpu_seconds(server.pid), time.perf_counter()
        locust = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--stop-timeout",
                "30",
                "--csv",
                str(out / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "LOAD_JOURNAL": str(journal), "LOAD_RUN": time.strftime("%H%M%S")},
        )
        server_cpu = cpu_seconds(server.pid) - cpu_before
        wall = time.perf_counter() - wall_before
        sampler.stop.set()
    finally:
        server.terminate()
        server.wait(timeout=60)

    rows, exceptions = read_stats(out / "locust")
    report(rows, args.users, args.minutes)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    failures = int(total["Failure Count"])
    problems = check_writes(journal, from_id)
    verify = subprocess.run(sifasuo("audit", "verify"), capture_output=True, text=True)
    print(
        f"\nrequests {int(total['Request Count']):,}, {float(total['Requests/s']):.1f}/s; "
        f"failures {failures}, exceptions {exceptions}; lost or doubled writes {len(problems)}"
    )
    print(
        f"server process: {server_cpu:.0f} s of CPU in {wall:.0f} s ({server_cpu / wall:.2f} "
        f"cores); machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(sampler.summary())
    for problem in problems[:30]:
        print(f"  {problem}")
    print((verify.stdout + verify.stderr).strip())
    print(f"files: {out}")
    ok = not failures and not exceptions and not problems and verify.returncode == 0
    ok = ok and locust.returncode in (0, 1)  # Locust exits 1 when a request failed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
