"""An export is on record once it is complete: one event listing the clients it covered.

A download that stops before its last byte (the browser closed, the connection dropped, a
writer failed) is recorded as failed, and no client sees it in their access history.
"""
import json

import pytest

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.exports import operations
from tests.factories.exports import make_full_record
from tests.html import text_of

#: PostgreSQL: an export reads in a REPEATABLE READ, READ ONLY transaction of its own.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def records(practitioner, other_practitioner):
    return [make_full_record(practitioner, "Alpha"), make_full_record(other_practitioner, "Bravo")]


def events(*actions: str) -> list[AuditEvent]:
    db.session.expire_all()
    db.session.rollback()  # a fresh read: the download commits in a session of its own
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action.in_(actions))
                              .order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("format_key", ["csv", "json", "fhir"])
def test_an_export_is_recorded_once_its_last_byte_is_handed_over(records, admin_user,
                                                                 format_key):
    export = operations.start_export(format_key, actor=admin_user)
    chunks = iter(export.chunks)
    received = [next(chunks)]
    assert events("export.create", "client.export", "export.failed") == []
    received.extend(chunks)
    (event,) = events("export.create", "client.export", "export.failed")
    assert event.action == "export.create"
    assert event.actor_id == admin_user.id
    assert event.client_id is None
    detail = event.detail_dict
    assert detail["client_ids_up_to"] == max(c.id for c in records)
    assert detail["client_count"] == len(records)
    assert (detail["format"], detail["scope"], detail["via"]) == (format_key, "practice", "web")
    assert b"".join(received)


@pytest.mark.parametrize("format_key", ["csv", "json", "fhir"])
def test_an_export_abandoned_part_way_is_recorded_as_failed(records, admin_user, format_key):
    export = operations.start_export(format_key, actor=admin_user)
    chunks = export.chunks
    next(chunks)
    chunks.close()  # what a server does when the browser goes away mid-download
    (event,) = events("export.create", "client.export", "export.failed")
    assert event.action == "export.failed"
    assert event.actor_id == admin_user.id
    assert event.client_id is None
    detail = event.detail_dict
    assert (detail["format"], detail["scope"], detail["via"]) == (format_key, "practice", "web")
    assert "client_ids" not in detail
    assert detail["reason"] == "the download stopped before the end"


def test_a_one_client_export_that_fails_stays_off_the_clients_record(records, admin_user):
    alpha, _bravo = records
    export = operations.start_export("csv", alpha.id, actor=admin_user)
    chunks = export.chunks
    next(chunks)
    chunks.close()
    (event,) = events("export.create", "client.export", "export.failed")
    assert event.action == "export.failed"
    assert event.client_id is None
    assert (event.target_type, event.target_id) == ("Client", alpha.id)


def test_a_writer_error_mid_export_is_recorded_as_failed(records, admin_user, monkeypatch):
    def broken_writer(*args, **kwargs):
        yield b"PK"
        raise OSError("disk gone")

    monkeypatch.setattr(operations, "csv_zip_chunks", broken_writer)
    chunks = operations.start_export("csv", actor=admin_user).chunks
    next(chunks)
    with pytest.raises(OSError):
        next(chunks)
    (event,) = events("export.create", "client.export", "export.failed")
    assert event.action == "export.failed"
    assert event.detail_dict["reason"] == "an error in the export (OSError)"


def test_a_web_download_records_one_event_listing_its_clients(client, auth, admin_user, records):
    auth.login_as(admin_user)
    response = client.post("/admin/exports", data={"format": "json", "scope": "practice"})
    assert len(json.loads(response.get_data())["clients"]) == 2
    (event,) = events("export.create", "client.export", "export.failed")
    assert event.action == "export.create"
    assert event.detail_dict["client_ids_up_to"] == max(c.id for c in records)


def test_a_one_client_download_lists_that_client(client, auth, admin_user, records):
    alpha, _bravo = records
    auth.login_as(admin_user)
    response = client.post("/admin/exports", data={"format": "json", "scope": "client",
                                                   "client_id": alpha.id})
    assert json.loads(response.get_data())["clients"][0]["id"] == alpha.id
    (event,) = events("export.create", "client.export", "export.failed")
    assert (event.action, event.client_id) == ("export.create", alpha.id)
    assert event.detail_dict["client_ids"] == [alpha.id]


def test_the_exports_page_lists_complete_and_failed_exports(client, auth, admin_user, records):
    auth.login_as(admin_user)
    client.post("/admin/exports", data={"format": "json", "scope": "practice"}).get_data()
    chunks = operations.start_export("fhir", actor=admin_user).chunks
    next(chunks)
    chunks.close()
    recent = text_of(client.get("/admin/exports"), "#recent-exports")
    assert "JSON · whole practice (2 clients)" in recent
    assert "FHIR · whole practice · failed: the download stopped before the end" in recent


def test_the_command_line_records_the_export_once_the_file_is_written(app, tmp_path, records):
    output = tmp_path / "practice.zip"
    result = app.test_cli_runner().invoke(args=["export", "--format", "csv", "--output",
                                                str(output)])
    assert result.exit_code == 0, result.output
    (event,) = events("export.create", "client.export", "export.failed")
    assert event.action == "export.create"
    assert event.detail_dict["client_ids_up_to"] == max(c.id for c in records)
    assert event.detail_dict["via"] == "command line"


def test_a_command_line_export_that_fails_is_recorded_as_failed_and_leaves_no_file(
        app, tmp_path, records, monkeypatch):
    def broken_writer(*args, **kwargs):
        yield b"{"
        raise OSError("disk gone")

    monkeypatch.setattr(operations, "json_chunks", broken_writer)
    output = tmp_path / "practice.json"
    result = app.test_cli_runner().invoke(args=["export", "--format", "json", "--output",
                                                str(output), "--client", str(records[0].id)])
    assert result.exit_code != 0
    assert not output.exists()
    assert not list(tmp_path.iterdir())
    (event,) = events("export.create", "client.export", "export.failed")
    assert event.action == "export.failed"
    assert event.client_id is None
    assert event.detail_dict["via"] == "command line"


def test_an_export_read_twice_is_recorded_once(app, records, admin_user):
    export = operations.start_export("json", actor=admin_user)
    db.session.commit()
    first = b"".join(export.chunks)
    assert b"".join(export.chunks) in (b"", first)
    assert len(events("export.create", "export.failed")) == 1
