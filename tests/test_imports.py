"""Import of a JSON export into an empty database: lossless, audited as it was, and safe.

A practice is made on SQLite through the migrations (so the database guards of migration 0008
are on, as in production), exported, and imported into a new migrated database: PostgreSQL
when the suite runs there (TEST_DATABASE_URL, as in CI), in a schema of its own; otherwise
another SQLite file. These tests build their own apps and never touch the suite's database.
"""
import json
import os
import stat

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from practice.core.extensions import db
from tests.empty_database import app_on, empty_database

PASSWORD = "demo-password-1"


make_app = app_on


@pytest.fixture
def target_url(tmp_path):
    with empty_database(tmp_path, "import_check") as url:
        yield url


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A demo practice on migrated SQLite, exported with and without credentials."""
    from practice.core.unit_of_work import unit_of_work
    from practice.demo import seed_demo

    folder = tmp_path_factory.mktemp("source")
    app = make_app(f"sqlite:///{folder / 'source.sqlite3'}")
    with app.app_context():
        upgrade()
        with unit_of_work():
            seed_demo(PASSWORD)
        runner = app.test_cli_runner()
        files = {}
        for name, extra in (("with", ["--include-credentials"]), ("without", [])):
            files[name] = folder / f"{name}.json"
            result = runner.invoke(args=["export", "--format", "json", "--output",
                                         str(files[name]), *extra])
            assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()
    return files


def without_time(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def test_an_export_with_credentials_is_readable_by_its_owner_only(source):
    assert stat.S_IMODE(os.stat(source["with"]).st_mode) == 0o600
    document = json.loads(source["with"].read_text())
    assert all("credentials" in user for user in document["users"])
    assert not any("credentials" in user for user in json.loads(source["without"].read_text())[
        "users"])


def test_export_import_export_gives_the_same_document_and_the_trail_verifies(
        source, target_url, tmp_path):
    from practice.core.audit import verify_chain
    from practice.intakes.models import Intake
    from practice.treatments.models import TreatmentSession

    first = json.loads(source["with"].read_text())
    app = make_app(target_url)
    with app.app_context():
        upgrade()
        runner = app.test_cli_runner()
        result = runner.invoke(args=["import", str(source["with"])])
        assert result.exit_code == 0, result.output
        assert "The audit trail is intact" in result.output
        assert "everyone signs in as before" in result.output
        assert verify_chain().intact
        signed = db.session.scalars(select(TreatmentSession)
                                    .where(TreatmentSession.signed_at.is_not(None))).all()
        assert signed
        assert db.session.scalar(select(Intake).where(Intake.signed_at.is_not(None))) is not None
        # The app's own derived data is made again: folded names and the notes index.
        from practice.clients.models import Client
        from practice.clients.queries import client_list_statement
        from practice.notes_search.queries import search_notes

        hannah = db.session.scalars(select(Client).where(Client.given_name == "Hannah")).one()
        found = db.session.scalars(client_list_statement(hannah.practitioner_id,
                                                         search="HANNAH")).all()
        assert [client.id for client in found] == [hannah.id]
        assert search_notes(hannah.practitioner_id, "neck")
        again = tmp_path / "again.json"
        result = runner.invoke(args=["export", "--format", "json", "--include-credentials",
                                     "--output", str(again)])
        assert result.exit_code == 0, result.output
        second = json.loads(again.read_text())
        for key in first:
            assert first[key] == second[key] or key == "exported_at", key
        assert without_time(first) == without_time(second)
        # The imported practice goes on: new records get new numbers after the imported ones.
        from practice.auth.models import Role
        from practice.auth.operations import create_user
        from practice.core.unit_of_work import unit_of_work

        with unit_of_work():
            user = create_user("new.person@example.com", "New Person", Role.PRACTITIONER)
        assert user.id > max(u["id"] for u in first["users"])
        result = runner.invoke(args=["audit", "verify"])
        assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()


def test_without_credentials_everyone_gets_a_fresh_invitation_shown_once(source, target_url):
    from practice.auth.models import User
    from practice.core.audit import AuditEvent, verify_chain
    from practice.core.settings import practice_uuid

    document = json.loads(source["without"].read_text())
    app = make_app(target_url)
    with app.app_context():
        upgrade()
        # Each installation has its own identity from its first migration; an import takes the
        # identity of the practice it moves.
        assert str(practice_uuid()) != document["practice_id"]
        result = app.test_cli_runner().invoke(args=["import", str(source["without"])])
        assert str(practice_uuid()) == document["practice_id"]
        assert result.exit_code == 0, result.output
        enabled = [u for u in document["users"] if u["status"] != "deactivated"]
        for user in enabled:
            assert f"  {user['email']}\thttp://localhost/auth/" in result.output
        assert all(u.password_hash is None and u.totp_secret is None
                   for u in db.session.scalars(select(User)))
        invites = db.session.scalars(select(AuditEvent).where(
            AuditEvent.id > document["audit_events"][-1]["id"])).all()
        assert {e.action for e in invites} == {"auth.invite"}
        assert len(invites) == len(enabled)
        assert verify_chain().intact
        db.session.remove()
        db.engine.dispose()


def test_a_database_that_holds_records_is_refused_and_left_as_it_was(source, target_url):
    from practice.auth.models import User

    app = make_app(target_url)
    with app.app_context():
        upgrade()
        runner = app.test_cli_runner()
        assert runner.invoke(args=["import", str(source["with"])]).exit_code == 0
        users = db.session.scalar(select(db.func.count()).select_from(User))
        result = runner.invoke(args=["import", str(source["with"])])
        assert result.exit_code != 0
        assert "already holds records" in result.output
        assert db.session.scalar(select(db.func.count()).select_from(User)) == users
        db.session.remove()
        db.engine.dispose()


def test_a_file_cut_short_is_refused_and_nothing_is_loaded(source, target_url, tmp_path):
    from practice.auth.models import User

    data = source["with"].read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) * 2 // 3])
    app = make_app(target_url)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["import", str(cut)])
        assert result.exit_code != 0
        assert "not a complete JSON document" in result.output
        assert db.session.scalar(select(db.func.count()).select_from(User)) == 0
        db.session.remove()
        db.engine.dispose()


def practice_document(clients: int) -> dict:
    """A whole-practice export with ``clients`` clients of three check-ins each."""
    from practice.exports.json_doc import FORMAT, FORMAT_VERSION

    practitioner = {"id": 1, "email": "pat@example.com", "display_name": "Pat", "role":
                    "practitioner", "status": "active", "two_factor_enabled": False,
                    "created_at": "2026-01-01T00:00:00+00:00", "last_login_at": None,
                    "password_changed_at": None}
    people = [{"id": n, "practitioner_id": 1, "portal_user_id": None, "given_name": f"Given{n}",
               "family_name": f"Family{n}", "notes": "Notes " * 20,
               "created_at": "2026-01-01T00:00:00+00:00",
               "updated_at": "2026-01-01T00:00:00+00:00",
               "check_ins": [{"id": n * 3 + day, "client_id": n, "checked_on": f"2026-01-0{day + 1}",
                              "pain": 5, "note": "Slept badly " * 5, "source": "practitioner",
                              "recorded_by_id": 1, "created_at": "2026-01-01T00:00:00+00:00",
                              "updated_at": "2026-01-01T00:00:00+00:00"} for day in range(3)]}
              for n in range(1, clients + 1)]
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "exported_at": "2026-02-01T00:00:00+00:00",
            "practice_id": "8d1f5a51-8a4b-4b1e-9c55-5d2b2b7c8f10", "scope": {"type": "practice"},
            "practice": {"name": "Qi Practice", "timezone": "Europe/London", "updated_at": None},
            "users": [practitioner], "clients": people,
            "counts": {"users": 1, "clients": clients, "check_ins": 3 * clients}}


def peak_while_importing(tmp_path, clients: int) -> int:
    import gc
    import tracemalloc

    from practice.core.unit_of_work import unit_of_work
    from practice.imports.operations import import_export

    path = tmp_path / f"practice-{clients}.json"
    path.write_text(json.dumps(practice_document(clients)))
    app = make_app(f"sqlite:///{tmp_path / f'memory-{clients}.sqlite3'}")
    with app.app_context():
        upgrade()
        gc.collect()
        tracemalloc.start()
        with unit_of_work():
            imported = import_export(path)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert imported.counts["check_ins"] == 3 * clients
        db.session.remove()
        db.engine.dispose()
    return peak


def test_memory_stays_flat_with_ten_times_the_records(tmp_path, monkeypatch):
    from practice.imports import operations, rows

    monkeypatch.setattr(rows, "BATCH_ROWS", 40)
    monkeypatch.setattr(operations, "ATTENTION_BATCH", 20)
    warm = tmp_path / "warm"
    warm.mkdir()
    peak_while_importing(warm, 20)  # compiled SQL and imports in place before measuring
    small = peak_while_importing(tmp_path, 60)
    large = peak_while_importing(tmp_path, 600)
    assert large < 1.25 * small, (small, large)


def test_an_edited_file_the_database_refuses_is_named_and_nothing_is_loaded(
        source, target_url, tmp_path):
    from practice.auth.models import User

    document = json.loads(source["with"].read_text())
    document["users"][1]["id"] = document["users"][0]["id"]  # two accounts with one number
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document))
    app = make_app(target_url)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["import", str(edited)])
        assert result.exit_code != 0
        assert "The database refused a record of" in result.output
        db.session.rollback()
        assert db.session.scalar(select(db.func.count()).select_from(User)) == 0
        db.session.remove()
        db.engine.dispose()
