from django.urls import path

from mestring.network import views
from mestring.network import views_representatives as reps
from mestring.network import urls_knowledge

app_name = "network"
urlpatterns = [
    path("nettverk/arrangementer/", views.event_list, name="events"),
    path("nettverk/arrangementer/<slug:slug>/", views.event_detail, name="event"),
    path("nettverk/arrangementer/<slug:slug>/kalender.ics", views.event_ics, name="event_ics"),
    path("nettverk/pamelding/<str:token>/", views.registration_detail, name="registration"),
    path("nettverk/pamelding/<str:token>/avmeld/", views.registration_cancel, name="registration_cancel"),
    path("nettverk/pamelding/<str:token>/mine-opplysninger.json", views.registration_data,
         name="registration_data"),
    path("arbeid/nettverk/", views.staff_events, name="staff_events"),
    path("arbeid/nettverk/ny/", views.staff_event_form, name="staff_event_new"),
    path("arbeid/nettverk/<int:pk>/", views.staff_event, name="staff_event"),
    path("arbeid/nettverk/<int:pk>/endre/", views.staff_event_form, name="staff_event_edit"),
    path("arbeid/nettverk/<int:pk>/deltakere.csv", views.staff_export, {"fmt": "csv"}, name="staff_export_csv"),
    path("arbeid/nettverk/<int:pk>/deltakere.xlsx", views.staff_export, {"fmt": "xlsx"}, name="staff_export_xlsx"),
    path("arbeid/nettverk/<int:pk>/navneskilt.pdf", views.staff_badges, name="staff_badges"),
    path("arbeid/nettverk/<int:pk>/innsjekk/", views.staff_check_in, name="staff_check_in"),
    path("arbeid/nettverk/<int:pk>/innsjekk/<int:registration_pk>/", views.staff_check_in_toggle,
         name="staff_check_in_toggle"),
    path("arbeid/nettverk/brukerrepresentanter/", reps.representative_list, name="representatives"),
    path("arbeid/nettverk/brukerrepresentanter/ny/", reps.representative_form, name="representative_new"),
    path("arbeid/nettverk/brukerrepresentanter/<int:pk>/", reps.representative_detail, name="representative"),
    path("arbeid/nettverk/brukerrepresentanter/<int:pk>/endre/", reps.representative_form, name="representative_edit"),
    path("arbeid/nettverk/brukerrepresentanter/<int:pk>/oppdrag/", reps.assignment_add, name="assignment_add"),
    path("arbeid/nettverk/brukerrepresentanter/<int:pk>/opplaering/", reps.training_add, name="training_add"),
    path("arbeid/nettverk/brukerrepresentanter/<int:pk>/invitasjon/", reps.representative_invite,
         name="representative_invite"),
    path("arbeid/nettverk/oppdrag/<int:pk>/godkjenn/", reps.assignment_approve, name="assignment_approve"),
    path("arbeid/nettverk/utbetalinger/", reps.payments, name="payments"),
    path("nettverk/mine-oppdrag/", reps.my_assignments, name="my_assignments"),
    path("nettverk/mine-oppdrag/<int:pk>/bekreft/", reps.my_assignment_confirm, name="my_assignment_confirm"),
    path("nettverk/mine-oppdrag/mine-opplysninger.json", reps.my_data, name="my_data"),
]
from mestring.network.urls_groups import urlpatterns as groups_urlpatterns  # noqa: E402  groups and directory
urlpatterns += groups_urlpatterns
urlpatterns += urls_knowledge.urlpatterns
