"""Test helpers: a campaign with the standard municipal questionnaire (the same one the demo uses)."""
from __future__ import annotations

import datetime as dt

from mestring.mapping import services
from mestring.mapping.demo import add_question, add_standard_survey  # noqa: F401 - re-exported for tests
from mestring.mapping.models import Campaign, Recipient


def make_campaign(slug: str = "kommuner-2014", year: int = 2014, target: str = Campaign.Target.MUNICIPAL) -> Campaign:
    campaign = services.create_campaign(slug=slug, title=f"Kartlegging {year}", target=target,
                                        as_of=dt.date(year, 1, 1))
    add_standard_survey(campaign)
    return campaign


def add_recipient(campaign: Campaign, unit, email: str = "radmann@kommune.example") -> Recipient:
    return Recipient.objects.create(campaign=campaign, unit=unit, name="Rita Rådmann", email=email)
