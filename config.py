"""Configuration classes, read from the environment.

``create_app()`` picks ``ProductionConfig`` when ``PRACTICE_ENV=production`` and
``Config`` (development) otherwise; tests pass ``TestConfig`` explicitly.
"""
import os


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
    LOGIN_RATE_LIMIT = "10 per minute;100 per hour"

    BOOTSTRAP_SERVE_LOCAL = True

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
    MAIL_SERVER = None
    #: Argon2 at its full cost would make the suite slow; tests only need correctness.
    PASSWORD_HASH_FAST = True


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls):
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                "Production needs these environment variables: " + ", ".join(missing)
            )
