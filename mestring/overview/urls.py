from django.urls import path

from mestring.overview import views

app_name = "overview"

urlpatterns = [
    path("oversikt/", views.index, name="index"),
    path("oversikt/tjenester/", views.services, name="services"),
    path("oversikt/per-innbygger/", views.per_capita, name="per_capita"),
    path("oversikt/fordeling/", views.dimension, name="dimension"),
    path("oversikt/brukermedvirkning/", views.participation, name="participation"),
    path("oversikt/utvikling/", views.change, name="change"),
    path("oversikt/likeverdig-tilgang/", views.access, name="access"),
    path("arbeid/oversikt/tjenester/", views.service_details, name="service_details"),
]
