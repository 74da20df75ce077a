"""Addresses of the knowledge base (and a person's own-data page), included in the network app's urls with one line."""
from django.urls import path

from mestring.network import views_knowledge as kb
from mestring.network import views_privacy

urlpatterns = [
    path("nettverk/kunnskap/", kb.knowledge_search, name="knowledge"),
    path("nettverk/kunnskap/dokumenter/<int:pk>/", kb.document_detail, name="document"),
    path("nettverk/kunnskap/dokumenter/<int:pk>/fil/", kb.document_file, name="document_file"),
    path("nettverk/kunnskap/praksis/<int:pk>/", kb.practice_detail, name="practice"),
    path("nettverk/prosjekter/", kb.project_list, name="projects"),
    path("nettverk/prosjekter/<int:pk>/", kb.project_detail, name="project"),
    path("nettverk/mine-opplysninger/", views_privacy.my_data_page, name="my_personal_data"),
    path("nettverk/mine-opplysninger.json", views_privacy.my_data_json, name="my_personal_data_json"),
    path("arbeid/nettverk/kunnskap/dokumenter/ny/", kb.document_form, name="document_new"),
    path("arbeid/nettverk/kunnskap/dokumenter/<int:pk>/endre/", kb.document_form, name="document_edit"),
    path("arbeid/nettverk/kunnskap/dokumenter/<int:pk>/slett/", kb.document_delete, name="document_delete"),
    path("arbeid/nettverk/kunnskap/praksis/ny/", kb.practice_form, name="practice_new"),
    path("arbeid/nettverk/kunnskap/praksis/<int:pk>/endre/", kb.practice_form, name="practice_edit"),
    path("arbeid/nettverk/prosjekter/ny/", kb.project_form, name="project_new"),
    path("arbeid/nettverk/prosjekter/<int:pk>/endre/", kb.project_form, name="project_edit"),
    path("arbeid/nettverk/prosjekter/<int:pk>/kontakter/", kb.project_contact_add, name="project_contact_add"),
]
