"""The data folder kept private: the folder 0700, its keys and database 0600, and every file the
server creates afterwards private too (umask 077). Also says when the data key sits where a copy
of the folder would carry it along with the data it protects."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077
# The platform's own entries: keys (and replaced keys), the SQLite database with its WAL and
# shared-memory files, and the uploaded files' folder.
_OWN_ENTRIES = ("secret.key", "data.key", ".data.key", "sifasuo.sqlite3", "media")


def make_private(data_dir: Path) -> Path:
    """Create the data folder if need be and tighten what an older version left readable."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    data_dir.chmod(0o700)
    for entry in data_dir.iterdir():
        # Only what the platform keeps there, in case the folder is shared with other files.
        if entry.is_symlink() or not entry.name.startswith(_OWN_ENTRIES):
            continue
        entry.chmod(0o700 if entry.is_dir() else 0o600)
    return data_dir


def key_inside(key_file: Path, folders: list[Path]) -> Path | None:
    """The folder among `folders` that holds `key_file`, if any."""
    key_file = key_file.resolve()
    for folder in folders:
        if key_file.is_relative_to(folder.resolve()):
            return folder
    return None
