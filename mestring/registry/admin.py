"""National admins maintain vocabularies and can correct any registry row here."""
from django.contrib import admin

from mestring.registry import models


@admin.register(models.Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "version"]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "taxonomy", "position"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = models.ServiceMembership
    extra = 0
    raw_id_fields = ["unit"]


class ContactInline(admin.TabularInline):
    model = models.Contact
    extra = 0


class LocationInline(admin.StackedInline):
    model = models.Location
    extra = 0
    raw_id_fields = ["kommune"]


class OpeningHoursInline(admin.TabularInline):
    model = models.OpeningHours
    extra = 0


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "form", "host_unit", "status", "modified"]
    list_filter = ["form", "status", "host_unit__kind"]
    search_fields = ["name", "host_unit__name"]
    raw_id_fields = ["host_unit"]
    inlines = [MembershipInline, ContactInline, LocationInline, OpeningHoursInline]


class RunInline(admin.TabularInline):
    model = models.CourseRun
    extra = 0
    raw_id_fields = ["location"]


@admin.register(models.CourseOffer)
class CourseOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "service", "format", "status", "last_confirmed"]
    list_filter = ["format", "status", "diagnosis_groups", "target_groups"]
    search_fields = ["title", "service__name"]
    raw_id_fields = ["service", "locations"]
    filter_horizontal = ["diagnosis_groups", "target_groups"]
    inlines = [RunInline]
