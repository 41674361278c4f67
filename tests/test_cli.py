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
