"""Small factories: one service with a location and an offer in a given kommune."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mestring.registry import geo
from mestring.registry.models import CourseOffer, CourseRun, Location, Service, Taxonomy, TaxonomyTerm
from mestring.structure.models import Unit


def term(code: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(code=code)


def make_offer(unit: Unit, *, title: str = "Lære å leve med diabetes", description: str = "Kurs om diabetes.",
               diagnoses=("diabetes",), targets=("pasienter",), cost: int = 0, languages: str = "nb",
               run_in_days: int | None = 30, **fields) -> CourseOffer:
    kommune = unit if unit.kind == Unit.Kind.KOMMUNE else unit.parent
    service = Service.objects.create(name=f"Mestringstjenesten i {unit.name}", form=Service.Form.LM_KOMMUNE,
                                     host_unit=unit, email="lm@test.example")
    lat, lon = geo.kommune_centres()[kommune.code]
    location = Location.objects.create(service=service, name="Helsehuset", address="Storgata 1", postcode="9008",
                                       place=kommune.name_nb, kommune=kommune, latitude=Decimal(str(lat)),
                                       longitude=Decimal(str(lon)))
    offer = CourseOffer.objects.create(service=service, title=title, description=description, cost_nok=cost,
                                       languages=languages, sign_up="Ring oss på 000 00 000.", **fields)
    offer.diagnosis_groups.set([term(c) for c in diagnoses])
    offer.target_groups.set([term(c) for c in targets])
    offer.locations.set([location])
    if run_in_days is not None:
        CourseRun.objects.create(offer=offer, starts_on=dt.date.today() + dt.timedelta(days=run_in_days),
                                 schedule="tirsdager kl. 17–19", location=location, seats_left=4)
    return offer


def vocabulary_sizes() -> tuple[int, int]:
    return (TaxonomyTerm.objects.filter(taxonomy__slug=Taxonomy.DIAGNOSIS).count(),
            TaxonomyTerm.objects.filter(taxonomy__slug=Taxonomy.TARGET).count())
