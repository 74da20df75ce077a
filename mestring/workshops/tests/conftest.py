"""A dialogue café run by Tromsø (coordinator A's unit), with two questions of two tables each."""
import pytest

from mestring.workshops import services
from mestring.workshops.models import Workshop


@pytest.fixture
def workshop(coordinator_a, unit_a) -> Workshop:
    workshop = services.create_workshop(
        user=coordinator_a, title="Nettverkskonferansen 2026", unit=unit_a, rounds=2,
        questions=["Hva trenger dere for å få oversikt over tilbud?", "Hvordan styrke brukermedvirkning?"])
    return services.set_status(workshop=workshop, status=Workshop.Status.OPEN)


@pytest.fixture
def question(workshop):
    return workshop.questions.get(number=1)


@pytest.fixture
def table1(question):
    return question.tables.get(label="1")


@pytest.fixture
def table2(question):
    return question.tables.get(label="2")
