from django.urls import path

from mestring.finder import views

app_name = "finder"
urlpatterns = [
    path("", views.finder, name="finder"),
    path("kurs.csv", views.download, {"kind": "csv"}, name="download_csv"),
    path("kurs.xlsx", views.download, {"kind": "xlsx"}, name="download_xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
]
