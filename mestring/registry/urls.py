"""Registry URLs: coordinator pages under /arbeid/registry/ (namespace `registry`) and the HSDS API under /api/."""
from django.urls import include, path

from mestring.registry import views
from mestring.registry.api import api

coordinator_patterns = [
    path("", views.overview, name="overview"),
    path("kurs/<int:pk>/", views.edit_offer, name="edit_offer"),
    path("kurs/<int:pk>/bekreft/", views.confirm_offer, name="confirm_offer"),
]
urlpatterns = [
    path("arbeid/registry/", include((coordinator_patterns, "registry"))),
    path("api/", api.urls),
]
