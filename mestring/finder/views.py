"""The public course finder: /kurs/ (search and filters held in the URL) and one page per course."""
from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from mestring.finder import export, results
from mestring.finder.forms import FinderForm
from mestring.registry import selectors


def page_number(request) -> int:
    value = request.GET.get("side", "1")
    return int(value) if value.isdigit() and len(value) < 6 else 1


@ratelimit(key="ip", rate="120/m", block=True)
def finder(request):
    form = FinderForm(request.GET or None)
    page = None
    if not request.GET or form.is_valid():
        query = form.to_query() if request.GET else selectors.OfferQuery()
        page = results.page_of(query, page_number(request))
    context = {"form": form, "page": page, "query_string": request.GET.urlencode(),
               "params_without_page": without_page(request)}
    return render(request, "finder/finder.html", context)


def without_page(request) -> str:
    params = request.GET.copy()
    params.pop("side", None)
    return params.urlencode()


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
