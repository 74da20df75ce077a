"""Set-up pages for the facilitator and the tables' public note pages."""
import pytest
from django.urls import reverse

from mestring.workshops import services
from mestring.workshops.models import Note, Workshop

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_workshop_with_questions_tables_and_rounds(client, coordinator_a, unit_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("workshops:create"), {
        "title": "Dialogkafé Tromsø", "unit": unit_a.pk, "held_on": "2026-05-04", "place": "Tromsø",
        "questions": "Hva trenger dere?\n\nHvem bør gjøre hva?\n", "rounds": 3})
    workshop = Workshop.objects.get(title="Dialogkafé Tromsø")
    assert response.status_code == 302
    assert [q.text for q in workshop.questions.all()] == ["Hva trenger dere?", "Hvem bør gjøre hva?"]
    assert [t.label for t in workshop.questions.first().tables.all()] == ["1", "2"]
    assert workshop.rounds.count() == 3 and workshop.created_by == coordinator_a


def test_a_coordinator_cannot_create_a_workshop_for_another_unit(client, coordinator_a, unit_b):
    client.force_login(coordinator_a)
    response = client.post(reverse("workshops:create"), {"title": "X", "unit": unit_b.pk, "rounds": 0})
    assert response.status_code == 200 and not Workshop.objects.exists()


def test_list_shows_own_workshops_only(client, workshop, coordinator_a, coordinator_b):
    client.force_login(coordinator_a)
    assert workshop.title in client.get(reverse("workshops:list")).content.decode()
    client.force_login(coordinator_b)
    assert workshop.title not in client.get(reverse("workshops:list")).content.decode()


@pytest.mark.parametrize("name", ["detail", "gallery", "posters", "import", "summary"])
def test_workshop_pages_are_for_the_organising_unit(client, workshop, coordinator_a, coordinator_b, outsider, name):
    url = reverse(f"workshops:{name}", args=[workshop.pk])
    client.force_login(coordinator_a)
    assert client.get(url).status_code == 200
    client.force_login(coordinator_b)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_national_admin_sees_every_workshop(client, workshop, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("workshops:detail", args=[workshop.pk])).status_code == 200


def test_unknown_workshop_is_404(client, coordinator_a):
    client.force_login(coordinator_a)
    assert client.get(reverse("workshops:detail", args=[999999])).status_code == 404


def test_host_question_table_round_and_status_are_set_by_post_only(client, workshop, question, table1, coordinator_a):
    client.force_login(coordinator_a)
    assert client.get(reverse("workshops:table_host", args=[table1.pk])).status_code == 405
    client.post(reverse("workshops:table_host", args=[table1.pk]), {"host_name": "Kari Vert"})
    client.post(reverse("workshops:question_add", args=[workshop.pk]), {"text": "Hvem gjør hva?", "tables": 3})
    client.post(reverse("workshops:table_add", args=[question.pk]))
    client.post(reverse("workshops:round_add", args=[workshop.pk]), {"minutes": 15})
    client.post(reverse("workshops:status", args=[workshop.pk]), {"status": "closed"})
    workshop.refresh_from_db()
    table1.refresh_from_db()
    assert table1.host_name == "Kari Vert" and workshop.status == "closed"
    assert workshop.questions.get(number=3).tables.count() == 3 and question.tables.count() == 3
    assert workshop.rounds.last().minutes == 15
    text = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert "Kari Vert" in text and "koord.a@test.example" in text  # history shows who


def test_other_coordinator_cannot_change_a_host(client, table1, coordinator_b):
    client.force_login(coordinator_b)
    assert client.post(reverse("workshops:table_host", args=[table1.pk]), {"host_name": "X"}).status_code == 403


def test_anyone_with_the_table_link_adds_a_note_without_an_account(client, table1):
    url = reverse("workshops:note_page", args=[table1.token])
    assert len(table1.token) >= 40
    response = client.post(url, {"text": "  Felles   oversikt over tilbud "}, follow=True)
    assert Note.objects.get().text == "Felles oversikt over tilbud"
    assert "Felles oversikt over tilbud" in response.content.decode()


def test_a_note_can_say_which_round_it_came_from(client, workshop, table1):
    second = workshop.rounds.get(number=2)
    client.post(reverse("workshops:note_page", args=[table1.token]), {"text": "Fra runde to", "round": second.pk})
    assert Note.objects.get().round == second


def test_note_text_is_escaped_and_length_limited(client, table1):
    url = reverse("workshops:note_page", args=[table1.token])
    client.post(url, {"text": "<script>alert(1)</script>"})
    text = client.get(url).content.decode()
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    response = client.post(url, {"text": "x" * 301})
    assert response.status_code == 200 and Note.objects.count() == 1
    assert "300" in response.content.decode()


def test_unknown_link_is_404(client):
    assert client.get(reverse("workshops:note_page", args=["not-a-real-token"])).status_code == 404


def test_the_link_closes_when_the_workshop_closes(client, workshop, table1):
    services.set_status(workshop=workshop, status=Workshop.Status.CLOSED)
    url = reverse("workshops:note_page", args=[table1.token])
    assert "lenke er stengt" in client.get(url).content.decode()
    assert client.post(url, {"text": "For sent"}).status_code == 403
    assert not Note.objects.exists()


def test_notes_are_rate_limited_per_link(client, table1, table2):
    url = reverse("workshops:note_page", args=[table1.token])
    statuses = [client.post(url, {"text": f"Notat {i}"}).status_code for i in range(41)]
    assert statuses[:40] == [302] * 40 and statuses[40] == 429
    assert Note.objects.count() == 40
    assert client.post(reverse("workshops:note_page", args=[table2.token]), {"text": "Annet bord"}).status_code == 302


def test_host_marks_one_main_statement_per_table(client, table1):
    first = services.add_note(table=table1, text="Oversikt over tilbud")
    second = services.add_note(table=table1, text="Kontaktperson i hver kommune")
    client.post(reverse("workshops:note_page_main", args=[table1.token, first.pk]))
    client.post(reverse("workshops:note_page_main", args=[table1.token, second.pk]))
    assert list(table1.notes.filter(is_main=True)) == [second]


def test_main_statement_of_another_table_cannot_be_set_through_this_link(client, table1, table2):
    other = services.add_note(table=table2, text="Annet bord")
    assert client.post(reverse("workshops:note_page_main", args=[table1.token, other.pk])).status_code == 404


def test_facilitator_marks_main_statement_and_wrong_user_cannot(client, table1, coordinator_a, coordinator_b):
    note = services.add_note(table=table1, text="Oversikt over tilbud")
    client.force_login(coordinator_b)
    assert client.post(reverse("workshops:note_main", args=[note.pk])).status_code == 403
    client.force_login(coordinator_a)
    client.post(reverse("workshops:note_main", args=[note.pk]))
    note.refresh_from_db()
    assert note.is_main


def test_live_poster_and_gallery_return_only_the_notes_for_htmx(client, workshop, table1, coordinator_a):
    services.add_note(table=table1, text="Felles plattform")
    poster = client.get(reverse("workshops:poster", args=[table1.token]), HTTP_HX_REQUEST="true").content.decode()
    assert "Felles plattform" in poster and "<html" not in poster
    client.force_login(coordinator_a)
    gallery = client.get(reverse("workshops:gallery", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Felles plattform" in gallery and "<html" not in gallery
    page = client.get(reverse("workshops:gallery", args=[workshop.pk])).content.decode()
    assert 'hx-trigger="every 5s"' in page


def test_posters_carry_a_qr_code_of_each_table_link(client, workshop, table1, coordinator_a):
    client.force_login(coordinator_a)
    text = client.get(reverse("workshops:posters", args=[workshop.pk])).content.decode()
    assert text.count("data:image/png;base64,") == 4 and f"/verksted/{table1.token}/" in text


def test_gallery_query_count_is_bounded(client, workshop, table1, coordinator_a, django_assert_max_num_queries):
    for i in range(30):
        services.add_note(table=table1, text=f"Notat {i}")
    client.force_login(coordinator_a)
    with django_assert_max_num_queries(15):
        client.get(reverse("workshops:gallery", args=[workshop.pk]))


def test_pages_speak_english_when_chosen(client, workshop, coordinator_a):
    client.force_login(coordinator_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert "Questions and tables" in text and "Spørsmål og bord" not in text


def test_a_workshop_can_be_part_of_the_units_own_event(client, coordinator_a, unit_a, unit_b):
    from mestring.network.tests.conftest import make_event

    own = make_event(title="Nettverkskonferansen Tromsø", unit=unit_a)
    other = make_event(title="Bodøkonferansen", slug="bodo", unit=unit_b)
    client.force_login(coordinator_a)
    refused = client.post(reverse("workshops:create"), {"title": "X", "unit": unit_a.pk, "event": other.pk, "rounds": 0})
    assert refused.status_code == 200 and not Workshop.objects.exists()
    client.post(reverse("workshops:create"), {"title": "Kafé", "unit": unit_a.pk, "event": own.pk, "rounds": 0})
    workshop = Workshop.objects.get(title="Kafé")
    page = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert "Nettverkskonferansen Tromsø" in page and f"/nettverk/arrangementer/{own.slug}/" in page
