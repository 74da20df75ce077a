"""mestring agreement_analyst EMAIL [--remove]: give or take the analyst right for the agreement review.

The right is the `agreements.review_agreement` permission held through the «Avtaleanalytikere» group;
the user admin shows no group field, so this command is how a national admin appoints analysts.
"""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from mestring.accounts.models import User
from mestring.agreements.access import ANALYST_GROUP


class Command(BaseCommand):
    help = "Give (or with --remove take away) the right to review cooperation agreements."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--remove", action="store_true", help="take the right away")

    def handle(self, *args, email: str, remove: bool, **options):
        user = User.objects.filter(email=email.lower()).first()
        if user is None:
            raise CommandError(f"ingen bruker med e-post {email}")
        group, _ = Group.objects.get_or_create(name=ANALYST_GROUP)
        group.permissions.add(Permission.objects.get(codename="review_agreement", content_type__app_label="agreements"))
        if remove:
            user.groups.remove(group)
            self.stdout.write(f"{user.email} er ikke lenger avtaleanalytiker.")
        else:
            user.groups.add(group)
            self.stdout.write(f"{user.email} er avtaleanalytiker.")
