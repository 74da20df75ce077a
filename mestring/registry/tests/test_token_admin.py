"""National admins see every write-API key in the admin and can revoke one; nobody else can."""
import datetime as dt

import pytest

from mestring.registry import services
from mestring.registry.models import ApiToken

pytestmark = pytest.mark.django_db
LATER = dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def token(coordinator_a):
    return services.create_token(user=coordinator_a, name="Kurskalender", expires=LATER)


def test_admin_revokes_a_coordinators_key_and_the_api_refuses_it(client, admin_user, token):
    saved, secret = token
    client.force_login(admin_user)
    listing = client.get("/arbeid/admin/registry/apitoken/").content.decode()
    assert "Kurskalender" in listing and secret not in listing and saved.secret_hash not in listing
    answer = client.post("/arbeid/admin/registry/apitoken/", {"action": "revoke", "_selected_action": [saved.pk]})
    assert answer.status_code == 302
    assert ApiToken.objects.get(pk=saved.pk).revoked is not None
    client.logout()
    refused = client.post("/api/hsds/organizations", "{}", content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 401


def test_keys_cannot_be_made_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/arbeid/admin/registry/apitoken/add/").status_code == 403


def test_a_coordinator_cannot_open_the_key_list(client, coordinator_a, token):
    client.force_login(coordinator_a)
    assert client.get("/arbeid/admin/registry/apitoken/").status_code in (302, 403)
