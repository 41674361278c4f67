"""`sifasuo backup` while the server writes, and `sifasuo restore` into an empty installation."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sifasuo import cli

SIFASUO = str(Path(sys.executable).with_name("sifasuo"))

LOAD_DEMO = """
import datetime
from django.test import override_settings
from sifasuo.core.demo import load_demo
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    load_demo(password="Demo@2026", today=datetime.date(2026, 6, 15))
"""

# Registers parties through the service, one acknowledged id per line, until told to stop.
WRITE = """
import pathlib, time
from sifasuo.core import services
from sifasuo.core.models import User
actor = User.objects.get(username="o1_assistant")
stop = pathlib.Path("{stop}")
n = 0
while not stop.exists():
    n += 1
    party = services.party_create(
        actor=actor, unit=actor.unit, kind="person", name=f"备份期间登记{{n}}",
        phone=f"139{{n:08d}}",
    )
    print("written", party.pk, flush=True)
    time.sleep(0.02)
"""

# Rows a writer may change in place rather than add.
# Rows rewritten rather than only added: the chain heads, sessions, and the monthly summaries with
# their stale marks (recounted from the records, which are compared themselves).
_UPDATED_IN_PLACE = {
    "core_audithead",
    "django_session",
    "sqlite_sequence",
    "core_monthlysummary",
    "core_stalesummary",
}


def _env(data_dir, **extra):
    return {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(Path(cli.__file__).parents[1]),
        "SIFASUO_DATA_DIR": str(data_dir),
        **extra,
    }


def _rows(database: Path) -> dict[str, set[tuple]]:
    with sqlite3.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name not in _UPDATED_IN_PLACE
        ]
        return {table: set(db.execute(f'SELECT * FROM "{table}"')) for table in tables}


def _written(output: str) -> list[int]:
    return [int(line.split()[1]) for line in output.splitlines() if line.startswith("written ")]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The demo county in a SQLite data folder of its own, as `sifasuo serve` would use it."""
    folder = tmp_path_factory.mktemp("live")
    env = _env(folder)
    subprocess.run([SIFASUO, "manage", "migrate", "-v", "0"], env=env, check=True, timeout=600)
    subprocess.run([SIFASUO, "manage", "shell", "-c", LOAD_DEMO], env=env, check=True, timeout=900)
    return folder


def test_backup_during_writes_restores_every_record_file_and_an_intact_chain(live, tmp_path):
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [SIFASUO, "manage", "shell", "-c", WRITE.format(stop=stop)],
        env=_env(live),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        acknowledged = []
        while len(acknowledged) < 5:  # writes are under way
            acknowledged += _written(writer.stdout.readline())
        before = _rows(live / "sifasuo.sqlite3")
        media_before = _files(live / "media")
        backup = tmp_path / "backup"
        done = subprocess.run(
            [SIFASUO, "backup", "--to", str(backup)],
            env=_env(live),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    finally:
        stop.touch()
        acknowledged += _written(writer.communicate(timeout=120)[0])
    assert writer.returncode == 0
    assert len(acknowledged) > 5  # the writer kept writing through the backup

    # The data key never leaves the data folder.
    key = (live / "data.key").read_bytes()
    assert not [name for name, content in _files(backup).items() if key in content]
    assert json.loads((backup / "manifest.json").read_text())["engine"] == "sqlite"

    restored = tmp_path / "restored"
    env = _env(restored, SIFASUO_DATA_KEY_FILE=str(live / "data.key"))
    result = subprocess.run(
        [SIFASUO, "restore", str(backup)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "审计链完好" in result.stdout

    after = _rows(restored / "sifasuo.sqlite3")
    missing = {table: rows - after[table] for table, rows in before.items() if rows - after[table]}
    assert missing == {}
    assert len(before["core_party"]) > 100  # the demo county is there
    parties = {row[0] for row in after["core_party"]}
    assert set(acknowledged[:5]) <= parties
    assert _files(restored / "media") == media_before
    # The personal data opens with the key kept apart.
    name = subprocess.run(
        [
            SIFASUO,
            "manage",
            "shell",
            "-c",
            f"from sifasuo.core.models import Party; print(Party.objects.get(pk={acknowledged[0]}).phone)",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert name.stdout.strip().splitlines()[-1] == "13900000001"


def test_restore_refuses_a_tampered_backup_and_a_non_empty_installation(live, tmp_path):
    backup = tmp_path / "backup"
    subprocess.run(
        [SIFASUO, "backup", "--to", str(backup)], env=_env(live), check=True, timeout=300
    )
    some_file = next(p for p in (backup / "media").rglob("*") if p.is_file())
    original = some_file.read_bytes()
    some_file.write_bytes(original + b"x")
    target = _env(tmp_path / "restored", SIFASUO_DATA_KEY_FILE=str(live / "data.key"))
    result = subprocess.run(
        [SIFASUO, "restore", str(backup)], env=target, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1
    assert "文件校验失败（SHA-256 不符）" in result.stderr
    assert some_file.name in result.stderr
    assert not (tmp_path / "restored" / "sifasuo.sqlite3").exists()

    some_file.write_bytes(original)
    result = subprocess.run(
        [SIFASUO, "restore", str(backup)], env=_env(live), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "已有数据：只能恢复到空的数据库中" in result.stderr
