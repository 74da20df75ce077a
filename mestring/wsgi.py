"""WSGI entry point used by `mestring serve`."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")
application = get_wsgi_application()
