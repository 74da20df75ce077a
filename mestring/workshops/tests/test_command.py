"""mestring workshop_dedupe: JSON groups of a notes file, nothing written, wrong columns refused."""
import json

import pytest
from django.core.management import CommandError, call_command

from mestring.workshops.evaluation import LABELLED_SET
from mestring.workshops.models import Note, Workshop


def run(path) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("workshop_dedupe", str(path), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_prints_auto_merged_and_suggested_row_indices_and_writes_nothing(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("question_number,table,text,is_main\n"
                    "1,1,Felles elektronisk plattform,1\n"
                    "1,2,felles elektronisk plattform.,0\n"
                    "1,2,Felles elektronisk platform,0\n"
                    "2,1,Felles elektronisk plattform,0\n"
                    "1,1,Tilbud til barn,0\n"
                    "1,2,Tilbud til eldre,0\n", encoding="utf-8")
    assert run(path) == {"auto_merged": [[0, 1]], "suggested": [[0, 1, 2]]}
    assert not Note.objects.exists() and not Workshop.objects.exists()


def test_labelled_set_runs_through_the_command(tmp_path):
    rows = LABELLED_SET.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "notes.csv"
    path.write_text("\n".join(["question_number,table,text,is_main"] + [",".join(r.split(",")[:-2]) for r in rows[1:]]),
                    encoding="utf-8")
    result = run(path)
    assert [0, 1, 2] in result["auto_merged"] and any({0, 1, 2, 3, 4} <= set(g) for g in result["suggested"])


@pytest.mark.parametrize("content, message", [
    ("question,table,text,main\n1,1,Hei,0\n", "missing column: question_number, is_main; unknown column: question, main"),
    ("question_number,table,text\n1,1,Hei\n", "missing column: is_main"),
    ("question_number,table,text,is_main\nen,1,Hei,0\n", "line 2: the question number “en” is not a positive whole number"),
    ("", "The file is empty"),
])
def test_bad_files_are_refused_with_the_reason(tmp_path, content, message):
    path = tmp_path / "notes.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.csv")
