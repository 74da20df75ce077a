"""The bundled GeoNames copy and the command that rebuilds it from a cities500.json."""
import json

from django.core.management import call_command

from mestring.structure import geonames


def test_bundled_copy_holds_norways_places_of_cities500():
    places = geonames.read_places()
    assert len(places) == 624 and sum(p.population for p in places) == 4_530_084
    oslo = next(p for p in places if p.geonameid == 3143244)
    assert (oslo.name, oslo.latitude, oslo.longitude) == ("Oslo", 59.91273, 10.74609)


def test_command_copies_only_norwegian_places_sorted_by_id(tmp_path):
    cities = {
        "2": {"geonameid": 3133895, "name": "Tromsø", "latitude": 69.6489, "longitude": 18.95508,
              "countrycode": "NO", "population": 41915, "admin1code": "19", "alternatenames": ["Romsa"]},
        "1": {"geonameid": 2673730, "name": "Stockholm", "latitude": 59.33, "longitude": 18.07,
              "countrycode": "SE", "population": 1515017, "admin1code": "26", "alternatenames": []},
        "3": {"geonameid": 777019, "name": "Vardø", "latitude": 70.37048, "longitude": 31.11066,
              "countrycode": "NO", "population": 1875, "admin1code": "20", "alternatenames": []},
    }
    source, output = tmp_path / "cities500.json", tmp_path / "places.csv"
    source.write_text(json.dumps(cities), encoding="utf-8")
    call_command("extract_geonames_places", str(source), output=output, stdout=open(tmp_path / "log", "w"))
    assert output.read_text(encoding="utf-8").splitlines() == [
        "geonameid,name,latitude,longitude,population",
        "777019,Vardø,70.37048,31.11066,1875",
        "3133895,Tromsø,69.6489,18.95508,41915",
    ]
    assert geonames.read_places(output)[1].population == 41915
