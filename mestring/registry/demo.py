"""Demo data for `mestring load_demo --services N`: fictitious services and courses on the real structure.

Every helseforetak gets its lærings- og mestringssenter; the rest are municipal services in the most
populous kommuner first (Oslo as bydeler), some of them intermunicipal with neighbouring kommuner.
Names of people, e-mail addresses and phone numbers are invented (example.* domains, 000-numbers).
Coordinates are kommune centres from our boundary data (see `geo.py`), with a small offset.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from mestring.registry import geo, search
from mestring.registry.models import (
    Contact, CourseOffer, CourseRun, Location, OpeningHours, Service, ServiceMembership, Taxonomy, TaxonomyTerm,
)
from mestring.structure.models import Catchment, Population, Unit

# Real town-centre postcodes of a few large kommuner (Posten's register); elsewhere left blank.
CENTRE_POSTCODES = {
    "0301": ("0151", "Oslo"), "4601": ("5003", "Bergen"), "5001": ("7011", "Trondheim"),
    "1103": ("4006", "Stavanger"), "5501": ("9008", "Tromsø"), "1804": ("8006", "Bodø"),
    "4204": ("4611", "Kristiansand"), "3301": ("3015", "Drammen"), "3107": ("1606", "Fredrikstad"),
    "1508": ("6002", "Ålesund"), "1108": ("4306", "Sandnes"), "1106": ("5528", "Haugesund"),
    "1506": ("6413", "Molde"), "5603": ("9600", "Hammerfest"), "1806": ("8514", "Narvik"),
}

FIRST_NAMES = ["Kari", "Ola", "Ingrid", "Per", "Aisha", "Lars", "Marit", "Jonas", "Sigrid", "Ahmed", "Hanne",
               "Erik", "Silje", "Nils", "Fatima", "Tone", "Anders", "Mona", "Thomas", "Elin"]
LAST_NAMES = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
              "Jensen", "Karlsen", "Berg", "Haugen", "Bakken", "Solberg", "Eriksen", "Ali", "Lund", "Moen"]
ROLES = ["Leder", "Koordinator for lærings- og mestringstilbud", "Rådgiver", "Sykepleier", "Fysioterapeut"]


@dataclass(frozen=True)
class Course:
    title: str
    description: str
    diagnoses: tuple[str, ...]
    targets: tuple[str, ...]
    format: str = CourseOffer.Format.GROUP
    hours: int = 12
    sessions: int = 4
    hospital: bool = False
    languages: str = "nb"
    title_en: str = ""


COURSES = [
    Course("Lære å leve med diabetes type 2",
           "Kurset gir deg kunnskap om diabetes type 2, kosthold, fysisk aktivitet og medisiner. Du møter andre i "
           "samme situasjon, og en erfaren bruker forteller hvordan det er å leve med sykdommen i hverdagen.",
           ("diabetes",), ("pasienter", "parorende"), hours=12, sessions=4, title_en="Living with type 2 diabetes"),
    Course("Nyoppdaget diabetes type 1 – kurs for voksne",
           "Et kurs over to dager for deg som nylig har fått diabetes type 1. Diabetessykepleier, lege, "
           "klinisk ernæringsfysiolog og en brukerrepresentant underviser om insulin, blodsukker og "
           "hvordan du kan mestre jobb, trening og sosiale situasjoner.",
           ("diabetes",), ("pasienter", "parorende"), hours=12, sessions=2, hospital=True),
    Course("Diabetes hos barn og unge – kurs for familien",
           "Foreldre og barn lærer sammen om diabetes, måltider og aktivitet. Barna har eget opplegg, mens "
           "foreldrene møter andre familier og en erfaren forelder.",
           ("diabetes",), ("barn-unge", "parorende"), hours=10, sessions=2, hospital=True),
    Course("Leve med KOLS",
           "Lær mer om pust, fysisk aktivitet, ernæring og hva du kan gjøre når du blir dårligere. Kurset har "
           "trening med fysioterapeut, og erfarne brukere deler sine råd.",
           ("kols-lunge",), ("pasienter", "parorende", "eldre"), hours=16, sessions=8),
    Course("Hjertekurs – etter hjerteinfarkt eller hjerteoperasjon",
           "For deg som har hatt hjerteinfarkt, fått stent eller er operert for hjertesykdom, og dine "
           "pårørende. Vi snakker om medisiner, trening, kosthold, følelser og veien tilbake til jobb.",
           ("hjerte-kar",), ("pasienter", "parorende"), hours=6, sessions=1, hospital=True),
    Course("Kurs for pårørende til personer med demens",
           "Pårørendeskolen gir kunnskap om demenssykdom, rettigheter og hjelpetilbud i kommunen. Du får snakke "
           "med andre pårørende og dele erfaringer i trygge rammer.",
           ("demens",), ("parorende",), hours=15, sessions=5),
    Course("Kurs i mestring av depresjon (KiD)",
           "KiD er et kurs for deg som har lettere eller moderat depresjon. Du lærer teknikker fra kognitiv "
           "terapi for å håndtere tanker og følelser, og får hjemmeoppgaver mellom samlingene.",
           ("psykisk-helse",), ("pasienter",), hours=16, sessions=8, title_en="Coping with depression (KiD)"),
    Course("Kurs i belastningsmestring (KiB)",
           "Et kurs for deg som opplever stress og press i hverdagen. Du lærer å kjenne igjen tegn på "
           "overbelastning og prøver ut metoder for å mestre krav på jobb og hjemme.",
           ("psykisk-helse", "diagnoseuavhengig"), ("pasienter",), hours=20, sessions=8),
    Course("Lyst på livet",
           "Et kurs for deg over 65 år som vil ta vare på helsen og livskvaliteten. Vi snakker om aktivitet, "
           "søvn, kosthold, hukommelse og sosialt fellesskap.",
           ("diagnoseuavhengig",), ("eldre",), hours=24, sessions=10),
    Course("Leve med langvarige smerter",
           "Lær om hvordan smerte virker i kroppen, og om søvn, aktivitet og tanker som påvirker smerten. "
           "Kurset ledes av fysioterapeut og en person som selv lever med smerter.",
           ("smerte",), ("pasienter",), hours=12, sessions=6),
    Course("Mestringskurs for deg med langvarig sykdom",
           "Et diagnoseuavhengig kurs om å leve med en langvarig helseutfordring: energi, søvn, "
           "kommunikasjon med helsepersonell, arbeid og familie. Kurset holdes sammen med frivillige "
           "likepersoner.", ("diagnoseuavhengig",), ("pasienter", "parorende"), hours=15, sessions=6),
    Course("Kurs for pårørende – når noen du er glad i er syk",
           "For deg som er pårørende til en med langvarig sykdom. Vi snakker om egne grenser, rettigheter, "
           "hjelp å få og hvordan du kan ta vare på deg selv.",
           ("diagnoseuavhengig",), ("parorende",), hours=6, sessions=3),
    Course("Livsstilsendring i grupper",
           "Frisklivssentralens kurs for varig endring av levevaner: kosthold, fysisk aktivitet, søvn og "
           "røykeslutt. Du setter deg egne mål og får oppfølging over tre måneder.",
           ("diagnoseuavhengig", "overvekt"), ("pasienter",), hours=24, sessions=12),
    Course("Helsekurs på arabisk",
           "Et kurs om helse, kosthold, fysisk aktivitet og helsetjenestene i Norge, holdt på arabisk med "
           "helsepersonell og en erfaren bruker.", ("diagnoseuavhengig",), ("pasienter", "parorende"),
           hours=8, sessions=4, languages="ar,nb", title_en="Health course in Arabic"),
    Course("Diabeteskurs på urdu og norsk",
           "Kurs om diabetes type 2 for deg som snakker urdu. Tolk og en erfaren bruker med samme språk "
           "deltar.", ("diabetes",), ("pasienter", "parorende"), hours=8, sessions=4, languages="ur,nb"),
    Course("Ny med kreft – kurs for pasienter og pårørende",
           "En dag om behandling, bivirkninger, ernæring, fysisk aktivitet og rettigheter, med kreftsykepleier, "
           "sosionom og en likeperson fra Kreftforeningen.", ("kreft",), ("pasienter", "parorende"),
           hours=6, sessions=1, hospital=True),
    Course("Leve med revmatisk sykdom",
           "Kurs for deg med leddgikt, Bekhterevs sykdom eller psoriasisartritt: behandling, trening, "
           "hjelpemidler og arbeidsliv.", ("revmatisk",), ("pasienter",), hours=12, sessions=2, hospital=True),
    Course("Kurs om multippel sklerose (MS)",
           "For deg som har fått MS det siste året, og dine nærmeste. Nevrolog, MS-sykepleier, "
           "fysioterapeut og en erfaren bruker underviser.", ("nevrologisk",), ("pasienter", "parorende"),
           hours=12, sessions=2, hospital=True),
    Course("Livet etter hjerneslag",
           "Kurs for deg som har hatt hjerneslag og for pårørende: trøtthet, språk, følelser og veien "
           "videre.", ("hjerneslag",), ("pasienter", "parorende", "eldre"), hours=9, sessions=3, hospital=True),
    Course("Pårørendekurs innen psykisk helse og rus",
           "Et kurs for familie og nære venner til personer med psykiske helseutfordringer eller "
           "rusproblemer. Du får kunnskap, verktøy og møter andre i samme situasjon.",
           ("psykisk-helse", "rus"), ("parorende",), hours=12, sessions=4),
    Course("Digitalt mestringskurs for ungdom med angst",
           "Et digitalt kurs for ungdom mellom 13 og 18 år som strever med bekymringer og angst. "
           "Samlingene skjer på video, og unge erfaringskonsulenter er med.",
           ("psykisk-helse",), ("barn-unge",), format=CourseOffer.Format.DIGITAL, hours=8, sessions=6),
    Course("Leve med nyresykdom – før dialyse",
           "Informasjon om behandlingsvalg, kosthold og hverdagsliv for deg med kronisk nyresvikt og dine "
           "pårørende.", ("nyre",), ("pasienter", "parorende"), hours=6, sessions=1, hospital=True),
    Course("Individuell samtale om mestring etter sykehusopphold",
           "Samtaler med sykepleier om hva som skal til for at du mestrer hverdagen hjemme etter innleggelse.",
           ("diagnoseuavhengig",), ("pasienter", "eldre"), format=CourseOffer.Format.INDIVIDUAL, hours=2,
           sessions=2),
    Course("Kurs for barn som pårørende",
           "Et samlingstilbud for barn mellom 8 og 12 år som har en forelder eller et søsken med alvorlig "
           "sykdom. Barna får snakke om tanker og følelser sammen med andre barn.",
           ("diagnoseuavhengig",), ("barn-unge", "parorende"), hours=8, sessions=4),
    Course("Leve med irritabel tarm",
           "Kurs om IBS, kosthold, stress og mage, med klinisk ernæringsfysiolog og en erfaren bruker. "
           "Delvis digitalt med to fysiske samlinger.", ("mage-tarm",), ("pasienter",),
           format=CourseOffer.Format.MIXED, hours=8, sessions=4, hospital=True),
]

MUNICIPAL_FORMS = [Service.Form.LM_KOMMUNE, Service.Form.FLS, Service.Form.FLS_LM, Service.Form.LMT,
                   Service.Form.HELSEHUS, Service.Form.COORDINATOR, Service.Form.SPREAD]
FORM_WEIGHTS = [4, 5, 3, 1, 2, 2, 1]
FORM_NAMES = {
    Service.Form.LM_KOMMUNE: "Lærings- og mestringstjenesten i {name}",
    Service.Form.FLS: "Frisklivssentralen i {name}",
    Service.Form.FLS_LM: "Frisklivs- og mestringssenteret i {name}",
    Service.Form.LMT: "{name} lokalmedisinske senter",
    Service.Form.HELSEHUS: "{name} helsehus",
    Service.Form.COORDINATOR: "Lærings- og mestringskoordinator i {name}",
    Service.Form.SPREAD: "Helse- og omsorgstjenesten i {name}",
}
SCHEDULES = ["tirsdager kl. 17.00–19.30", "mandager kl. 10.00–13.00", "onsdager kl. 12.00–15.00",
             "torsdager kl. 18.00–20.00", "to hele dager kl. 09.00–15.00", "én dag kl. 09.00–15.00"]


class DemoBuilder:
    """Builds services and offers in memory and writes them with bulk inserts (fast at 50,000 offers)."""

    def __init__(self, *, seed: int, today: dt.date):
        self.rng = random.Random(seed)
        self.today = today
        self.centres = geo.kommune_centres()
        self.terms = {(t.taxonomy.slug, t.code): t for t in TaxonomyTerm.objects.select_related("taxonomy")}
        self.offer_links: list[tuple[CourseOffer, Course, Location]] = []

    def point_near(self, kommune_code: str) -> tuple[Decimal, Decimal]:
        lat, lon = self.centres.get(kommune_code, (59.91, 10.75))
        return (Decimal(str(round(lat + self.rng.uniform(-0.02, 0.02), 5))),
                Decimal(str(round(lon + self.rng.uniform(-0.04, 0.04), 5))))

    def person(self) -> tuple[str, str]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        return f"{first} {last}", f"{first}.{last}".lower().replace("å", "a").replace("ø", "o").replace("æ", "ae")

    def phone(self) -> str:
        return f"000 {self.rng.randint(10, 99)} {self.rng.randint(100, 999)}"


def hosts(count: int) -> list[tuple[Unit, Unit]]:
    """(host unit, its kommune) for `count` services: every HF, then bydeler of Oslo and kommuner by size."""
    current = Unit.objects.current()
    hfs = list(current.filter(kind=Unit.Kind.HF).order_by("code"))
    catchments = (Catchment.objects.filter(hf__in=hfs, area__kind=Unit.Kind.KOMMUNE, area__valid_to__isnull=True)
                  .order_by("hf_id", "area__population__population").values_list("hf_id", "area__code"))
    hf_kommune = dict(catchments)  # ascending population: the largest kommune is written last and wins
    kommuner = {u.code: u for u in current.filter(kind=Unit.Kind.KOMMUNE)}
    result = [(hf, kommuner.get(hf_kommune.get(hf.pk, "0301"), kommuner["0301"])) for hf in hfs]
    bydeler = [(b, kommuner["0301"]) for b in current.filter(kind=Unit.Kind.BYDEL, code__startswith="0301",
                                                              administrative=True).order_by("code")]
    by_size = [kommuner[code] for code in ranked_kommune_codes(kommuner)]
    municipal = bydeler + [(k, k) for k in by_size]
    while len(result) < count:
        result.extend(municipal[: count - len(result)])
    return result[:count]


def ranked_kommune_codes(kommuner: dict[str, Unit]) -> list[str]:
    latest = Population.objects.filter(unit__in=kommuner.values()).aggregate(y=Max("year"))["y"]
    sizes = dict(Population.objects.filter(unit__in=kommuner.values(), year=latest)
                 .values_list("unit__code", "population"))
    return sorted((c for c in kommuner if c != "0301"), key=lambda c: -sizes.get(c, 0))


def build_service(b: DemoBuilder, host: Unit, kommune: Unit) -> tuple[Service, Location, list]:
    is_hf = host.kind == Unit.Kind.HF
    form = Service.Form.LMS_HF if is_hf else b.rng.choices(MUNICIPAL_FORMS, FORM_WEIGHTS)[0]
    name = (f"Lærings- og mestringssenteret, {host.name}" if is_hf
            else FORM_NAMES[form].format(name=f"bydel {host.name}" if host.kind == Unit.Kind.BYDEL else host.name))
    slug = host.code.lower().replace("-", "")[:30]
    service = Service(name=name, form=form, host_unit=host, email=f"lms.{slug}@demo.example.no",
                      phone=b.phone(), website=f"https://{slug}.demo.example.no/",
                      description=f"{name} tilbyr kurs og samtaler om å leve med langvarige helseutfordringer, "
                                  "utviklet og holdt sammen med erfarne brukere.")
    postcode, place = CENTRE_POSTCODES.get(kommune.code, ("", kommune.name))
    lat, lon = b.point_near(kommune.code)
    location = Location(service=service, name="Sykehuset" if is_hf else "Helsehuset", kommune=kommune,
                        address=f"{b.rng.choice(['Storgata', 'Kirkegata', 'Sykehusvegen', 'Helsevegen'])} "
                                f"{b.rng.randint(1, 60)}", postcode=postcode, place=place, latitude=lat, longitude=lon)
    contacts = []
    for _ in range(b.rng.randint(1, 2)):
        name_, handle = b.person()
        contacts.append(Contact(service=service, name=name_, role=b.rng.choice(ROLES),
                                email=f"{handle}@demo.example.no", phone=b.phone()))
    return service, location, contacts


def build_offers(b: DemoBuilder, service: Service, location: Location) -> list[CourseOffer]:
    is_hf = service.form == Service.Form.LMS_HF
    pool = [c for c in COURSES if c.hospital == is_hf] or COURSES
    chosen = b.rng.sample(pool, k=min(len(pool), b.rng.randint(3, 7) if is_hf else b.rng.randint(1, 4)))
    offers = []
    for course in chosen:
        cost = 0 if is_hf or b.rng.random() < 0.7 else b.rng.choice([200, 350, 500])
        offer = CourseOffer(
            service=service, title=course.title, title_en=course.title_en, description=course.description,
            languages=course.languages, format=course.format, hours=Decimal(course.hours), sessions=course.sessions,
            user_participation=b.rng.random() < 0.85,
            method=b.rng.choices([CourseOffer.Method.STANDARD, CourseOffer.Method.OTHER, CourseOffer.Method.NONE],
                                 [6, 2, 1])[0],
            referral_required=is_hf and b.rng.random() < 0.6, cost_nok=cost,
            cost_note="" if cost == 0 else "Egenandel dekker materiell og servering",
            capacity=b.rng.choice([8, 10, 12, 15, 20]),
            sign_up=("Du trenger henvisning fra fastlegen. " if is_hf else "")
            + f"Meld deg på ved å ringe {service.phone} eller sende e-post til {service.email}.",
            last_confirmed=b.today - dt.timedelta(days=b.rng.randint(0, 500)),
            min_age=18 if "barn-unge" not in course.targets else None)
        b.offer_links.append((offer, course, location))
        offers.append(offer)
    return offers


def build_runs(b: DemoBuilder, offer: CourseOffer, course: Course, location: Location) -> list[CourseRun]:
    runs = []
    for _ in range(b.rng.randint(0, 3)):
        start = b.today + dt.timedelta(days=b.rng.randint(-60, 240))
        digital = course.format == CourseOffer.Format.DIGITAL
        runs.append(CourseRun(offer=offer, starts_on=start, ends_on=start + dt.timedelta(weeks=max(course.sessions - 1, 0)),
                              schedule=b.rng.choice(SCHEDULES), location=None if digital else location,
                              is_digital=digital, seats_left=b.rng.randint(0, offer.capacity or 10),
                              sign_up_deadline=start - dt.timedelta(days=7)))
    return runs


def intermunicipal(b: DemoBuilder, service: Service, kommune: Unit, kommuner: list[Unit]) -> list[ServiceMembership]:
    """About one in eight small-town services also serves its two nearest neighbours in the same county."""
    if service.form == Service.Form.LMS_HF or service.host_unit.kind != Unit.Kind.KOMMUNE or b.rng.random() > 0.125:
        return []
    here = b.centres.get(kommune.code)
    same_county = [k for k in kommuner if k.code[:2] == kommune.code[:2] and k.code != kommune.code
                   and k.code in b.centres]
    nearest = sorted(same_county, key=lambda k: geo.distance_km(here, b.centres[k.code]))[:2] if here else []
    start = dt.date(b.rng.choice([2016, 2018, 2020, 2024]), 1, 1)
    return [ServiceMembership(service=service, unit=k, valid_from=start) for k in nearest]


@transaction.atomic
def create_demo_services(*, count: int, seed: int = 2026, today: dt.date | None = None,
                         progress=lambda done, total: None) -> tuple[int, int]:
    """Create `count` demo services with offers and runs; returns (services, offers)."""
    b = DemoBuilder(seed=seed, today=today or dt.date.today())
    kommuner = list(Unit.objects.current().filter(kind=Unit.Kind.KOMMUNE))
    services, locations, contacts, offers, memberships = [], [], [], [], []
    for done, (host, kommune) in enumerate(hosts(count), start=1):
        service, location, people = build_service(b, host, kommune)
        services.append(service)
        locations.append(location)
        contacts += people
        offers += build_offers(b, service, location)
        memberships += intermunicipal(b, service, kommune, kommuner)
        if done % 1000 == 0:
            progress(done, count)
    Service.objects.bulk_create(services, batch_size=2000)
    for row in locations + contacts + offers + memberships:
        row.service_id = row.service.pk
    Location.objects.bulk_create(locations, batch_size=2000)
    Contact.objects.bulk_create(contacts, batch_size=2000)
    ServiceMembership.objects.bulk_create(memberships, batch_size=2000)
    CourseOffer.objects.bulk_create(offers, batch_size=2000)
    link_offers(b)
    hours = [OpeningHours(service=s, weekday=day, opens=dt.time(8), closes=dt.time(15, 30))
             for s in services for day in range(1, 6)]
    OpeningHours.objects.bulk_create(hours, batch_size=5000)
    search.rebuild_index()
    return len(services), len(offers)


def link_offers(b: DemoBuilder) -> None:
    diag = CourseOffer.diagnosis_groups.through
    target = CourseOffer.target_groups.through
    place = CourseOffer.locations.through
    d_rows, t_rows, p_rows, runs = [], [], [], []
    for offer, course, location in b.offer_links:
        d_rows += [diag(courseoffer_id=offer.pk, taxonomyterm_id=b.terms[(Taxonomy.DIAGNOSIS, c)].pk)
                   for c in course.diagnoses]
        t_rows += [target(courseoffer_id=offer.pk, taxonomyterm_id=b.terms[(Taxonomy.TARGET, c)].pk)
                   for c in course.targets]
        p_rows.append(place(courseoffer_id=offer.pk, location_id=location.pk))
        for run in build_runs(b, offer, course, location):
            run.offer_id = offer.pk
            run.location_id = run.location.pk if run.location else None
            runs.append(run)
    for model, rows in ((diag, d_rows), (target, t_rows), (place, p_rows), (CourseRun, runs)):
        model.objects.bulk_create(rows, batch_size=5000)
