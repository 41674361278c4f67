"""The PostgreSQL database a benchmark runs against: created if missing, or dropped and made
anew. Shared by the benchmarks (the leading underscore keeps CI's `benchmarks/*.py --smoke` loop
from running it as one)."""

from __future__ import annotations

import subprocess
from urllib.parse import urlparse


def client_args(url: str) -> tuple[list[str], str]:
    """The psql/createdb connection arguments of a `postgres://` URL, and the database name."""
    parts = urlparse(url)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    return [*args, "-U", parts.username or "postgres"], parts.path.lstrip("/")


def ensure_database(url: str, *, fresh: bool = False) -> bool:
    """Create the database if it is missing (drop it first when `fresh`); True if created."""
    args, name = client_args(url)
    if fresh:
        subprocess.run(["dropdb", *args, "--if-exists", "--force", name], check=True)
    exists = subprocess.run(
        [
            "psql",
            *args,
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists == "1":
        return False
    subprocess.run(["createdb", *args, name], check=True)
    return True
