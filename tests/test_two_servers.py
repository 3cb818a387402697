"""Two app servers, one database: signed in on one gunicorn, the next request on the other.

Needs PostgreSQL (``TEST_DATABASE_URL``) and Redis on 127.0.0.1:6379 (both there in CI);
skipped otherwise. Makes a database of its own beside the test database, migrates it, adds a
practitioner through the command line and starts two gunicorn processes on it sharing the
secret key and Redis (rate limits). Sessions are rows in the database, so either server
knows the browser; signing out on one ends it on both. The per-account limit on wrong
passwords counts in Redis, so guesses spread over the two servers add up: a server that has
seen only some of them refuses the next one all the same.
"""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from sqlalchemy import create_engine, text

from bench.load import free_port, wait_for

PASSWORD = "two-servers-password"
#: A fresh account each run: counts left in Redis by an earlier run cannot lock it.
GUESSED = f"ravi-{uuid.uuid4().hex[:8]}@example.org"
REDIS = ("127.0.0.1", 6379)
#: The production default (config.py): five wrong passwords per account in 15 minutes.
WRONG_PASSWORDS_ALLOWED = 5


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _post_sign_in(base: str, email: str, password: str) -> tuple[int, str]:
    """Send the sign-in form as a browser would: (status, Cookie header) of the answer."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/auth/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    try:
        status = opener.open(f"{base}/auth/login", data=form.encode()).status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def sign_in(base: str, email: str, password: str) -> str:
    status, cookies = _post_sign_in(base, email, password)
    assert status == 200, status
    assert "/auth/login" not in _get(f"{base}/", cookies).geturl(), f"{email} is not signed in"
    return cookies


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def servers(database_url):
    """Two gunicorn processes on one database and one Redis; yields their base URLs."""
    ports = [free_port(), free_port()]
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "shared-secret",
                   "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/14",
                   "BASE_URL": f"http://127.0.0.1:{ports[0]}"}
    environment.pop("PRACTICE_ENV", None)
    _flask(environment, "db", "upgrade")
    for email, name in (("mei@example.org", "Mei"), (GUESSED, "Ravi")):
        _flask(environment, "create-user", "--email", email, "--role", "practitioner",
               "--name", name, stdin=PASSWORD + "\n")
    servers = [subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--no-control-socket", "wsgi:app"], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            wait_for(f"{base}/auth/login")
        yield bases
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def test_signed_in_on_one_server_continues_on_the_other(servers):
    first, second = servers
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


def test_wrong_passwords_spread_over_both_servers_add_up(servers):
    """With each process counting for itself (``memory://``), neither server would have seen
    enough guesses to refuse the right password below; counted in Redis, both have."""
    first, second = servers
    for number in range(WRONG_PASSWORDS_ALLOWED):
        status, _cookies = _post_sign_in(servers[number % 2], GUESSED, f"wrong guess {number}")
        assert status == 200, status  # the form again, "Invalid email or password."

    # The second server has seen two of the five guesses, the first three: both refuse.
    for base in (second, first):
        status, cookies = _post_sign_in(base, GUESSED, PASSWORD)
        assert status == 429
        assert "/auth/login" in _get(f"{base}/", cookies).geturl()  # not signed in
