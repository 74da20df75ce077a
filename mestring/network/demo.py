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
    create_demo_groups()
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


def create_demo_groups() -> None:
    """A public working group with meetings (open and internal), a network, and a contact directory.

    The group leader can log in (gruppeleder@mestring.example, the demo password); Tromsø kommune is a
    member unit, so Tromsø's demo coordinator sees the members' space too.
    """
    from mestring.network.models_groups import Group

    if Group.objects.filter(slug="nasjonal-arbeidsgruppe").exists():
        return
    _demo_working_group()
    _demo_network()
    _demo_directory()


def _demo_working_group() -> None:
    from mestring.accounts.demo import demo_password
    from mestring.accounts.models import User
    from mestring.network import services_groups
    from mestring.network.models_groups import Group, Meeting, Membership

    leader, created = User.objects.get_or_create(email="gruppeleder@mestring.example",
                                                 defaults={"full_name": "Lene Gruppeleder"})
    if created:
        leader.set_password(demo_password())
        leader.save()
    current = Unit.objects.current()
    helse_nord = current.filter(kind="rhf", code="helse-nord").first()
    group = Group.objects.create(
        name="Nasjonal arbeidsgruppe for kommunale LM-tjenester", slug="nasjonal-arbeidsgruppe",
        kind=Group.Kind.WORKING_GROUP, is_public=True,
        description="Arbeidsgruppen samler praksiseksempler på organisering og samarbeid, og skriver modeller "
                    "og anbefalinger for kommunale lærings- og mestringstjenester.")
    Membership.objects.create(group=group, person_name="Lene Gruppeleder", person_email=leader.email, user=leader,
                              role=Membership.Role.LEADER, starts_on=timezone.localdate() - dt.timedelta(days=400))
    Membership.objects.create(group=group, unit=current.get(kind="kommune", code="5501"), region=helse_nord,
                              starts_on=timezone.localdate() - dt.timedelta(days=400))
    Membership.objects.create(group=group, organisation="FFO", role=Membership.Role.MEMBER)
    Membership.objects.create(group=group, person_name="Sara Sekretær", person_email="sara.sekretaer@example.no",
                              role=Membership.Role.SECRETARY)
    open_meeting = Meeting.objects.create(
        group=group, title="Oppstartsmøte", starts_at=_day(-60, 10), place="Oslo", is_public=True,
        agenda="Velkommen og mandat\nKartlegging av kommunale LM-tjenester\nArbeidsplan for året",
        minutes="Gruppen gikk gjennom mandatet og ble enige om å samle ti praksiseksempler før sommeren.")
    internal = Meeting.objects.create(
        group=group, title="Arbeidsmøte om praksiseksempler", starts_at=_day(-20, 12), is_digital=True,
        agenda="Gjennomgang av innsendte eksempler\nUtkast til anbefalinger",
        minutes="Utkastene deles bare i gruppen til de er ferdige. Neste møte avgjør rekkefølgen.")
    Meeting.objects.create(group=group, title="Arbeidsmøte om anbefalinger", starts_at=_day(25, 10),
                           is_digital=True, place="Teams", agenda="Anbefalinger, første runde\nVeien videre")
    for meeting, name, text, public in (
            (open_meeting, "mandat.txt", "Mandat for arbeidsgruppen: beskrive organisering og samarbeid.", True),
            (internal, "utkast-anbefalinger.txt", "Utkast: anbefalinger om brukermedvirkning og samarbeid.",
             False)):
        data = text.encode()
        services_groups.add_attachment(meeting=meeting, upload=services_groups.Upload(name, len(data), data),
                                       is_public=public, by=leader)


def _demo_network() -> None:
    from mestring.network.models_groups import Group, Meeting, Membership

    network = Group.objects.create(
        name="Nettverk for kommunale lærings- og mestringstjenester", slug="kommunenettverket",
        kind=Group.Kind.NETWORK, is_public=True,
        description="Et åpent nettverk for alle som arbeider med lærings- og mestringstilbud i kommunene.")
    for code in ("5501", "1804"):
        Membership.objects.create(group=network, unit=Unit.objects.current().get(kind="kommune", code=code))
    Meeting.objects.create(group=network, title="Nettverksmøte høst", starts_at=_day(-10, 13), is_digital=True,
                           is_public=True, agenda="Erfaringer fra dialogkafeene\nNytt fra kompetansetjenesten",
                           minutes="Tjue kommuner deltok. Presentasjonene deles i nettverket.")


DEMO_DIRECTORY = [
    ("kommune", "5501", "Tone Tromsø", "LM-koordinator", "tone.tromso@example.no", "77 00 00 01", True),
    ("kommune", "1804", "Bjørn Bodø", "Leder, frisklivs- og mestringssenter", "bjorn.bodo@example.no", "", True),
    ("hf", "universitetssykehuset-nord-norge", "Una UNN", "Leder, lærings- og mestringssenteret",
     "una.unn@example.no", "77 00 00 02", True),
    ("bydel", "030101", "Gunn Gamle Oslo", "Rådgiver folkehelse", "gunn.gamleoslo@example.no", "", False),
]


def _demo_directory() -> None:
    from mestring.network.models_groups import DirectoryEntry

    for kind, code, name, role, email, phone, public in DEMO_DIRECTORY:
        found = Unit.objects.current().filter(kind=kind, code=code).first()
        if found:
            DirectoryEntry.objects.create(unit=found, name=name, role=role, email=email, phone=phone, is_public=public)
