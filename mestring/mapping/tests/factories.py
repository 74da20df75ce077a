"""Test helpers: a campaign with the standard municipal questionnaire."""
from __future__ import annotations

import datetime as dt

from mestring.mapping import services
from mestring.mapping.models import Campaign, Choice, Question, Questionnaire, Recipient

ORGANISATION = [("eget", "Eget lærings- og mestringstilbud"), ("vert", "Vertskommune for interkommunalt tilbud"),
                ("medlem", "Deltar i interkommunalt tilbud"), ("ingen_felles", "Ingen felles organisering"),
                ("ingen_tilbud", "Ingen tilbud")]
OFFERS = [("kols", "KOLS"), ("diabetes", "Diabetes"), ("parorende", "Pårørende")]


def make_campaign(slug: str = "kommuner-2014", year: int = 2014, target: str = Campaign.Target.MUNICIPAL) -> Campaign:
    campaign = services.create_campaign(slug=slug, title=f"Kartlegging {year}", target=target,
                                        as_of=dt.date(year, 1, 1))
    add_survey(campaign)
    return campaign


def add_question(questionnaire, position, name, kind, label, parent=None, choices=(), **extra) -> Question:
    question = Question.objects.create(questionnaire=questionnaire, position=position, name=name, kind=kind,
                                       label=label, parent=parent, **extra)
    for index, (value, text) in enumerate(choices):
        Choice.objects.create(question=question, position=index, value=value, label=text)
    return question


def add_survey(campaign: Campaign) -> Questionnaire:
    survey = Questionnaire.objects.create(campaign=campaign, purpose=Questionnaire.Purpose.SURVEY,
                                          title="Organisering av LM-arbeid")
    add_question(survey, 1, "kontaktperson", "text", "Kontaktperson for LM-arbeidet", required=True)
    add_question(survey, 2, "organisering", "select_one", "Hvordan er arbeidet organisert?", choices=ORGANISATION,
                 required=True)
    group = add_question(survey, 3, "samarbeid", "repeat", "Kommuner i samarbeidet",
                         relevant="${organisering} = 'vert' or ${organisering} = 'medlem'")
    add_question(survey, 4, "kommunenummer", "text", "Kommunenummer", parent=group,
                 constraint="string-length(.) = 4 or string-length(.) = 6",
                 constraint_message="Skriv et kommunenummer med fire sifre.")
    add_question(survey, 5, "ansatte", "integer", "Antall årsverk", constraint=". >= 0 and . <= 500",
                 constraint_message="Skriv et tall mellom 0 og 500.")
    add_question(survey, 6, "tilbud", "select_multiple", "Hvilke tilbud finnes?", choices=OFFERS,
                 relevant="${organisering} != 'ingen_tilbud'")
    return survey


def add_recipient(campaign: Campaign, unit, email: str = "radmann@kommune.example") -> Recipient:
    return Recipient.objects.create(campaign=campaign, unit=unit, name="Rita Rådmann", email=email)
