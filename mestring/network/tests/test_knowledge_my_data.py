"""A logged-in person sees and downloads what the network app holds about them, and nobody else's."""
import json

import pytest
from django.urls import reverse

from mestring.network import services
from mestring.network.models_knowledge import ProjectContact
from mestring.network.tests.conftest import make_event
from mestring.network.tests.knowledge_helpers import make_practice, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari_data(admin_user, unit_a, outsider):
    event = make_event()
    for name, email in (("Kari", outsider.email), ("Ola Annen", "ola@example.no")):
        services.register(event_id=event.pk, participant=services.Participant(
            name=name, email=email, organisation="Tromsø kommune", dietary_needs="Vegetar"))
    example = make_practice(admin_user, unit_a)
    example.contact_email = outsider.email.upper()
    example.save()
    ProjectContact.objects.create(project=make_project(unit_a), name="Kari", email=outsider.email)


def test_json_export_holds_own_registrations_and_contact_roles_only(client, outsider, kari_data):
    client.force_login(outsider)
    response = client.get(reverse("network:my_personal_data_json"))
    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="mine-opplysninger.json"'
    assert [r["name"] for r in data["registrations"]] == ["Kari"]
    assert data["registrations"][0]["dietary_needs"] == "Vegetar" and data["registrations"][0]["kept_until"]
    assert "Ola Annen" not in response.content.decode()
    assert [c["title"] for c in data["practice_example_contact"]] == ["Felles lærings- og mestringssenter"]
    assert [c["project"] for c in data["project_contact"]] == ["Pårørendeskolen i nord"]
    assert data["representative"] is None


def test_page_says_why_and_until_when(client, outsider, kari_data):
    client.force_login(outsider)
    page = client.get(reverse("network:my_personal_data")).content.decode()
    assert "Nettverkskonferansen 2027" in page and "Slettes" in page and "kontaktperson for et prosjekt" in page


@pytest.mark.parametrize("name", ["network:my_personal_data", "network:my_personal_data_json"])
def test_anonymous_must_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "next=" in response["Location"]
