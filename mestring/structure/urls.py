from django.urls import path

from mestring.structure import views

app_name = "structure"
urlpatterns = [
    path("", views.search, name="search"),
    path("kart/", views.region_map, name="map"),
    path("<slug:kind>/<slug:code>/", views.detail, name="detail"),
    path("<slug:kind>/<slug:code>/<int:from_year>/", views.detail, name="version"),
]
