"""The `mestring` command: help on every command, one-line errors on bad input."""
import os
import subprocess
import sys

import pytest

ENV = {**os.environ, "SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite:///:memory:"}


def mestring(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mestring.cli", *args], env=ENV, capture_output=True, text=True)


@pytest.mark.parametrize(("command", "expected"), [
    ("serve", "gunicorn"), ("load_structure", "Running it again changes nothing"),
    ("load_demo", "demo users"), ("worker", "background task worker"),
])
def test_every_project_command_has_help(command, expected):
    result = mestring(command, "--help")
    assert result.returncode == 0
    assert expected in " ".join(result.stdout.split())


@pytest.mark.parametrize(("args", "message"), [
    (["serve", "--port", "70000"], "--port 70000 is not a valid port"),
    (["load_structure", "--data-dir", "/nowhere"], "/nowhere: no such folder"),
])
def test_bad_input_exits_non_zero_with_one_line(args, message):
    result = mestring(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
