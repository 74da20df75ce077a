from django.urls import path

from mestring.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("ny/", views.create, name="create"),
    path("uenigheter/", views.disagreements, name="disagreements"),
    path("sok/", views.search, name="search"),
    path("oversikt/", views.overview, name="overview"),
    path("oversikt.<str:fmt>", views.export, name="export"),
    path("sjekkliste/", views.checklist, name="checklist"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/endre/", views.edit, name="edit"),
    path("<int:pk>/last-opp/", views.upload, name="upload"),
    path("<int:pk>/vurder/", views.review, name="review"),
    path("<int:pk>/versjon/<int:version_id>/", views.version, name="version"),
]
