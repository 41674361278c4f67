"""`sifasuo backup` and `sifasuo restore`: a consistent copy of the database and the uploaded files
with SHA-256 checksums, and its restoration into an empty installation.

The database is copied while the server runs: SQLite through its online backup API (one step, so
the copy is one consistent snapshot), PostgreSQL with `pg_dump --format=custom`. Uploaded files
are copied after the snapshot, so every file the snapshot refers to is there. The data key and
the generated secret key are never copied: a backup is useless to whoever steals it without the
key, which is kept apart (README, "Backup and restore").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_COPY = "database.sqlite3"
POSTGRES_COPY = "database.dump"
MEDIA = "media"
# Never copied, wherever they are: the key that seals personal data, its replaced copies, and the
# generated Django secret key.
_SECRET_NAMES = ("data.key", "secret.key")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    return vendor


def _is_secret(path: Path) -> bool:
    key_file = Path(settings.SIFASUO_DATA_KEY_FILE).resolve()
    return path.resolve() == key_file or path.name.startswith(_SECRET_NAMES)


def _pg_env() -> tuple[dict[str, str], str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env, str(db["NAME"])


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端工具。") from None
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} 失败：{exc.stderr.strip()[:500]}") from None


def _snapshot_database(folder: Path) -> str:
    if _engine() == "sqlite":
        target, live = folder / SQLITE_COPY, Path(settings.DATABASES["default"]["NAME"])
        if not live.is_file():
            raise BackupError(f"数据库文件 {live} 不存在。")
        source = sqlite3.connect(live, timeout=60)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # pages=-1: the whole database in one consistent step
        finally:
            copy.close()
            source.close()
        return SQLITE_COPY
    env, name = _pg_env()
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / POSTGRES_COPY), name],
        env,
    )
    return POSTGRES_COPY


def backup(target: Path) -> BackupSummary:
    """Write a backup into `target`, which must be absent or empty."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录 {target} 不是空目录。")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    started = dt.datetime.now(dt.UTC)
    database = _snapshot_database(target)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        for source in sorted(media_root.rglob("*")):
            if source.is_file() and not source.is_symlink() and not _is_secret(source):
                copy = target / MEDIA / source.relative_to(media_root)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy)
    files = {}
    for path in sorted(target.rglob("*")):
        if path.is_file():
            files[path.relative_to(target).as_posix()] = {
                "sha256": _sha256(path),
                "bytes": path.stat().st_size,
            }
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(timespec="seconds"),
        "engine": _engine(),
        "database": database,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return BackupSummary(target, len(files), sum(f["bytes"] for f in files.values()))


def verify(folder: Path) -> dict:
    """The backup's manifest, once every file in it matches its checksum."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} 中没有 {MANIFEST}，不是 sifasuo 备份。") from None
    except ValueError:
        raise BackupError(f"{folder / MANIFEST} 已损坏。") from None
    if manifest.get("format") != FORMAT or manifest.get("database") not in manifest.get(
        "files", {}
    ):
        raise BackupError(f"{folder / MANIFEST} 格式不符。")
    for name, expected in manifest["files"].items():
        path = folder / name
        if ".." in Path(name).parts or not path.is_file():
            raise BackupError(f"备份缺少文件：{name}")
        if _sha256(path) != expected["sha256"]:
            raise BackupError(f"文件校验失败（SHA-256 不符）：{name}")
    return manifest


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists():
        return True
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return not db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]


def _postgres_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return not cursor.fetchone()[0]


def restore(source: Path) -> dict:
    """Restore a verified backup into this installation's empty database and media folder."""
    manifest = verify(source)
    if manifest["engine"] != _engine():
        raise BackupError(
            f"备份来自 {manifest['engine']} 数据库，当前配置的是 {_engine()}，不能直接恢复。"
        )
    media_root = Path(settings.MEDIA_ROOT)
    target = Path(settings.DATABASES["default"]["NAME"])
    if manifest["engine"] == "sqlite" and not _sqlite_is_empty(target):
        raise BackupError(f"数据库 {target} 已有数据：只能恢复到空的数据库中。")
    if manifest["engine"] == "postgresql" and not _postgres_is_empty():
        raise BackupError("数据库已有数据表：只能恢复到空的数据库中。")
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"上传文件目录 {media_root} 不是空的：只能恢复到空的安装中。")
    if manifest["engine"] == "sqlite":
        connection.close()
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / manifest["database"], target)
    else:
        connection.close()
        env, name = _pg_env()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                name,
                str(source / manifest["database"]),
            ],
            env,
        )
    for name in manifest["files"]:
        if name.startswith(f"{MEDIA}/"):
            copy = media_root / name.removeprefix(f"{MEDIA}/")
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, copy)
    return manifest
