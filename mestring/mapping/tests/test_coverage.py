"""Coverage is computed from answers; the published 2014 figures are the scenario."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from mestring.mapping.models import Questionnaire, Response
from mestring.mapping.selectors import coverage
from mestring.mapping.tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def answer(survey, unit, organisering, members=()):
    data = {"kontaktperson": "K", "organisering": organisering,
            "samarbeid": [{"kommunenummer": m.code} for m in members]}
    return Response(questionnaire=survey, unit=unit, status=Response.Status.SUBMITTED, data=data)


def published_scenario():
    """442 units; 144 answer; 21 of them report cooperations covering 44 others; 56 own or host a service."""
    campaign = make_campaign()
    survey = campaign.questionnaires.get(purpose=Questionnaire.Purpose.SURVEY)
    units = list(campaign.units.order_by("code"))
    answering, silent = units[:144], units[144:]
    covered = silent[:44]
    rows = []
    for index, unit in enumerate(answering):
        members = covered[index * 2:index * 2 + 2] if index < 21 else []
        if index == 20:
            members = covered[40:44]
        kind = "vert" if index < 21 and index < 30 else ("eget" if index < 56 else "ingen_felles")
        rows.append(answer(survey, unit, kind, members))
    Response.objects.bulk_create(rows)
    return campaign


def test_published_figures_follow_from_the_answers():
    counts = coverage(published_scenario()).counts()
    assert counts == {"targeted": 442, "answered": 144, "answered_reporting_cooperation": 21,
                      "covered_through_cooperation": 44, "organisation_known": 188, "to_interview": 56,
                      "interviewed": 0, "to_call": 254, "not_to_interview": 88}


def test_drafts_and_unknown_member_codes_do_not_count_as_answers():
    campaign = make_campaign()
    survey = campaign.questionnaires.get()
    first, second = campaign.units.order_by("code")[:2]
    row = answer(survey, first, "vert", [second])
    row.status = Response.Status.DRAFT
    row.save()
    Response.objects.create(questionnaire=survey, unit=second, status=Response.Status.SUBMITTED,
                            data={"organisering": "vert", "samarbeid": [{"kommunenummer": "9999"}]})
    counts = coverage(campaign).counts()
    assert (counts["answered"], counts["answered_reporting_cooperation"], counts["organisation_known"]) == (1, 0, 1)


def test_a_completed_interview_leaves_the_interview_list():
    campaign = published_scenario()
    interview = Questionnaire.objects.create(campaign=campaign, purpose=Questionnaire.Purpose.INTERVIEW, title="Intervju")
    unit = campaign.units.order_by("code").first()
    Response.objects.create(questionnaire=interview, unit=unit, status=Response.Status.SUBMITTED, data={})
    counts = coverage(campaign).counts()
    assert (counts["to_interview"], counts["interviewed"]) == (55, 1)


def test_campaign_status_command_prints_json_and_a_table():
    published_scenario()
    out = io.StringIO()
    call_command("campaign_status", "kommuner-2014", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["organisation_known"], data["to_call"], data["to_interview"]) == (188, 254, 56)
    out = io.StringIO()
    call_command("campaign_status", "kommuner-2014", stdout=out)
    assert "Organisering kjent" in out.getvalue() and "188" in out.getvalue()


def test_campaign_status_rejects_an_unknown_campaign():
    with pytest.raises(CommandError, match="no campaign"):
        call_command("campaign_status", "finnes-ikke")


def test_a_2014_campaign_targets_442_units_and_an_hf_campaign_the_trusts():
    assert make_campaign().units.count() == 442
    hf = make_campaign(slug="hf-2024", year=2024, target="hf")
    assert 15 <= hf.units.count() <= 25 and not hf.units.exclude(kind="hf").exists()
