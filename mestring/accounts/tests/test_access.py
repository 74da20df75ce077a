"""Log-in, roles, scope and brute-force protection."""
import pytest
from django.core import mail
from django.urls import reverse

from mestring.accounts.access import can_coordinate, scoped_units
from mestring.conftest import PASSWORD
from mestring.structure.models import Unit

pytestmark = pytest.mark.django_db


def test_log_in_with_email_and_password_opens_the_staff_home(client, coordinator_a):
    response = client.post(reverse("accounts:login"), {"username": "koord.a@test.example", "password": PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:home")
    assert "Tromsø" in response.content.decode()


def test_wrong_password_gets_a_norwegian_message(client, coordinator_a):
    response = client.post(reverse("accounts:login"), {"username": "koord.a@test.example", "password": "feil"})
    assert "Feil e-post eller passord" in response.content.decode()


def test_five_failures_lock_the_account_from_that_address(client, coordinator_a):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "koord.a@test.example", "password": "feil"})
    response = client.post(reverse("accounts:login"), {"username": "koord.a@test.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange mislykkede innlogginger" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(client, coordinator_a):
    client.post(reverse("accounts:password_reset"), {"email": "koord.a@test.example"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/nytt-passord/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new = "Et-helt-nytt-passord-99"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "koord.a@test.example", "password": new})
    assert "_auth_user_id" in client.session


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "ingen@test.example"}, follow=True)
    assert "Hvis adressen hører til en konto" in response.content.decode()
    assert mail.outbox == []


def test_logout_needs_post(client, coordinator_a):
    client.force_login(coordinator_a)
    client.get(reverse("accounts:logout"))
    assert "_auth_user_id" in client.session
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_staff_home_needs_log_in(client):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_coordinator_scope_is_their_unit_and_its_districts(coordinator_a, unit_a, unit_b):
    assert can_coordinate(coordinator_a, unit_a)
    assert not can_coordinate(coordinator_a, unit_b)


def test_a_kommune_coordinator_also_coordinates_its_bydeler(db):
    from mestring.conftest import make_user

    oslo = Unit.objects.current().get(kind="kommune", code="0301")
    user = make_user("oslo@test.example", "coordinator", oslo)
    assert scoped_units(user).filter(kind="bydel").count() == 17
    assert not scoped_units(user).filter(code="4601").exists()


def test_national_admin_coordinates_everything(admin_user, unit_b):
    assert can_coordinate(admin_user, unit_b)


def test_interviewer_and_outsider_coordinate_nothing(interviewer, outsider, unit_a):
    assert not can_coordinate(interviewer, unit_a)
    assert not can_coordinate(outsider, unit_a)
