from django.urls import path

from mestring.core import views

app_name = "core"
urlpatterns = [
    path("", views.front, name="front"),
    path("healthz", views.healthz, name="healthz"),
]
