"""Points and distances for "near me" and the overviews' distance indicator: one centre per kommune.

There is no population grid, centroid table or postcode register in the project. A kommune's centre
is population-weighted from what we have:

- `structure/data/kommuner_2024.topojson` (Kartverket, CC BY 4.0): the kommune's polygons. Its
  *polygon centre* is the area-weighted centroid of its largest polygon, moved onto the polygon when
  the centroid falls outside it (fjords, bays).
- `structure/data/geonames_places_no.csv` (© GeoNames, CC BY 4.0): the 624 Norwegian places with at
  least 500 inhabitants. Each is placed in the kommune whose polygon contains it, or whose border is
  within 5 km when the simplified coastline leaves it at sea (7 places, Drøbak the largest).
  GeoNames' admin codes are older than the 2024 kommuner, so they are not used.
- `structure/data/population_kommuner.csv` (SSB, NLOD 2.0): inhabitants, latest year.

The centre is the population-weighted mean of the kommune's places plus, at the polygon centre, the
people not living in one of them (SSB population minus the places' sum, when positive). A kommune
without any place keeps its polygon centre. Latitude and longitude are averaged directly, which is
close enough within one kommune; the mean of a few towns can lie in a fjord between them.
"""
from __future__ import annotations

import csv
import json
import math
from functools import lru_cache
from pathlib import Path

from django.apps import apps

EARTH_RADIUS_KM = 6371.0
Ring = list[tuple[float, float]]        # (lon, lat) points, closed implicitly
Polygon = list[Ring]                    # outer ring, then holes


def data_path(name: str) -> Path:
    return Path(apps.get_app_config("structure").path) / "data" / name


def topojson_path() -> Path:
    return data_path("kommuner_2024.topojson")


@lru_cache(maxsize=1)
def kommune_polygons() -> dict[str, list[Polygon]]:
    """{kommunenummer: polygons} for the 2024 kommuner, each polygon as its outer ring then its holes."""
    topo = json.loads(topojson_path().read_text())
    arcs = topo["arcs"]
    shapes = {}
    for geometry in topo["objects"]["kommuner"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes[geometry["properties"]["code"]] = [[ring_points(ring, arcs) for ring in polygon]
                                                  for polygon in polygons]
    return shapes


@lru_cache(maxsize=1)
def polygon_centres() -> dict[str, tuple[float, float]]:
    """{kommunenummer: (latitude, longitude)}: a point on the kommune's largest polygon."""
    centres = {}
    for code, polygons in kommune_polygons().items():
        lon, lat = inside_point(max((p[0] for p in polygons), key=lambda r: abs(signed_area(r))))
        centres[code] = (round(lat, 5), round(lon, 5))
    return centres


@lru_cache(maxsize=1)
def kommune_centres() -> dict[str, tuple[float, float]]:
    """{kommunenummer: (latitude, longitude)}: the population-weighted centre (see the module text)."""
    from mestring.structure.geonames import read_places

    people = latest_population()
    by_kommune: dict[str, list[tuple[float, float, int]]] = {}
    for place in read_places():
        code = kommune_at(place.latitude, place.longitude) or nearest_kommune(place.latitude, place.longitude)
        if code and place.population > 0:
            by_kommune.setdefault(code, []).append((place.latitude, place.longitude, place.population))
    centres = dict(polygon_centres())
    for code, places in by_kommune.items():
        rest = people.get(code, 0) - sum(n for _lat, _lon, n in places)
        weighted = places + ([(*centres[code], rest)] if rest > 0 else [])
        total = sum(n for _lat, _lon, n in weighted)
        centres[code] = (round(sum(lat * n for lat, _lon, n in weighted) / total, 5),
                         round(sum(lon * n for _lat, lon, n in weighted) / total, 5))
    return centres


def latest_population() -> dict[str, int]:
    """SSB inhabitants per kommune (2024 borders) in the latest year of the bundled file."""
    with data_path("population_kommuner.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    latest = max(int(r["year"]) for r in rows)
    return {r["code"]: int(r["population"]) for r in rows if int(r["year"]) == latest}


@lru_cache(maxsize=1)
def _bounds() -> list[tuple[str, Polygon, tuple[float, float, float, float]]]:
    return [(code, polygon, (min(x for x, _y in polygon[0]), max(x for x, _y in polygon[0]),
                             min(y for _x, y in polygon[0]), max(y for _x, y in polygon[0])))
            for code, polygons in kommune_polygons().items() for polygon in polygons]


def kommune_at(lat: float, lon: float) -> str:
    """The code of the 2024 kommune containing the point; "" when it lies outside every polygon (at sea)."""
    for code, polygon, (x0, x1, y0, y1) in _bounds():
        if x0 <= lon <= x1 and y0 <= lat <= y1 and in_polygon(lon, lat, polygon):
            return code
    return ""


def nearest_kommune(lat: float, lon: float, within_km: float = 5.0) -> str:
    """The kommune whose border passes closest to a point at sea, if within `within_km`; else ""."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57     # km per degree here (flat-earth is enough)
    pad_lat, pad_lon = within_km / ky, within_km / kx
    best, best_km = "", within_km
    for code, polygon, (x0, x1, y0, y1) in _bounds():
        if not (x0 - pad_lon <= lon <= x1 + pad_lon and y0 - pad_lat <= lat <= y1 + pad_lat):
            continue
        points = [((x - lon) * kx, (y - lat) * ky) for x, y in polygon[0]]
        km = min(_to_segment(a, b) for a, b in zip(points, points[1:] + points[:1]))
        if km < best_km:
            best, best_km = code, km
    return best


def _to_segment(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from the origin to the segment a–b (plane coordinates)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, -(a[0] * dx + a[1] * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
    return math.hypot(a[0] + t * dx, a[1] + t * dy)


def in_polygon(x: float, y: float, polygon: Polygon) -> bool:
    """Inside the outer ring and not in a hole (even-odd rule over all rings)."""
    inside = False
    for ring in polygon:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def ring_points(arc_ids: list[int], arcs: list) -> Ring:
    """Stitch a ring from TopoJSON arcs (a negative id means the arc reversed)."""
    points: list[tuple[float, float]] = []
    for arc_id in arc_ids:
        arc = arcs[arc_id] if arc_id >= 0 else list(reversed(arcs[~arc_id]))
        points.extend((p[0], p[1]) for p in (arc if not points else arc[1:]))
    return points


def signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def inside_point(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """The centroid if it lies inside the ring, else the middle of the widest inside chord at its latitude."""
    area = signed_area(ring) or 1e-12
    pairs = list(zip(ring, ring[1:] + ring[:1]))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    crossings = sorted(x0 + (cy - y0) * (x1 - x0) / (y1 - y0) for (x0, y0), (x1, y1) in pairs
                       if (y0 > cy) != (y1 > cy))
    chords = list(zip(crossings[::2], crossings[1::2]))
    if not chords or any(a <= cx <= b for a, b in chords):
        return cx, cy
    a, b = max(chords, key=lambda c: c[1] - c[0])
    return (a + b) / 2, cy


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def bounding_box(centre: tuple[float, float], radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing a circle, so the database can pre-filter."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(math.cos(math.radians(centre[0])), 0.01))
    return centre[0] - dlat, centre[0] + dlat, centre[1] - dlon, centre[1] + dlon
