"""The finder's map view: which kommuner hold courses that match the current search, and how many.

Drawn on our own boundary data (`structure.maps`, no tile server). A course held in several kommuner
counts once in each; courses without a place (digital only) cannot be placed and are counted apart,
so the map and its table add up to the same search as the list.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mestring.registry import selectors
from mestring.registry.models import CourseOffer
from mestring.structure import maps

# Fixed order, so the legend reads from few to many (category_map would sort the labels as text).
BANDS = ((1, 2, _("1–2 kurs i kommunen")), (3, 9, _("3–9 kurs i kommunen")), (10, None, _("10 eller flere kurs i kommunen")))
BAND_COLOURS = ("#56B4E9", "#0072B2", "#000000")


@dataclass(frozen=True)
class KommuneCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class ResultMap:
    base: maps.BaseMap
    areas: list[maps.MapArea]
    legend: list[maps.LegendEntry]
    rows: list[KommuneCount]
    total: int
    without_place: int


def band_of(count: int) -> int:
    return next(i for i, (low, high, _label) in enumerate(BANDS) if count >= low and (high is None or count <= high))


def counts_by_kommune(query: selectors.OfferQuery) -> tuple[list[KommuneCount], int, int]:
    """Matching courses per kommune (by title of the kommune), all matches, and those with no place."""
    matching = CourseOffer.objects.filter(pk__in=selectors.offers_matching(query).values("pk"))
    rows = (matching.filter(locations__kommune__isnull=False)
            .values("locations__kommune__code", "locations__kommune__name_nb")
            .annotate(n=Count("pk", distinct=True)).order_by("locations__kommune__name_nb"))
    counts = [KommuneCount(r["locations__kommune__code"], r["locations__kommune__name_nb"], r["n"]) for r in rows]
    total = matching.count()
    without_place = matching.filter(locations__isnull=True).count()
    return counts, total, without_place


def result_map(query: selectors.OfferQuery) -> ResultMap:
    rows, total, without_place = counts_by_kommune(query)
    band = {row.code: band_of(row.count) for row in rows}
    count = {row.code: row.count for row in rows}
    base = maps.base_map("kommuner")
    areas = [maps.MapArea(s.code, s.name, s.path,
                          BAND_COLOURS[band[s.code]] if s.code in band else maps.NO_DATA_COLOUR,
                          str(_("%(n)s kurs") % {"n": count[s.code]}) if s.code in band else "")
             for s in base.shapes]
    legend = [maps.LegendEntry(str(label), BAND_COLOURS[i], sum(1 for b in band.values() if b == i))
              for i, (_low, _high, label) in enumerate(BANDS)]
    return ResultMap(base, areas, legend, rows, total, without_place)
