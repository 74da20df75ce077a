"""National overview pages: a chart or map, the table behind it and downloads, all from `selectors`.

Public pages show aggregates only; the per-service table is for staff. Filters are a GET form, so
every state has its own URL and the pages work without JavaScript.
"""
from __future__ import annotations

from django.core.cache import cache as djcache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mestring.accounts.access import staff_required
from mestring.core import shared_pages
from mestring.overview import cache, charts, forms, selectors, tables

FORMATS = ("csv", "xlsx")


def _respond(request, form_class, template: str, build, slug: str):
    """Validate the filters, build the page (or the download) and render; bad filters give a 400.

    Pages go through `cache.serve`: while the worker rebuilds the figures after a change, a page shows
    the previous ones and says so. Downloads are always built from the current data."""
    fmt = request.GET.get("format", "")
    shared = fmt not in FORMATS and shared_pages.shareable(request)
    if shared and (body := djcache.get(cache.page_key(request, cache.page_version()))):
        return shared_pages.for_visitor(request, body)

    def page():
        form = form_class(request.GET)
        return form, (build(form) if form.is_valid() else None)
    if fmt in FORMATS:
        (form, context), served = page(), None
    else:
        (form, context), served = cache.serve(page)
    if context is None:
        return render(request, template, {"form": form, "invalid": True}, status=400)
    if served is None:
        response = HttpResponse(tables.WRITERS[fmt](context["tables"]), content_type=tables.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{slug}-{context.get("year", "alle")}.{fmt}"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    # The chart, map and tables are cached as rendered HTML under the data version (see _base.html).
    context.update(form=form, query=query.urlencode(), data_version=served.version, served=served)
    if not shared:
        return render(request, template, context)
    # Everyone not signed in sees the same page: kept whole, for every server process, per version.
    response, body = shared_pages.render_shared(lambda extra: render(request, template, {**context, **extra}))
    if body is not None:
        djcache.set(cache.page_key(request, cache.served_version(served)), body, timeout=cache.TIMEOUT)
    return shared_pages.for_visitor(request, response.content, response)


@require_GET
def index(request):
    def build(form):
        year, filters = form.selected_year, form.filters
        per = selectors.offers_per_10k(year, "kommune", filters)
        services = selectors.services_by_unit(year, filters)
        return {"year": year, "total": per.total, "participation": selectors.user_participation(year, filters).total,
                "basis": selectors.report_basis(year),
                "service_count": sum(f.count for f in services.forms), "tables": tables.per_capita(per)}
    return _respond(request, forms.FilterForm, "overview/index.html", build, "oversikt")


@require_GET
def services(request):
    def build(form):
        result = selectors.services_by_unit(form.selected_year, form.filters)
        counts = {r.code: r.services for r in result.rows}
        drawn = charts.Choropleth(counts, unit=_("tjenester"), none_label=_("Ingen tjeneste"), fixed=(1, 2, 3, 5))
        chart = charts.bar_chart([(f.label, f.count, charts.display(f.count)) for f in result.forms])
        return {"year": form.selected_year, "result": result, "tables": tables.services(result), "chart": chart,
                "map": drawn}
    return _respond(request, forms.FilterForm, "overview/services.html", build, "tjenester")


@require_GET
def per_capita(request):
    def build(form):
        level = form.option("level")
        result = selectors.offers_per_10k(form.selected_year, level, form.filters)
        context = {"year": form.selected_year, "level": level, "result": result, "tables": tables.per_capita(result)}
        if level == "kommune":
            values = {r.code: r.participants_per_10k or 0 for r in result.rows}
            context["map"] = charts.Choropleth(values, unit=_("per 10 000"), none_label=_("Ingen deltakere"))
        else:
            context["chart"] = charts.bar_chart([(r.name, r.participants_per_10k,
                                                  charts.display(r.participants_per_10k)) for r in result.rows])
        return context
    return _respond(request, forms.LevelForm, "overview/per_capita.html", build, "per-innbygger")


@require_GET
def dimension(request):
    def build(form):
        name = form.option("dimension")
        result = selectors.by_dimension(form.selected_year, name, form.filters)
        title = str(dict(forms.DIMENSION_CHOICES)[name])
        chart = charts.bar_chart([(r.label, r.runs, f"{charts.display(r.runs)} ({charts.display(r.share_of_runs)} %)")
                                  for r in result.rows])
        return {"year": form.selected_year, "dimension": name, "title": title, "result": result, "chart": chart,
                "tables": tables.dimension(result, title)}
    return _respond(request, forms.DimensionForm, "overview/dimension.html", build, "fordeling")


@require_GET
def participation(request):
    def build(form):
        level = form.option("level")
        result = selectors.user_participation(form.selected_year, form.filters, level)
        chart = charts.bar_chart([(r.name, r.share, f"{charts.display(r.share)} %" if r.share is not None else "–")
                                  for r in result.rows])
        return {"year": form.selected_year, "result": result, "chart": chart, "tables": tables.participation(result)}
    return _respond(request, forms.ParticipationForm, "overview/participation.html", build,
                    "brukermedvirkning")


@require_GET
def change(request):
    def build(form):
        years = sorted(forms.year_choices())[-5:]
        result = selectors.change_over_years(years, form.filters)
        chart = charts.bar_chart([(str(r.year), r.participants_per_10k, charts.display(r.participants_per_10k))
                                  for r in result.rows])
        return {"result": result, "chart": chart, "tables": tables.change(result),
                "year": f"{years[0]}-{years[-1]}"}
    return _respond(request, forms.ChangeForm, "overview/change.html", build, "utvikling")


@require_GET
def access(request):
    def build(form):
        group = form.option("group")
        result = selectors.distance_indicators(form.selected_year, form.filters)
        index = [g.code for g in result.groups].index(group)
        values = {r.code: r.km[index] for r in result.rows}
        drawn = charts.Choropleth(values, unit="km", none_label=_("Ikke noe tilbud i landet"),
                                  fixed=(25, 50, 100, 200), zero_is_none=False)
        fmt = request.GET.get("format")
        return {"year": form.selected_year, "result": result, "group": result.groups[index], "map": drawn,
                "tables": tables.distances_all(result) if fmt else tables.distances(result, group)}
    return _respond(request, forms.AccessForm, "overview/access.html", build, "likeverdig-tilgang")


@require_GET
@staff_required
def service_details(request):
    def build(form):
        rows = selectors.service_activity(form.selected_year, form.filters)
        return {"year": form.selected_year, "rows": rows, "tables": tables.service_activity(rows)}
    return _respond(request, forms.FilterForm, "overview/service_details.html", build, "tjenester-detaljer")
