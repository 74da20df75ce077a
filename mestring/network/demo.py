"""Demo events for `mestring load_demo`: an open network conference and a network meeting."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mestring.network import services
from mestring.network.demo_knowledge import create_demo_knowledge
from mestring.network.models import Event
from mestring.structure.models import Unit

PROGRAMME = """09.30 Registrering og kaffe
10.00 Velkommen – nasjonal kompetansetjeneste for læring og mestring
10.30 Kommunale lærings- og mestringstjenester: erfaringer fra kartleggingen
12.00 Lunsj
13.00 Dialogkafé: åtte spørsmål, to bord per spørsmål
15.00 Oppsummering og veien videre"""

DEMO_PEOPLE = [
    ("Siri Solberg", "siri.solberg@example.no", "Tromsø kommune", "LM-koordinator", "Vegetar", ""),
    ("Per Pedersen", "per.pedersen@example.no", "Mental Helse", "Brukerrepresentant", "", "Rullestoltilgang"),
    ("Hanne Hansen", "hanne.hansen@example.no", "UNN HF, LMS", "Rådgiver", "Glutenfritt", ""),
]


def _day(days: int, hour: int) -> dt.datetime:
    base = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(base, dt.time(hour)))


@transaction.atomic
def create_demo_events() -> list[Event]:
    tromso = Unit.objects.current().filter(kind="kommune", code="5501").first()
    conference, created = Event.objects.get_or_create(slug="nettverkskonferansen", defaults=dict(
        title="Nettverkskonferansen for kommunale LM-tjenester", kind=Event.Kind.CONFERENCE,
        summary="Åpen nettverkskonferanse for alle som arbeider med lærings- og mestringstjenester i kommunene.",
        programme=PROGRAMME, place="Scandic Oslo City", address="Europarådets plass 1, 0154 Oslo",
        starts_at=_day(60, 10), ends_at=_day(60, 16), capacity=200, is_published=True,
        delete_personal_data_on=(timezone.localdate() + dt.timedelta(days=90))))
    if created:
        for name, email, org, role, diet, access in DEMO_PEOPLE:
            services.register(event_id=conference.pk, participant=services.Participant(
                name=name, email=email, organisation=org, role=role, dietary_needs=diet,
                accessibility_needs=access))
    meeting, _ = Event.objects.get_or_create(slug="nettverksmote-nord", defaults=dict(
        title="Nettverksmøte Nord-Norge", kind=Event.Kind.MEETING, unit=tromso,
        summary="Nettverksmøte for LM-koordinatorer i Nord-Norge.", place="Tromsø rådhus",
        starts_at=_day(30, 12), ends_at=_day(30, 15), capacity=30, is_published=True,
        delete_personal_data_on=(timezone.localdate() + dt.timedelta(days=60))))
    create_demo_representatives(tromso)
    create_demo_knowledge()
    return [conference, meeting]


def create_demo_representatives(tromso: Unit) -> None:
    """A rate table, a brukerrepresentant for Tromsø with a log-in, and one planned assignment."""
    from mestring.accounts.demo import demo_password
    from mestring.accounts.models import User
    from mestring.network.models import Assignment, Rate, Representative, Training

    rate, _ = Rate.objects.get_or_create(name="Standard honorar", defaults={"hourly_amount": Decimal("450.00"),
                                                                            "travel_per_km": Decimal("4.50")})
    user, created = User.objects.get_or_create(email="brukerrep@mestring.example",
                                               defaults={"full_name": "Randi Representant"})
    if created:
        user.set_password(demo_password())
        user.save()
    person, created = Representative.objects.get_or_create(email=user.email, defaults=dict(
        name="Randi Representant", appointed_by="Mental Helse", experience="Psykisk helse, pårørende",
        competence="Kursholder KiD", consent_at=timezone.now(), user=user,
        keep_until=timezone.localdate() + dt.timedelta(days=730)))
    if created:
        person.units.add(tromso)
        Training.objects.create(representative=person, title="Grunnkurs for brukerrepresentanter",
                                completed_on=timezone.localdate() - dt.timedelta(days=200))
        Assignment.objects.create(representative=person, unit=tromso, title="KiD-kurs, høst", rate=rate,
                                  starts_on=timezone.localdate() + dt.timedelta(days=20),
                                  ends_on=timezone.localdate() + dt.timedelta(days=62), hours=Decimal("16"),
                                  travel_km=40)
