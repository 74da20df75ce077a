"""XLSForm import: a good form becomes questions; a bad one lists sheet, row and message and creates nothing."""
import io

import pytest
from openpyxl import Workbook

from mestring.mapping.models import Question, Questionnaire
from mestring.mapping.tests.factories import make_campaign
from mestring.mapping.xlsform import XLSFormInvalid, import_xlsform

pytestmark = pytest.mark.django_db

SURVEY = [("type", "name", "label", "required", "relevant", "constraint", "constraint_message"),
          ("text", "kontaktperson", "Kontaktperson", "yes", "", "", ""),
          ("select_one org", "organisering", "Organisering", "yes", "", "", ""),
          ("begin_repeat", "samarbeid", "Samarbeidskommuner", "", "${organisering} = 'vert'", "", ""),
          ("text", "kommunenummer", "Kommunenummer", "", "", "string-length(.) = 4", "Fire sifre"),
          ("end_repeat", "", "", "", "", "", ""),
          ("begin_group", "detaljer", "Detaljer", "", "${organisering} != 'ingen'", "", ""),
          ("integer", "ansatte", "Årsverk", "", "", ". >= 0", "Ikke negativt"),
          ("select_multiple tilbud", "tilbud", "Tilbud", "", "", "", ""),
          ("end_group", "", "", "", "", "", "")]
CHOICES = [("list_name", "name", "label"), ("org", "eget", "Eget"), ("org", "vert", "Vert"), ("org", "ingen", "Ingen"),
           ("tilbud", "kols", "KOLS"), ("tilbud", "diabetes", "Diabetes")]


def workbook(survey=SURVEY, choices=CHOICES) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    other = book.create_sheet("choices")
    for row in choices:
        other.append(row)
    settings = book.create_sheet("settings")
    settings.append(("form_title", "form_id"))
    settings.append(("Organisering av LM-arbeid", "lm2014"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_valid_xlsform_becomes_questions_with_logic():
    campaign = make_campaign()
    campaign.questionnaires.all().delete()
    questionnaire = import_xlsform(campaign=campaign, purpose="survey", content=workbook())
    assert questionnaire.title == "Organisering av LM-arbeid"
    by_name = {q.name: q for q in questionnaire.questions.all()}
    assert by_name["kontaktperson"].required and by_name["samarbeid"].kind == "repeat"
    assert by_name["kommunenummer"].parent == by_name["samarbeid"]
    assert by_name["ansatte"].relevant == "${organisering} != 'ingen'" and by_name["ansatte"].constraint == ". >= 0"
    assert by_name["ansatte"].constraint_message == "Ikke negativt"
    assert [c.value for c in by_name["tilbud"].choices.all()] == ["kols", "diabetes"]
    assert by_name["tilbud"].kind == "select_multiple"


@pytest.mark.parametrize(("survey", "choices", "sheet", "row", "text"), [
    (SURVEY + [("geopoint", "sted", "Sted", "", "", "", "")], CHOICES, "survey", 11, "geopoint"),
    (SURVEY + [("integer", "x", "X", "", "${finnes_ikke} = 1", "", "")], CHOICES, "survey", 11, "finnes_ikke"),
    (SURVEY + [("integer", "y", "Y", "", "", ". >>= 2", "")], CHOICES, "survey", 11, "constraint"),
    (SURVEY + [("select_one mangler", "z", "Z", "", "", "", "")], CHOICES, "survey", 11, "mangler"),
    (SURVEY[:3], CHOICES, "survey", None, "begin_repeat"),
])
def test_errors_name_sheet_row_and_message_and_nothing_is_created(survey, choices, sheet, row, text):
    campaign = make_campaign()
    campaign.questionnaires.all().delete()
    survey = survey if text != "begin_repeat" else SURVEY[:4]
    with pytest.raises(XLSFormInvalid) as caught:
        import_xlsform(campaign=campaign, purpose="survey", content=workbook(survey, choices))
    problems = caught.value.problems
    assert any(text in p.message for p in problems), problems
    if row is not None:
        assert any(p.sheet == sheet and p.row == row for p in problems), problems
    assert not Questionnaire.objects.filter(campaign=campaign).exists() and not Question.objects.filter(
        questionnaire__campaign=campaign).exists()


def test_every_unsupported_row_is_listed_not_only_the_first():
    campaign = make_campaign()
    survey = SURVEY + [("date", "dato", "Dato", "", "", "", ""), ("geopoint", "sted", "Sted", "", "", "", "")]
    with pytest.raises(XLSFormInvalid) as caught:
        import_xlsform(campaign=campaign, purpose="interview", content=workbook(survey))
    assert {p.row for p in caught.value.problems} >= {11, 12}


def test_a_file_that_is_not_a_spreadsheet_is_rejected_clearly():
    with pytest.raises(XLSFormInvalid) as caught:
        import_xlsform(campaign=make_campaign(), purpose="interview", content=b"not a workbook")
    assert "kan ikke leses" in caught.value.problems[0].message


def test_a_questionnaire_with_answers_is_not_replaced():
    campaign = make_campaign()
    survey = campaign.questionnaires.get()
    survey.responses.create(unit=campaign.units.first(), data={})
    with pytest.raises(XLSFormInvalid):
        import_xlsform(campaign=campaign, purpose="survey", content=workbook())
    assert campaign.questionnaires.get().pk == survey.pk
