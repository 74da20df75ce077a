"""Coordinators keep their service current: service, contacts, places, hours, members, courses, runs, tokens."""
import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mestring.registry.models import (ApiToken, Contact, CourseOffer, CourseRun, Location, OpeningHours, Service,
                                      ServiceMembership)
from mestring.registry.tasks import remind_registry, send_confirmation_reminder
from mestring.registry.tests.factories import make_offer, term
from mestring.structure.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(unit_a):
    return make_offer(unit_a, title="Leve med KOLS", last_confirmed=dt.date(2024, 1, 1))


@pytest.fixture
def service(offer):
    return offer.service


@pytest.fixture
def parts(service):
    """One of each part, so every edit and delete URL has an object."""
    location = service.locations.get()
    return {
        "kontakt": Contact.objects.create(service=service, name="Kari Nordmann", role="Leder", email="kari@test.example"),
        "sted": location,
        "apningstid": OpeningHours.objects.create(service=service, weekday=1, opens=dt.time(8), closes=dt.time(15)),
        "medlem": ServiceMembership.objects.create(service=service, unit=Unit.objects.current().get(code="5503"),
                                                   valid_from=dt.date(2020, 1, 1)),
    }


@pytest.fixture
def token(coordinator_a):
    from mestring.registry import services

    return services.create_token(user=coordinator_a, name="Nettsiden", expires=dt.datetime(2100, 1, 1,
                                                                                           tzinfo=dt.timezone.utc))[0]


def object_urls(service, offer, parts, token):
    """Every coordinator URL that names an object of unit A, with the method it accepts."""
    run = offer.runs.get()
    urls = [("get", reverse("registry:service", args=[service.pk])),
            ("post", reverse("registry:service", args=[service.pk])),
            ("get", reverse("registry:new_offer", args=[service.pk])),
            ("post", reverse("registry:new_offer", args=[service.pk])),
            ("get", reverse("registry:edit_offer", args=[offer.pk])),
            ("post", reverse("registry:edit_offer", args=[offer.pk])),
            ("post", reverse("registry:confirm_offer", args=[offer.pk])),
            ("post", reverse("registry:duplicate_offer", args=[offer.pk])),
            ("get", reverse("registry:delete_offer", args=[offer.pk])),
            ("post", reverse("registry:delete_offer", args=[offer.pk])),
            ("get", reverse("registry:new_run", args=[offer.pk])),
            ("post", reverse("registry:new_run", args=[offer.pk])),
            ("get", reverse("registry:edit_run", args=[run.pk])),
            ("post", reverse("registry:edit_run", args=[run.pk])),
            ("get", reverse("registry:cancel_run", args=[run.pk])),
            ("post", reverse("registry:cancel_run", args=[run.pk])),
            ("post", reverse("registry:revoke_token", args=[token.pk]))]
    for kind, obj in parts.items():
        urls += [("get", reverse("registry:new_part", args=[service.pk, kind])),
                 ("post", reverse("registry:new_part", args=[service.pk, kind])),
                 ("get", reverse("registry:edit_part", args=[kind, obj.pk])),
                 ("post", reverse("registry:edit_part", args=[kind, obj.pk])),
                 ("get", reverse("registry:delete_part", args=[kind, obj.pk])),
                 ("post", reverse("registry:delete_part", args=[kind, obj.pk]))]
    return urls


def snapshot(service):
    return (Service.objects.filter(pk=service.pk).values_list("name", flat=True).get(),
            CourseOffer.objects.filter(service=service).count(), CourseRun.objects.filter(offer__service=service).count(),
            Contact.objects.count(), Location.objects.count(), OpeningHours.objects.count(),
            ServiceMembership.objects.count(), ApiToken.objects.filter(revoked__isnull=True).count())


@pytest.mark.parametrize(("who", "status"), [("coordinator_b", 404), ("outsider", 403), ("interviewer", 403)])
def test_other_users_get_403_or_404_on_every_view_and_post(client, request, service, offer, parts, token, who, status):
    client.force_login(request.getfixturevalue(who))
    before = snapshot(service)
    for method, url in object_urls(service, offer, parts, token):
        data = {"name": "Kapret", "title": "Kapret"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == status, (method, url)
    assert snapshot(service) == before


def test_anonymous_is_sent_to_log_in_everywhere(client, service, offer, parts, token):
    for method, url in object_urls(service, offer, parts, token):
        assert getattr(client, method)(url).status_code == 302, url
    assert client.get(reverse("registry:tokens")).status_code == 302


def test_unknown_part_kind_is_404(client, coordinator_a, service):
    client.force_login(coordinator_a)
    assert client.get(reverse("registry:new_part", args=[service.pk, "kurs"])).status_code == 404


def test_coordinator_edits_the_service_and_sees_it_in_the_history(client, coordinator_a, service, parts):
    client.force_login(coordinator_a)
    url = reverse("registry:service", args=[service.pk])
    page = client.get(url).content.decode()
    assert "Kari Nordmann" in page and "Helsehuset" in page and "mandag 08:00–15:00" in page
    response = client.post(url, {"name": "Friskliv Tromsø", "form": "fls", "status": "active",
                                 "description": "Kurs og samtaler."})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Friskliv Tromsø" and service.form == "fls"
    page = client.get(url).content.decode()
    assert "Friskliv Tromsø" in page and "koord.a@test.example" in page
    assert LogEntry.objects.get_for_object(service).filter(actor=coordinator_a).exists()


def test_service_form_errors_are_norwegian_and_nothing_changes(client, coordinator_a, service):
    client.force_login(coordinator_a)
    response = client.post(reverse("registry:service", args=[service.pk]),
                           {"name": "", "form": "fls", "status": "active", "email": "ikke-epost"})
    text = response.content.decode()
    assert response.status_code == 200 and "Feltet er påkrevet" in text and "gyldig e-postadresse" in text
    service.refresh_from_db()
    assert service.name.startswith("Mestringstjenesten")


def test_contact_added_edited_and_deleted_after_a_confirmation_step(client, coordinator_a, service):
    client.force_login(coordinator_a)
    client.post(reverse("registry:new_part", args=[service.pk, "kontakt"]),
                {"name": "Per Hansen", "role": "Sykepleier", "email": "per@test.example", "phone": "77 00 00 00"})
    contact = Contact.objects.get(service=service, name="Per Hansen")
    client.post(reverse("registry:edit_part", args=["kontakt", contact.pk]),
                {"name": "Per Hansen", "role": "Koordinator", "email": "per@test.example"})
    contact.refresh_from_db()
    assert contact.role == "Koordinator"
    delete_url = reverse("registry:delete_part", args=["kontakt", contact.pk])
    assert "Kontaktpersonen fjernes" in client.get(delete_url).content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()  # GET only asks
    client.post(delete_url)
    assert not Contact.objects.filter(pk=contact.pk).exists()
    history = client.get(reverse("registry:service", args=[service.pk])).content.decode()
    assert history.count("Per Hansen") >= 3  # added, changed and deleted, each in the log


@pytest.fixture
def used_place(offer):
    """The offer's place, used by the course and by two of its runs, with opening hours of its own."""
    place = offer.locations.get()
    CourseRun.objects.create(offer=offer, starts_on=dt.date(2030, 9, 1), schedule="mandager", location=place)
    OpeningHours.objects.create(service=offer.service, location=place, weekday=2, opens=dt.time(9), closes=dt.time(12))
    return place


def test_location_delete_page_names_the_courses_and_runs_that_lose_the_place(client, coordinator_a, used_place):
    client.force_login(coordinator_a)
    page = client.get(reverse("registry:delete_part", args=["sted", used_place.pk])).content.decode()
    uses = page.split('id="location-uses"')[1].split("</ul>")[0]
    assert "Leve med KOLS (2 kursstarter)" in " ".join(uses.split())
    assert "med 2 kursstarter her i alt" in page and "blir stående uten sted" in page
    assert "1 åpningstid for stedet slettes også" in page and "Jeg forstår at" in page
    assert Location.objects.filter(pk=used_place.pk).exists()  # GET only asks


def test_location_in_use_is_not_deleted_without_the_tick(client, coordinator_a, offer, used_place):
    client.force_login(coordinator_a)
    before = LogEntry.objects.count()
    response = client.post(reverse("registry:delete_part", args=["sted", used_place.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kryss av for at du forstår at kursene og kursstartene mister stedet" in page
    assert 'aria-invalid="true"' in page and "Leve med KOLS" in page
    assert Location.objects.filter(pk=used_place.pk).exists() and list(offer.locations.all()) == [used_place]
    assert offer.runs.filter(location=used_place).count() == 2 and LogEntry.objects.count() == before


def test_location_in_use_is_deleted_with_the_tick_and_its_runs_lose_it(client, coordinator_a, offer, used_place):
    client.force_login(coordinator_a)
    response = client.post(reverse("registry:delete_part", args=["sted", used_place.pk]), {"confirm": "on"})
    assert response.status_code == 302
    assert not Location.objects.filter(pk=used_place.pk).exists()
    assert offer.runs.count() == 2 and not offer.runs.filter(location__isnull=False).exists()
    assert not offer.locations.exists() and not OpeningHours.objects.filter(location__isnull=False).exists()
    for run in offer.runs.all():
        assert LogEntry.objects.get_for_object(run).filter(actor=coordinator_a).latest("timestamp").changes_dict[
            "location"][1] == "None"
    assert LogEntry.objects.get_for_object(offer).filter(actor=coordinator_a).exists()  # the course lost the place
    assert "Slettet: Helsehuset" in client.get(response.url).content.decode()


def test_unused_location_is_deleted_without_a_tick(client, coordinator_a, service, unit_a):
    place = Location.objects.create(service=service, name="Gamle huset", address="Veien 1", place="Tromsø",
                                    kommune=unit_a, latitude=69.6, longitude=18.9)
    client.force_login(coordinator_a)
    url = reverse("registry:delete_part", args=["sted", place.pk])
    page = client.get(url).content.decode()
    assert "Ingen kurs eller kursstarter bruker stedet." in page and "Jeg forstår at" not in page
    assert client.post(url).status_code == 302 and not Location.objects.filter(pk=place.pk).exists()


@pytest.mark.parametrize(("who", "status"), [("coordinator_b", 404), ("interviewer", 403)])
def test_other_users_cannot_delete_a_location_even_with_the_tick(client, request, offer, used_place, who, status):
    client.force_login(request.getfixturevalue(who))
    url = reverse("registry:delete_part", args=["sted", used_place.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"confirm": "on"}).status_code == status
    assert Location.objects.filter(pk=used_place.pk).exists() and offer.runs.filter(location=used_place).count() == 2


def test_location_with_bad_postcode_and_coordinates_is_refused(client, coordinator_a, service, unit_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("registry:new_part", args=[service.pk, "sted"]),
                           {"name": "Nytt hus", "address": "Veien 2", "postcode": "90", "place": "Tromsø",
                            "kommune": unit_a.pk, "latitude": "12", "longitude": "18.9"})
    text = response.content.decode()
    assert "Postnummer har fire sifre" in text and "større enn eller lik 57" in text
    assert not Location.objects.filter(name="Nytt hus").exists()
    client.post(reverse("registry:new_part", args=[service.pk, "sted"]),
                {"name": "Nytt hus", "address": "Veien 2", "postcode": "9010", "place": "Tromsø",
                 "kommune": unit_a.pk, "latitude": "69.65", "longitude": "18.96"})
    assert Location.objects.get(name="Nytt hus").service == service


def test_opening_hours_must_close_after_they_open(client, coordinator_a, service):
    client.force_login(coordinator_a)
    url = reverse("registry:new_part", args=[service.pk, "apningstid"])
    response = client.post(url, {"weekday": "2", "opens": "15:00", "closes": "09:00"})
    assert "Stengetid må være etter åpningstid" in response.content.decode()
    client.post(url, {"weekday": "2", "opens": "09:00", "closes": "15:00"})
    assert OpeningHours.objects.filter(service=service, weekday=2).exists()


def test_member_units_with_dates(client, coordinator_a, service):
    client.force_login(coordinator_a)
    balsfjord = Unit.objects.current().get(code="5532")
    url = reverse("registry:new_part", args=[service.pk, "medlem"])
    response = client.post(url, {"unit": balsfjord.pk, "valid_from": "2024-01-01", "valid_to": "2023-01-01"})
    assert "Sluttdato kan ikke være før startdato" in response.content.decode()
    client.post(url, {"unit": balsfjord.pk, "valid_from": "2024-01-01"})
    assert balsfjord in service.units_served_on(dt.date(2025, 1, 1))


def test_new_course_duplicate_and_delete(client, coordinator_a, service, offer):
    client.force_login(coordinator_a)
    data = {"title": "Hjertekurs", "description": "Om å leve med hjertesykdom.", "languages": "nb,en",
            "format": "group", "method": "standard_metode", "cost_nok": "0", "sign_up": "Ring oss.",
            "status": "active", "diagnosis_groups": [term("diabetes").pk], "target_groups": [term("pasienter").pk],
            "locations": [service.locations.get().pk]}
    response = client.post(reverse("registry:new_offer", args=[service.pk]), data)
    created = CourseOffer.objects.get(title="Hjertekurs")
    assert response.url == reverse("registry:edit_offer", args=[created.pk]) and created.service == service
    assert created.last_confirmed == dt.date.today()

    response = client.post(reverse("registry:duplicate_offer", args=[created.pk]))
    copy = CourseOffer.objects.get(title="Hjertekurs (kopi)")
    assert copy.status == "inactive" and list(copy.diagnosis_groups.all()) == [term("diabetes")]
    assert copy.uuid != created.uuid

    delete_url = reverse("registry:delete_offer", args=[copy.pk])
    assert "Ikke aktiv" in client.get(delete_url).content.decode()
    assert CourseOffer.objects.filter(pk=copy.pk).exists()
    client.post(delete_url)
    assert not CourseOffer.objects.filter(pk=copy.pk).exists()
    assert LogEntry.objects.filter(object_repr="Hjertekurs (kopi)", action=LogEntry.Action.DELETE,
                                   actor=coordinator_a).exists()


def test_runs_added_edited_and_cancelled(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    place = offer.service.locations.get()
    url = reverse("registry:new_run", args=[offer.pk])
    response = client.post(url, {"starts_on": "2030-03-01", "ends_on": "2030-02-01", "schedule": "onsdager"})
    text = response.content.decode()
    assert "Sluttdato kan ikke være før startdato" in text and "Velg et sted, eller kryss av for digitalt" in text
    client.post(url, {"starts_on": "2030-03-01", "schedule": "onsdager kl. 18", "location": place.pk,
                      "seats_left": "10"})
    run = offer.runs.get(starts_on=dt.date(2030, 3, 1))
    client.post(reverse("registry:edit_run", args=[run.pk]),
                {"starts_on": "2030-03-01", "schedule": "onsdager kl. 18", "is_digital": "on", "seats_left": "2"})
    run.refresh_from_db()
    assert run.seats_left == 2 and run.is_digital and run.location is None
    assert "1. mars 2030" in client.get(reverse("registry:edit_offer", args=[offer.pk])).content.decode()
    client.post(reverse("registry:cancel_run", args=[run.pk]))
    assert not offer.runs.filter(pk=run.pk).exists()
    page = client.get(reverse("registry:edit_offer", args=[offer.pk])).content.decode()
    assert "Slettet" in page or "Deleted" in page or "slett" in page.lower()


def test_confirm_updates_last_confirmed_on_the_service_page(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    assert "1. januar 2024" in client.get(reverse("registry:service", args=[offer.service.pk])).content.decode()
    client.post(reverse("registry:confirm_offer", args=[offer.pk]))
    page = client.get(reverse("registry:service", args=[offer.service.pk])).content.decode()
    assert "1. januar 2024" not in page.split("Endringslogg")[0]


def test_national_admin_edits_any_unit(client, admin_user, service):
    client.force_login(admin_user)
    assert client.get(reverse("registry:service", args=[service.pk])).status_code == 200


def test_token_secret_is_shown_once_and_only_its_hash_is_kept(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("registry:tokens"), {"name": "Kurskalender", "days": "30"})
    text = response.content.decode()
    token = ApiToken.objects.get(user=coordinator_a)
    secret = text.split('<code id="new-secret">')[1].split("<")[0]
    assert secret.startswith("mst_") and secret not in token.secret_hash and len(secret) > 40
    assert secret not in client.get(reverse("registry:tokens")).content.decode()
    assert (token.expires - token.created).days in (29, 30)


def test_token_form_errors_are_norwegian(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("registry:tokens"), {"name": "", "days": "999"})
    assert "Feltet er påkrevet" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token(client, coordinator_a, token):
    client.force_login(coordinator_a)
    client.post(reverse("registry:revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked is not None and not token.is_usable
    assert "trukket tilbake" in client.get(reverse("registry:tokens")).content.decode()


def test_weekly_job_sends_reminders_with_the_configured_age(settings, coordinator_a, offer,
                                                            django_capture_on_commit_callbacks):
    settings.REGISTRY_CONFIRM_AFTER_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_registry.call() == 1
    queued = DBTaskResult.objects.get(task_path="mestring.registry.tasks.send_confirmation_reminder")
    assert queued.args_kwargs["args"] == [coordinator_a.pk, 30]
    assert send_confirmation_reminder.call(*queued.args_kwargs["args"]) == 1
    assert "Leve med KOLS" in mail.outbox[-1].body
