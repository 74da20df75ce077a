"""URLs of the national report (staff) and the fact sheets (public); included by mestring.urls."""
from django.urls import path

from mestring.overview import report_views as views

app_name = "overview_reports"

urlpatterns = [
    path("arbeid/oversikt/rapporter/", views.report_list, name="list"),
    path("arbeid/oversikt/rapporter/<int:pk>/", views.report_detail, name="detail"),
    path("arbeid/oversikt/rapporter/<int:pk>/rapport.<str:kind>", views.report_download, name="download"),
    path("oversikt/faktaark/", views.factsheet_index, name="factsheets"),
    path("oversikt/faktaark/<str:kind>/<str:code>/<int:year>.pdf", views.factsheet, name="factsheet"),
]
