"""Random form and body payloads against the link's save, autosave and submit endpoints (hypothesis):
never a server error, never a lost answer."""
import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mestring.mapping import services
from mestring.mapping.models import Response
from mestring.mapping.tests.factories import add_recipient, make_campaign

pytestmark = pytest.mark.django_db
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
keys = st.one_of(st.sampled_from(["kontaktperson", "organisering", "ansatte", "tilbud", "samarbeid-count",
                                  "samarbeid-0-kommunenummer", "samarbeid-99-kommunenummer", "action"]), text)
values = st.one_of(text, st.sampled_from(["vert", "eget", "kols", "submit", "save", "add-row:samarbeid", "-1",
                                          "100000000000000000000"]), st.lists(text, max_size=3))
forms = st.dictionaries(keys, values, max_size=8)


@pytest.fixture
def token():
    campaign = make_campaign()
    recipient = add_recipient(campaign, campaign.units.get(code="1804"))
    return services.issue_link(recipient=recipient)


def post(client, token, endpoint, form):
    cache.clear()  # the rate limit is tested elsewhere; here every request must reach the view
    path = f"/s/{token}/" + ("lagre/" if endpoint == "autosave" else "")
    return client.post(path, form)


@SETTINGS
@given(form=forms, endpoint=st.sampled_from(["autosave", "form"]))
def test_random_form_payloads_never_fail_and_a_draft_keeps_what_was_typed(client, token, form, endpoint):
    response = post(client, token, endpoint, form)
    assert response.status_code in {200, 302, 400}, response.status_code
    stored = Response.objects.filter(unit__code="1804").first()
    typed = form.get("kontaktperson")
    if stored is not None and stored.status == "draft" and isinstance(typed, str) and typed.replace("\x00", "").strip():
        assert stored.data["kontaktperson"] == typed.replace("\x00", "").strip()[:4000]
    Response.objects.all().delete()


@SETTINGS
@given(body=st.binary(max_size=200), content_type=st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]),
    endpoint=st.sampled_from(["autosave", "form"]))
def test_random_bodies_never_fail(client, token, body, content_type, endpoint):
    cache.clear()
    path = f"/s/{token}/" + ("lagre/" if endpoint == "autosave" else "")
    assert client.post(path, body, content_type=content_type).status_code in {200, 302, 400}
    Response.objects.all().delete()


@pytest.fixture
def submitted(client, token):
    answer = {"kontaktperson": "Lise Leder", "organisering": "vert", "samarbeid-count": "1",
              "samarbeid-0-kommunenummer": "1805", "ansatte": "3", "tilbud": ["kols"], "action": "submit"}
    assert client.post(f"/s/{token}/", answer).status_code == 302
    return Response.objects.get()


@SETTINGS
@given(form=forms, endpoint=st.sampled_from(["autosave", "form"]))
def test_a_submitted_answer_is_never_changed_by_later_posts(client, token, submitted, form, endpoint):
    assert post(client, token, endpoint, form).status_code in {200, 302}
    stored = Response.objects.get()
    assert (stored.status, stored.data, stored.revision) == ("submitted", submitted.data, submitted.revision)
