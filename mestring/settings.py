"""Django settings for mestring. Every value comes from the environment (see mestring.env)."""
from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from mestring import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR

DEBUG = env.read_bool("DEBUG", default=False)
SECRET_KEY = env.read_secret(DEBUG)
ALLOWED_HOSTS = env.read_hosts()
SITE_URL = env.read_site_url()
CSRF_TRUSTED_ORIGINS = [SITE_URL]
DATABASES = {"default": env.read_database(VAR_DIR / "mestring.sqlite3")}
CACHES = {"default": env.read_cache(VAR_DIR)}
globals().update(env.read_email())
DEFAULT_FROM_EMAIL = "mestring <ikke-svar@mestring.no>"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "auditlog",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "mestring.core",
    "mestring.accounts",
    "mestring.structure",
    "mestring.network",
    "mestring.agreements",
    "mestring.workshops",
    "mestring.registry",
    "mestring.finder",
    "mestring.mapping",
    "mestring.activity",
    "mestring.overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mestring.core.middleware.BokmalFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mestring.urls"
WSGI_APPLICATION = "mestring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mestring.core.context_processors.site",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:front"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Brute-force protection: five failures lock the user name from that address for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS: list = []  # each app keeps its own locale/ folder
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/designsystemet", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist" / "src"),
    ("vendor/designsystemet-theme", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-theme" / "brand"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: a typed address without scheme is https

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Jobs `mestring worker` queues by itself: (dotted path of a task without arguments, interval). See docs/DEVELOPING.md.
PERIODIC_TASKS = [
    ("mestring.registry.tasks.remind_registry", dt.timedelta(weeks=1)),
    ("mestring.mapping.tasks.resume_all_sending", dt.timedelta(minutes=10)),  # resumes sends a crash left
    ("mestring.overview.tasks.remove_old_reports", dt.timedelta(days=1)),
    # Cheap when warm; fills the overviews after what sends no signal: a deploy, a cache flush, a bulk load.
    ("mestring.overview.tasks.rebuild_overviews", dt.timedelta(minutes=5)),
]
# A course not confirmed for this many days gets a reminder to its coordinators.
REGISTRY_CONFIRM_AFTER_DAYS = env.read_positive_int("REGISTRY_CONFIRM_AFTER_DAYS", 180, maximum=3650)
REGISTRY_WRITE_API_RATE = "120/m"  # write API calls per token user
OVERVIEW_REBUILD_DELAY = 5  # seconds: changes within this time after the first share one overview rebuild
OVERVIEW_STALE_SECONDS = 300  # older overview figures are shown while rebuilding, at most this long after a change
FACTSHEET_DRAW_RATE = "10/m"  # new fact sheet PDFs one address may have drawn (seconds of CPU each)
OVERVIEW_REPORT_KEEP_DAYS = 30  # superseded national report files are deleted when older than this

# Security headers. The policy allows our own files only; no inline script or style.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SITE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
