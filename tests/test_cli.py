"""The `sifasuo` command's argument handling: user errors are one line and exit 2."""

import subprocess
import sys
from pathlib import Path

import pytest

from sifasuo import cli

SIFASUO = str(Path(sys.executable).with_name("sifasuo"))


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["demo", "--port", "abc"], ["audit"], ["audit", "wipe"], ["serve", "-x"]],
)
def test_wrong_arguments_exit_2_with_one_line(argv, capsys):
    with pytest.raises(SystemExit) as excinfo:
        cli.main(argv)
    assert excinfo.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("sifasuo")
    assert "Traceback" not in err


def test_bad_setting_is_one_line_exit_2(tmp_path):
    result = subprocess.run(
        [SIFASUO, "audit", "verify"],
        env={
            "PATH": "/usr/bin:/bin",
            "SIFASUO_DATA_DIR": str(tmp_path),
            "SIFASUO_LOGIN_MAX_FAILURES": "many",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "SIFASUO_LOGIN_MAX_FAILURES" in result.stderr
    assert "Traceback" not in result.stderr


def test_worker_batch_mode_exits_on_an_empty_queue(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "SIFASUO_DATA_DIR": str(tmp_path)}
    subprocess.run([SIFASUO, "manage", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    result = subprocess.run(
        [SIFASUO, "worker", "--batch"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def _env(data_dir, **extra):
    """The environment of a `sifasuo` run on this checkout's code."""
    return {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(Path(cli.__file__).parents[1]),
        "SIFASUO_DATA_DIR": str(data_dir),
        **extra,
    }


def test_data_folder_keys_and_database_are_private(tmp_path):
    import stat

    # An older installation's folder and database, readable by everyone.
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    (data_dir / "sifasuo.sqlite3").write_text("")
    (data_dir / "sifasuo.sqlite3").chmod(0o644)
    # Any command tightens it; the keys it creates are private from the start.
    subprocess.run(
        [SIFASUO, "manage", "migrate", "-v", "0"], env=_env(data_dir), check=True, timeout=300
    )
    result = subprocess.run(
        [SIFASUO, "manage", "shell", "-c", "from sifasuo.core.sealed import seal; seal('x')"],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    modes = {entry.name: stat.S_IMODE(entry.stat().st_mode) for entry in data_dir.iterdir()}
    assert {"secret.key", "data.key", "sifasuo.sqlite3"} <= set(modes)
    assert {name: mode for name, mode in modes.items() if mode != 0o600} == {}


def test_serve_warns_when_the_data_key_sits_in_the_data_folder(settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path / "data"
    settings.SIFASUO_DATA_KEY = ""
    settings.SIFASUO_DATA_KEY_FILE = tmp_path / "data" / "data.key"
    cli._warn_if_key_is_backed_up()
    err = capsys.readouterr().err
    assert "数据密钥" in err and "位于数据目录" in err and "SIFASUO_DATA_KEY_FILE" in err

    settings.SIFASUO_DATA_KEY_FILE = tmp_path / "keys" / "data.key"
    cli._warn_if_key_is_backed_up()
    settings.SIFASUO_DATA_KEY_FILE = tmp_path / "data" / "data.key"
    settings.SIFASUO_DATA_KEY = "ab" * 32
    cli._warn_if_key_is_backed_up()
    assert capsys.readouterr().err == ""
