"""Two app servers, one database: signed in on one gunicorn, the next request on the other.

Needs PostgreSQL (``TEST_DATABASE_URL``) and Redis on 127.0.0.1:6379 (both there in CI);
skipped otherwise. Makes a database of its own beside the test database, migrates it, adds a
practitioner through the command line and starts two gunicorn processes on it sharing the
secret key and Redis (rate limits). Sessions are rows in the database, so either server
knows the browser; signing out on one ends it on both.
"""
import os
import re
import socket
import subprocess
import sys
import urllib.request
import uuid

import pytest
from sqlalchemy import create_engine, text

from bench.load import _free_port, _wait_for, sign_in

PASSWORD = "two-servers-password"
REDIS = ("127.0.0.1", 6379)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def database_url():
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql") or not _reachable(*REDIS):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL) and Redis on 127.0.0.1:6379")
    name = f"two_servers_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _flask(environment, *arguments, stdin=None):
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *arguments],  # noqa: S603
                   env=environment, input=stdin, text=True, check=True, capture_output=True)


def _get(url: str, cookies: str):
    request = urllib.request.Request(url, headers={"Cookie": cookies})  # noqa: S310 (our own server)
    return urllib.request.urlopen(request)  # noqa: S310 (our own server)


def _merged(cookies: str, set_cookies: list[str]) -> str:
    """The Cookie header after the response's Set-Cookie headers."""
    jar = dict(part.split("=", 1) for part in cookies.split("; "))
    jar.update(header.split(";", 1)[0].split("=", 1) for header in set_cookies)
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def test_signed_in_on_one_server_continues_on_the_other(database_url):
    ports = [_free_port(), _free_port()]
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "shared-secret",
                   "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/14",
                   "BASE_URL": f"http://127.0.0.1:{ports[0]}"}
    environment.pop("PRACTICE_ENV", None)
    _flask(environment, "db", "upgrade")
    _flask(environment, "create-user", "--email", "mei@example.org", "--role", "practitioner",
           "--name", "Mei", stdin=PASSWORD + "\n")
    servers = [subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--no-control-socket", "wsgi:app"], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    try:
        first, second = (f"http://127.0.0.1:{port}" for port in ports)
        for base in (first, second):
            _wait_for(f"{base}/auth/login")
        cookies = sign_in(first, "mei@example.org", PASSWORD)

        on_second = _get(f"{second}/clients/", cookies)
        assert on_second.status == 200
        assert on_second.geturl().endswith("/clients/")  # not sent to the sign-in page
        assert "Mei" in on_second.read().decode()

        page = _get(f"{second}/clients/", cookies)
        cookies = _merged(cookies, page.headers.get_all("Set-Cookie") or [])
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode()).group(1)
        urllib.request.urlopen(urllib.request.Request(  # noqa: S310 (our own server)
            f"{second}/auth/logout", data=f"csrf_token={token}".encode(), method="POST",
            headers={"Cookie": cookies}))
        assert "/auth/login" in _get(f"{first}/clients/", cookies).geturl()  # ended on both
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
