"""Recipients proposed from the registry's contact persons: preview, missing units, no silent overwrite."""
import pytest

from mestring.mapping.models import Recipient
from mestring.mapping.registry_diff import CONTACT_ROLE
from mestring.mapping.tests.factories import add_recipient, make_campaign
from mestring.registry.models import Contact, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = make_campaign()
    units = {u.code: u for u in campaign.units.filter(code__in=["1804", "1805", "1820", "1839"])}
    bodo = Service.objects.create(name="LM Bodø", form=Service.Form.LM_KOMMUNE, host_unit=units["1804"])
    Contact.objects.create(service=bodo, name="Per Post", role="Leder", email="per@bodo.example")
    Contact.objects.create(service=bodo, name="Kari Kontakt", role=CONTACT_ROLE, email="Kari@Bodo.example",
                           phone="75 55 50 00")
    narvik = Service.objects.create(name="LM Narvik", form=Service.Form.LM_KOMMUNE, host_unit=units["1805"])
    Contact.objects.create(service=narvik, name="Nils Ny", email="nils@narvik.example")
    add_recipient(campaign, units["1805"], "gammel@narvik.example")
    kvinnherad = Service.objects.create(name="LM Beiarn", form=Service.Form.LM_KOMMUNE, host_unit=units["1839"])
    Contact.objects.create(service=kvinnherad, name="Uten Epost")
    return campaign


def url(campaign) -> str:
    return f"/arbeid/kartlegging/{campaign.slug}/mottakere/fra-registeret/"


def test_preview_proposes_one_contact_per_unit_shows_the_diff_and_lists_units_without(client, admin_user, campaign):
    client.force_login(admin_user)
    page = client.get(url(campaign)).content.decode()
    assert "Kari Kontakt" in page and "kari@bodo.example" in page and "Per Post" not in page
    assert "gammel@narvik.example" in page and "nils@narvik.example" in page and "Endret" in page
    assert 'value="{}" id="unit-{}" checked'.format(*[campaign.units.get(code="1804").pk] * 2) in page
    narvik = campaign.units.get(code="1805").pk
    assert f'value="{narvik}" id="unit-{narvik}">' in page  # a change is not ticked by default
    assert "Ingen kontaktperson med e-post" in page and "Ingen tjeneste i registeret" in page
    assert "441 enheter uten kontaktperson" not in page and "440 enheter uten kontaktperson" in page
    assert Recipient.objects.count() == 1  # GET writes nothing


def test_confirm_stores_new_ones_and_keeps_an_unticked_existing_recipient(client, admin_user, campaign):
    client.force_login(admin_user)
    bodo, narvik = campaign.units.get(code="1804"), campaign.units.get(code="1805")
    response = client.post(url(campaign), {"unit": [str(bodo.pk)]})
    assert response.status_code == 302
    stored = campaign.recipients.get(unit=bodo)
    assert (stored.name, stored.email, stored.phone) == ("Kari Kontakt", "kari@bodo.example", "75 55 50 00")
    assert campaign.recipients.get(unit=narvik).email == "gammel@narvik.example"


def test_a_ticked_change_overwrites_and_clears_an_old_bounce(client, admin_user, campaign):
    from django.utils import timezone

    narvik = campaign.units.get(code="1805")
    campaign.recipients.filter(unit=narvik).update(bounced_at=timezone.now())
    client.force_login(admin_user)
    client.post(url(campaign), {"unit": [str(narvik.pk)]})
    recipient = campaign.recipients.get(unit=narvik)
    assert (recipient.name, recipient.email, recipient.bounced_at) == ("Nils Ny", "nils@narvik.example", None)
    assert campaign.recipients.count() == 1


@pytest.mark.parametrize("who", ["coordinator_a", "interviewer", "outsider"])
def test_other_roles_get_403_and_nothing_is_stored(client, request, who, campaign):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(campaign)).status_code == 403
    assert client.post(url(campaign), {"unit": [str(campaign.units.get(code="1804").pk)]}).status_code == 403
    assert Recipient.objects.count() == 1
