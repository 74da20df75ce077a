from django.contrib import admin

from mestring.structure.models import Catchment, ChangeEvent, ChangeLink, Population, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to", "parent"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "search_text"]
    raw_id_fields = ["parent"]


@admin.register(Catchment)
class CatchmentAdmin(admin.ModelAdmin):
    """The catchment table is approximate, so administrators must be able to correct it here."""

    list_display = ["area", "hf", "basis"]
    list_filter = ["hf"]
    search_fields = ["area__name", "area__code"]
    raw_id_fields = ["area"]


class ChangeLinkInline(admin.TabularInline):
    model = ChangeLink
    raw_id_fields = ["predecessor", "successor"]
    extra = 0


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "description"]
    list_filter = ["kind", "date"]
    search_fields = ["description"]
    inlines = [ChangeLinkInline]


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "population", "basis"]
    list_filter = ["year"]
    search_fields = ["unit__name", "unit__code"]
    raw_id_fields = ["unit"]
