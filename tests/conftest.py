"""Fixtures shared by the whole suite: the app on a real database, users, sign-in."""
import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from config import TestConfig
from practice import create_app
from practice.auth.models import Role
from practice.core.extensions import db as _db
from tests.factories.accounts import make_user

TEST_PASSWORD = "correct horse battery"


def _reset_schema() -> None:
    """Start from an empty schema, whatever an earlier run left in the database."""
    _db.session.remove()
    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        _db.drop_all()
    _db.create_all()


def _empty_tables() -> None:
    _db.session.remove()
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


class RequestIsolatedClient(FlaskClient):
    """Runs each request in its own app context, as a real server would.

    Without this, requests would share the test's app context (and ``g``, and the
    database session) and could pass for reasons a real deployment does not have.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    class SuiteConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = (TestConfig.SQLALCHEMY_DATABASE_URI or
                                   f"sqlite:///{tmp_path_factory.mktemp('db') / 'suite.sqlite3'}")

    application = create_app(SuiteConfig)
    application.test_client_class = RequestIsolatedClient
    with application.app_context():
        _reset_schema()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def db(app):
    """Every test runs in an app context on empty tables plus the reference data."""
    with app.app_context():
        _empty_tables()
        from tests.factories.reference import load_reference_data

        load_reference_data()
        _db.session.commit()
        yield _db
        _db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, email="admin@example.com", name="Ada Admin")


@pytest.fixture
def practitioner(db):
    return make_user(Role.PRACTITIONER, email="pat@example.com", name="Pat Practitioner")


@pytest.fixture
def other_practitioner(db):
    return make_user(Role.PRACTITIONER, email="other@example.com", name="Olive Other")


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = TEST_PASSWORD, **kwargs):
        return self._client.post("/auth/login", data={"email": email, "password": password},
                                 **kwargs)

    def login_as(self, user):
        response = self.login(user.email)
        assert response.status_code == 302, "test user could not sign in"
        return response

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def count_queries(app):
    """Count the SQL statements a block issues: ``with count_queries() as counter: ...``."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements = []

        def before_cursor_execute(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(_db.engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield statements
        finally:
            event.remove(_db.engine, "before_cursor_execute", before_cursor_execute)

    return counting


def using_postgresql() -> bool:
    return (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")
