"""mestring load_demo: demo accounts (and, as apps add them, demo data) on top of the structure."""
from django.core.management.base import BaseCommand, CommandError

from mestring.accounts import demo as accounts_demo
from mestring.activity import demo as activity_demo
from mestring.agreements import demo as agreements_demo
from mestring.registry.management.demo_option import add_services_argument, load_registry_demo
from mestring.network import demo as network_demo
from mestring.mapping import demo as mapping_demo
from mestring.overview import demo as overview_demo
from mestring.structure.models import Unit
from mestring.workshops import demo as workshops_demo


class Command(BaseCommand):
    help = "Create demo users for every role (idempotent). Run load_structure first."

    def add_arguments(self, parser):
        add_services_argument(parser)
        parser.add_argument("--without-reports", action="store_true",
                            help="no demo activity reports (they take long for many services; used by benchmarks)")

    def handle(self, *args, **options):
        if not Unit.objects.filter(kind=Unit.Kind.KOMMUNE).exists():
            raise CommandError("the national structure is not loaded: run 'mestring load_structure' first")
        password = accounts_demo.demo_password()
        users = accounts_demo.create_demo_users(password=password)
        network_demo.create_demo_events()
        mapping_demo.create_demo_campaign()
        self.stdout.write(self.style.SUCCESS("Demo users (all with the same password):"))
        for user in users:
            roles = ", ".join(str(a) for a in user.role_assignments.select_related("unit"))
            self.stdout.write(f"  {user.email:42} {roles}")
        self.stdout.write(f"  password: {password}")
        agreements_demo.load(password=password, admin=users[0])
        workshops_demo.create_demo_workshop()
        load_registry_demo(self, options["services"])
        if not options["without_reports"]:
            activity_demo.create_demo_runs()
            activity_demo.create_demo_reports(user=users[1])
            overview_demo.create_demo_reports()
        self.stdout.write("Log in at /konto/logg-inn/ ; the administration is at /arbeid/admin/.")
