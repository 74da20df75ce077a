"""The questionnaire link: resume, autosave, submit once, wrong links reveal nothing, rate limits."""
import datetime as dt

import pytest
from django.utils import timezone

from mestring.mapping import services
from mestring.mapping.models import AccessToken, Response
from mestring.mapping.tests.factories import add_recipient, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return make_campaign()


@pytest.fixture
def recipient(campaign):
    return add_recipient(campaign, campaign.units.get(code="1804"))


@pytest.fixture
def token(recipient):
    return services.issue_link(recipient=recipient)


ANSWER = {"kontaktperson": "Lise Leder", "organisering": "vert", "samarbeid-count": "2",
          "samarbeid-0-kommunenummer": "1805", "samarbeid-1-kommunenummer": "1806", "ansatte": "3",
          "tilbud": ["kols", "parorende"]}


def test_token_is_long_random_and_stored_only_as_a_hash(recipient):
    token = services.issue_link(recipient=recipient)
    assert len(token) >= 43
    stored = AccessToken.objects.get(recipient=recipient)
    assert stored.token_hash != token and token not in stored.token_hash


def test_the_link_shows_the_questionnaire_without_storing_anything(client, token):
    response = client.get(f"/s/{token}/")
    text = response.content.decode()
    assert response.status_code == 200 and "Kontaktperson for LM-arbeidet" in text and "Bodø" in text
    assert not Response.objects.exists()


def test_save_draft_then_resume_later(client, token):
    client.post(f"/s/{token}/", {**ANSWER, "ansatte": "tre", "action": "save"})
    draft = Response.objects.get()
    assert draft.status == "draft" and draft.data["kontaktperson"] == "Lise Leder"
    assert draft.data["ansatte"] == "tre"  # kept as typed so nothing is lost
    text = client.get(f"/s/{token}/").content.decode()
    assert 'value="Lise Leder"' in text and 'value="tre"' in text and 'value="1806"' in text


def test_autosave_returns_status_and_which_questions_apply(client, token):
    response = client.post(f"/s/{token}/lagre/", {"organisering": "ingen_tilbud"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Utkast lagret" in text and "<html" not in text
    relevant = text.split('data-relevant="')[1].split('"')[0].split()
    assert "organisering" in relevant and "tilbud" not in relevant and "samarbeid" not in relevant


def test_submit_with_missing_answers_keeps_the_draft_and_says_what_to_fix(client, token):
    response = client.post(f"/s/{token}/", {"ansatte": "999", "action": "submit"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Dette spørsmålet må besvares." in text and "Skriv et tall mellom 0 og 500." in text
    assert Response.objects.get().status == "draft"


def test_submit_then_double_submit_keeps_the_first_answer(client, token):
    first = client.post(f"/s/{token}/", {**ANSWER, "action": "submit"})
    assert first.status_code == 302
    again = client.post(f"/s/{token}/", {**ANSWER, "kontaktperson": "", "action": "submit"})
    assert again.status_code == 302
    stored = Response.objects.get()
    assert stored.status == "submitted" and stored.data["kontaktperson"] == "Lise Leder"
    assert stored.data["samarbeid"] == [{"kommunenummer": "1805"}, {"kommunenummer": "1806"}]
    assert stored.data["tilbud"] == ["kols", "parorende"] and stored.data["ansatte"] == 3
    assert "Takk for svaret" in client.get(f"/s/{token}/").content.decode()


def test_autosave_after_submission_changes_nothing(client, token):
    client.post(f"/s/{token}/", {**ANSWER, "action": "submit"})
    text = client.post(f"/s/{token}/lagre/", {"kontaktperson": "Ny"}).content.decode()
    assert "allerede sendt inn" in text and Response.objects.get().data["kontaktperson"] == "Lise Leder"


def test_add_row_button_adds_an_empty_member_row(client, token):
    text = client.post(f"/s/{token}/", {**ANSWER, "action": "add-row:samarbeid"}).content.decode()
    assert 'name="samarbeid-count" value="3"' in text


def test_reopened_answer_can_be_changed_and_submitted_again(client, token):
    client.post(f"/s/{token}/", {**ANSWER, "action": "submit"})
    services.reopen_response(response=Response.objects.get())
    client.post(f"/s/{token}/", {**ANSWER, "kontaktperson": "Per", "action": "submit"})
    assert Response.objects.get().data["kontaktperson"] == "Per"


@pytest.mark.parametrize("case", ["wrong", "expired", "revoked", "reissued"])
def test_unusable_links_get_one_page_that_reveals_nothing(client, recipient, token, case):
    if case == "expired":
        AccessToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    if case == "revoked":
        services.revoke_links(recipient=recipient)
    if case == "reissued":
        services.reissue_link(recipient=recipient)
    url = "/s/" + ("x" * 43 if case == "wrong" else token) + "/"
    for response in (client.get(url), client.post(url, {"kontaktperson": "x", "action": "save"})):
        text = response.content.decode()
        assert response.status_code == 404 and "Lenken virker ikke" in text
        assert "Bodø" not in text and "Rita" not in text
    assert not Response.objects.exists()


def test_reissued_link_works(client, recipient, token):
    new = services.reissue_link(recipient=recipient)
    assert client.get(f"/s/{new}/").status_code == 200


def test_guessing_links_is_rate_limited(client, token):
    codes = [client.get(f"/s/{'g' * 43}{i}/").status_code for i in range(25)]
    assert codes[0] == 404 and codes[-1] == 429
    assert client.get(f"/s/{token}/").status_code == 429


def test_get_never_writes(client, token):
    client.get(f"/s/{token}/")
    assert AccessToken.objects.get().last_used_at is None


def test_opt_out_is_recorded(client, recipient, token):
    assert "ikke flere påminnelser" in client.post(f"/s/{token}/reserver/").content.decode()
    recipient.refresh_from_db()
    assert recipient.opted_out_at is not None


def test_forms_need_csrf(recipient, token):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/s/{token}/", {"action": "save"}).status_code == 403


def test_link_pages_speak_english_when_chosen(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "The link does not work" in client.get("/s/" + "y" * 43 + "/").content.decode()
