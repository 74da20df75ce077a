"""export_hsds → import_hsds gives the same package back; bad packages write nothing and say why."""
import csv
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from mestring.registry.models import CourseOffer, CourseRun, Location, Service
from mestring.registry.tests.factories import make_offer

pytestmark = pytest.mark.django_db


def files(folder):
    return {p.name: p.read_text() for p in sorted(folder.iterdir())}


@pytest.fixture
def package(tmp_path, unit_a, unit_b):
    make_offer(unit_a, title="Lære å leve med diabetes")
    make_offer(unit_b, title="Kurs for pårørende", diagnoses=("demens",), targets=("parorende",), cost=300)
    call_command("export_hsds", str(tmp_path / "one"))
    return tmp_path / "one"


def test_round_trip_gives_identical_files(package, tmp_path):
    Service.objects.all().delete()
    call_command("import_hsds", str(package))
    assert CourseOffer.objects.count() == 2
    call_command("export_hsds", str(tmp_path / "two"))
    assert files(package) == files(tmp_path / "two")


def test_an_import_leaves_one_audit_entry_saying_who_and_what(package):
    from auditlog.models import LogEntry

    call_command("import_hsds", str(package))
    entry = LogEntry.objects.filter(object_repr=f"import_hsds {package.name}").get()
    assert entry.additional_data["source"] == str(package.resolve()) and entry.additional_data["imported_by"]
    assert entry.changes_dict["services"] == [None, "2"]


def test_reimport_updates_instead_of_duplicating_and_reads_zip(package, tmp_path):
    archive = tmp_path / "pakke.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in package.iterdir():
            zf.write(path, f"pakke/{path.name}")
    call_command("import_hsds", str(archive))
    call_command("import_hsds", str(package))
    assert (Service.objects.count(), CourseOffer.objects.count()) == (2, 2)


def test_reimport_writes_the_changed_values(package):
    """Text, numbers with decimals, dates and places all reach the existing rows."""
    call_command("import_hsds", str(package))

    def change_offer(rows):
        rows[0].update(name="Diabetes – nytt navn", x_hours="7.5", assured_date="2026-01-02")

    def change_run(rows):
        rows[0].update(starts_on="2031-05-06", schedule="onsdager")

    rewrite(package / "services.csv", change_offer)
    rewrite(package / "x_course_runs.csv", change_run)
    rewrite(package / "locations.csv", lambda rows: rows[0].update(latitude="69.6"))
    call_command("import_hsds", str(package))
    offer = CourseOffer.objects.get(title="Diabetes – nytt navn")
    assert (str(offer.hours), offer.last_confirmed.isoformat()) == ("7.5", "2026-01-02")
    assert CourseRun.objects.filter(starts_on="2031-05-06", schedule="onsdager").count() == 1
    assert Location.objects.filter(latitude=Decimal("69.6")).count() == 1
    assert CourseOffer.objects.count() == 2


def rewrite(path, change):
    rows = list(csv.DictReader(path.open()))
    change(rows)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_bad_rows_are_all_reported_with_file_line_and_reason_and_nothing_is_written(package, capsys):
    def break_services(rows):
        rows[0]["x_format"] = "telepati"
        rows[1]["assured_date"] = "i fjor"
    rewrite(package / "services.csv", break_services)
    rewrite(package / "organizations.csv", lambda rows: rows[1].update(x_host_unit_code="9999"))
    Service.objects.all().delete()
    with pytest.raises(CommandError, match="3 feil"):
        call_command("import_hsds", str(package))
    errors = capsys.readouterr().err
    assert "services.csv, linje 2: «x_format»: ukjent verdi «telepati»" in errors
    assert "services.csv, linje 3: «assured_date»" in errors
    assert "services.csv" in errors and "organizations.csv" in errors
    assert not Service.objects.exists()


def test_missing_file_and_missing_path_are_clear_errors(package, tmp_path):
    (package / "services.csv").unlink()
    with pytest.raises(CommandError, match="feil i pakken"):
        call_command("import_hsds", str(package))
    with pytest.raises(CommandError, match="finnes ikke"):
        call_command("import_hsds", str(tmp_path / "nowhere"))
