"""The public course finder: /kurs/ (search and filters held in the URL) and one page per course."""
from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from mestring.finder import export, result_map, results
from mestring.finder.forms import FinderForm
from mestring.registry import selectors


def page_number(request) -> int:
    value = request.GET.get("side", "1")
    return int(value) if value.isdigit() and len(value) < 6 else 1


@ratelimit(key="ip", rate="120/m", block=True)
def finder(request):
    """The list (paged) or, with `visning=kart`, the map of the same search; both keep every filter in the URL."""
    as_map = request.GET.get("visning") == "kart"
    filters = without(request, "side", "visning")
    form = FinderForm(filters or None)
    page = found_map = None
    if not filters or form.is_valid():
        query = form.to_query() if filters else selectors.OfferQuery()
        if as_map:
            found_map = result_map.result_map(query)
        else:
            page = results.page_of(query, page_number(request))
    context = {"form": form, "page": page, "map": found_map, "as_map": as_map,
               "query_string": request.GET.urlencode(), "filters": filters.urlencode(),
               "other_filters": without(request, "side", "visning", "kommune").urlencode(),
               "params_without_page": without(request, "side").urlencode()}
    return render(request, "finder/finder.html", context)


def without(request, *names: str) -> QueryDict:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params


@ratelimit(key="ip", rate="20/m", block=True)
def download(request, kind: str):
    form = FinderForm(request.GET)
    if not form.is_valid():
        return render(request, "finder/finder.html", {"form": form, "page": None}, status=400)
    offers = results.all_for_export(form.to_query())
    writer = export.as_csv if kind == "csv" else export.as_xlsx
    return writer(offers, settings.SITE_URL)


def detail(request, pk: int):
    offer = selectors.offer_detail(pk)
    if offer is None:
        raise Http404("No such course")
    back = QueryDict(request.GET.get("tilbake", "")[:2000]).urlencode()  # re-encoded: only a query string
    return render(request, "finder/detail.html", {"offer": offer, "back": back})
