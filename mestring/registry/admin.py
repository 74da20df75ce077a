"""National admins maintain vocabularies and can correct any registry row here."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mestring.registry import models, services


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


@admin.register(models.ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every write-API key, for revoking one whose owner has left; keys are made by their owners,
    who alone see the secret once, so none can be added or changed here."""

    list_display = ["name", "user", "prefix", "created", "expires", "last_used", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created", "expires", "last_used", "revoked"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Trekk tilbake valgte nøkler"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked__isnull=True):
            services.revoke_token(token=token)
        self.message_user(request, _("Nøklene er trukket tilbake."))
