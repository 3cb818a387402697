"""Configuration classes, read from the environment.

``create_app()`` picks ``ProductionConfig`` when ``PRACTICE_ENV=production`` and
``Config`` (development) otherwise; tests pass ``TestConfig`` explicitly.
"""
import logging
import os
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)


class Config:
    #: Filled in by ``create_app`` from ``instance/secret_key`` when unset (development only).
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: ``None`` means a SQLite file in the instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 8  # one working day

    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = True
    #: Sign-in, reset and code requests per client address: high enough for a whole office
    #: behind one address (the real address: see TRUSTED_PROXIES).
    LOGIN_RATE_LIMIT = "50 per minute;500 per hour"
    #: Guesses per account, from any address: wrong passwords at sign-in (per email, known or
    #: not), reset requests per email, wrong two-factor codes, wrong current passwords.
    ACCOUNT_RATE_LIMIT = "5 per 15 minutes"

    #: A signed-in session ends after this long without activity...
    IDLE_TIMEOUT_MINUTES = int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30"))
    #: ...and this long after signing in, however busy.
    SESSION_LIFETIME_HOURS = 12
    #: Admins must turn on two-factor sign-in before they can use the admin pages.
    ADMIN_TWO_FACTOR_REQUIRED = False

    BOOTSTRAP_SERVE_LOCAL = True

    #: Where people reach the app: every link that is emailed or shown to pass on is built
    #: from it, never from the request's Host header.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    #: Host names the app answers to (comma-separated); others get 400. Unset: any host in
    #: development, the BASE_URL's host in production.
    TRUSTED_HOSTS = [host.strip() for host in os.environ.get("TRUSTED_HOSTS", "").split(",")
                     if host.strip()] or None
    #: How many reverse proxies in front set X-Forwarded-For/-Proto/-Host (0: none).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    #: Nothing the app takes is larger than a long form: refuse bigger bodies unread.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    INVITATION_MAX_AGE = 72 * 3600
    PASSWORD_RESET_MAX_AGE = 3600
    PASSWORD_MIN_LENGTH = 10

    #: Outgoing mail: links are emailed only when MAIL_SERVER is set; they are always
    #: shown to the person who created them.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "no-reply@qi-practice.local")

    #: Default practice time zone until an admin sets one.
    PRACTICE_TIMEZONE = os.environ.get("PRACTICE_TIMEZONE", "Europe/London")
    PAGE_SIZE = 25


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 (tests only)
    #: ``None``: the suite makes a temporary SQLite file (see tests/conftest.py).
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL")
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "10000 per minute"
    ACCOUNT_RATE_LIMIT = "10000 per minute"
    BASE_URL = "http://localhost"
    MAIL_SERVER = None
    #: Argon2 at its full cost would make the suite slow; tests only need correctness.
    PASSWORD_HASH_FAST = True


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    #: Behind the TLS-terminating proxy the README describes.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1"))
    ADMIN_TWO_FACTOR_REQUIRED = True

    @classmethod
    def check(cls):
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "BASE_URL")
                   if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                "Production needs these environment variables: " + ", ".join(missing)
            )
        if cls.TRUSTED_HOSTS is None:
            cls.TRUSTED_HOSTS = [urlsplit(cls.BASE_URL).hostname]
        if cls.RATELIMIT_STORAGE_URI.startswith("memory://"):
            logger.warning("RATELIMIT_STORAGE_URI is memory://: each worker process counts "
                           "sign-in attempts on its own, so the limits are multiplied by the "
                           "number of workers. Set it to redis://... when several serve.")
