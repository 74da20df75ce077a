"""One page of finder results, ordered by title or (for "near me") by distance."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.utils import timezone

from mestring.registry import cache, geo, search, selectors
from mestring.registry.models import CourseOffer

PAGE_SIZE = 20
MAX_EXPORT = 5000


@dataclass
class ResultPage:
    offers: list[CourseOffer]
    total: int
    number: int
    pages: int


def ordered_ids(query: selectors.OfferQuery) -> list[int] | None:
    """For "near me": every matching id by distance to the nearest place (None when not near-me)."""
    if query.place is None:
        return None
    rows = selectors.offers_matching(query).values_list("pk", "locations__latitude", "locations__longitude")
    best: dict[int, float] = {}
    for pk, lat, lon in rows:
        if lat is not None:
            d = geo.distance_km(query.place.point, (float(lat), float(lon)))
            if d <= query.radius_km:
                best[pk] = min(d, best.get(pk, d))
    return sorted(best, key=lambda pk: (best[pk], pk))


def page_of(query: selectors.OfferQuery, number: int, size: int = PAGE_SIZE) -> ResultPage:
    """One page, computed once per registry data version, day (upcoming runs) and query (registry.cache).

    The offers of a cached page are shared between requests: templates only read them.
    """
    key = ("finder_page", timezone.localdate(), query_key(query), number, size)
    return cache.remember(key, lambda: compute_page(query, number, size), size=lambda page: 20_000)


def query_key(query: selectors.OfferQuery) -> tuple:
    values = dataclasses.asdict(query)
    values["text"] = (bool(query.text.strip()), tuple(search.stems(query.text)[:search.MAX_QUERY_WORDS]))
    values["place"] = query.place
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(values.items()))


def compute_page(query: selectors.OfferQuery, number: int, size: int) -> ResultPage:
    ids = ordered_ids(query)
    if ids is None:
        offers = selectors.offers_matching(query)
        total = offers.count()
        pages = max(1, -(-total // size))
        number = min(max(number, 1), pages)
        chosen = list(selectors.with_listing_data(offers.order_by("title", "pk"))[(number - 1) * size:number * size])
    else:
        total = len(ids)
        pages = max(1, -(-total // size))
        number = min(max(number, 1), pages)
        window = ids[(number - 1) * size:number * size]
        by_pk = {o.pk: o for o in selectors.with_listing_data(CourseOffer.objects.filter(pk__in=window))}
        chosen = [by_pk[pk] for pk in window]
        for offer in chosen:
            offer.distance_km = selectors.nearest_distance(offer, query.place.point)
    return ResultPage(chosen, total, number, pages)


def all_for_export(query: selectors.OfferQuery) -> list[CourseOffer]:
    ids = ordered_ids(query)
    if ids is None:
        offers = selectors.offers_matching(query).order_by("title", "pk")
        return list(selectors.with_listing_data(offers)[:MAX_EXPORT])
    by_pk = {o.pk: o for o in selectors.with_listing_data(CourseOffer.objects.filter(pk__in=ids[:MAX_EXPORT]))}
    return [by_pk[pk] for pk in ids[:MAX_EXPORT]]
