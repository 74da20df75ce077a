"""The registry's data rules and the Norwegian search."""
import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mestring.registry import search
from mestring.registry.models import CourseOffer, Service, ServiceMembership
from mestring.registry.tests.factories import make_offer, vocabulary_sizes
from mestring.structure.models import Unit

pytestmark = pytest.mark.django_db


def test_vocabularies_ship_with_diagnosis_independent_and_four_target_groups():
    assert vocabulary_sizes() == (15, 4)


@pytest.mark.parametrize("query, found", [
    ("diabetesen", True), ("kursene", True), ("pårørendes", True), ("Tromsø", True), ("kreft", False),
])
def test_inflected_norwegian_forms_find_the_course(unit_a, query, found):
    make_offer(unit_a, title="Kurs for pårørende", description="Et kurs om diabetes for pårørende.")
    assert search.matching(CourseOffer.objects.all(), query).exists() is found


def test_editing_a_title_updates_the_index(unit_a):
    offer = make_offer(unit_a, title="Leve med KOLS", description="Pust og trening.")
    offer.title = "Leve med revmatisme"
    offer.save()
    assert not search.matching(CourseOffer.objects.all(), "kols").exists()
    assert search.matching(CourseOffer.objects.all(), "revmatismen").exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), st.sampled_from(['"', "diabetes\" OR \"", "NEAR(a b)", "a AND", "*",
                                                         "'; DROP TABLE registry_service; --", "^kurs", "kurs:",
                                                         "\x00", "ﬁ ß 𝔡𝔦𝔞𝔟𝔢𝔱𝔢𝔰", "x" * 5000])))
def test_hostile_search_strings_never_fail(unit_a, text):
    list(search.matching(CourseOffer.objects.all(), text)[:5])


def test_intermunicipal_membership_is_dated(unit_a):
    offer = make_offer(unit_a)
    neighbour = Unit.objects.current().get(kind="kommune", code="5503")
    ServiceMembership.objects.create(service=offer.service, unit=neighbour, valid_from=dt.date(2020, 1, 1),
                                     valid_to=dt.date(2023, 12, 31))
    assert offer.service.units_served_on(dt.date(2021, 6, 1)) == [unit_a, neighbour]
    assert offer.service.units_served_on(dt.date(2025, 6, 1)) == [unit_a]


def test_membership_dates_must_be_in_order(unit_a):
    offer = make_offer(unit_a)
    with pytest.raises(IntegrityError):
        ServiceMembership.objects.create(service=offer.service, unit=unit_a, valid_from=dt.date(2020, 1, 1),
                                         valid_to=dt.date(2019, 1, 1))


def test_load_demo_creates_services_for_every_trust_and_the_demo_coordinators(capsys):
    call_command("load_demo", "--services", "60")
    hf_count = Unit.objects.current().filter(kind="hf").count()
    assert Service.objects.filter(form=Service.Form.LMS_HF).count() == hf_count
    assert Service.objects.filter(host_unit__code__in=["5501", "030101", "universitetssykehuset-nord-norge"]).count() == 3
    assert CourseOffer.objects.exists() and search.matching(CourseOffer.objects.all(), "diabetesen").exists()
    assert "Demo registry: 60 services" in capsys.readouterr().out


def test_load_demo_without_reports_leaves_the_activity_years_empty(capsys):
    """The benchmarks' option: many services quickly, no demo activity reports."""
    from mestring.activity.models import ActivityReport

    call_command("load_demo", "--services", "30", "--without-reports")
    assert Service.objects.exists() and not ActivityReport.objects.exists()


def test_changes_are_in_the_audit_trail(unit_a):
    from auditlog.models import LogEntry

    offer = make_offer(unit_a)
    offer.cost_nok = 250
    offer.save()
    assert LogEntry.objects.get_for_object(offer).filter(changes_text__contains="250").exists() or \
        any("cost_nok" in (e.changes_dict or {}) for e in LogEntry.objects.get_for_object(offer))


def test_closing_a_service_hides_its_courses_from_search(unit_a):
    from mestring.registry.selectors import OfferQuery, offers_matching

    offer = make_offer(unit_a, title="Leve med KOLS")
    assert offers_matching(OfferQuery(text="kols")).count() == 1
    offer.service.status = "defunct"
    offer.service.save()
    assert offers_matching(OfferQuery(text="kols")).count() == 0


def test_renaming_or_deleting_a_place_updates_the_index_of_its_courses(unit_a):
    offer = make_offer(unit_a, title="Leve med KOLS")
    location = offer.locations.get()
    location.place = "Kvaløysletta"
    location.save()
    assert search.matching(CourseOffer.objects.all(), "kvaløysletta").exists()
    location.delete()
    assert not search.matching(CourseOffer.objects.all(), "kvaløysletta").exists()
