"""Registry URLs: coordinator pages under /arbeid/registry/ and the HSDS API under /api/."""
from django.urls import path

from mestring.registry import views
from mestring.registry.api import api

app_name = "registry"
urlpatterns = [
    path("arbeid/registry/", views.overview, name="overview"),
    path("arbeid/registry/kurs/<int:pk>/", views.edit_offer, name="edit_offer"),
    path("arbeid/registry/kurs/<int:pk>/bekreft/", views.confirm_offer, name="confirm_offer"),
    path("api/", api.urls),
]
