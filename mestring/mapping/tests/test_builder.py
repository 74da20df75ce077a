"""The questionnaire builder: questions made in the browser, checked rules, safe edits, preview and XLSForm round trip."""
import pytest

from mestring.mapping.models import Question, Questionnaire, Response
from mestring.mapping.tests.factories import make_campaign
from mestring.mapping.xlsform import import_xlsform, specs_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = make_campaign()
    campaign.questionnaires.all().delete()
    return campaign


def base(campaign) -> str:
    return f"/arbeid/kartlegging/{campaign.slug}/skjema/"


def add(client, campaign, purpose="interview", **fields):
    data = {"kind": "text", "label": fields.get("name", "x").capitalize(), "hint": "", "parent": "", "relevant": "",
            "constraint": "", "constraint_message": "", "choices": "", **fields}
    if data.pop("required", False):
        data["required"] = "on"
    return client.post(f"{base(campaign)}{purpose}/sporsmal/ny/", data)


def build_intermunicipal_form(client, campaign) -> Questionnaire:
    assert client.post(base(campaign) + "ny/", {"purpose": "interview", "title": "Intervju 2014"}).status_code == 302
    questionnaire = campaign.questionnaires.get(purpose="interview")
    for fields in (
        {"name": "kontaktperson", "label": "Kontaktperson", "required": True, "hint": "Navn og stilling"},
        {"name": "organisering", "kind": "select_one", "label": "Organisering", "required": True,
         "choices": "eget = Eget tilbud\nvert = Vertskommune\nmedlem = Deltar i samarbeid"},
        {"name": "samarbeid", "kind": "repeat", "label": "Kommuner i samarbeidet",
         "relevant": "${organisering} = 'vert'"},
        {"name": "ansatte", "kind": "integer", "label": "Årsverk", "constraint": ". >= 0 and . <= 500",
         "constraint_message": "Skriv et tall mellom 0 og 500."},
        {"name": "tilbud", "kind": "select_multiple", "label": "Tilbud", "choices": "kols = KOLS\ndiabetes = Diabetes",
         "relevant": "${organisering} != 'medlem'"},
        {"name": "merk", "kind": "note", "label": "Takk!"},
    ):
        assert add(client, campaign, **fields).status_code == 302, fields
    group = questionnaire.questions.get(name="samarbeid")
    assert add(client, campaign, name="kommunenummer", label="Kommunenummer", parent=str(group.pk), required=True,
               constraint="string-length(.) = 4", constraint_message="Fire sifre").status_code == 302
    return questionnaire


def test_admin_builds_a_questionnaire_and_the_xlsform_round_trip_gives_the_same_questions(client, admin_user,
                                                                                        campaign):
    client.force_login(admin_user)
    questionnaire = build_intermunicipal_form(client, campaign)
    page = client.get(f"{base(campaign)}interview/").content.decode()
    assert "kommunenummer" in page and "Feil" in page and "har feil" not in page
    download = client.get(f"{base(campaign)}interview/xlsform/")
    assert download.status_code == 200 and "xlsform.xlsx" in download["Content-Disposition"]
    other = make_campaign(slug="kopi")
    other.questionnaires.all().delete()
    imported = import_xlsform(campaign=other, purpose="interview", content=download.content)
    assert imported.title == "Intervju 2014"
    assert specs_for(imported) == specs_for(questionnaire)
    names = [s.name for s in specs_for(imported)]
    assert names == ["kontaktperson", "organisering", "samarbeid", "kommunenummer", "ansatte", "tilbud", "merk"]
    assert imported.questions.get(name="kommunenummer").parent.name == "samarbeid"


@pytest.mark.parametrize(("fields", "field_error"), [
    ({"name": "x", "relevant": "${finnes_ikke} = 1"}, "viser til ukjent spørsmål: finnes_ikke"),
    ({"name": "x", "constraint": ". >>= 2"}, "ugyldig uttrykk"),
    ({"name": "2tall"}, "begynn med en bokstav"),
    ({"name": "x", "kind": "select_one", "choices": ""}, "Skriv minst ett valg."),
    ({"name": "x", "kind": "select_one", "choices": "a = A\na = B\nhei du = C\nbare"}, "står to ganger"),
    ({"name": "x", "kind": "note", "required": True}, "kan ikke være påkrevd"),
])
def test_bad_questions_are_refused_with_a_norwegian_message_and_nothing_saved(client, admin_user, campaign, fields,
                                                                             field_error):
    client.force_login(admin_user)
    client.post(base(campaign) + "ny/", {"purpose": "interview", "title": "Intervju"})
    response = add(client, campaign, **fields)
    assert response.status_code == 400 and field_error in response.content.decode()
    assert not Question.objects.exists()


def test_every_bad_choice_line_is_listed(client, admin_user, campaign):
    client.force_login(admin_user)
    client.post(base(campaign) + "ny/", {"purpose": "interview", "title": "Intervju"})
    text = add(client, campaign, name="x", kind="select_one", choices="a = A\na = B\nhei du = C\nbare").content.decode()
    assert "Linje 2" in text and "Linje 3" in text and "Linje 4" in text


def test_reorder_within_the_form_and_within_a_group(client, admin_user, campaign):
    client.force_login(admin_user)
    questionnaire = build_intermunicipal_form(client, campaign)
    tilbud = questionnaire.questions.get(name="tilbud")
    client.post(f"{base(campaign)}interview/sporsmal/{tilbud.pk}/flytt/", {"direction": "up"})
    client.post(f"{base(campaign)}interview/sporsmal/{tilbud.pk}/flytt/", {"direction": "up"})
    names = [s.name for s in specs_for(questionnaire)]
    assert names == ["kontaktperson", "organisering", "tilbud", "samarbeid", "kommunenummer", "ansatte", "merk"]


def test_a_problem_in_a_stored_question_is_shown_per_question_and_blocks_the_download(client, admin_user, campaign):
    client.force_login(admin_user)
    questionnaire = build_intermunicipal_form(client, campaign)
    Question.objects.filter(questionnaire=questionnaire, name="tilbud").update(relevant="${borte} = 1")
    page = client.get(f"{base(campaign)}interview/").content.decode()
    assert "Vises når viser til ukjent spørsmål: borte." in page
    response = client.get(f"{base(campaign)}interview/xlsform/", follow=True)
    assert "Rett feilene i skjemaet" in response.content.decode()


def test_a_question_others_refer_to_cannot_be_renamed_or_deleted(client, admin_user, campaign):
    client.force_login(admin_user)
    questionnaire = build_intermunicipal_form(client, campaign)
    org = questionnaire.questions.get(name="organisering")
    text = client.post(f"{base(campaign)}interview/sporsmal/{org.pk}/slett/", follow=True).content.decode()
    assert "bruker «organisering» i reglene sine (samarbeid, tilbud)" in text
    assert questionnaire.questions.filter(name="organisering").exists()


@pytest.fixture
def answered(client, admin_user, campaign):
    client.force_login(admin_user)
    questionnaire = build_intermunicipal_form(client, campaign)
    Response.objects.create(questionnaire=questionnaire, unit=campaign.units.get(code="1804"), data={
        "kontaktperson": "Kari", "organisering": "vert", "samarbeid": [{"kommunenummer": "1805"}],
        "tilbud": ["kols"]})
    return questionnaire


@pytest.mark.parametrize(("name", "change", "message"), [
    ("kontaktperson", {"name": "kontakt"}, "navn, type og gruppe kan ikke endres"),
    ("kontaktperson", {"kind": "integer"}, "navn, type og gruppe kan ikke endres"),
    ("tilbud", {"choices": "diabetes = Diabetes"}, "Valget «kols» er brukt i 1 besvarelser"),
])
def test_edits_that_would_lose_answers_are_refused(client, answered, campaign, name, change, message):
    question = answered.questions.get(name=name)
    data = {"kind": question.kind, "name": question.name, "label": question.label, "hint": "", "parent": "",
            "relevant": question.relevant, "constraint": "", "constraint_message": "",
            "choices": "\n".join(f"{c.value} = {c.label}" for c in question.choices.all()), **change}
    response = client.post(f"{base(campaign)}interview/sporsmal/{question.pk}/", data)
    assert response.status_code == 400 and message in response.content.decode()
    question.refresh_from_db()
    assert (question.name, question.kind, question.choices.count()) == (name, data["kind"] if "kind" not in change
                                                                       else question.kind, question.choices.count())
    assert Response.objects.get().data["tilbud"] == ["kols"]


def test_safe_edits_of_an_answered_questionnaire_are_allowed(client, answered, campaign):
    question = answered.questions.get(name="tilbud")
    response = client.post(f"{base(campaign)}interview/sporsmal/{question.pk}/", {
        "kind": "select_multiple", "name": "tilbud", "label": "Hvilke tilbud finnes?", "parent": "",
        "relevant": "${organisering} != 'medlem'", "choices": "kols = KOLS-skole\ndiabetes = Diabetes\nsmerte = Smerte"})
    assert response.status_code == 302
    assert [(c.value, c.label) for c in question.choices.all()] == [
        ("kols", "KOLS-skole"), ("diabetes", "Diabetes"), ("smerte", "Smerte")]


def test_a_question_with_answers_cannot_be_deleted_but_an_unused_one_can(client, answered, campaign):
    used, unused = answered.questions.get(name="kommunenummer"), answered.questions.get(name="ansatte")
    text = client.post(f"{base(campaign)}interview/sporsmal/{used.pk}/slett/", follow=True).content.decode()
    assert "har svar i 1 besvarelser og kan ikke slettes" in text
    client.post(f"{base(campaign)}interview/sporsmal/{unused.pk}/slett/")
    assert set(answered.questions.values_list("name", flat=True)) == {
        "kontaktperson", "organisering", "samarbeid", "kommunenummer", "tilbud", "merk"}


def test_preview_shows_the_form_applies_skip_logic_and_checks_without_saving(client, answered, campaign):
    url = f"{base(campaign)}interview/forhandsvis/"
    page = client.get(url).content.decode()
    assert "Kontaktperson" in page and 'name="samarbeid-count"' in page
    checked = client.get(url, {"action": "check", "organisering": "medlem", "ansatte": "900"}).content.decode()
    assert "Dette spørsmålet må besvares." in checked and "Skriv et tall mellom 0 og 500." in checked
    assert 'data-question="tilbud" hidden' in checked and 'data-question="samarbeid" hidden' in checked
    more = client.get(url, {"action": "add-row:samarbeid", "organisering": "vert", "samarbeid-count": "1"})
    assert 'name="samarbeid-count" value="2"' in more.content.decode()
    assert Response.objects.count() == 1


def test_new_questionnaire_for_a_purpose_that_exists_is_refused(client, admin_user, campaign):
    client.force_login(admin_user)
    client.post(base(campaign) + "ny/", {"purpose": "interview", "title": "A"})
    response = client.post(base(campaign) + "ny/", {"purpose": "interview", "title": "B"})
    assert response.status_code == 400 and "allerede et slikt skjema" in response.content.decode()


def builder_urls(campaign, question) -> list[str]:
    b = base(campaign)
    return [b + "ny/", b + "interview/", b + "interview/sporsmal/ny/", f"{b}interview/sporsmal/{question.pk}/",
            b + "interview/forhandsvis/", b + "interview/xlsform/"]


@pytest.mark.parametrize("who", ["coordinator_a", "interviewer", "outsider"])
def test_other_roles_get_403_on_builder_pages_and_cannot_change_anything(client, request, who, answered, campaign):
    question = answered.questions.get(name="ansatte")
    client.force_login(request.getfixturevalue(who))
    for url in builder_urls(campaign, question):
        assert client.get(url).status_code == 403, url
    b = base(campaign)
    for url, data in ((f"{b}interview/sporsmal/{question.pk}/slett/", {}),
                      (f"{b}interview/sporsmal/{question.pk}/flytt/", {"direction": "up"}),
                      (f"{b}interview/sporsmal/{question.pk}/", {"kind": "text", "name": "nytt", "label": "Nytt"}),
                      (b + "ny/", {"purpose": "survey", "title": "x"})):
        assert client.post(url, data).status_code == 403, url
    question.refresh_from_db()
    assert question.name == "ansatte" and campaign.questionnaires.count() == 1


def test_admin_sees_every_builder_page_and_a_foreign_question_is_404(client, answered, campaign):
    question = answered.questions.get(name="ansatte")
    for url in builder_urls(campaign, question):
        assert client.get(url).status_code == 200, url
    other = make_campaign(slug="annen")
    foreign = other.questionnaires.get().questions.first()
    assert client.get(f"{base(campaign)}interview/sporsmal/{foreign.pk}/").status_code == 404
    assert client.get(f"{base(campaign)}survey/").status_code == 404
