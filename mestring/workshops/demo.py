"""Demo dialogue café for `mestring load_demo`: the eight questions with notes from the labelled set."""
from __future__ import annotations

from django.db import transaction

from mestring.structure.models import Unit
from mestring.workshops import services
from mestring.workshops.evaluation import load_labelled
from mestring.workshops.models import Note, Workshop, WorkshopTable

DEMO_TITLE = "Dialogkafé på nettverkskonferansen (demo)"
QUESTIONS = [
    "Hva trenger dere for å få oversikt over tilbud, ressurser og kontaktpersoner?",
    "Hvordan kan brukermedvirkningen styrkes?",
    "Hvordan bør ansvaret fordeles mellom sykehus og kommune?",
    "Hvilke digitale verktøy og systemer trenger tjenestene?",
    "Hvordan gjør vi tilbudene synlige og tilgjengelige?",
    "Hvordan når vi barn, unge og pårørende?",
    "Hvordan når vi minoritetsspråklige og sikrer likeverdig tilgang?",
    "Hva skal til for et godt nettverk mellom tjenestene?",
]


@transaction.atomic
def create_demo_workshop() -> Workshop:
    """Idempotent: the demo workshop is made once, open for notes, run by Tromsø kommune."""
    existing = Workshop.objects.filter(title=DEMO_TITLE).first()
    if existing:
        return existing
    workshop = services.create_workshop(user=None, title=DEMO_TITLE, unit=Unit.objects.current().get(kind="kommune", code="5501"),
                                        place="Tromsø", questions=QUESTIONS, rounds=3)
    tables = {(t.question.number, t.label): t for t in WorkshopTable.objects.filter(question__workshop=workshop)
              .select_related("question")}
    for row in load_labelled():
        table = tables[(int(row["question_number"]), row["table"])]
        Note.objects.create(table=table, text=row["text"], source=Note.Source.IMPORT,
                            is_main=row["is_main"] == "1" and not table.notes.filter(is_main=True).exists())
    return services.set_status(workshop=workshop, status=Workshop.Status.OPEN)
