"""Backups: ``flask --app wsgi backup PATH`` and ``restore PATH [--force]``.

Each test builds its own apps on databases of their own (a practice to back up, an empty one
to restore into), migrated as in production, so the suite's database is never touched. The
PostgreSQL round trip makes two databases on the local server and drops them after; it is
skipped when that server is not reachable.
"""
import os
import stat
import uuid
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import TestConfig
from practice import create_app
from practice.core.audit import AuditEvent, verify_chain
from practice.core.extensions import db
from practice.core.unit_of_work import unit_of_work

POSTGRES_SERVER = os.environ.get("BACKUP_TEST_POSTGRES",
                                 "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DEMO_PASSWORD = "demo-password-1"


@contextmanager
def app_on(url: str, *, migrate: bool = True):
    class OwnDatabase(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    application = create_app(OwnDatabase)
    with application.app_context():
        if migrate:
            upgrade(revision="heads")
        try:
            yield application
        finally:
            db.session.remove()
            db.engine.dispose()


def seed_demo_practice() -> None:
    """The demo practice, and a trail of audit events as if it had been used for a while."""
    from practice.clients.models import Client
    from practice.core import audit
    from practice.demo import seed_demo

    with unit_of_work():
        seed_demo(DEMO_PASSWORD)
    for client in db.session.scalars(db.select(Client).order_by(Client.id)):
        with unit_of_work():
            audit.record("client.view", client, client_id=client.id)


def row_counts() -> dict[str, int]:
    db.session.remove()
    with db.engine.connect() as connection:
        return {table: connection.scalar(text(f'SELECT count(*) FROM "{table}"'))
                for table in inspect(connection).get_table_names()}


def run(application, *args):
    return application.test_cli_runner().invoke(args=[str(arg) for arg in args])


def events(action: str) -> list[AuditEvent]:
    db.session.remove()
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)


def check_restored(application, expected: dict[str, int], backup_path) -> None:
    """Every record of the backup is there, the trail verifies, and the restore is on it."""
    counts = row_counts()
    assert set(counts) == set(expected)
    assert {table: counts[table] for table in counts if table != "audit_events"} == \
           {table: expected[table] for table in expected if table != "audit_events"}
    assert counts["audit_events"] == expected["audit_events"] + 1  # the restore's own event
    report = verify_chain()
    assert report.intact, report.problem
    assert report.event_count == expected["audit_events"] + 1
    [restored] = events("backup.restore")
    assert restored.id == report.last_event_id
    assert restored.detail_dict["path"] == str(backup_path.resolve())
    verified = run(application, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "intact" in verified.output


# --- SQLite -----------------------------------------------------------------------------------

@pytest.fixture
def demo_practice(tmp_path):
    """The demo practice on a SQLite file of its own, migrated as in production."""
    with app_on(f"sqlite:///{tmp_path / 'practice.sqlite3'}") as application:
        seed_demo_practice()
        yield application


def test_the_demo_practice_round_trips_through_a_sqlite_backup(demo_practice, tmp_path):
    before = row_counts()
    assert before["users"] > 5
    assert before["clients"] > 5
    assert before["audit_events"] > 5
    backup_path = tmp_path / "backups" / "practice.backup"
    backup_path.parent.mkdir()
    made = run(demo_practice, "backup", backup_path)
    assert made.exit_code == 0, made.output
    assert mode_of(backup_path) == 0o600
    assert not [name for name in os.listdir(backup_path.parent) if name != "practice.backup"]
    [created] = events("backup.create")
    assert created.detail_dict["path"] == str(backup_path.resolve())
    assert created.detail_dict["format"] == "sqlite"
    assert created.detail_dict["bytes"] == backup_path.stat().st_size
    assert verify_chain().intact

    restored_path = tmp_path / "restored.sqlite3"
    with app_on(f"sqlite:///{restored_path}", migrate=False) as target:
        result = run(target, "restore", backup_path)
        assert result.exit_code == 0, result.output
        assert "intact" in result.output
        check_restored(target, before, backup_path)
        assert mode_of(restored_path) == 0o600
        # The demo accounts sign in on the restored practice.
        from practice.auth.models import User
        from practice.auth.passwords import verify_password

        admin = db.session.scalar(db.select(User).where(User.email.like("%admin%")))
        assert verify_password(admin.password_hash, DEMO_PASSWORD)


def test_a_restore_into_a_migrated_empty_database_needs_no_force(demo_practice, tmp_path):
    before = row_counts()
    backup_path = tmp_path / "practice.backup"
    assert run(demo_practice, "backup", backup_path).exit_code == 0
    with app_on(f"sqlite:///{tmp_path / 'migrated.sqlite3'}") as target:
        result = run(target, "restore", backup_path)
        assert result.exit_code == 0, result.output
        check_restored(target, before, backup_path)


def test_a_backup_never_overwrites_a_file(demo_practice, tmp_path):
    existing = tmp_path / "practice.backup"
    existing.write_text("last week's backup")
    result = run(demo_practice, "backup", existing)
    assert result.exit_code != 0
    assert "exists" in result.output
    assert existing.read_text() == "last week's backup"
    assert events("backup.create") == []


def test_a_backup_does_not_follow_a_link(demo_practice, tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    link = tmp_path / "practice.backup"
    link.symlink_to(elsewhere)
    result = run(demo_practice, "backup", link)
    assert result.exit_code != 0
    assert not elsewhere.exists()
    assert link.is_symlink()
    assert events("backup.create") == []


def test_a_backup_into_a_missing_folder_is_refused(demo_practice, tmp_path):
    result = run(demo_practice, "backup", tmp_path / "missing" / "practice.backup")
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_a_backup_that_fails_leaves_no_file_and_no_event(demo_practice, tmp_path, monkeypatch):
    from practice.backup import sqlite

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(sqlite, "_copy_into", broken)
    backup_path = tmp_path / "practice.backup"
    result = run(demo_practice, "backup", backup_path)
    assert result.exit_code != 0
    assert "disk full" in result.output
    assert not backup_path.exists()
    # No snapshot folder left behind either: only the database and its WAL files.
    assert set(os.listdir(tmp_path)) <= {"practice.sqlite3", "practice.sqlite3-wal",
                                         "practice.sqlite3-shm"}
    assert events("backup.create") == []


def test_a_restore_over_a_database_with_records_needs_force(demo_practice, tmp_path):
    backup_path = tmp_path / "practice.backup"
    before = row_counts()
    assert run(demo_practice, "backup", backup_path).exit_code == 0
    with app_on(f"sqlite:///{tmp_path / 'other.sqlite3'}") as target:
        from tests.factories.accounts import make_user

        make_user(email="someone@example.com")
        with unit_of_work():
            from practice.core import audit

            audit.record("settings.change", detail={"what": "something"})
        others = row_counts()
        refused = run(target, "restore", backup_path)
        assert refused.exit_code != 0
        assert "--force" in refused.output
        assert row_counts() == others  # nothing changed
        forced = run(target, "restore", backup_path, "--force")
        assert forced.exit_code == 0, forced.output
        check_restored(target, before, backup_path)
        assert events("backup.restore")[0].detail_dict["forced"] is True


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("just some text, not a database")
    with app_on(f"sqlite:///{tmp_path / 'target.sqlite3'}") as target:
        before = row_counts()
        result = run(target, "restore", not_a_backup)
        assert result.exit_code != 0
        assert "not a backup" in result.output
        assert row_counts() == before
        missing = run(target, "restore", tmp_path / "missing.backup")
        assert missing.exit_code != 0


def test_restore_refuses_a_sqlite_database_of_another_application(tmp_path):
    import sqlite3

    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE things (id integer)")
    with app_on(f"sqlite:///{tmp_path / 'target.sqlite3'}") as target:
        result = run(target, "restore", foreign)
        assert result.exit_code != 0
        assert "not a backup" in result.output


def test_a_postgresql_backup_is_not_restored_into_sqlite(tmp_path):
    dump = tmp_path / "practice.backup"
    dump.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 100)
    with app_on(f"sqlite:///{tmp_path / 'target.sqlite3'}") as target:
        result = run(target, "restore", dump)
        assert result.exit_code != 0
        assert "PostgreSQL" in result.output


# --- PostgreSQL -------------------------------------------------------------------------------

def _postgres_reachable() -> bool:
    try:
        engine = create_engine(POSTGRES_SERVER)
        with engine.connect():
            pass
        engine.dispose()
    except Exception:  # noqa: BLE001 (any failure means: no server to test against)
        return False
    return True


@contextmanager
def postgres_database(name: str):
    """A database of its own on the local server, dropped after."""
    server = create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _failing_pg_restore(folder):
    """A ``pg_restore`` that reads the table of contents, then stops part-way with an error."""
    import shutil

    real = shutil.which("pg_restore")
    wrapper = folder / "pg_restore"
    wrapper.write_text("#!/bin/sh\n"
                       f'if [ "$1" = "--list" ]; then exec {real} "$@"; fi\n'
                       f'{real} "$@" | head -c 30000\n'
                       "echo 'pg_restore: error: the archive broke off' >&2\n"
                       "exit 1\n")
    wrapper.chmod(0o700)
    return lambda name: str(wrapper) if name == "pg_restore" else shutil.which(name)


@pytest.mark.skipif(not _postgres_reachable(), reason="no PostgreSQL at " + POSTGRES_SERVER)
def test_the_demo_practice_round_trips_through_a_postgresql_backup(tmp_path, monkeypatch):
    from practice.backup import postgres

    suffix = uuid.uuid4().hex[:8]
    backup_path = tmp_path / "practice.dump"
    with postgres_database(f"test_restore_source_{suffix}") as source_url, \
            postgres_database(f"test_restore_{suffix}") as target_url:
        with app_on(source_url) as source:
            seed_demo_practice()
            before = row_counts()
            made = run(source, "backup", backup_path)
            assert made.exit_code == 0, made.output
            assert mode_of(backup_path) == 0o600
            assert backup_path.read_bytes().startswith(b"PGDMP")
            [created] = events("backup.create")
            assert created.detail_dict["format"] == "pg_dump"
            again = run(source, "backup", backup_path)
            assert again.exit_code != 0  # never overwrites

        with app_on(target_url, migrate=False) as target:
            result = run(target, "restore", backup_path)
            assert result.exit_code == 0, result.output
            check_restored(target, before, backup_path)
            # A second restore finds records and asks for --force; with it, it starts over.
            refused = run(target, "restore", backup_path)
            assert refused.exit_code != 0
            assert "--force" in refused.output
            forced = run(target, "restore", backup_path, "--force")
            assert forced.exit_code == 0, forced.output
            check_restored(target, before, backup_path)
            # A backup cut short is refused before anything happens.
            damaged = tmp_path / "damaged.dump"
            damaged.write_bytes(backup_path.read_bytes()[: backup_path.stat().st_size * 2 // 3])
            restored = row_counts()
            broken = run(target, "restore", damaged, "--force")
            assert broken.exit_code != 0
            assert "not a backup that can be read" in broken.output
            assert row_counts() == restored
            # pg_restore failing part-way (its script half sent, the old tables already
            # dropped inside the transaction): rolled back, nothing changed.
            monkeypatch.setattr(postgres, "_tool", _failing_pg_restore(tmp_path))
            broken = run(target, "restore", backup_path, "--force")
            assert broken.exit_code != 0
            assert "changed nothing" in broken.output
            assert row_counts() == restored
            assert verify_chain().intact
            # The database guards of the migrations came back with the tables.
            with pytest.raises(Exception, match="(?i)append-only|audit"), \
                    db.engine.begin() as connection:
                connection.execute(text("DELETE FROM audit_events"))


def test_the_postgresql_tools_get_the_password_in_their_environment_only():
    from practice.backup.postgres import _connection

    conninfo, environment = _connection(make_url(
        "postgresql+psycopg://practice:s3cret%40pw@db.internal:5433/qi?sslmode=require"))
    assert "s3cret" not in conninfo
    assert conninfo == "postgresql://practice@db.internal:5433/qi?sslmode=require"
    assert environment["PGPASSWORD"] == "s3cret@pw"


def test_sessions_open_in_the_backup_are_ended_by_the_restore(demo_practice, tmp_path):
    """A cookie of a session that was open when the backup was made (and ended since) does
    not open pages again because the database went back in time."""
    from practice.auth.models import User, UserSession

    with unit_of_work():
        user = db.session.scalars(db.select(User).order_by(User.id)).first()
        db.session.add(UserSession(user=user, security_stamp=user.security_stamp))
    backup_path = tmp_path / "practice.backup"
    assert run(demo_practice, "backup", backup_path).exit_code == 0
    with app_on(f"sqlite:///{tmp_path / 'restored.sqlite3'}", migrate=False) as target:
        result = run(target, "restore", backup_path)
        assert result.exit_code == 0, result.output
        assert "1 signed-in session ended" in result.output
        db.session.remove()
        [row] = db.session.scalars(db.select(UserSession))
        assert row.ended_at is not None
        [restored] = events("backup.restore")
        assert restored.detail_dict["sessions_ended"] == 1
        assert verify_chain().intact
