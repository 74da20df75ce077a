"""The duplicate engine: what it merges by itself, what it only suggests, and what it never joins."""
import pytest

from mestring.workshops.dedupe import exact_key, find_duplicates, find_duplicates_by_question
from mestring.workshops.evaluation import evaluate, load_labelled


@pytest.mark.parametrize("a, b", [
    ("Felles elektronisk plattform", "felles   elektronisk plattform."),
    ("Barn & unge", "barn og unge"),
    ("E-læring!", "e læring"),
    ("Tilbud til pårørende?", "TILBUD TIL PÅRØRENDE"),
])
def test_exact_key_ignores_case_space_punctuation_and_og(a, b):
    assert exact_key(a) == exact_key(b)


@pytest.mark.parametrize("a, b", [
    ("Tilbud til barn", "Tilbud til eldre"),
    ("Oversikt over tilbud", "Oversikt over tilbudet"),
    ("Kurs med tolk", "Kurs uten tolk"),
])
def test_exact_key_keeps_words_apart(a, b):
    assert exact_key(a) != exact_key(b)


def test_identical_notes_are_merged_across_both_tables():
    result = find_duplicates(["Tilbud til barn & unge", "Felles plattform", "tilbud til barn og unge."])
    assert result.auto_merged == [[0, 2]]


@pytest.mark.parametrize("a, b", [
    ("Oversikt over alle tilbud i regionen", "Oversikt over alle tilbud i regionnen"),   # typo
    ("Koordinerte arrangementer og konferanser", "Koordinerte konferanser og arrangementer"),  # word order
    ("Kurs for unge pårørende", "Egne kurs for unge pårørende"),  # close paraphrase
    ("Brukerrepresentanter må få honorar", "Honorar til brukerrepresentanter"),
])
def test_near_duplicates_are_suggested_not_merged(a, b):
    result = find_duplicates([a, b])
    assert result.auto_merged == [] and result.suggested == [[0, 1]]


@pytest.mark.parametrize("a, b", [
    ("Kommunen: diagnosespesifikke kurs", "Sykehuset: diagnosespesifikke kurs"),
    ("Tilbud til barn", "Tilbud til eldre"),
    ("Journalsystemene snakker ikke sammen", "Journalsystemene snakker sammen"),
    ("Henvisning fra lege er ofte nødvendig", "Henvisning fra lege er ikke nødvendig"),
    ("To brukere og to fagpersoner på hvert kurs", "Tre brukere og to fagpersoner på hvert kurs"),
    ("Nettverksmøter 2 ganger i året", "Nettverksmøter 4 ganger i året"),
])
def test_negation_actor_or_number_differences_are_never_suggested(a, b):
    assert find_duplicates([a, b]).suggested == []


def test_the_clearest_variant_is_kept_not_the_misspelt_one():
    texts = ["Felles ovresikt over verktøy", "Felles oversikt over verktøy", "Oversikt over tilbud"]
    result = find_duplicates(texts)
    assert result.suggested == [[0, 1]] and result.kept[0] == 1


def test_notes_of_different_questions_are_never_grouped():
    result = find_duplicates_by_question([("1", "Felles plattform"), ("2", "Felles plattform"), ("1", "felles plattform")])
    assert result.auto_merged == [[0, 2]] and result.suggested == []


def test_automatic_merges_have_precision_one_on_the_labelled_set():
    rows = load_labelled()
    assert len(rows) >= 150
    assert {r["variant"] for r in rows} >= {"exact", "typo", "reordered", "paraphrase", "nearmiss"}
    scores = evaluate(rows)
    assert scores["auto_merge"].predicted_pairs > 0
    assert scores["auto_merge"].precision == 1.0


def test_suggestions_stay_precise_and_complete_on_the_labelled_set():
    """A guard against tuning regressions: figures as recorded in docs/benchmarks.md."""
    scores = evaluate(load_labelled())["auto_or_suggested"]
    assert scores.precision >= 0.95 and scores.recall >= 0.95
