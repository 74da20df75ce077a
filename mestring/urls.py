"""Top-level URLs: public pages at the root, staff pages under /arbeid/."""
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "mestring – administrasjon"
admin.site.site_title = "mestring"

urlpatterns = [
    path("", include("mestring.core.urls")),
    path("enheter/", include("mestring.structure.urls")),
    path("arbeid/avtaler/", include("mestring.agreements.urls")),
    path("kurs/", include("mestring.finder.urls")),
    path("", include("mestring.registry.urls")),
    path("", include("mestring.accounts.urls")),
    path("", include("mestring.network.urls")),
    path("", include("mestring.workshops.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mestring.mapping.urls")),
    path("", include("mestring.activity.urls")),
    path("", include("mestring.overview.urls")),
    path("", include("mestring.overview.report_urls")),
    path("arbeid/admin/", admin.site.urls),
]
