"""The public course finder: /kurs/ (search and filters held in the URL) and one page per course."""
from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django_ratelimit.decorators import ratelimit

from mestring.finder import export, result_map, results
from mestring.finder.forms import FinderForm
from mestring.registry import cache, selectors


def page_number(request) -> int:
    value = request.GET.get("side", "1")
    return int(value) if value.isdigit() and len(value) < 6 else 1


def finder_rate(group, request) -> str:
    return getattr(settings, "FINDER_RATE", "120/m")


def too_many_searches(request):
    return render(request, "finder/limited.html", status=429)


@ratelimit(key="ip", rate=finder_rate, block=False)
def finder(request):
    """The list (paged) or, with `visning=kart`, the map of the same search; both keep every filter in the URL.

    Anonymous visitors share one rendering per address, language and day ("next start" changes daily).
    """
    if getattr(request, "limited", False):
        return too_many_searches(request)
    key = ("finder", get_language(), timezone.localdate(), request.get_full_path())
    return cache.public_page(request, key, lambda extra: finder_page(request, extra))


def finder_page(request, extra: dict):
    filters = without(request, "side", "visning")
    form = FinderForm(filters or None)
    valid = not filters or form.is_valid()
    return render(request, "finder/finder.html", {**sections(request, form, valid), **extra})


def sections(request, form: FinderForm, valid: bool) -> dict:
    """The filter form and the results as HTML, each rendered once per data version, language and query.

    Both depend only on the query string (and the day, for "next start"), never on the visitor, so
    the same HTML serves everyone; the page around them (menu, language form with CSRF) is per visitor.
    """
    as_map = request.GET.get("visning") == "kart"
    context = {"form": form, "as_map": as_map, "page": None, "map": None,
               "query_string": request.GET.urlencode(), "filters": without(request, "side", "visning").urlencode(),
               "other_filters": without(request, "side", "visning", "kommune").urlencode(),
               "params_without_page": without(request, "side").urlencode()}
    key = (get_language(), tuple((k, tuple(v)) for k, v in sorted(request.GET.lists())), valid)

    def results_html() -> str:
        if valid:
            query = form.to_query() if form.is_bound else selectors.OfferQuery()
            if as_map:
                context["map"] = result_map.result_map(query)
            else:
                context["page"] = results.page_of(query, page_number(request))
        return render_to_string("finder/_results.html", context)

    context["filters_html"] = cache.remember(("finder_form", *key),
                                             lambda: render_to_string("finder/_filters.html", context), size=len)
    context["results_html"] = cache.remember(("finder_results", timezone.localdate(), *key), results_html, size=len)
    return context


def without(request, *names: str) -> QueryDict:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params


@ratelimit(key="ip", rate="20/m", block=False)
def download(request, kind: str):
    if getattr(request, "limited", False):
        return too_many_searches(request)
    form = FinderForm(request.GET)
    if not form.is_valid():
        return render(request, "finder/finder.html", sections(request, form, False), status=400)
    offers = results.all_for_export(form.to_query())
    writer = export.as_csv if kind == "csv" else export.as_xlsx
    return writer(offers, settings.SITE_URL)


def detail(request, pk: int):
    offer = selectors.offer_detail(pk)
    if offer is None:
        raise Http404("No such course")
    back = QueryDict(request.GET.get("tilbake", "")[:2000]).urlencode()  # re-encoded: only a query string
    return render(request, "finder/detail.html", {"offer": offer, "back": back})
