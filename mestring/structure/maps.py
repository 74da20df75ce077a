"""Offline maps of Norway from our own boundary data (Kartverket 2024, CC BY 4.0), drawn as SVG.

No tile server and no JavaScript: the server projects and simplifies the TopoJSON once per process
and hands templates one SVG path per municipality or county. Shared arcs are simplified once, so
neighbours keep a common border.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
WIDTH = 1000  # SVG user units across
REFERENCE_LATITUDE = 65.0  # keeps Norway's proportions in a plain equirectangular projection
TOLERANCE = 0.8  # simplification, in SVG units


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str


@dataclass(frozen=True)
class BaseMap:
    width: int
    height: int
    shapes: tuple[Shape, ...]


def project(lon: float, lat: float, box: tuple[float, float, float, float], scale: float) -> tuple[float, float]:
    min_lon, _, _, max_lat = box
    x = (lon - min_lon) * math.cos(math.radians(REFERENCE_LATITUDE))
    return x * scale, (max_lat - lat) * scale


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative; keeps both ends so shared arcs still meet."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = farthest(points, first, last)
        if distance > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep) if kept]


def farthest(points, first: int, last: int) -> tuple[int, float]:
    (x1, y1), (x2, y2) = points[first], points[last]
    length = math.hypot(x2 - x1, y2 - y1)
    best, best_distance = first, -1.0
    for i in range(first + 1, last):
        x, y = points[i]
        if length < 1e-9:  # a closed arc (an island): measure from its start point
            distance = math.hypot(x - x1, y - y1)
        else:
            distance = abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length
        if distance > best_distance:
            best, best_distance = i, distance
    return best, best_distance


def ring_path(ring: list[int], arcs: list[list[tuple[float, float]]], digits: int = 0) -> str:
    """One closed ring as relative SVG commands (short text: the page carries 357 of these)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    rounded = [(round(x, digits) or 0, round(y, digits) or 0) for x, y in points]
    parts, previous = [f"M{rounded[0][0]:g} {rounded[0][1]:g}"], rounded[0]
    for point in rounded[1:]:
        if point != previous:
            parts.append(f"l{round(point[0] - previous[0], digits):g} {round(point[1] - previous[1], digits):g}")
            previous = point
    return "".join(parts) + "z" if len(parts) > 2 else ""


def geometry_path(geometry: dict, arcs: list) -> str:
    """Whole units keep the path short; the smallest islands need a decimal not to vanish."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    for digits in (0, 1, 2):
        path = "".join(ring_path(ring, arcs, digits) for polygon in polygons for ring in polygon)
        if path:
            return path
    return path


@lru_cache(maxsize=4)
def base_map(layer: str = "kommuner") -> BaseMap:
    """The projected, simplified shapes of `kommuner` or `fylker` (2024 borders)."""
    topo = json.loads((DATA_DIR / f"{layer}_2024.topojson").read_text(encoding="utf-8"))
    lons = [lon for arc in topo["arcs"] for lon, _ in arc]
    lats = [lat for arc in topo["arcs"] for _, lat in arc]
    box = (min(lons), min(lats), max(lons), max(lats))  # the file's own bbox is wider than its shapes
    span = (box[2] - box[0]) * math.cos(math.radians(REFERENCE_LATITUDE))
    scale = WIDTH / span
    arcs = [simplify([project(lon, lat, box, scale) for lon, lat in arc], TOLERANCE) for arc in topo["arcs"]]
    shapes = tuple(sorted(
        (Shape(g["properties"]["code"], g["properties"]["name"], geometry_path(g, arcs))
         for g in topo["objects"][layer]["geometries"]), key=lambda s: s.code))
    height = math.ceil((box[3] - box[1]) * scale)
    return BaseMap(WIDTH, height, shapes)


# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
CATEGORY_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
NO_DATA_COLOUR = "#D9D9D9"


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    path: str
    fill: str
    label: str


@dataclass(frozen=True)
class LegendEntry:
    label: str
    fill: str
    count: int


def category_map(categories: dict[str, str], *, layer: str = "kommuner") -> tuple[BaseMap, list[MapArea], list[LegendEntry]]:
    """Colour each area by its category (code → label); areas without one are grey."""
    base = base_map(layer)
    labels = sorted(set(categories.values()))
    colours = {label: CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i, label in enumerate(labels)}
    areas = [MapArea(s.code, s.name, s.path, colours.get(categories.get(s.code), NO_DATA_COLOUR),
                     categories.get(s.code, "")) for s in base.shapes]
    counts = {label: sum(1 for a in areas if a.label == label) for label in labels}
    return base, areas, [LegendEntry(label, colours[label], counts[label]) for label in labels]
