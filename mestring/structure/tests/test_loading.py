"""load_structure: idempotent, and a broken file is reported and writes nothing."""
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mestring.structure import reading
from mestring.structure.models import Catchment, ChangeEvent, Population, Unit

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing():
    before = (Unit.objects.count(), ChangeEvent.objects.count(), Population.objects.count())
    out = StringIO()
    call_command("load_structure", stdout=out)
    assert "Done: 0 change(s)." in out.getvalue()
    assert (Unit.objects.count(), ChangeEvent.objects.count(), Population.objects.count()) == before


def test_a_changed_fact_is_updated_not_duplicated(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(reading.DATA_DIR, data, ignore=shutil.ignore_patterns("*.topojson"))
    path = data / "kommuner_2024.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("5501,Tromsø,Tromsø", "5501,Tromsø,Tromsø by"),
                    encoding="utf-8")
    out = StringIO()
    call_command("load_structure", "--data-dir", str(data), stdout=out)
    assert "units: updated 1" in out.getvalue()
    assert Unit.objects.current().get(kind="kommune", code="5501").name_nb == "Tromsø by"


def broken_copy(tmp_path, file: str, old: str, new: str):
    data = tmp_path / "data"
    shutil.copytree(reading.DATA_DIR, data, ignore=shutil.ignore_patterns("*.topojson"))
    path = data / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return data


@pytest.mark.parametrize(("file", "old", "new", "line", "reason"), [
    ("redistricting_to_2024.csv", "0101,Halden,2014,2019,3101,Halden,1.0", "0101,Halden,2014,2019,3101,Halden,1.7",
     2, "weight 1.7 is not between 0 and 1"),
    ("population_kommuner.csv", "0301,2015,647676", "0301,2015,mange", 3, "population 'mange' is not a whole number"),
    ("hf_catchment_2024.csv", "5501,Tromsø,,universitetssykehuset-nord-norge",
     "5501,Tromsø,,sykehuset-paa-manen", None, "hf_code 'sykehuset-paa-manen' is not a known helseforetak"),
    ("kommuner_2024.csv", "0301,Oslo,Oslo,,,03,Oslo", "0301,Oslo", 2, "wrong number of fields"),
])
def test_a_broken_file_is_reported_with_line_and_reason_and_nothing_is_written(tmp_path, file, old, new, line, reason):
    data = broken_copy(tmp_path, file, old, new)
    Unit.objects.filter(kind="kommune", code="5501").update(name_nb="Uendret")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_structure", "--data-dir", str(data), stderr=err)
    message = err.getvalue()
    assert reason in message and file in message
    if line:
        assert f"{file}:{line}:" in message
    assert Unit.objects.current().get(kind="kommune", code="5501").name_nb == "Uendret"


def test_a_missing_column_is_reported(tmp_path):
    data = broken_copy(tmp_path, "fylker_2024.csv", "code,name,name_nb", "kode,name,name_nb")
    with pytest.raises(CommandError):
        call_command("load_structure", "--data-dir", str(data), stderr=StringIO())
    with pytest.raises(reading.StructureDataError) as info:
        reading.read_all(data)
    assert ("fylker_2024.csv", 1, "missing column(s): code") in info.value.problems


def test_catchment_edits_by_administrators_survive_a_reload():
    catchment = Catchment.objects.get(area__kind="kommune", area__code="5501")
    catchment.hf = Unit.objects.get(kind="hf", code="nordlandssykehuset")
    catchment.save()
    call_command("load_structure", stdout=StringIO())
    catchment.refresh_from_db()
    assert catchment.hf.code == "nordlandssykehuset"


def test_change_events_are_dated_and_linked():
    event = ChangeEvent.objects.filter(links__predecessor__code="1850", kind="boundary").distinct().get()
    assert event.date.year == 2020
    assert {l.successor.code for l in event.links.all()} >= {"1806", "1875"}
