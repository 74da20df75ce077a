"""Strict settings from the environment: every value is checked, a bad one stops start-up."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

KNOWN_DB_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
KNOWN_EMAIL_SCHEMES = {"smtp", "smtps", "smtp+tls", "smtp+ssl", "console", "locmem", "dummy"}
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def fail(name: str, reason: str) -> None:
    raise ImproperlyConfigured(f"{name}: {reason}")


def read_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    fail(name, f"expected true or false, got {raw!r}")


def read_database(default_path: Path) -> dict:
    raw = os.environ.get("DATABASE_URL", "").strip()
    if not raw:
        raw = f"sqlite:///{default_path}"
    scheme = urlsplit(raw).scheme
    if scheme not in KNOWN_DB_SCHEMES:
        fail("DATABASE_URL", f"unsupported or malformed URL {raw!r} (use sqlite:///path or postgresql://user@host/db)")
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:  # the parser's own errors are not user-friendly
        fail("DATABASE_URL", f"cannot parse {raw!r}: {exc}")
    if not config.get("NAME"):
        fail("DATABASE_URL", f"no database name in {raw!r}")
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE",
                             "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
        config["CONN_MAX_AGE"] = 60  # opening a connection (functions, PRAGMAs) cost more than a cached answer
    else:
        config["CONN_MAX_AGE"] = 60
    return config


def read_email() -> dict:
    raw = os.environ.get("EMAIL_URL", "console://").strip()
    scheme = urlsplit(raw).scheme
    if scheme not in KNOWN_EMAIL_SCHEMES:
        fail("EMAIL_URL", f"unsupported or malformed URL {raw!r} (use smtp://host:port, console:// or locmem://)")
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "dummy":
        return {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    try:
        return environ.Env.email_url_config(raw)
    except Exception as exc:
        fail("EMAIL_URL", f"cannot parse {raw!r}: {exc}")


def read_secret(debug: bool) -> str:
    secret = os.environ.get("SECRET_KEY", "").strip()
    if secret:
        if len(secret) < 32 and not debug:
            fail("SECRET_KEY", "must be at least 32 characters in production (DEBUG=false)")
        return secret
    if debug:
        return "insecure-development-key-only-used-with-debug-true"
    fail("SECRET_KEY", "is not set; production mode (DEBUG=false) needs a secret (make demo keeps one in var/secret_key)")


def read_positive_int(name: str, default: int, *, maximum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        fail(name, f"expected a whole number from 1 to {maximum}, got {raw!r}")
    return int(raw)


def read_hosts() -> list[str]:
    raw = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    bad = [h for h in hosts if " " in h or "/" in h]
    if bad or not hosts:
        fail("ALLOWED_HOSTS", f"expected a comma-separated list of host names, got {raw!r}")
    return hosts


def read_site_url() -> str:
    raw = os.environ.get("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        fail("SITE_URL", f"expected an absolute http(s) URL, got {raw!r}")
    return raw


def read_cache(var_dir: Path) -> dict:
    raw = os.environ.get("CACHE_URL", "").strip()
    if not raw:
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(var_dir / "cache")}
    scheme = urlsplit(raw).scheme
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "mestring.core.redis_cache.SharedClientRedisCache", "LOCATION": raw}
    fail("CACHE_URL", f"unsupported URL {raw!r} (use redis://host:port/db or locmem://)")
