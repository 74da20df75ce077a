"""`mestring review_agreements PATH --format json` and the worker's time limit."""
from __future__ import annotations

import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from mestring.agreements import evaluation
from mestring.agreements.models import Agreement, DocumentVersion
from mestring.agreements.tasks import extract_with_time_limit
from mestring.core.documents import DocumentError


@pytest.mark.django_db
def test_json_output_has_level_and_evidence_per_file_and_writes_nothing(capsys):
    call_command("review_agreements", str(evaluation.TESTSET / "files"), "--format", "json")
    result = json.loads(capsys.readouterr().out)
    expected = {c.path.name: c.level for c in evaluation.cases()}
    assert {name: r["level"] for name, r in result.items()} == expected
    assert any("i fellesskap utvikle og gjennomføre kurs" in e
               for e in result["d09_fonna_haugesund_delavtale_lms.pdf"]["evidence"])
    assert result["d01_unn_tromso_hovedavtale.pdf"]["evidence"] == []
    assert Agreement.objects.count() == 0 and DocumentVersion.objects.count() == 0


def test_unreadable_files_are_reported_not_skipped(tmp_path, capsys):
    shutil.copy(evaluation.TESTSET / "files" / "d10_telemark_skien_hovedavtale.txt", tmp_path / "ok.txt")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    call_command("review_agreements", str(tmp_path), "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["ok.txt"]["level"] == 3
    assert result["broken.pdf"]["level"] is None and "skadet" in result["broken.pdf"]["error"]


def test_missing_folder_is_a_one_line_error():
    with pytest.raises(CommandError, match="finnes ikke"):
        call_command("review_agreements", "/nonexistent/folder")


def test_extraction_beyond_the_time_limit_is_stopped_with_a_message():
    data = (evaluation.TESTSET / "files" / "d09_fonna_haugesund_delavtale_lms.pdf").read_bytes()
    with pytest.raises(DocumentError, match="tok for lang tid"):
        extract_with_time_limit(data, "treg.pdf", seconds=0)
    assert "brukerrepresentantene" in extract_with_time_limit(data, "rask.pdf").text


@pytest.mark.django_db
def test_agreement_analyst_command_grants_and_removes_the_right(outsider):
    from mestring.agreements.access import can_review
    from mestring.accounts.models import User

    call_command("agreement_analyst", outsider.email)
    assert can_review(User.objects.get(pk=outsider.pk))
    call_command("agreement_analyst", outsider.email, "--remove")
    assert not can_review(User.objects.get(pk=outsider.pk))
    with pytest.raises(CommandError, match="ingen bruker"):
        call_command("agreement_analyst", "nobody@example.org")


@pytest.mark.parametrize("command", ["review_agreements", "agreement_analyst"])
def test_commands_have_help_and_fail_in_one_line(command):
    import os
    import subprocess
    import sys

    env = {**os.environ, "SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite:///:memory:"}
    run = lambda *args: subprocess.run([sys.executable, "-m", "mestring.cli", command, *args], env=env,  # noqa: E731
                                       capture_output=True, text=True)
    assert run("--help").returncode == 0
    if command == "review_agreements":  # needs no database, so bad input can be tried here
        bad = run("/nowhere")
        assert bad.returncode != 0 and bad.stderr.strip() == "CommandError: /nowhere finnes ikke"
