"""Exports from the admin pages and from the command line: downloads, audit, files."""
import csv
import io
import json
import os
import stat
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B.bundle import Bundle

from practice.clients.models import Client
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.core.settings import SETTINGS_ID, PracticeSettings
from tests.factories.exports import make_full_record
from tests.html import parse

#: PostgreSQL: an export reads in a REPEATABLE READ, READ ONLY transaction of its own.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def records(practitioner, other_practitioner):
    return [make_full_record(practitioner, "Alpha"), make_full_record(other_practitioner, "Bravo")]


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


def test_the_exports_page_offers_formats_and_clients(client, auth, admin_user, records):
    auth.login_as(admin_user)
    page = client.get("/admin/exports").get_data(as_text=True)
    for label in ("CSV files in a zip", "JSON document", "FHIR R4 Bundle", "The whole practice",
                  "One client"):
        assert label in page
    options = {option["value"]: option.get_text() for option in parse(page).select("#client_id option")}
    assert options[str(records[0].id)] == f"FamilyAlpha, GivenAlpha (#{records[0].id})"
    groups = [group["label"] for group in parse(page).select("#client_id optgroup")]
    assert "Olive Other" in groups


@pytest.mark.parametrize(("format_key", "mimetype", "extension"), [
    ("csv", "application/zip", ".zip"), ("json", "application/json", ".json"),
    ("fhir", "application/fhir+json", ".fhir.json")])
def test_a_practice_export_downloads_and_is_audited(client, auth, admin_user, records, format_key,
                                                    mimetype, extension):
    auth.login_as(admin_user)
    response = client.post("/admin/exports", data={"format": format_key, "scope": "practice"})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="qi-practice-practice-')
    assert disposition.endswith(f'{extension}"')
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    if format_key == "fhir":
        Bundle.model_validate(json.loads(body))
    (event,) = events("export.create")
    assert event.actor_id == admin_user.id
    assert event.client_id is None
    detail = event.detail_dict
    assert len(detail.pop("export")) == 16  # names the export in the server's log
    assert datetime.fromisoformat(detail.pop("exported_at")) <= event.occurred_at
    assert detail == {"format": format_key, "scope": "practice", "via": "web",
                      "client_ids_up_to": max(c.id for c in records), "client_count": len(records)}
    assert events("client.export") == []  # one event per export, listing its clients


def test_a_one_client_export_downloads_only_that_client(client, auth, admin_user, records):
    alpha, _bravo = records
    auth.login_as(admin_user)
    response = client.post("/admin/exports", data={"format": "json", "scope": "client",
                                                   "client_id": alpha.id})
    document = json.loads(response.get_data())
    assert [c["id"] for c in document["clients"]] == [alpha.id]
    assert "Bravo" not in response.get_data(as_text=True)
    (event,) = events("export.create")
    assert event.client_id == alpha.id
    assert event.detail_dict["scope"] == "client"
    assert events("client.export") == []


def test_a_one_client_export_needs_a_client(client, auth, admin_user, records):
    auth.login_as(admin_user)
    response = client.post("/admin/exports", data={"format": "csv", "scope": "client",
                                                   "client_id": 0})
    assert response.status_code == 200
    assert "Choose the client to export" in response.get_data(as_text=True)
    response = client.post("/admin/exports", data={"format": "xml", "scope": "practice"})
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert events("export.create") == []


def test_practitioners_and_clients_cannot_export(client, auth, practitioner, records):
    auth.login_as(practitioner)
    assert client.post("/admin/exports", data={"format": "csv", "scope": "practice"}).status_code == 403
    assert events("export.create") == []


def test_the_command_line_export_writes_a_private_file_with_progress_on_stderr(app, tmp_path,
                                                                                records):
    output = tmp_path / "practice.json"
    result = app.test_cli_runner().invoke(args=["export", "--format", "json", "--output",
                                                str(output)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "Exported" in result.stderr
    assert "record" in result.stderr
    document = json.loads(output.read_text())
    assert document["counts"]["clients"] == db.session.scalar(db.select(db.func.count(Client.id)))
    assert stat.S_IMODE(os.stat(output).st_mode) == 0o600
    assert not list(tmp_path.glob(".*.partial"))
    (event,) = events("export.create")
    assert event.actor_id is None
    assert event.detail_dict.keys() == {"format", "scope", "via", "export", "exported_at",
                                        "client_ids_up_to", "client_count"}
    assert (event.detail_dict["format"], event.detail_dict["via"]) == ("json", "command line")


def test_the_command_line_exports_one_client_as_fhir(app, tmp_path, records):
    alpha, _bravo = records
    output = tmp_path / "alpha.fhir.json"
    result = app.test_cli_runner().invoke(args=["export", "--format", "fhir", "--output",
                                                str(output), "--client", str(alpha.id)])
    assert result.exit_code == 0, result.output
    bundle = json.loads(output.read_text())
    Bundle.model_validate(bundle)
    patients = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert [p["resource"]["name"][0]["family"] for p in patients] == ["FamilyAlpha"]
    assert events("export.create")[0].client_id == alpha.id


def test_the_command_line_can_write_to_standard_output(app, records):
    result = app.test_cli_runner().invoke(args=["export", "--format", "json", "--output", "-"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "qi-practice-export"


def test_the_command_line_refuses_an_unknown_client_or_format(app, tmp_path, records):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export", "--format", "csv", "--output", str(tmp_path / "x.zip"),
                                 "--client", "9999"])
    assert result.exit_code == 2
    assert "There is no client number 9999" in result.output
    assert not (tmp_path / "x.zip").exists()
    result = runner.invoke(args=["export", "--format", "xml", "--output", str(tmp_path / "x")])
    assert result.exit_code == 2
    result = runner.invoke(args=["export", "--format", "csv", "--output",
                                 str(tmp_path / "missing" / "x.zip")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert events("export.create") == []


def test_every_format_downloads_from_the_page_with_the_practice_settings_stored(client, auth,
                                                                               admin_user, records):
    """The writers stream after the request's commit: the practice's name and zone are read
    before, so nothing reaches for a session that has moved on."""
    db.session.add(PracticeSettings(id=SETTINGS_ID, practice_name="Still Water Qigong",
                                    timezone="Asia/Tokyo"))
    db.session.commit()
    auth.login_as(admin_user)

    def download(format_key: str) -> bytes:
        response = client.post("/admin/exports", data={"format": format_key, "scope": "practice"})
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        return response.get_data()

    archive = zipfile.ZipFile(io.BytesIO(download("csv")))
    assert archive.testzip() is None
    readme = archive.read("README.txt").decode()
    assert readme.startswith("Still Water Qigong: records export")
    with archive.open("clients.csv") as raw:
        clients = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")))
    assert sorted(row["given_name"] for row in clients) == ["GivenAlpha", "GivenBravo"]
    (event,) = events("export.create")
    stamped = datetime(*archive.getinfo("README.txt").date_time, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert abs(stamped - event.occurred_at) < timedelta(seconds=3)  # zip times: the practice's zone

    document = json.loads(download("json"))
    assert document["practice"]["name"] == "Still Water Qigong"
    assert document["practice"]["timezone"] == "Asia/Tokyo"
    assert len(document["clients"]) == 2

    bundle = json.loads(download("fhir"))
    Bundle.model_validate(bundle)
    patients = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert len(patients) == 2
    assert len(events("export.create")) == 3


def test_the_web_never_offers_credentials_even_when_asked(client, auth, admin_user, records):
    auth.login_as(admin_user)
    page = client.get("/admin/exports").get_data(as_text=True)
    assert "credential" not in page.lower()
    response = client.post("/admin/exports", data={"format": "json", "scope": "practice",
                                                   "include_credentials": "y"})
    document = json.loads(response.get_data())
    assert document["users"]
    assert not any("credentials" in user for user in document["users"])
    assert "password_hash" not in response.get_data(as_text=True)


def test_credentials_go_only_into_a_json_file_of_the_whole_practice(app, tmp_path, records):
    runner = app.test_cli_runner()
    for args in (["--format", "csv", "--output", str(tmp_path / "a.zip")],
                 ["--format", "json", "--client", str(records[0].id), "--output",
                  str(tmp_path / "b.json")],
                 ["--format", "json", "--output", "-"]):
        result = runner.invoke(args=["export", *args, "--include-credentials"])
        assert result.exit_code != 0, args
        assert "password_hash" not in result.output
