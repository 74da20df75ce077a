"""The registry's part of `mestring load_demo`: the `--services N` option and its loading."""
from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError

from mestring.registry import demo
from mestring.registry.models import Service

DEFAULT_SERVICES = 300


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0 or number > 100_000:
        raise argparse.ArgumentTypeError("must be a whole number from 0 to 100000")
    return number


def add_services_argument(parser) -> None:
    parser.add_argument("--services", type=positive, default=DEFAULT_SERVICES,
                        help=f"demo services to create in an empty registry (default {DEFAULT_SERVICES}; 0 = none)")


def load_registry_demo(command: BaseCommand, count: int) -> None:
    """Create demo services unless the registry already has services (never mixes demo and real data)."""
    if count == 0:
        return
    if Service.objects.exists():
        command.stdout.write("The registry already has services; no demo services added.")
        return
    if count < 1:
        raise CommandError("--services must be at least 1")

    def progress(done: int, total: int) -> None:
        command.stdout.write(f"  services built: {done}/{total}")

    services, offers = demo.create_demo_services(count=count, progress=progress)
    command.stdout.write(command.style.SUCCESS(f"Demo registry: {services} services, {offers} course offers."))
