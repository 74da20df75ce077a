"""mestring serve: the production web server (gunicorn), never Django's runserver."""
import os

from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication


class GunicornApp(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from mestring.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the site with gunicorn on HOST:PORT (static files through WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2,
                            help="worker processes (default: two per core)")
        parser.add_argument("--threads", type=int, default=2, help="threads per worker (default 2)")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a valid port")
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        self.stdout.write(f"Serving mestring on http://{host}:{port}/ with {workers} workers (Ctrl+C stops)")
        GunicornApp({"bind": f"{host}:{port}", "workers": workers, "threads": threads, "accesslog": None,
                     "errorlog": "-", "loglevel": "warning", "timeout": 60, "preload_app": True}).run()
