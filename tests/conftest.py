"""Fixtures shared by the whole suite: the app on a real database, users, sign-in.

The schema and the reference data (tests/factories/reference.py) are built once per run and
committed. Each test that uses the database then runs inside one transaction on one
connection, rolled back at the end: every session of the test (its own, and the one of each
request the test client sends, each in its own app context) is bound to that connection and
works in a SAVEPOINT, so a request sees what the test wrote and the rollback undoes both.
A commit, the request's or the test's, releases its savepoint (and chains the audit events
first, as in production).

Tests that need real commits carry ``@pytest.mark.real_commits``: a second connection or
thread saving at the same time (or tampering), an export's own REPEATABLE READ transaction on
PostgreSQL, a measurement that must see production's transactions. They run on emptied tables
plus the reference data, committing for real (the suite's old way), and the next transactional
test starts from a freshly loaded baseline. Tests that build their own app on their own
database (the migrations) do not use the suite's database at all.

A test that uses neither ``app`` nor ``db`` (nor a fixture built on them, nor the marker) gets
no database and no app context at all: pure functions are tested on their own. A test that
reaches the database without asking for it fails with "Working outside of application
context": give it ``db`` (or ``@pytest.mark.usefixtures("db")``).
"""
import os
import re
from contextlib import contextmanager

import pytest
from flask import current_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import event, text
from sqlalchemy.orm import scoped_session, sessionmaker

from config import TestConfig
from practice import create_app
from practice.auth.models import Role
from practice.core.extensions import db as _db
from practice.core.settings import forget_kept_settings
from practice.notes_search.index import clear_index
from tests import commits
from tests.factories.accounts import make_user

TEST_PASSWORD = "correct horse battery"
REAL_COMMITS = "real_commits"
#: Execution options that only a transaction of its own can have (PostgreSQL's isolation).
OWN_TRANSACTION_OPTIONS = {"isolation_level", "postgresql_readonly", "postgresql_deferrable"}
#: What the per-test transaction adds around each session's work: not the app's queries.
TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b",
                                 re.IGNORECASE)


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
        clear_index(connection)  # the notes index is no model's table


#: Set on the connection of a rolled-back test on SQLite: SQLAlchemy emits BEGIN itself.
EXPLICIT_BEGIN = "tests.explicit_begin"


def _emit_begin_where_asked(engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "begin")
    def _begin(connection):
        if connection.info.get(EXPLICIT_BEGIN):
            connection.exec_driver_sql("BEGIN")


@contextmanager
def _savepoints_work(connection):
    """pysqlite's own transaction handling breaks SAVEPOINT: let SQLAlchemy emit BEGIN.

    The documented workaround ("Serializable isolation / Savepoints / Transactional DDL" in
    SQLAlchemy's SQLite dialect notes): the driver stays out of transactions, and each
    SQLAlchemy transaction starts with an explicit BEGIN. Only on the test's connection, and
    only while it is the test's: the pool's other connections behave as the app's always do.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver_connection = connection.connection.dbapi_connection
    driver_isolation = driver_connection.isolation_level
    driver_connection.isolation_level = None
    connection.info[EXPLICIT_BEGIN] = True
    try:
        yield
    finally:
        connection.info.pop(EXPLICIT_BEGIN, None)
        driver_connection.isolation_level = driver_isolation


class _Baseline:
    """The committed state every transactional test starts from: the reference data.

    On PostgreSQL a rolled-back insert still uses up a sequence value; the values are put
    back after each test so ids come out the same as on freshly emptied tables.
    """

    def __init__(self):
        self.loaded = False
        self.sequences: list[tuple[str, int, bool]] = []

    def ensure(self) -> None:
        if self.loaded:
            return
        _empty_tables()
        self.load_reference_data()
        self.remember_sequences()
        self.loaded = True

    @staticmethod
    def load_reference_data() -> None:
        from tests.factories.reference import load_reference_data

        load_reference_data()
        _db.session.commit()
        _db.session.remove()

    def remember_sequences(self) -> None:
        if _db.engine.dialect.name != "postgresql":
            return
        with _db.engine.connect() as connection:
            names = connection.scalars(text(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) "
                "FROM pg_sequences WHERE schemaname = current_schema()")).all()
            self.sequences = [
                (name, *connection.execute(text(
                    f"SELECT last_value, is_called FROM {name}")).one())
                for name in names
            ]

    def restore_sequences(self, connection) -> None:
        if not self.sequences:
            return
        calls = ", ".join(f"setval('{name}', {value}, {'true' if called else 'false'})"
                          for name, value, called in self.sequences)
        connection.execute(text(f"SELECT {calls}"))
        connection.commit()


def _sessions_on(connection, app) -> scoped_session:
    """``db.session`` for a test: one session per app context, those of ``app`` on ``connection``.

    Flask-SQLAlchemy picks an engine for every statement and ignores a session's ``bind``;
    these sessions send the suite app's statements to the test's connection instead (joining
    its transaction with a SAVEPOINT of their own). Another app (a test building its own, on
    its own database) keeps its engine.
    """

    class BoundSession(FlaskSQLAlchemySession):
        def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
            if bind is None and current_app._get_current_object() is app:
                return connection
            return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)

        def connection(self, bind_arguments=None, execution_options=None):
            if set(execution_options or ()) & OWN_TRANSACTION_OPTIONS and \
                    current_app._get_current_object() is app:
                pytest.fail("this test reaches code that sets up a transaction of its own "
                            f"({', '.join(sorted(execution_options))}: an export's snapshot); "
                            "a rolled-back test transaction cannot give it one: mark the test "
                            "@pytest.mark.real_commits", pytrace=False)
            return super().connection(bind_arguments=bind_arguments,
                                      execution_options=execution_options)

    options = dict(_db.session.session_factory.kw)
    options.update(join_transaction_mode="create_savepoint")
    return scoped_session(sessionmaker(class_=BoundSession, **options), scopefunc=_app_ctx_id)


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
        _emit_begin_where_asked(_db.engine)
        _reset_schema()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def _baseline(app):
    return _Baseline()


def _needs_database(request) -> bool:
    return (request.node.get_closest_marker(REAL_COMMITS) is not None or
            "app" in request.fixturenames)


@pytest.fixture(autouse=True)
def _database_when_used(request):
    """``db`` for every test that uses the app (directly or through another fixture)."""
    if _needs_database(request):
        request.getfixturevalue("db")


@pytest.fixture
def db(app, _baseline, request):
    """The test's app context on the reference data; its changes are rolled back at the end.

    Under ``@pytest.mark.real_commits`` the tables are emptied instead and the test commits
    for real (see the module docstring).
    """
    if request.node.get_closest_marker(REAL_COMMITS) is not None:
        yield from _real_commits(app, _baseline)
    else:
        yield from _rolled_back(app, _baseline)


def _rolled_back(app, baseline: _Baseline):
    with app.app_context():
        baseline.ensure()
        with _db.engine.connect() as connection, _savepoints_work(connection):
            transaction = connection.begin()
            suite_sessions, _db.session = _db.session, _sessions_on(connection, app)
            try:
                yield _db
            finally:
                _db.session.remove()
                _db.session = suite_sessions
                if transaction.is_active:
                    transaction.rollback()
            baseline.restore_sequences(connection)


def _real_commits(app, baseline: _Baseline):
    with app.app_context():
        baseline.loaded = False
        _empty_tables()
        baseline.load_reference_data()
        try:
            yield _db
        finally:
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
    """Count the SQL statements a block issues: ``with count_queries() as counter: ...``.

    The process's kept practice settings are dropped first, so the block's first page reads
    them as a first visit does, whatever an earlier request read: a page's count never depends
    on the test's history. ``count_queries(kept_settings=True)`` counts with them kept."""
    @contextmanager
    def counting(kept_settings: bool = False):
        if not kept_settings:
            forget_kept_settings(app)
        statements = []

        def before_cursor_execute(conn, cursor, statement, *args):
            if not TRANSACTION_CONTROL.match(statement):
                statements.append(statement)

        event.listen(_db.engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield statements
        finally:
            event.remove(_db.engine, "before_cursor_execute", before_cursor_execute)

    return counting


@pytest.fixture
def count_commits():
    """Count the commits a block makes: ``with count_commits() as commits: ...``."""
    return commits.count_commits


def using_postgresql() -> bool:
    return (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")
