"""The `mestring` command: Django's management commands plus the project's own."""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else ["mestring", *argv])
    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        print(f"mestring: configuration error: {exc}", file=sys.stderr)
        return 2
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
