"""National overview pages: a chart or map, the table behind it and downloads, all from `selectors`.

Public pages show aggregates only; the per-service table is for staff. Filters are a GET form, so
every state has its own URL and the pages work without JavaScript.
"""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mestring.accounts.access import staff_required
from mestring.overview import cache, charts, forms, selectors, tables

FORMATS = ("csv", "xlsx")


def _respond(request, form, template: str, build, slug: str):
    """Validate the filters, build the page (or the download) and render; bad filters give a 400."""
    if not form.is_valid():
        return render(request, template, {"form": form, "invalid": True}, status=400)
    context = build(form)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        response = HttpResponse(tables.WRITERS[fmt](context["tables"]), content_type=tables.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{slug}-{context.get("year", "alle")}.{fmt}"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    # The chart, map and tables are cached as rendered HTML under the data version (see _base.html).
    context.update(form=form, query=query.urlencode(), data_version=cache.version())
    return render(request, template, context)


@require_GET
def index(request):
    form = forms.FilterForm(request.GET)

    def build(form):
        year, filters = form.selected_year, form.filters
        per = selectors.offers_per_10k(year, "kommune", filters)
        return {"year": year, "total": per.total, "participation": selectors.user_participation(year, filters).total,
                "services": selectors.services_by_unit(year, filters), "tables": tables.per_capita(per)}
    return _respond(request, form, "overview/index.html", build, "oversikt")


@require_GET
def services(request):
    def build(form):
        result = selectors.services_by_unit(form.selected_year, form.filters)
        counts = {r.code: r.services for r in result.rows}
        base, areas, legend = charts.choropleth(counts, unit=_("tjenester"), none_label=_("Ingen tjeneste"),
                                                fixed=(1, 2, 3, 5))
        chart = charts.bar_chart([(f.label, f.count, charts.display(f.count)) for f in result.forms])
        return {"year": form.selected_year, "result": result, "tables": tables.services(result), "chart": chart,
                "base": base, "areas": areas, "legend": legend}
    return _respond(request, forms.FilterForm(request.GET), "overview/services.html", build, "tjenester")


@require_GET
def per_capita(request):
    def build(form):
        level = form.option("level")
        result = selectors.offers_per_10k(form.selected_year, level, form.filters)
        context = {"year": form.selected_year, "level": level, "result": result, "tables": tables.per_capita(result)}
        if level == "kommune":
            values = {r.code: r.participants_per_10k or 0 for r in result.rows}
            context["base"], context["areas"], context["legend"] = charts.choropleth(
                values, unit=_("per 10 000"), none_label=_("Ingen deltakere"))
        else:
            context["chart"] = charts.bar_chart([(r.name, r.participants_per_10k,
                                                  charts.display(r.participants_per_10k)) for r in result.rows])
        return context
    return _respond(request, forms.LevelForm(request.GET), "overview/per_capita.html", build, "per-innbygger")


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
    return _respond(request, forms.DimensionForm(request.GET), "overview/dimension.html", build, "fordeling")


@require_GET
def participation(request):
    def build(form):
        level = form.option("level")
        result = selectors.user_participation(form.selected_year, form.filters, level)
        chart = charts.bar_chart([(r.name, r.share, f"{charts.display(r.share)} %" if r.share is not None else "–")
                                  for r in result.rows])
        return {"year": form.selected_year, "result": result, "chart": chart, "tables": tables.participation(result)}
    return _respond(request, forms.ParticipationForm(request.GET), "overview/participation.html", build,
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
    return _respond(request, forms.ChangeForm(request.GET), "overview/change.html", build, "utvikling")


@require_GET
def access(request):
    def build(form):
        group = form.option("group")
        result = selectors.distance_indicators(form.selected_year, form.filters)
        index = [g.code for g in result.groups].index(group)
        values = {r.code: r.km[index] for r in result.rows}
        base, areas, legend = charts.choropleth(values, unit="km", none_label=_("Ikke noe tilbud i landet"),
                                                fixed=(25, 50, 100, 200), zero_is_none=False)
        fmt = request.GET.get("format")
        return {"year": form.selected_year, "result": result, "group": result.groups[index], "base": base, "areas": areas,
                "legend": legend, "tables": tables.distances_all(result) if fmt else tables.distances(result, group)}
    return _respond(request, forms.AccessForm(request.GET), "overview/access.html", build, "likeverdig-tilgang")


@require_GET
@staff_required
def service_details(request):
    def build(form):
        rows = selectors.service_activity(form.selected_year, form.filters)
        return {"year": form.selected_year, "rows": rows, "tables": tables.service_activity(rows)}
    return _respond(request, forms.FilterForm(request.GET), "overview/service_details.html", build, "tjenester-detaljer")
