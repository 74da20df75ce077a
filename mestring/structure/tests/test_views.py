"""Public unit pages and search; the change log only for staff."""
import pytest
from django.urls import reverse

from mestring.structure.models import Unit

pytestmark = pytest.mark.django_db


def test_search_page_finds_by_name(client):
    text = client.get(reverse("structure:search"), {"q": "gamle oslo"}).content.decode()
    assert "Gamle Oslo" in text and "/enheter/bydel/030101/" in text


def test_search_as_you_type_returns_only_the_result_list(client):
    response = client.get(reverse("structure:search"), {"q": "5501"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Tromsø" in text and "<html" not in text


def test_unit_page_shows_codes_county_trust_history_and_population(client):
    text = client.get("/enheter/kommune/5501/").content.decode()
    for expected in ("Tromsø", "5501", "Troms - Romsa - Tromssa", "Universitetssykehuset Nord-Norge HF",
                     "Helse Nord RHF", "5401 Tromsø fikk nytt nummer: 5501 Tromsø", "2026"):
        assert expected in text


def test_former_unit_page_says_where_it_lies_today(client):
    text = client.get("/enheter/kommune/1850/2014/").content.decode()
    assert "ikke lenger i bruk" in text
    assert "1806 Narvik" in text and "0,43" in text


def test_sami_name_is_marked_with_its_language(client):
    text = client.get("/enheter/kommune/5612/").content.decode()  # Kautokeino
    assert 'lang="se"' in text


@pytest.mark.parametrize("path", ["/enheter/kommune/9999/", "/enheter/kommune/5501/1900/", "/enheter/planet/01/"])
def test_unknown_units_are_404(client, path):
    assert client.get(path).status_code == 404


def test_query_count_of_a_unit_page_is_bounded(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get("/enheter/fylke/50/")


def test_change_log_is_hidden_from_the_public_and_shown_to_staff(client, coordinator_a):
    assert "Endringslogg" not in client.get("/enheter/kommune/5501/").content.decode()
    client.force_login(coordinator_a)
    text = client.get("/enheter/kommune/5501/").content.decode()
    assert "Endringslogg" in text and "systemet (innlasting)" in text


def test_an_admin_edit_is_in_the_change_log_with_who_and_what(client, admin_user):
    client.force_login(admin_user)
    unit = Unit.objects.current().get(kind="kommune", code="5501")
    url = reverse("admin:structure_unit_change", args=[unit.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(name_nb="Tromsø (testet)", parent=unit.parent_id, valid_from="2024-01-01")
    data = {k: v for k, v in data.items() if k in form.fields}
    data.pop("valid_to", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    text = client.get("/enheter/kommune/5501/").content.decode()
    assert "Tromsø (testet)" in text and "admin@test.example" in text


def test_admin_is_closed_to_coordinators(client, coordinator_a):
    client.force_login(coordinator_a)
    assert client.get("/arbeid/admin/structure/unit/").status_code == 302
