"""The demo campaign reproduces the published 2014 figures and is idempotent."""
import pytest

from mestring.mapping.demo import create_demo_campaign
from mestring.mapping.selectors import coverage

pytestmark = pytest.mark.django_db


def test_demo_campaign_shows_the_published_figures(interviewer):
    campaign = create_demo_campaign()
    counts = coverage(campaign).counts()
    assert (counts["targeted"], counts["answered"], counts["answered_reporting_cooperation"],
            counts["covered_through_cooperation"], counts["organisation_known"], counts["to_call"],
            counts["to_interview"]) == (442, 144, 21, 44, 188, 254, 56)
    assert campaign.call_lists.get(rule="call").targets.count() == 254
    assert campaign.call_lists.get(rule="call").targets.filter(assigned_to=interviewer).count() == 10
    assert create_demo_campaign() is None
