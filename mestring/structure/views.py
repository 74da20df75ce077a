"""Public pages of the national structure: search and one page per unit."""
from django.http import Http404
from django.shortcuts import render

from mestring.core.audit import history_for
from mestring.structure import maps, selectors
from mestring.structure.models import Unit


def search(request):
    query = request.GET.get("q", "")[:100]
    context = {"query": query, "results": selectors.search_units(query) if query else []}
    template = "structure/_results.html" if request.htmx else "structure/search.html"
    return render(request, template, context)


def detail(request, kind: str, code: str, from_year: int | None = None):
    unit = get_unit_version(kind, code, from_year)
    context = {
        "unit": unit,
        "versions": selectors.unit_versions(kind, code),
        "events": selectors.change_events_for(unit),
        "trust": selectors.health_trust_for(unit) if kind in {"kommune", "bydel"} else None,
        "population": selectors.population_series(unit),
        "children": selectors.children_of(unit),
        "catchment": selectors.catchment_areas(unit) if kind == Unit.Kind.HF else [],
        "successors": [] if unit.is_current else selectors.successors(unit),
        "history": history_for(request.user, unit),
    }
    return render(request, "structure/detail.html", context)


def get_unit_version(kind: str, code: str, from_year: int | None) -> Unit:
    """The current version of a code, the latest one, or the one starting in `from_year`."""
    versions = selectors.unit_versions(kind, code)
    if from_year is not None:
        versions = [v for v in versions if v.valid_from and v.valid_from.year == from_year]
    if not versions:
        raise Http404("No such unit")
    current = [v for v in versions if v.is_current]
    return current[0] if current else versions[-1]


def region_map(request):
    """Kommuner coloured by health region, with the same facts as a table."""
    catchments = selectors.catchment_by_kommune()
    base, areas, legend = maps.category_map({c.area.code: c.hf.parent.name for c in catchments})
    trusts: dict = {}
    for c in catchments:
        trusts.setdefault((c.hf.parent, c.hf), []).append(c.area)
    context = {"base": base, "areas": areas, "legend": legend, "trusts": trusts.items()}
    return render(request, "structure/map.html", context)
