"""A real HTTP server with the seeded demo practice, for the journeys and the screenshots.

The app runs in a werkzeug server thread on a free local port, with CSRF on as in
production, over a fresh SQLite file. The schema comes from the migrations when they
describe every model; while a feature's models are ahead of the migrations it comes from
the models plus the reference data, the same way the unit tests build it.
"""
import logging
import sqlite3
import threading
import warnings
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from config import TestConfig
from practice import create_app
from practice.core.extensions import db

#: Every demo account's password in the browser tests and the screenshots.
DEMO_PASSWORD = "journey-demo-password"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Account:
    role: str
    email: str
    name: str
    owner_email: str


@dataclass
class LiveServer:
    """The running app: ``url`` to browse, ``accounts`` of the demo practice to sign in as."""

    app: Flask
    url: str
    accounts: list[Account] = field(default_factory=list)
    schema_source: str = ""
    _server: object = None
    _thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return self.url.split("://", 1)[1]

    def account(self, role: str, email_prefix: str | None = None) -> Account:
        """The first demo account with ``role`` (and an email starting with ``email_prefix``)."""
        for account in self.accounts:
            if account.role == role and (email_prefix is None or
                                         account.email.startswith(email_prefix)):
                return account
        raise LookupError(f"no demo {role} account starting with {email_prefix!r}")

    def client_record_path(self, email_prefix: str) -> str:
        """The path of the demo client's record whose email starts with ``email_prefix``."""
        from practice.clients.models import Client

        with self.app.app_context():
            client_id = db.session.scalar(
                db.select(Client.id).where(Client.email.startswith(email_prefix)))
        if client_id is None:
            raise LookupError(f"no demo client with an email starting with {email_prefix!r}")
        return f"/clients/{client_id}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
            self._server.server_close()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def _e2e_config(database_path: Path) -> type[TestConfig]:
    class BrowserConfig(TestConfig):
        """The test settings, but with CSRF checked like production."""

        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database_path}"
        WTF_CSRF_ENABLED = True
        #: Set the session cookie only on a response whose request changed the session.
        #: Refreshed on every response (Flask's default for a permanent session), each
        #: stylesheet and script of a page still loading sends back the session as it was
        #: when its request started; arriving after a journey's next request (an API call
        #: sent as soon as the page's text showed) it overwrites that request's cookie, and
        #: its flash message is lost: the portal journey failed now and then this way.
        SESSION_REFRESH_EACH_REQUEST = False

    return BrowserConfig


def _migrations_cover_the_models() -> bool:
    """Migrate the empty database; True when the result matches the models exactly."""
    try:
        upgrade()
    # A migration being written (tests/test_migrations.py reports it). Flask-Migrate logs
    # an Alembic error, such as two heads, and exits: that must not end the test run.
    except (Exception, SystemExit):
        logger.warning("the migrations failed; the browser tests build the schema from the "
                       "models", exc_info=True)
        return False
    finally:
        _quiet_logs()  # the migrations' logging config turns alembic's INFO lines back on
    with warnings.catch_warnings():
        # SQLite cannot reflect the expression index on lower(email); nothing to compare.
        warnings.filterwarnings("ignore", ".*expression-based index.*")
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return not compare_metadata(context, db.metadata)


def _quiet_logs() -> None:
    for name in ("alembic", "werkzeug"):
        logging.getLogger(name).setLevel(logging.WARNING)


def build_schema(database_path: Path) -> str:
    """Create the schema in the current app's empty database; return how it was built."""
    if _migrations_cover_the_models():
        return "migrations"
    # Some models are newer than the migrations: start the file again from the models.
    db.session.remove()
    db.engine.dispose()
    database_path.unlink(missing_ok=True)
    db.create_all()
    from tests.factories.reference import load_reference_data

    load_reference_data()
    db.session.commit()
    return "models"


def _buffered(app):
    """Send each response as one block, its iterable already closed.

    werkzeug's development server skips closing a response (a static file's handle) when
    the browser drops the connection mid-response, as it does when it navigates on; the
    unclosed file then fails a random later test with a ResourceWarning.
    """

    def buffered_app(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()

    return buffered_app


@dataclass(frozen=True)
class SeededDatabase:
    """A SQLite file holding the seeded demo practice, to serve or to copy."""

    path: Path
    accounts: list[Account]
    schema_source: str

    def copy_to(self, database_path: Path) -> "SeededDatabase":
        """A fresh copy at ``database_path``: the same practice, changed independently."""
        with closing(sqlite3.connect(self.path)) as source, \
                closing(sqlite3.connect(database_path)) as target:
            source.backup(target)
        return replace(self, path=database_path)


def seed_database(database_path: Path, password: str = DEMO_PASSWORD) -> SeededDatabase:
    """Build the schema in a fresh SQLite file at ``database_path`` and seed the demo practice."""
    from practice.core.unit_of_work import unit_of_work
    from practice.demo import seed_demo

    app = create_app(_e2e_config(database_path))
    with app.app_context():
        schema_source = build_schema(database_path)
        with unit_of_work():
            accounts = [Account(*row) for row in seed_demo(password)]
        db.session.remove()
        db.engine.dispose()
    return SeededDatabase(database_path, accounts, schema_source)


def start_live_server(database_path: Path, password: str = DEMO_PASSWORD, *,
                      seeded: SeededDatabase | None = None) -> LiveServer:
    """Serve the demo practice from ``database_path``; call ``stop()`` when done.

    The database is built and seeded there, or copied from ``seeded`` (seeding once and
    copying for each server is quicker than seeding each time).
    """
    if seeded is None:
        seeded = seed_database(database_path, password)
    elif seeded.path != database_path:
        seeded = seeded.copy_to(database_path)
    app = create_app(_e2e_config(database_path))
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url  # the address links are built from, as set in production
    logger.info("serving the demo practice at %s (schema from the %s)", url, seeded.schema_source)
    return LiveServer(app=app, url=url, accounts=seeded.accounts,
                      schema_source=seeded.schema_source, _server=server, _thread=thread)
