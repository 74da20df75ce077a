"""Norwegian full-text search in the knowledge base: inflected forms, text inside files, filters, snippets,
visibility, and "similar documents"."""
import pytest
from django.urls import reverse

from mestring.network import knowledge_index
from mestring.network import knowledge_search as search
from mestring.network.models_knowledge import SearchEntry, Similar
from mestring.network.tests.knowledge_helpers import make_document, make_practice, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    # Same extraction, in this process: a child process per file would make these tests slow.
    # test_knowledge_documents covers the worker's time-limited child process.
    from mestring.agreements import tasks
    from mestring.core.documents import extract

    monkeypatch.setattr(tasks, "extract_with_time_limit", lambda data, name: extract(data, filename=name))


def titles(user, **filters) -> list[str]:
    return [e.title for e in search.search(user, search.Filters(**filters))]


@pytest.fixture
def library(admin_user):
    make_document(admin_user, title="Veileder for pårørendearbeid", fmt="docx",
                  text="Kommunen bør tilby samtalegrupper for pårørende til personer med demens.",
                  tags=["pårørende"], year=2024)
    make_document(admin_user, title="Årsrapport 2025", kind="report", fmt="pdf",
                  text="I fjor holdt tjenesten kurs i mestring av diabetes type 2.", year=2025)
    make_document(admin_user, title="Avtalemal for samarbeid", kind="template", fmt="txt",
                  text="Partene forplikter seg til felles opplæring av helsepersonell.", year=2023, is_public=False)


@pytest.mark.parametrize(("query", "found"), [
    ("pårørendes", "Veileder for pårørendearbeid"),   # genitive finds the base form in a DOCX
    ("kursene", "Årsrapport 2025"),                    # definite plural finds "kurs" inside a PDF
    ("diabetesen", "Årsrapport 2025"),
    ("samtalegruppene demens", "Veileder for pårørendearbeid"),
])
def test_inflected_forms_find_text_inside_files(library, client, query, found):
    assert titles(client_user(client), query=query) == [found]


def client_user(client):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_every_word_must_match_and_symbols_match_nothing(library):
    anonymous = client_user(None)
    assert titles(anonymous, query="pårørende diabetes") == []
    assert titles(anonymous, query="'\" OR * ()") == []


def test_title_hits_rank_above_text_hits(admin_user):
    make_document(admin_user, title="Om kurs", text="Mestring.")
    make_document(admin_user, title="Annet", text="Vi nevner kurs en gang i en lang tekst om mye annet.")
    assert titles(client_user(None), query="kurs") == ["Om kurs", "Annet"]


def test_staff_only_documents_are_found_by_staff_only(library, admin_user, outsider):
    assert titles(client_user(None), query="opplæring") == []
    assert titles(outsider, query="opplæring") == []
    assert titles(admin_user, query="opplæringen") == ["Avtalemal for samarbeid"]


def test_filters_by_kind_tag_and_year(library, admin_user, unit_a):
    make_practice(admin_user, unit_a, tags=["pårørende"])
    anonymous = client_user(None)
    assert titles(anonymous, kind="report") == ["Årsrapport 2025"]
    assert sorted(titles(anonymous, tag="parorende")) == ["Felles lærings- og mestringssenter",
                                                          "Veileder for pårørendearbeid"]
    assert titles(anonymous, year=2024) == ["Veileder for pårørendearbeid"]
    assert titles(anonymous, kind="practice", query="pårørendes") == ["Felles lærings- og mestringssenter"]


def test_search_page_shows_escaped_snippet_with_the_hit_marked(client, admin_user):
    make_document(admin_user, title="Rapport", description="Om <script>alert(1)</script> og pårørende.",
                  text="Mer tekst.")
    response = client.get(reverse("network:knowledge"), {"q": "pårørendes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>pårørende</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_search_page_refuses_unknown_filter_values(client, library):
    response = client.get(reverse("network:knowledge"), {"kind": "nonsense", "year": "abc"})
    assert response.status_code == 400
    assert "Velg et gyldig valg" in response.content.decode()


def test_search_page_pages_through_results(client, admin_user):
    for n in range(23):
        make_document(admin_user, title=f"Kursrapport {n:02}", text="Kurs for pårørende.")
    first = client.get(reverse("network:knowledge"), {"q": "kurs"}).content.decode()
    second = client.get(reverse("network:knowledge"), {"q": "kurs", "side": 2}).content.decode()
    assert "23 treff" in first and "Side 1 av 2" in first and "Side 2 av 2" in second
    assert first.count("Kursrapport") == 20 and second.count("Kursrapport") == 3


def test_search_page_query_count_does_not_grow_with_results(client, admin_user, django_assert_max_num_queries):
    for n in range(12):
        make_document(admin_user, title=f"Rapport {n}", text="Kurs for pårørende.", tags=["kurs"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("network:knowledge"), {"q": "kurs"}).status_code == 200


def test_a_document_on_the_same_topic_is_more_similar_than_an_unrelated_one(admin_user, unit_a):
    topic = make_document(admin_user, title="Kurs for pårørende til personer med demens",
                          text="Pårørendeskole, demens, samtalegrupper, avlastning og mestring for pårørende.")
    same = make_practice(admin_user, unit_a, title="Pårørendeskole i Tromsø",
                         what_was_done="Vi startet pårørendeskole for pårørende til personer med demens, "
                                       "med samtalegrupper og avlastning.")
    make_document(admin_user, title="Budsjett for regnskapsåret", text="Regnskap, budsjett, revisjon og lønn.")
    similar = [e.title for e in search.similar_to(topic.search_entry, admin_user)]
    assert similar[0] == same.title
    scores = dict(Similar.objects.filter(entry=topic.search_entry).values_list("other__title", "score"))
    assert scores[same.title] > 3 * scores.get("Budsjett for regnskapsåret", 0.0)
    # Lists are kept both ways when the later item is saved.
    assert [e.title for e in search.similar_to(same.search_entry, admin_user)][0] == topic.title


def test_rebuild_gives_the_same_similar_lists(admin_user, unit_a):
    make_document(admin_user, title="Demens og pårørende", text="Pårørende til personer med demens.")
    make_practice(admin_user, unit_a, title="Pårørendegruppe", what_was_done="Gruppe for pårørende ved demens.")
    before = set(Similar.objects.values_list("entry__title", "other__title"))
    assert knowledge_index.rebuild() == 2
    assert set(Similar.objects.values_list("entry__title", "other__title")) == before != set()


def test_similar_list_hides_staff_only_items_from_the_public(admin_user, unit_a):
    example = make_practice(admin_user, unit_a, title="Pårørendegruppe", what_was_done="Pårørende og demens.")
    make_document(admin_user, title="Intern demensplan", text="Pårørende og demens.", is_public=False)
    assert search.similar_to(example.search_entry, client_user(None)) == []
    assert [e.title for e in search.similar_to(example.search_entry, admin_user)] == ["Intern demensplan"]


def test_projects_are_searchable_when_public(admin_user, unit_a):
    make_project(unit_a, name="Pårørendeskolen i nord")
    make_project(unit_a, name="Intern pårørendeplan", public=False)
    assert titles(client_user(None), query="pårørendeskolene") == ["Pårørendeskolen i nord"]
    assert SearchEntry.objects.filter(kind="project").count() == 2


def test_highlight_marks_inflected_forms_and_escapes():
    html = search.highlight("Tilbud til <b>pårørende</b> og kurs.", "pårørendes kursene")
    assert html == "Tilbud til &lt;b&gt;<mark>pårørende</mark>&lt;/b&gt; og <mark>kurs</mark>."


def test_reindex_command_restores_a_lost_index(admin_user, capsys):
    from django.core.management import call_command

    make_document(admin_user, title="Veileder om pårørende", text="Pårørende.")
    SearchEntry.objects.all().delete()
    assert titles(client_user(None), query="pårørendes") == []
    call_command("network_knowledge_reindex")
    assert "1 knowledge-base items indexed" in capsys.readouterr().out
    assert titles(client_user(None), query="pårørendes") == ["Veileder om pårørende"]
