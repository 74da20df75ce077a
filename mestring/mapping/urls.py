"""Staff pages under /arbeid/kartlegging/ and the public questionnaire links at /s/<token>/."""
from django.urls import include, path

from mestring.mapping import builder_views, public_views, views

staff = ([
    path("", views.campaign_list, name="campaigns"),
    path("mine-samtaler/", views.my_calls, name="my_calls"),
    path("samtale/<int:pk>/", views.call_target, name="call_target"),
    path("<slug:slug>/", views.campaign_detail, name="campaign"),
    path("<slug:slug>/skjema/importer/", views.questionnaire_import, name="questionnaire_import"),
    path("<slug:slug>/skjema/ny/", builder_views.questionnaire_create, name="questionnaire_create"),
    path("<slug:slug>/skjema/<slug:purpose>/", builder_views.questionnaire_detail, name="questionnaire"),
    path("<slug:slug>/skjema/<slug:purpose>/sporsmal/ny/", builder_views.question_edit, name="question_new"),
    path("<slug:slug>/skjema/<slug:purpose>/sporsmal/<int:pk>/", builder_views.question_edit, name="question"),
    path("<slug:slug>/skjema/<slug:purpose>/sporsmal/<int:pk>/flytt/", builder_views.question_move,
         name="question_move"),
    path("<slug:slug>/skjema/<slug:purpose>/sporsmal/<int:pk>/slett/", builder_views.question_delete,
         name="question_delete"),
    path("<slug:slug>/skjema/<slug:purpose>/forhandsvis/", builder_views.questionnaire_preview,
         name="questionnaire_preview"),
    path("<slug:slug>/skjema/<slug:purpose>/xlsform/", builder_views.questionnaire_xlsform,
         name="questionnaire_xlsform"),
    path("<slug:slug>/mottakere/", views.recipients, name="recipients"),
    path("<slug:slug>/mottakere/fra-registeret/", views.recipients_from_registry, name="recipients_from_registry"),
    path("<slug:slug>/mottakere/<int:pk>/", views.recipient_detail, name="recipient"),
    path("<slug:slug>/mottakere/<int:pk>/handling/", views.recipient_action, name="recipient_action"),
    path("<slug:slug>/epost/", views.mailings, name="mailings"),
    path("<slug:slug>/epost/send/", views.send_mailing, name="send_mailing"),
    path("<slug:slug>/svar/", views.answers, name="answers"),
    path("<slug:slug>/svar/<int:pk>/registeret/", views.review, name="review"),
    path("<slug:slug>/samtalelister/", views.call_lists, name="call_lists"),
    path("<slug:slug>/samtalelister/<int:pk>/", views.call_list_detail, name="call_list"),
], "mapping")

public = ([
    path("<str:token>/", public_views.questionnaire, name="questionnaire"),
    path("<str:token>/lagre/", public_views.autosave, name="autosave"),
    path("<str:token>/reserver/", public_views.opt_out, name="opt_out"),
], "mapping_public")

urlpatterns = [
    path("arbeid/kartlegging/", include(staff)),
    path("s/", include(public)),
]
