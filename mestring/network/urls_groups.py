"""URLs for groups and networks (/nettverk/grupper/, /arbeid/nettverk/grupper/) and the contact directory."""
from django.urls import path

from mestring.network import views_groups as views

urlpatterns = [
    path("nettverk/grupper/", views.group_list, name="groups"),
    path("nettverk/grupper/<slug:slug>/", views.group_detail, name="group"),
    path("nettverk/grupper/<slug:slug>/moter/ny/", views.meeting_form, name="meeting_new"),
    path("nettverk/grupper/<slug:slug>/moter/<int:pk>/", views.meeting_detail, name="meeting"),
    path("nettverk/grupper/<slug:slug>/moter/<int:pk>/endre/", views.meeting_form, name="meeting_edit"),
    path("nettverk/grupper/<slug:slug>/moter/<int:pk>/vedlegg/", views.attachment_upload, name="attachment_upload"),
    path("nettverk/grupper/<slug:slug>/vedlegg/<int:pk>/", views.attachment_download, name="attachment"),
    path("nettverk/grupper/<slug:slug>/vedlegg/<int:pk>/slett/", views.attachment_delete, name="attachment_delete"),
    path("nettverk/grupper/<slug:slug>/vedlegg/<int:pk>/synlighet/", views.attachment_visibility,
         name="attachment_visibility"),
    path("arbeid/nettverk/grupper/", views.staff_groups, name="staff_groups"),
    path("arbeid/nettverk/grupper/ny/", views.staff_group_form, name="staff_group_new"),
    path("arbeid/nettverk/grupper/<slug:slug>/endre/", views.staff_group_form, name="staff_group_edit"),
    path("arbeid/nettverk/grupper/<slug:slug>/medlemmer/", views.staff_group_members, name="staff_group_members"),
    path("arbeid/nettverk/grupper/<slug:slug>/medlemmer/<int:pk>/", views.staff_membership_form,
         name="staff_membership"),
    path("arbeid/nettverk/grupper/<slug:slug>/medlemmer/<int:pk>/slett/", views.staff_membership_delete,
         name="staff_membership_delete"),
    path("nettverk/kontakter/", views.directory_public, name="directory"),
    path("arbeid/nettverk/kontakter/", views.directory_staff, name="directory_staff"),
    path("arbeid/nettverk/kontakter/kontaktkatalog.csv", views.directory_export, {"fmt": "csv"},
         name="directory_export_csv"),
    path("arbeid/nettverk/kontakter/kontaktkatalog.xlsx", views.directory_export, {"fmt": "xlsx"},
         name="directory_export_xlsx"),
    path("arbeid/nettverk/kontakter/ny/", views.directory_entry_form, name="directory_entry_new"),
    path("arbeid/nettverk/kontakter/<int:pk>/endre/", views.directory_entry_form, name="directory_entry_edit"),
    path("arbeid/nettverk/kontakter/<int:pk>/slett/", views.directory_entry_delete, name="directory_entry_delete"),
]
