from django.urls import path

from mestring.activity import views

app_name = "activity"

urlpatterns = [
    path("arbeid/aktivitet/", views.overview, name="overview"),
    path("arbeid/aktivitet/<int:service_pk>/<int:year>/", views.report_form, name="report"),
    path("arbeid/aktivitet/<int:service_pk>/<int:year>/mal.xlsx", views.template, name="template"),
    path("arbeid/aktivitet/<int:service_pk>/<int:year>/last-opp/", views.upload, name="upload"),
    path("arbeid/aktivitet/ar/<int:year>/", views.year_detail, name="year"),
    path("arbeid/aktivitet/ar/<int:year>/status.csv", views.year_export, {"fmt": "csv"}, name="year_csv"),
    path("arbeid/aktivitet/ar/<int:year>/status.xlsx", views.year_export, {"fmt": "xlsx"}, name="year_xlsx"),
    path("arbeid/aktivitet/ar/<int:year>/paminnelser/", views.send_reminders, name="reminders"),
    path("arbeid/aktivitet/ar/<int:year>/status/", views.year_status, name="year_status"),
]
