"""Privacy of brukerrepresentanter: deleted or anonymised after their keep-until date (assignments kept for
payment records, no personal data left in the audit trail), access to their pages logged."""
import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mestring.accounts.models import User
from mestring.network import privacy
from mestring.network.models import Assignment, PersonalDataAccess, Rate, Representative, Training

pytestmark = pytest.mark.django_db


def make_person(unit, *, email, keep_until, user=None):
    person = Representative.objects.create(
        name="Per Persen", email=email, phone="99887766", appointed_by="FFO", experience="Diabetes",
        competence="Kursholder", consent_at=timezone.now(), keep_until=keep_until, user=user)
    person.units.add(unit)
    Training.objects.create(representative=person, title="Grunnkurs", completed_on=dt.date(2024, 1, 1))
    person.name = "Per Olav Persen"  # an audited change: the old name now sits in the audit trail
    person.save()
    return person


@pytest.fixture
def due_day():
    return timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def paid_person(unit_a, due_day):
    user = User.objects.create_user("per.betalt@example.no", None, full_name="Per Persen")
    person = make_person(unit_a, email="per.betalt@example.no", keep_until=due_day, user=user)
    rate = Rate.objects.create(name="Standard", hourly_amount=Decimal("450"))
    Assignment.objects.create(representative=person, unit=unit_a, title="KiD-kurs", rate=rate, hours=Decimal("8"),
                              starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 8))
    return person


@pytest.fixture
def unpaid_person(unit_a, due_day):
    return make_person(unit_a, email="per.ubetalt@example.no", keep_until=due_day)


def test_nothing_happens_before_the_keep_until_date(paid_person, unpaid_person, due_day):
    assert privacy.expire_representatives(today=due_day - dt.timedelta(days=1)) == {"deleted": 0, "anonymised": 0}
    assert Representative.objects.filter(name="Per Olav Persen").count() == 2


def test_command_deletes_or_anonymises_on_the_date(paid_person, unpaid_person, due_day, capsys):
    call_command("network_anonymise", date=due_day.isoformat())
    assert "1 deleted, 1 anonymised" in capsys.readouterr().out
    assert not Representative.objects.filter(pk=unpaid_person.pk).exists()
    kept = Representative.objects.get(pk=paid_person.pk)
    assert (kept.name, kept.phone, kept.experience, kept.competence, kept.user) == ("Anonymisert", "", "", "", None)
    assert "per.betalt" not in kept.email and kept.anonymised_at is not None
    assert not kept.trainings.exists()
    assert kept.assignments.get().total == Decimal("3600.00")  # the payment record stays
    assert not User.objects.filter(email="per.betalt@example.no").exists()


def test_no_personal_data_is_left_in_the_audit_trail(paid_person, unpaid_person, due_day):
    privacy.expire_representatives(today=due_day)
    logged = " ".join(f"{e.object_repr} {e.changes}" for e in LogEntry.objects.all())
    for secret in ("Persen", "per.betalt", "per.ubetalt", "99887766", "Diabetes", "Grunnkurs"):
        assert secret not in logged
    assert LogEntry.objects.get_for_object(Representative.objects.get()).count() == 1  # "anonymised", no names


def test_running_twice_changes_nothing_more(paid_person, due_day):
    assert privacy.expire_representatives(today=due_day) == {"deleted": 0, "anonymised": 1}
    assert privacy.expire_representatives(today=due_day) == {"deleted": 0, "anonymised": 0}


def test_a_staff_account_linked_to_a_representative_is_kept(unit_a, due_day, coordinator_a):
    make_person(unit_a, email=coordinator_a.email, keep_until=due_day, user=coordinator_a)
    privacy.expire_representatives(today=due_day)
    coordinator_a.refresh_from_db()
    assert coordinator_a.is_active and not Representative.objects.exists()


def test_opening_the_edit_form_is_logged_as_access(client, coordinator_a, unpaid_person):
    client.force_login(coordinator_a)
    assert client.get(reverse("network:representative_edit", args=[unpaid_person.pk])).status_code == 200
    assert PersonalDataAccess.objects.filter(representative=unpaid_person, user=coordinator_a).count() == 1


def test_representative_page_shows_why_and_until_when(client, coordinator_a, unpaid_person, due_day):
    client.force_login(coordinator_a)
    page = client.get(reverse("network:representative", args=[unpaid_person.pk])).content.decode()
    assert "Hvorfor vi har opplysningene" in page and "Slettes senest" in page
    assert "senest på datoen" in page  # the purpose text itself
