"""Demo agreements for `mestring load_demo`: six agreements from the labelled test set, text extracted
at once (not via the worker), one pair of agreeing reviews and one disagreement, plus an analyst."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from mestring.accounts.models import User
from mestring.agreements import services
from mestring.agreements.access import ANALYST_GROUP
from mestring.agreements.models import Agreement
from mestring.core.documents import extract
from mestring.structure.models import Unit

FILES = Path(__file__).resolve().parent / "testset" / "files"
ANALYST_EMAIL = "analytiker@mestring.example"

# (file, title, hf code, kommune codes, valid from)
DEMO = [
    ("d01_unn_tromso_hovedavtale.pdf", "Samarbeidsavtale UNN – Tromsø", "universitetssykehuset-nord-norge", ["5501"], 2023),
    ("d09_fonna_haugesund_delavtale_lms.pdf", "Delavtale om lærings- og mestringstjenester, Helse Fonna – Haugesund",
     "helse-fonna", ["1106"], 2024),
    ("d07_sorlandet_kristiansand_hovedavtale.docx", "Samarbeidsavtale SSHF – Kristiansand", "sorlandet-sykehus",
     ["4204"], 2020),
    ("d08_vestreviken_drammen_delavtale.pdf", "Delavtale om kunnskapsoverføring, Vestre Viken – Drammen",
     "vestre-viken", ["3301"], 2023),
    ("h16_ahus_lillestrom_delavtale.pdf", "Delavtale om kroniske sykdommer, Ahus – Lillestrøm",
     "akershus-universitetssykehus", ["3205"], 2023),
    ("h20_unn_harstad_hovedavtale.txt", "Samarbeidsavtale UNN – Harstad", "universitetssykehuset-nord-norge", ["5503"], 2024),
]


def analyst(password: str) -> User:
    group, _ = Group.objects.get_or_create(name=ANALYST_GROUP)
    group.permissions.add(Permission.objects.get(codename="review_agreement", content_type__app_label="agreements"))
    user, _ = User.objects.get_or_create(email=ANALYST_EMAIL, defaults={"full_name": "Anders Analytiker"})
    user.set_password(password)
    user.save()
    user.groups.add(group)
    return user


@transaction.atomic
def load(*, password: str, admin: User) -> list[Agreement]:
    """Idempotent: agreements that exist (by title) are left as they are."""
    second = analyst(password)
    made = []
    for name, title, hf, codes, year in DEMO:
        if Agreement.objects.filter(title=title).exists():
            continue
        agreement = services.create_agreement(
            title=title, hf=Unit.objects.current().get(kind=Unit.Kind.HF, code=hf),
            municipalities=list(Unit.objects.current().filter(kind=Unit.Kind.KOMMUNE, code__in=codes)),
            valid_from=dt.date(year, 1, 1))
        data = (FILES / name).read_bytes()
        version = services.add_version(agreement=agreement, upload=services.Upload(name, data), kind="main", actor=admin)
        services.record_extraction(version=version, extracted=extract(data, filename=name))
        agreement.refresh_from_db()
        made.append(agreement)
    reviews(made, admin, second)
    return made


def reviews(made: list[Agreement], admin: User, second: User) -> None:
    by_title = {a.title: a for a in made}
    fonna = by_title.get(DEMO[1][1])
    if fonna:
        quotes = [e["text"] for e in fonna.proposed_evidence if e["level"] == 3]
        for user in (admin, second):
            services.review_agreement(agreement=fonna, analyst=user, level=3, evidence=quotes, comment="")
    harstad = by_title.get(DEMO[5][1])
    if harstad:
        quotes = [e["text"] for e in harstad.proposed_evidence]
        services.review_agreement(agreement=harstad, analyst=admin, level=3, evidence=quotes, comment="")
        services.review_agreement(agreement=harstad, analyst=second, level=2, evidence=quotes[:1],
                                  comment="Henvisningsrutinen er bare en intensjon; ansvar er fordelt.")
