"""A reviewed answer carried into the registry field by field (issue 5 point 6)."""
import datetime as dt

import pytest

from mestring.mapping.models import RegistryUpdate, Response
from mestring.mapping.registry_diff import CONTACT_ROLE
from mestring.mapping.tests.factories import make_campaign
from mestring.registry.models import Contact, Service, ServiceMembership

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2014, 1, 1)


@pytest.fixture
def campaign():
    return make_campaign()


def answer(campaign, code="1804", **data) -> Response:
    survey = campaign.questionnaires.get(purpose="survey")
    return Response.objects.create(questionnaire=survey, unit=campaign.units.get(code=code),
                                   status=Response.Status.SUBMITTED, data=data)


@pytest.fixture
def host_answer(campaign):
    return answer(campaign, kontaktperson="Kari Nordmann", organisering="vert",
                  samarbeid=[{"kommunenummer": "1839"}, {"kommunenummer": "1840"}])


def url(response) -> str:
    return f"/arbeid/kartlegging/{response.questionnaire.campaign.slug}/svar/{response.pk}/registeret/"


def test_admin_sees_the_diff_and_get_writes_nothing(client, admin_user, host_answer):
    client.force_login(admin_user)
    page = client.get(url(host_answer)).content.decode()
    assert "Kommunal lærings- og mestringstjeneste" in page and "Kari Nordmann" in page and "1839, 1840" in page
    assert 'name="accept" value="members"' in page
    assert not Service.objects.exists()
    host_answer.refresh_from_db()
    assert host_answer.reviewed_at is None


def test_admin_applies_every_field_and_the_registry_changes(client, admin_user, host_answer):
    client.force_login(admin_user)
    reply = client.post(url(host_answer), {"accept": ["form", "contact", "members"]})
    assert reply.status_code == 302
    service = Service.objects.get(host_unit=host_answer.unit)
    assert service.form == Service.Form.LM_KOMMUNE
    assert list(service.contacts.values_list("name", "role")) == [("Kari Nordmann", CONTACT_ROLE)]
    assert sorted(m.unit.code for m in service.memberships.all()) == ["1839", "1840"]
    assert {m.valid_from for m in service.memberships.all()} == {AS_OF}
    update = RegistryUpdate.objects.get()
    assert update.response == host_answer and update.service == service and update.applied_by == admin_user
    assert update.changes["members"] == ["1839", "1840"]
    host_answer.refresh_from_db()
    assert host_answer.reviewed_by == admin_user
    page = client.get(url(host_answer)).content.decode()
    assert "Ingen ennå" not in page and 'name="accept"' not in page


def test_unaccepted_fields_stay_unchanged(client, admin_user, host_answer):
    service = Service.objects.create(name="LMT Bodø", form=Service.Form.LMT, host_unit=host_answer.unit)
    Contact.objects.create(service=service, name="Ola Gammel", role=CONTACT_ROLE, email="ola@bodo.example")
    client.force_login(admin_user)
    client.post(url(host_answer), {"accept": ["contact"]})
    service.refresh_from_db()
    assert service.form == Service.Form.LMT
    assert not ServiceMembership.objects.exists()
    assert list(service.contacts.values_list("name", "email")) == [("Kari Nordmann", "")]
    assert Service.objects.count() == 1


def test_second_apply_is_idempotent(client, admin_user, host_answer):
    client.force_login(admin_user)
    everything = {"accept": ["form", "contact", "members"]}
    client.post(url(host_answer), everything)
    client.post(url(host_answer), everything)
    assert Service.objects.count() == 1 and Contact.objects.count() == 1
    assert ServiceMembership.objects.count() == 2
    assert RegistryUpdate.objects.count() == 1


def test_unknown_member_code_cannot_be_accepted(client, admin_user, campaign):
    response = answer(campaign, kontaktperson="Kari", organisering="vert", samarbeid=[{"kommunenummer": "9999"}])
    client.force_login(admin_user)
    assert "Ukjent kommunenummer per 01.01.2014: 9999" in client.get(url(response)).content.decode()
    client.post(url(response), {"accept": ["members"]})
    assert not ServiceMembership.objects.exists() and not Service.objects.exists()


def test_member_answer_offers_no_change(client, admin_user, campaign):
    response = answer(campaign, kontaktperson="Kari", organisering="medlem")
    client.force_login(admin_user)
    assert "ingen endring" in client.get(url(response)).content.decode()
    client.post(url(response), {"accept": ["form", "contact"]})
    assert not Service.objects.exists()
    response.refresh_from_db()
    assert response.reviewed_at is not None


def test_draft_answer_has_no_review_page(client, admin_user, campaign):
    response = answer(campaign, organisering="eget")
    Response.objects.filter(pk=response.pk).update(status=Response.Status.DRAFT)
    client.force_login(admin_user)
    assert client.get(url(response)).status_code == 404


@pytest.mark.parametrize("who", ["coordinator_a", "interviewer", "outsider"])
def test_other_roles_get_403_and_nothing_is_written(client, request, who, host_answer):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(host_answer)).status_code == 403
    assert client.post(url(host_answer), {"accept": ["form", "contact", "members"]}).status_code == 403
    assert not Service.objects.exists()
    host_answer.refresh_from_db()
    assert host_answer.reviewed_at is None


# Memberships that end (issue 5 point 6: a dropped member does not stay open forever) ------------

def later_campaign_answer(slug="kommuner-2016", year=2016, **data) -> Response:
    return answer(make_campaign(slug=slug, year=year), **data)


def test_a_later_campaign_without_a_member_ends_that_membership(client, admin_user, host_answer):
    client.force_login(admin_user)
    client.post(url(host_answer), {"accept": ["form", "contact", "members"]})
    later = later_campaign_answer(kontaktperson="Kari Nordmann", organisering="vert",
                                  samarbeid=[{"kommunenummer": "1840"}, {"kommunenummer": "1841"}])
    page = client.get(url(later)).content.decode()
    assert "Avsluttes 31.12.2015: 1839" in page and "Legges til fra 01.01.2016: 1841" in page
    client.post(url(later), {"accept": ["members"]})
    rows = {(m.unit.code, m.valid_from, m.valid_to) for m in ServiceMembership.objects.select_related("unit")}
    assert rows == {("1839", AS_OF, dt.date(2015, 12, 31)), ("1840", AS_OF, None),
                    ("1841", dt.date(2016, 1, 1), None)}
    assert RegistryUpdate.objects.get(response=later).changes["members_ended"] == ["1839"]
    assert 'name="accept" value="members"' not in client.get(url(later)).content.decode()  # applied: no diff left


def test_ending_is_only_offered_not_written_until_accepted(client, admin_user, host_answer):
    client.force_login(admin_user)
    client.post(url(host_answer), {"accept": ["form", "contact", "members"]})
    later = later_campaign_answer(kontaktperson="Kari Nordmann", organisering="eget")
    client.post(url(later), {"accept": ["contact"]})
    assert set(ServiceMembership.objects.values_list("valid_to", flat=True)) == {None}
    client.post(url(later), {"accept": ["members"]})
    assert set(ServiceMembership.objects.values_list("valid_to", flat=True)) == {dt.date(2015, 12, 31)}


def test_a_reopened_answer_that_drops_a_member_removes_the_row_it_created(client, admin_user, host_answer):
    client.force_login(admin_user)
    client.post(url(host_answer), {"accept": ["form", "contact", "members"]})
    Response.objects.filter(pk=host_answer.pk).update(data={**host_answer.data, "samarbeid": [{"kommunenummer": "1840"}]})
    page = client.get(url(host_answer)).content.decode()
    assert "Fjernes (registrert fra samme dato): 1839" in page
    client.post(url(host_answer), {"accept": ["members"]})
    assert list(ServiceMembership.objects.values_list("unit__code", "valid_to")) == [("1840", None)]
