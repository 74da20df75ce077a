"""Registry URLs: coordinator pages under /arbeid/registry/ (namespace `registry`) and the HSDS API under /api/."""
from django.urls import include, path

from mestring.registry import views
from mestring.registry.api import api

coordinator_patterns = [
    path("", views.overview, name="overview"),
    path("tjeneste/<int:pk>/", views.service_page, name="service"),
    path("tjeneste/<int:pk>/ny/<slug:kind>/", views.new_part, name="new_part"),
    path("tjeneste/<slug:kind>/<int:pk>/", views.edit_part, name="edit_part"),
    path("tjeneste/<slug:kind>/<int:pk>/slett/", views.delete_part, name="delete_part"),
    path("tjeneste/<int:pk>/nytt-kurs/", views.new_offer, name="new_offer"),
    path("kurs/<int:pk>/", views.edit_offer, name="edit_offer"),
    path("kurs/<int:pk>/bekreft/", views.confirm_offer, name="confirm_offer"),
    path("kurs/<int:pk>/dupliser/", views.duplicate_offer, name="duplicate_offer"),
    path("kurs/<int:pk>/slett/", views.delete_offer, name="delete_offer"),
    path("kurs/<int:pk>/ny-kursstart/", views.new_run, name="new_run"),
    path("kursstart/<int:pk>/", views.edit_run, name="edit_run"),
    path("kursstart/<int:pk>/avlys/", views.cancel_run, name="cancel_run"),
    path("nokler/", views.tokens, name="tokens"),
    path("nokler/<int:pk>/trekk-tilbake/", views.revoke_token, name="revoke_token"),
]
urlpatterns = [
    path("arbeid/registry/", include((coordinator_patterns, "registry"))),
    path("api/", api.urls),
]
