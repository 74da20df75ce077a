"""Staff pages: national administrators run campaigns, interviewers see only their own calls."""
import io

import pytest
from auditlog.models import LogEntry

from mestring.conftest import make_user
from mestring.accounts.models import Role
from mestring.mapping import services
from mestring.mapping.models import CallTarget, ExportLog, Response
from mestring.mapping.tests.factories import add_recipient, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = make_campaign()
    add_recipient(campaign, campaign.units.get(code="1804"))
    return campaign


@pytest.fixture
def call_list(campaign):
    return services.build_call_list(campaign=campaign, rule="call", name="Ring runde 1")


def staff_urls(campaign, call_list):
    recipient = campaign.recipients.get()
    base = f"/arbeid/kartlegging/{campaign.slug}/"
    return ["/arbeid/kartlegging/", base, base + "skjema/importer/", base + "skjema/survey/", base + "mottakere/",
            f"{base}mottakere/{recipient.pk}/", base + "epost/", base + "svar/", base + "samtalelister/",
            f"{base}samtalelister/{call_list.pk}/"]


def test_national_admin_sees_every_staff_page(client, admin_user, campaign, call_list):
    client.force_login(admin_user)
    for url in staff_urls(campaign, call_list):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["coordinator_a", "interviewer", "outsider"])
def test_other_roles_get_403_on_campaign_pages(client, request, who, campaign, call_list):
    client.force_login(request.getfixturevalue(who))
    for url in staff_urls(campaign, call_list):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_log_in(client, campaign, call_list):
    for url in staff_urls(campaign, call_list):
        assert client.get(url)["Location"].startswith("/konto/logg-inn/"), url


def test_unknown_campaign_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/arbeid/kartlegging/finnes-ikke/").status_code == 404


def test_campaign_page_shows_computed_coverage_and_history(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/arbeid/kartlegging/", {"title": "Kartlegging 2014", "slug": "k2014",
                                                    "target": "municipal", "as_of": "2014-01-01"})
    assert response.status_code == 302
    text = client.get("/arbeid/kartlegging/k2014/").content.decode()
    assert "Enheter i kartleggingen" in text and "442" in text and "Endringslogg" in text


def test_create_campaign_with_bad_input_writes_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/arbeid/kartlegging/", {"title": "", "slug": "ugyldig slug", "target": "x",
                                                    "as_of": "igår"})
    assert response.status_code == 400 and not LogEntry.objects.filter(content_type__model="campaign").exists()


def test_recipient_import_lists_every_bad_row_and_stores_nothing(client, admin_user, campaign):
    client.force_login(admin_user)
    csv = ("kommunenummer;navn;e-post\n1805;Nils Narvik;nils@narvik.example\n9999;Ukjent;u@x.example\n"
           "1820;;ikke-epost\n1805;Dobbel;d@x.example\n").encode()
    upload = io.BytesIO(csv)
    upload.name = "mottakere.csv"
    response = client.post(f"/arbeid/kartlegging/{campaign.slug}/mottakere/", {"file": upload})
    text = response.content.decode()
    assert response.status_code == 400
    for expected in ("Linje 3", "«9999» er ikke med", "Linje 4", "Navn mangler", "Ugyldig e-postadresse",
                     "Linje 5", "står også på linje 2"):
        assert expected in text, expected
    assert campaign.recipients.count() == 1


def test_recipient_import_from_xlsx_stores_rows(client, admin_user, campaign):
    from openpyxl import Workbook

    book = Workbook()
    for row in (("Kommunenummer", "Navn", "E-post", "Telefon"), (1805, "Nils Narvik", "Nils@Narvik.example", "7690")):
        book.active.append(row)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "mottakere.xlsx"
    client.force_login(admin_user)
    assert client.post(f"/arbeid/kartlegging/{campaign.slug}/mottakere/", {"file": upload}).status_code == 302
    stored = campaign.recipients.get(unit__code="1805")
    assert (stored.name, stored.email, stored.phone) == ("Nils Narvik", "nils@narvik.example", "7690")


def test_reissue_shows_the_new_link_once_and_the_old_one_stops_working(client, admin_user, campaign):
    recipient = campaign.recipients.get()
    old = services.issue_link(recipient=recipient)
    client.force_login(admin_user)
    url = f"/arbeid/kartlegging/{campaign.slug}/mottakere/{recipient.pk}/"
    text = client.post(url + "handling/", {"action": "reissue"}).content.decode()
    new = text.split("http://testserver/s/")[1].split("/")[0]
    assert client.get(f"/s/{new}/").status_code == 200 and client.get(f"/s/{old}/").status_code == 404
    assert f"/s/{new}/" not in client.get(url).content.decode()


def test_staff_reopen_a_submitted_answer(client, admin_user, campaign):
    recipient = campaign.recipients.get()
    Response.objects.create(questionnaire=campaign.questionnaires.get(), unit=recipient.unit, status="submitted",
                            data={})
    client.force_login(admin_user)
    client.post(f"/arbeid/kartlegging/{campaign.slug}/mottakere/{recipient.pk}/handling/", {"action": "reopen"})
    assert Response.objects.get().status == "reopened"


def test_recipient_of_another_campaign_is_404(client, admin_user, campaign):
    other = make_campaign(slug="annen")
    stranger = add_recipient(other, other.units.get(code="1804"))
    client.force_login(admin_user)
    assert client.get(f"/arbeid/kartlegging/{campaign.slug}/mottakere/{stranger.pk}/").status_code == 404


def test_template_edit_rejects_unknown_merge_field(client, admin_user, campaign):
    client.force_login(admin_user)
    response = client.post(f"/arbeid/kartlegging/{campaign.slug}/epost/",
                           {"template": "invitation", "invitation-subject": "Hei", "invitation-body": "{{ hemmelig }} {{ lenke }}"})
    assert response.status_code == 400 and "Ukjente flettefelt: hemmelig" in response.content.decode()
    assert "hemmelig" not in campaign.templates.get(kind="invitation").body


def test_export_csv_with_codes_and_choice_columns_is_logged(client, admin_user, campaign):
    survey = campaign.questionnaires.get()
    Response.objects.create(questionnaire=survey, unit=campaign.units.get(code="1804"), status="submitted",
                            recipient=campaign.recipients.get(),
                            data={"kontaktperson": "=HYPERLINK()", "organisering": "vert", "tilbud": ["kols"],
                                  "samarbeid": [{"kommunenummer": "1805"}, {"kommunenummer": "1820"}]})
    client.force_login(admin_user)
    response = client.post(f"/arbeid/kartlegging/{campaign.slug}/svar/",
                           {"purpose": "survey", "file_format": "csv", "labels": "on"})
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert "tilbud/kols;tilbud/diabetes;tilbud/parorende" in header and "mottaker_epost" not in header
    assert "Vertskommune for interkommunalt tilbud" in row and ";1;0;0" in row and "1805; 1820" in row
    assert "'=HYPERLINK()" in row
    log = ExportLog.objects.get()
    assert (log.user, log.personal_data, log.rows) == (admin_user, False, 1)


def test_export_xlsx_with_personal_data_is_logged_as_such(client, admin_user, campaign):
    from openpyxl import load_workbook

    Response.objects.create(questionnaire=campaign.questionnaires.get(), unit=campaign.units.get(code="1804"),
                            status="submitted", recipient=campaign.recipients.get(), data={"organisering": "eget"})
    client.force_login(admin_user)
    response = client.post(f"/arbeid/kartlegging/{campaign.slug}/svar/",
                           {"purpose": "survey", "file_format": "xlsx", "personal": "on"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "mottaker_epost" in rows[0] and "radmann@kommune.example" in rows[1] and "eget" in rows[1]
    assert ExportLog.objects.get().personal_data is True


def test_export_is_not_possible_with_get(client, admin_user, campaign):
    client.force_login(admin_user)
    client.get(f"/arbeid/kartlegging/{campaign.slug}/svar/", {"purpose": "survey", "file_format": "csv"})
    assert not ExportLog.objects.exists()


# Calls ------------------------------------------------------------------------------------------

def test_call_list_from_rule_and_assignment(client, admin_user, interviewer, campaign):
    client.force_login(admin_user)
    response = client.post(f"/arbeid/kartlegging/{campaign.slug}/samtalelister/", {"rule": "call", "name": "Runde 1"})
    call_list = campaign.call_lists.get()
    assert response.status_code == 302 and call_list.targets.count() == 442
    client.post(f"/arbeid/kartlegging/{campaign.slug}/samtalelister/{call_list.pk}/",
                {"interviewer": interviewer.pk, "count": 10})
    assert CallTarget.objects.filter(assigned_to=interviewer).count() == 10


def test_interviewer_sees_only_own_calls(client, interviewer, call_list):
    other = make_user("annen.intervjuer@test.example", Role.INTERVIEWER)
    mine, theirs = call_list.targets.order_by("pk")[:2]
    services.assign_targets(targets=[mine], interviewer=interviewer)
    services.assign_targets(targets=[theirs], interviewer=other)
    client.force_login(interviewer)
    text = client.get("/arbeid/kartlegging/mine-samtaler/").content.decode()
    assert str(mine.unit) in text and str(theirs.unit) not in text
    assert client.get(f"/arbeid/kartlegging/samtale/{mine.pk}/").status_code == 200
    assert client.get(f"/arbeid/kartlegging/samtale/{theirs.pk}/").status_code == 404


def test_coordinator_cannot_open_calls(client, coordinator_a, call_list):
    client.force_login(coordinator_a)
    target = call_list.targets.first()
    assert client.get(f"/arbeid/kartlegging/samtale/{target.pk}/").status_code == 403
    assert client.get("/arbeid/kartlegging/mine-samtaler/").status_code == 403


def test_due_callbacks_come_first(client, interviewer, call_list):
    import datetime as dt

    from django.utils import timezone

    first, second, third = call_list.targets.order_by("pk")[:3]
    services.assign_targets(targets=[first, second, third], interviewer=interviewer)
    services.record_attempt(target=third, interviewer=interviewer, outcome="call_back",
                            callback_at=timezone.now() - dt.timedelta(minutes=5))
    services.record_attempt(target=first, interviewer=interviewer, outcome="busy")
    from mestring.mapping.selectors import due_targets

    assert [t.pk for t in due_targets(interviewer)] == [third.pk, second.pk, first.pk]


def test_call_back_needs_a_time(client, interviewer, call_list):
    target = call_list.targets.first()
    services.assign_targets(targets=[target], interviewer=interviewer)
    client.force_login(interviewer)
    response = client.post(f"/arbeid/kartlegging/samtale/{target.pk}/", {"outcome": "call_back"})
    assert response.status_code == 400 and "Oppgi når vi skal ringe tilbake." in response.content.decode()
    assert not target.attempts.exists()


def test_completed_call_submits_the_form_filled_on_the_phone(client, interviewer, campaign, call_list):
    target = call_list.targets.get(unit__code="1805")
    services.assign_targets(targets=[target], interviewer=interviewer)
    client.force_login(interviewer)
    response = client.post(f"/arbeid/kartlegging/samtale/{target.pk}/",
                           {"outcome": "completed", "kontaktperson": "Nils", "organisering": "eget"})
    assert response.status_code == 302
    answer = Response.objects.get(unit=target.unit)
    assert (answer.status, answer.channel, answer.interviewer) == ("submitted", "phone", interviewer)
    target.refresh_from_db()
    assert target.done


def test_completed_call_with_missing_answers_keeps_a_draft_and_records_nothing(client, interviewer, call_list):
    target = call_list.targets.get(unit__code="1805")
    services.assign_targets(targets=[target], interviewer=interviewer)
    client.force_login(interviewer)
    response = client.post(f"/arbeid/kartlegging/samtale/{target.pk}/",
                           {"outcome": "completed", "kontaktperson": "Nils"})
    assert response.status_code == 400 and not target.attempts.exists()
    assert Response.objects.get(unit=target.unit).status == "draft"


def test_recipient_page_query_count_is_bounded(client, admin_user, campaign, django_assert_max_num_queries):
    recipient = campaign.recipients.get()
    for _ in range(3):
        services.issue_link(recipient=recipient)
    client.force_login(admin_user)
    with django_assert_max_num_queries(25):
        client.get(f"/arbeid/kartlegging/{campaign.slug}/mottakere/")
