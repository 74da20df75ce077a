"""mestring campaign_status SLUG: the coverage of a mapping campaign right now."""
import json

from django.core.management.base import BaseCommand, CommandError

from mestring.mapping.models import Campaign
from mestring.mapping.selectors import COUNT_LABELS, coverage


class Command(BaseCommand):
    help = "Print a campaign's coverage (targeted, answered, covered, known, to interview, to call) as JSON or a table."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the campaign's short name")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        campaign = Campaign.objects.filter(slug=options["slug"]).first()
        if campaign is None:
            raise CommandError(f"no campaign with slug {options['slug']!r}")
        counts = coverage(campaign).counts()
        if options["format"] == "json":
            self.stdout.write(json.dumps({"campaign": campaign.slug, **counts}, indent=2))
            return
        self.stdout.write(f"{campaign.title} ({campaign.slug}), enheter per {campaign.as_of:%d.%m.%Y}")
        labels = {key: str(label) for key, label in COUNT_LABELS.items()}
        width = max(len(label) for label in labels.values())
        for key, label in labels.items():
            self.stdout.write(f"  {label:<{width}}  {counts[key]:>5}")
