from django.urls import path

from mestring.activity import views

app_name = "activity"

urlpatterns = [
    path("arbeid/aktivitet/", views.overview, name="overview"),
    path("arbeid/aktivitet/<int:service_pk>/<int:year>/", views.report_form, name="report"),
    path("arbeid/aktivitet/ar/<int:year>/status/", views.year_status, name="year_status"),
]
