"""Start-up refuses bad settings with one clear line."""
import os
import subprocess
import sys

import pytest

GOOD = {"SECRET_KEY": "x" * 40, "DEBUG": "false", "DATABASE_URL": "sqlite:///:memory:"}


def run_check(*command: str, **overrides) -> subprocess.CompletedProcess:
    """`mestring check` (or the given command) with good settings changed by `overrides`."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "DEBUG", "EMAIL_URL"}}
    env.update(GOOD)
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run([sys.executable, "-m", "mestring.cli", *(command or ["check"])], env=env,
                          capture_output=True, text=True)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"DATABASE_URL": "mysq://nobody"}, "DATABASE_URL: unsupported or malformed URL"),
    ({"DATABASE_URL": "postgresql://"}, "DATABASE_URL"),
    ({"SECRET_KEY": None}, "SECRET_KEY: is not set"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY: must be at least 32 characters"),
    ({"DEBUG": "maybe"}, "DEBUG: expected true or false"),
    ({"EMAIL_URL": "pigeon://loft"}, "EMAIL_URL: unsupported"),
    ({"SITE_URL": "mestring.no"}, "SITE_URL: expected an absolute http(s) URL"),
    ({"REGISTRY_CONFIRM_AFTER_DAYS": "half a year"}, "REGISTRY_CONFIRM_AFTER_DAYS: expected a whole number"),
    ({"REGISTRY_CONFIRM_AFTER_DAYS": "0"}, "REGISTRY_CONFIRM_AFTER_DAYS: expected a whole number"),
])
def test_bad_setting_stops_start_up_with_one_line(overrides, message):
    result = run_check(**overrides)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_good_settings_pass_the_system_check():
    result = run_check()
    assert result.returncode == 0, result.stderr


def test_debug_mode_runs_without_a_secret():
    assert run_check(SECRET_KEY=None, DEBUG="true").returncode == 0


def test_reminder_age_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.REGISTRY_CONFIRM_AFTER_DAYS)"
    result = run_check("shell", "--no-imports", "-c", code, REGISTRY_CONFIRM_AFTER_DAYS="90")
    assert result.stdout.strip() == "90", result.stderr
