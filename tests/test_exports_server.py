"""Every export format downloads from a real HTTP server, and from the command line.

The test client runs a streamed response inside the test's own app context, where a
session that has moved on is still at hand; a real server streams after the request has
ended, in a context of its own. So the app is served here by werkzeug in a thread and
downloaded from with ``urllib``, as a browser would, with the practice's settings stored.
"""
import csv
import io
import json
import socket
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from http.cookiejar import CookieJar

import pytest
from fhir.resources.R4B.bundle import Bundle
from werkzeug.serving import make_server

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.core.settings import SETTINGS_ID, PracticeSettings
from practice.exports import operations
from tests.conftest import TEST_PASSWORD
from tests.factories.exports import make_full_record

#: Real commits: the server's requests use connections of their own.
pytestmark = pytest.mark.real_commits
FORMATS = ["csv", "json", "fhir"]


@pytest.fixture
def records(practitioner, other_practitioner):
    db.session.add(PracticeSettings(id=SETTINGS_ID, practice_name="Still Water Qigong",
                                    timezone="Asia/Tokyo"))
    found = [make_full_record(practitioner, "Alpha"), make_full_record(other_practitioner, "Bravo")]
    db.session.commit()
    return found


@pytest.fixture
def served(app, records):
    """The app behind a real HTTP server in a thread; yields its base URL."""
    http_server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http_server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http_server.server_port}"
    http_server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def download(served, admin_user):
    """An opener signed in as the admin, with its cookies, against the served app."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = urllib.parse.urlencode({"email": admin_user.email, "password": TEST_PASSWORD}).encode()
    with opener.open(f"{served}/auth/login", data=form, timeout=30) as response:
        assert response.status == 200  # followed the redirect to the home page

    def fetch(format_key: str, client_id: int | None = None) -> tuple[dict, bytes]:
        fields = {"format": format_key, "scope": "client" if client_id else "practice",
                  "client_id": client_id or 0}
        with opener.open(f"{served}/admin/exports", timeout=60,
                         data=urllib.parse.urlencode(fields).encode()) as response:
            assert response.status == 200
            return dict(response.headers), response.read()

    return fetch


def events(*actions: str) -> list[AuditEvent]:
    db.session.rollback()
    db.session.expire_all()
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action.in_(actions))
                              .order_by(AuditEvent.id)).all()


def wait_for_event(*actions: str, count: int = 1) -> list[AuditEvent]:
    """The events, once the server has written them (it records after the last byte)."""
    deadline = time.monotonic() + 15
    while True:
        found = events(*actions)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def client_names(format_key: str, body: bytes) -> list[str]:
    """The exported clients' family names, read as each format's own tools read it."""
    if format_key == "csv":
        archive = zipfile.ZipFile(io.BytesIO(body))
        assert archive.testzip() is None
        assert archive.read("README.txt").decode().startswith("Still Water Qigong: records export")
        with archive.open("clients.csv") as raw:
            return sorted(row["family_name"] for row in
                          csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")))
    document = json.loads(body)
    if format_key == "json":
        assert document["practice"] == {**document["practice"], "name": "Still Water Qigong",
                                        "timezone": "Asia/Tokyo"}
        return sorted(client["family_name"] for client in document["clients"])
    Bundle.model_validate(document)
    return sorted(entry["resource"]["name"][0]["family"] for entry in document["entry"]
                  if entry["resource"]["resourceType"] == "Patient")


@pytest.mark.parametrize("format_key", FORMATS)
def test_every_format_downloads_for_the_practice_from_a_real_server(download, records,
                                                                    format_key):
    headers, body = download(format_key)
    assert headers["Content-Disposition"].startswith('attachment; filename="qi-practice-practice-')
    assert client_names(format_key, body) == ["FamilyAlpha", "FamilyBravo"]
    (event,) = wait_for_event("export.create")
    assert event.detail_dict["client_ids_up_to"] == max(c.id for c in records)
    assert event.detail_dict["client_count"] == len(records)
    assert events("export.failed", "client.export") == []


@pytest.mark.parametrize("format_key", FORMATS)
def test_every_format_downloads_for_one_client_from_a_real_server(download, records, format_key):
    alpha, _bravo = records
    headers, body = download(format_key, alpha.id)
    assert f'filename="qi-practice-client-{alpha.id}-' in headers["Content-Disposition"]
    assert client_names(format_key, body) == ["FamilyAlpha"]
    (event,) = wait_for_event("export.create")
    assert (event.client_id, event.detail_dict["client_ids"]) == (alpha.id, [alpha.id])


@pytest.mark.parametrize("format_key", FORMATS)
@pytest.mark.parametrize("whole_practice", [True, False])
def test_every_format_exports_from_the_command_line(app, records, tmp_path, format_key,
                                                    whole_practice):
    alpha, _bravo = records
    output = tmp_path / f"export.{format_key}"
    args = ["export", "--format", format_key, "--output", str(output)]
    if not whole_practice:
        args += ["--client", str(alpha.id)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    expected = ["FamilyAlpha", "FamilyBravo"] if whole_practice else ["FamilyAlpha"]
    assert client_names(format_key, output.read_bytes()) == expected
    (event,) = events("export.create")
    if whole_practice:
        assert event.detail_dict["client_ids_up_to"] == max(c.id for c in records)
    else:
        assert event.detail_dict["client_ids"] == [alpha.id]


def test_a_download_the_browser_abandons_is_recorded_as_failed(served, admin_user, records,
                                                               monkeypatch):
    """A large export, a browser that reads its first bytes and goes away."""
    real_writer = operations.json_chunks

    def large_writer(*args, **kwargs):
        yield from real_writer(*args, **kwargs)
        for _ in range(2000):  # far more than the sockets' buffers hold
            yield b" " * 65536

    monkeypatch.setattr(operations, "json_chunks", large_writer)
    host, port = served.removeprefix("http://").split(":")
    cookie = login_cookie(served, admin_user)
    body = urllib.parse.urlencode({"format": "json", "scope": "practice"})
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall((f"POST /admin/exports HTTP/1.1\r\nHost: {served[7:]}\r\n"
                            f"Cookie: {cookie}\r\n"
                            "Content-Type: application/x-www-form-urlencoded\r\n"
                            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}")
                           .encode())
        assert b"200 OK" in connection.recv(65536)
    (event,) = wait_for_event("export.create", "export.failed")
    assert event.action == "export.failed"
    assert event.detail_dict["reason"] == "the download stopped before the end"


def login_cookie(served: str, admin) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = urllib.parse.urlencode({"email": admin.email, "password": TEST_PASSWORD}).encode()
    opener.open(f"{served}/auth/login", data=form, timeout=30).close()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
