"""Points and distances for "near me": a centre point per kommune from our own boundary data.

There is no centroid table and no postcode register in the project. A kommune's centre is computed
from `structure/data/kommuner_2024.topojson` (Kartverket, CC BY 4.0): the area-weighted centroid of
its largest polygon, moved onto the polygon when the centroid falls outside it (fjords, bays).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from django.apps import apps

EARTH_RADIUS_KM = 6371.0


def topojson_path() -> Path:
    return Path(apps.get_app_config("structure").path) / "data" / "kommuner_2024.topojson"


@lru_cache(maxsize=1)
def kommune_centres() -> dict[str, tuple[float, float]]:
    """{kommunenummer: (latitude, longitude)} for the 2024 kommuner."""
    topo = json.loads(topojson_path().read_text())
    arcs = topo["arcs"]
    centres = {}
    for geometry in topo["objects"]["kommuner"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring_points(polygon[0], arcs) for polygon in polygons]
        lon, lat = inside_point(max(rings, key=lambda r: abs(signed_area(r))))
        centres[geometry["properties"]["code"]] = (round(lat, 5), round(lon, 5))
    return centres


def ring_points(arc_ids: list[int], arcs: list) -> list[tuple[float, float]]:
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
