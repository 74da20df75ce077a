"""Demo mapping campaign for `mestring load_demo`: the 2014 municipal mapping with the published figures.

442 units; 144 answered; 21 of them host an intermunicipal service covering 44 other units; 56
own or host a service. Recipients use example addresses only (no real personal data).
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from mestring.accounts.models import Role, User
from mestring.mapping import services
from mestring.mapping.models import Campaign, Choice, Question, Questionnaire, Recipient, Response

SLUG = "kommuner-2014"
ORGANISATION = [("eget", "Eget lærings- og mestringstilbud"), ("vert", "Vertskommune for interkommunalt tilbud"),
                ("medlem", "Deltar i interkommunalt tilbud"), ("ingen_felles", "Ingen felles organisering"),
                ("ingen_tilbud", "Ingen tilbud")]
OFFERS = [("kols", "KOLS"), ("diabetes", "Diabetes"), ("parorende", "Pårørende"), ("smerte", "Å leve med smerte"),
          ("kid", "Kurs i depresjonsmestring (KiD)")]


def add_question(questionnaire, position, name, kind, label, parent=None, choices=(), **extra) -> Question:
    question = Question.objects.create(questionnaire=questionnaire, position=position, name=name, kind=kind,
                                       label=label, parent=parent, **extra)
    Choice.objects.bulk_create([Choice(question=question, position=i, value=v, label=text)
                                for i, (v, text) in enumerate(choices)])
    return question


def add_standard_survey(campaign: Campaign) -> Questionnaire:
    """Phase 1: the questionnaire to each rådmann/bydelsdirektør."""
    survey = Questionnaire.objects.create(campaign=campaign, purpose=Questionnaire.Purpose.SURVEY,
                                          title="Organisering av lærings- og mestringsarbeidet")
    add_question(survey, 1, "kontaktperson", "text", "Kontaktperson for LM-arbeidet", required=True)
    add_question(survey, 2, "organisering", "select_one", "Hvordan er arbeidet organisert?", choices=ORGANISATION,
                 required=True)
    group = add_question(survey, 3, "samarbeid", "repeat", "Kommuner i samarbeidet",
                         hint="Én rad per kommune som er med i det interkommunale samarbeidet.",
                         relevant="${organisering} = 'vert' or ${organisering} = 'medlem'")
    add_question(survey, 4, "kommunenummer", "text", "Kommunenummer", parent=group,
                 constraint="string-length(.) = 4 or string-length(.) = 6",
                 constraint_message="Skriv et kommunenummer med fire sifre.")
    add_question(survey, 5, "ansatte", "integer", "Antall årsverk", constraint=". >= 0 and . <= 500",
                 constraint_message="Skriv et tall mellom 0 og 500.")
    add_question(survey, 6, "tilbud", "select_multiple", "Hvilke tilbud finnes?", choices=OFFERS[:3],
                 relevant="${organisering} != 'ingen_tilbud'")
    return survey


def add_interview(campaign: Campaign) -> Questionnaire:
    """Phase 2: the ~15-minute phone interview on scope, organisation and content."""
    interview = Questionnaire.objects.create(campaign=campaign, purpose=Questionnaire.Purpose.INTERVIEW,
                                             title="Telefonintervju om omfang, organisering og innhold")
    add_question(interview, 1, "kurs_per_aar", "integer", "Hvor mange kurs holdes i året?", required=True,
                 constraint=". >= 0", constraint_message="Skriv 0 eller mer.")
    add_question(interview, 2, "tilbud", "select_multiple", "Hvilke tilbud gis?", choices=OFFERS)
    add_question(interview, 3, "brukermedvirkning", "select_one", "Er erfarne brukere med i utvikling og undervisning?",
                 choices=[("ja", "Ja"), ("delvis", "Delvis"), ("nei", "Nei")], required=True)
    add_question(interview, 4, "merknad", "text", "Merknader")
    return interview


def scenario_answers(campaign: Campaign, survey: Questionnaire) -> list[Response]:
    units = list(campaign.units.order_by("code"))
    answering, covered = units[:144], units[144:188]
    rows = []
    for index, unit in enumerate(answering):
        members = covered[index * 2:index * 2 + 2] if index < 20 else (covered[40:44] if index == 20 else [])
        organisation = "vert" if index < 21 else ("eget" if index < 56 else "ingen_felles")
        rows.append(Response(questionnaire=survey, unit=unit, status=Response.Status.SUBMITTED,
                             submitted_at=campaign.created_at, data={
                                 "kontaktperson": f"Kontakt i {unit.name}", "organisering": organisation,
                                 "samarbeid": [{"kommunenummer": m.code} for m in members]}))
    return rows


@transaction.atomic
def create_demo_campaign() -> Campaign | None:
    """Idempotent: does nothing when the demo campaign exists."""
    if Campaign.objects.filter(slug=SLUG).exists():
        return None
    campaign = services.create_campaign(slug=SLUG, title="Kartlegging av kommunale LM-tjenester 2014",
                                        target=Campaign.Target.MUNICIPAL, as_of=dt.date(2014, 1, 1))
    survey = add_standard_survey(campaign)
    add_interview(campaign)
    Recipient.objects.bulk_create([
        Recipient(campaign=campaign, unit=unit, name=f"Rådmann i {unit.name}",
                  email=f"postmottak.{unit.code}@kommune.example") for unit in campaign.units.order_by("code")])
    recipients = {r.unit_id: r for r in campaign.recipients.all()}
    answers = scenario_answers(campaign, survey)
    for answer in answers:
        answer.recipient = recipients[answer.unit_id]
    Response.objects.bulk_create(answers)
    call_list = services.build_call_list(campaign=campaign, rule="call", name="Oppringing runde 1")
    interviewer = User.objects.filter(role_assignments__role=Role.INTERVIEWER).order_by("pk").first()
    if interviewer is not None:
        services.assign_targets(targets=list(call_list.targets.order_by("unit__code")[:10]), interviewer=interviewer)
    services.build_call_list(campaign=campaign, rule="interview", name="Intervju fase 2")
    return campaign
