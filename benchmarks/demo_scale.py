"""Time loading the demo data set (`sifasuo demo`) at several scales on the embedded SQLite database.

    .venv/bin/python benchmarks/demo_scale.py              # scales 1 and 10
    .venv/bin/python benchmarks/demo_scale.py 1 10 100     # any scales
    .venv/bin/python benchmarks/demo_scale.py --smoke      # CI: scale 1 only

Each scale runs in its own process with a throwaway data folder (settings are read once per
process): migrate, load, load again (must create nothing), verify the audit chain. Prints one
table row per scale and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_one(scale: int, data_dir: str) -> dict:
    os.environ["SIFASUO_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # this benchmark measures the embedded SQLite database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from sifasuo.cli import DEMO_PASSWORD
    from sifasuo.core.audit import verify_chain
    from sifasuo.core.demo import load_demo

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    summary = load_demo(scale=scale, password=DEMO_PASSWORD)
    loaded = time.perf_counter()
    again = load_demo(scale=scale, password=DEMO_PASSWORD)
    reloaded = time.perf_counter()
    checked, problems = verify_chain()
    verified = time.perf_counter()
    assert summary.created and not again.created and not problems

    hash_started = time.perf_counter()
    make_password(DEMO_PASSWORD)
    one_hash = time.perf_counter() - hash_started
    return {
        "scale": scale,
        "migrate_s": migrated - started,
        "load_s": loaded - migrated,
        "password_hashing_s": one_hash,  # the demo hashes its shared password once
        "reload_s": reloaded - loaded,
        "verify_s": verified - reloaded,
        "offices": summary.offices,
        "villages": summary.villages,
        "units": summary.cities
        + summary.bureaus
        + summary.offices
        + summary.villages
        + summary.partners
        + summary.departments,
        "staff": summary.staff,
        "accounts": summary.account_count,
        "work_items": summary.work_items,
        "audit_rows": checked,
        # The database file plus its write-ahead log, which holds what is not checkpointed yet.
        "db_mb": sum(f.stat().st_size for f in Path(data_dir).glob("sifasuo.sqlite3*")) / 1e6,
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import sqlite3

    import django

    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", type=int, default=[1, 10])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_true", help="scale 1 only (CI: it still runs)")
    args = parser.parse_args()
    if args.smoke:
        args.scales = [1]
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.data_dir)))
        return 0

    print(machine())
    header = (
        f"{'scale':>5} {'offices':>7} {'units':>7} {'staff':>6} {'audit rows':>10} "
        f"{'load s':>8} {'of which hashing s':>18} {'rerun s':>7} {'verify s':>8} {'DB MB':>6}"
    )
    print(header)
    for scale in args.scales:
        with tempfile.TemporaryDirectory(prefix="sifasuo-demo-") as data_dir:
            output = subprocess.run(
                [sys.executable, __file__, "--one", str(scale), "--data-dir", data_dir],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        row = json.loads(output.strip().splitlines()[-1])
        print(
            f"{row['scale']:>5} {row['offices']:>7} {row['units']:>7} {row['staff']:>6} "
            f"{row['audit_rows']:>10} {row['load_s']:>8.1f} {row['password_hashing_s']:>18.1f} "
            f"{row['reload_s']:>7.2f} {row['verify_s']:>8.1f} {row['db_mb']:>6.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
