"""Agreement fixtures: an analyst (permission through the analyst group) and agreements with text."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from mestring.agreements import services
from mestring.agreements.access import ANALYST_GROUP
from mestring.conftest import make_user, unit
from mestring.core.documents import extract

LM_TEXT = """Delavtale om lærings- og mestringstjenester

1. Formål
Avtalen gjelder lærings- og mestringstilbud.

2. Ansvar
2.1 Kommunen har ansvar for mestringskurs for personer med KOLS.
2.2 Partene skal i fellesskap utvikle og gjennomføre kurs for pårørende.

3. Praksis
3.1 Partene skal samarbeide om praksisplasser slik at studentenes læring blir god.
"""


def analyst_user(email: str):
    user = make_user(email)
    group, _ = Group.objects.get_or_create(name=ANALYST_GROUP)
    group.permissions.add(Permission.objects.get(codename="review_agreement"))
    user.groups.add(group)
    return user


@pytest.fixture
def analyst(db):
    return analyst_user("analytiker@test.example")


@pytest.fixture
def analyst_2(db):
    return analyst_user("analytiker2@test.example")


@pytest.fixture
def agreement(admin_user):
    """UNN – Tromsø with one extracted text document proposing level 3."""
    made = services.create_agreement(title="Delavtale UNN – Tromsø", hf=unit("hf", "universitetssykehuset-nord-norge"),
                                     municipalities=[unit("kommune", "5501")])
    data = LM_TEXT.encode()
    version = services.add_version(agreement=made, upload=services.Upload("delavtale-lm.txt", data), kind="sub",
                                   actor=admin_user)
    services.record_extraction(version=version, extracted=extract(data, filename="delavtale-lm.txt"))
    made.refresh_from_db()
    return made


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users need no strong hashing; the default costs seconds per user on a busy machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
