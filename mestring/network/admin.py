"""National administrators keep the rate table (and can inspect events) in Django's admin."""
from django.contrib import admin

from mestring.network.models import Event, Rate


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    list_display = ["name", "hourly_amount", "travel_per_km"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "capacity", "is_published"]
    search_fields = ["title"]
