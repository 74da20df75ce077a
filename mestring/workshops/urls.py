from django.urls import path, re_path

from mestring.workshops import views

app_name = "workshops"
urlpatterns = [
    path("arbeid/verksted/", views.workshop_list, name="list"),
    path("arbeid/verksted/ny/", views.workshop_create, name="create"),
    path("arbeid/verksted/<int:pk>/", views.workshop_detail, name="detail"),
    path("arbeid/verksted/<int:pk>/status/", views.workshop_status, name="status"),
    path("arbeid/verksted/<int:pk>/sporsmal/", views.question_add, name="question_add"),
    path("arbeid/verksted/<int:pk>/runder/", views.round_add, name="round_add"),
    path("arbeid/verksted/<int:pk>/galleri/", views.gallery, name="gallery"),
    path("arbeid/verksted/<int:pk>/plakater/", views.posters, name="posters"),
    path("arbeid/verksted/<int:pk>/import/", views.import_notes, name="import"),
    path("arbeid/verksted/<int:pk>/oppsummering/", views.summary, name="summary"),
    re_path(r"^arbeid/verksted/(?P<pk>[0-9]+)/last-ned\.(?P<fmt>docx|pdf|csv|xlsx|qdpx)$", views.download, name="download"),
    path("arbeid/verksted/sporsmal/<int:pk>/bord/", views.table_add, name="table_add"),
    path("arbeid/verksted/sporsmal/<int:pk>/duplikater/", views.duplicates, name="duplicates"),
    path("arbeid/verksted/sporsmal/<int:pk>/duplikater/automatisk/", views.auto_merge, name="auto_merge"),
    path("arbeid/verksted/sporsmal/<int:pk>/duplikater/slaa-sammen/", views.merge, name="merge"),
    path("arbeid/verksted/sporsmal/<int:pk>/kategorier/", views.categorise, name="categorise"),
    path("arbeid/verksted/sporsmal/<int:pk>/overskrifter/", views.heading_add, name="heading_add"),
    path("arbeid/verksted/sporsmal/<int:pk>/forslag/forkast/", views.proposal_discard, name="proposal_discard"),
    path("arbeid/verksted/gruppe/<int:pk>/angre/", views.unmerge, name="unmerge"),
    path("arbeid/verksted/overskrift/<int:pk>/endre/", views.heading_rename, name="heading_rename"),
    path("arbeid/verksted/overskrift/<int:pk>/fjern/", views.heading_delete, name="heading_delete"),
    path("arbeid/verksted/bord/<int:pk>/vert/", views.table_host, name="table_host"),
    path("arbeid/verksted/notat/<int:pk>/hovedutsagn/", views.note_main, name="note_main"),
    path("arbeid/verksted/notat/<int:pk>/flytt/", views.note_move, name="note_move"),
    path("verksted/<str:token>/", views.note_page, name="note_page"),
    path("verksted/<str:token>/plakat/", views.poster, name="poster"),
    path("verksted/<str:token>/hovedutsagn/<int:note_pk>/", views.note_page_main, name="note_page_main"),
]
