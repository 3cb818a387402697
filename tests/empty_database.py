"""An empty database of a test's own, for tests that migrate or import from scratch.

On PostgreSQL (the suite's TEST_DATABASE_URL) it is a schema of its own, made and dropped
around the test, so the suite's tables are never disturbed; otherwise a new SQLite file.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from config import TestConfig
from practice.core.extensions import db


@contextmanager
def empty_database(tmp_path, name: str) -> Iterator[str]:
    """The URL of an empty database called ``name`` (a schema, or a file under tmp_path)."""
    url = TestConfig.SQLALCHEMY_DATABASE_URI
    if not (url or "").startswith("postgresql"):
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {name}"))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{name}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        engine.dispose()


def app_on(url: str):
    """The app as the suite configures it, on another database."""
    from practice import create_app

    class OwnDatabaseConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(OwnDatabaseConfig)


@contextmanager
def app_context_on(url: str):
    """``app_on(url)`` inside its app context, its connections closed after."""
    application = app_on(url)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def insert_practitioner_and_client(connection):
    """User 1 (a practitioner) and their client 1, in raw SQL for a migrated schema."""
    connection.execute(text(
        "INSERT INTO users (id, email, role, display_name, is_enabled, security_stamp, "
        "created_at) VALUES (1, 'pat@example.com', 'practitioner', 'Pat', true, 's', "
        "CURRENT_TIMESTAMP)"))
    connection.execute(text(
        "INSERT INTO clients (id, practitioner_id, given_name, family_name, created_at, "
        "updated_at, last_activity_at, version) VALUES (1, 1, 'Hannah', 'Price', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
