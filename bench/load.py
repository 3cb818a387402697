"""Load benchmark: the main pages under concurrent signed-in users, with wrk against gunicorn.

    DATABASE_URL=sqlite:////path/large.sqlite3 python -m bench.load --accounts accounts.tsv \
        [--workers 4] [--connections 16 64] [--duration 8] [--users 8]
    python -m bench.load --demo          # the demo practice, 2 workers, 16 connections

Runs on a practice seeded by ``flask seed-large`` (``--accounts`` is what it printed), or,
with ``--demo``, on the demo practice (``seed-demo``) in a fresh SQLite file (or in the
empty database ``--database-url`` names), 2 workers and 16 connections unless given. Starts
gunicorn with ``--workers`` processes on a free port, signs ``--users`` practitioners and as
many portal clients in (each a cookie of its own), then runs wrk once per page and
concurrency: each wrk thread is one signed-in user with the pages of their own clients, so
the load is spread over the practitioners. The static file (Bootstrap's CSS, from the same
server) is measured in the same run as the floor: compare the pages against it, not against
absolute figures (wrk and the app share the machine). Prints one Markdown table per
concurrency with req/s, p50/p95/p99 and errors (connection, read, write, timeouts and non-2xx
statuses) per page, and the ratio to the static file. Each page is first loaded for
``--warm-up`` seconds, not counted: every worker process keeps its own renderings of the
overview and progress and compiles its templates on first use, so the tables show the
steady state; the first view of a client costs more (``bench/profile.py``). wrk comes from Debian
(``apt-get install wrk``). The tables go into docs/performance.md (section ``load-sqlite`` or
``load-postgresql``; with ``--demo``, ``load-demo-sqlite`` or ``load-demo-postgresql``).
"""
import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import report

STATIC = "/bootstrap/static/css/bootstrap.min.css"
#: The wrk script: each thread is one user (its cookie and its paths, set from setup()).
LUA = r"""
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  local user = users[((counter - 1) % #users) + 1]
  thread:set("cookie", user.cookie)
  thread:set("path", user.path)
  table.insert(threads, thread)
end
function init(args)
  wrk.headers["Cookie"] = cookie
end
function request()
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.connect, errors.read, errors.write, errors.status,
    errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own server)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer at {url}")


def sign_in(base: str, email: str, password: str) -> str:
    """Sign in through the login form; return the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/auth/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    opener.open(f"{base}/auth/login", data=form.encode())
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    check = urllib.request.Request(f"{base}/", headers={"Cookie": cookies})  # noqa: S310 (our own server)
    final = urllib.request.urlopen(check)  # noqa: S310 (our own server)
    if "/auth/login" in final.geturl():
        raise RuntimeError(f"{email} could not sign in")
    return cookies


def _users(database_url: str, accounts: Path, count: int) -> tuple[list[dict], list[dict]]:
    """``count`` practitioners spread over the practice, each with one of their clients, and
    ``count`` portal clients."""
    rows = [line.split("\t") for line in accounts.read_text().splitlines() if line.strip()]
    practitioners = [row[1] for row in rows if row[0] == "practitioner"]
    portal = [row[1] for row in rows if row[0] == "client"]
    step = max(1, len(practitioners) // count)
    chosen = practitioners[::step][:count]
    engine = create_engine(database_url)
    people = []
    with engine.connect() as connection:
        for email in chosen:
            client_id, family = connection.execute(text(
                "SELECT c.id, c.family_name FROM clients c JOIN users u ON u.id = c.practitioner_id "
                "WHERE lower(u.email) = :email ORDER BY c.id LIMIT 1"), {"email": email}).one()
            people.append({"email": email, "client_id": client_id, "search": family[:5]})
    engine.dispose()
    return people, [{"email": email} for email in portal[::max(1, len(portal) // count)][:count]]


def _pages(people: list[dict]) -> dict[str, list[str]]:
    return {
        "client list with search": [f"/clients/?q={p['search']}" for p in people],
        "client overview": [f"/clients/{p['client_id']}" for p in people],
        "progress": [f"/progress/client/{p['client_id']}" for p in people],
        "session form": [f"/sessions/clients/{p['client_id']}/new" for p in people],
        "Today": ["/" for _ in people],
    }


def seed_demo_practice(database_url: str, password: str, folder: Path) -> Path:
    """Migrate the (empty) database and seed the demo practice; return its accounts file."""
    environment = {**os.environ, "DATABASE_URL": database_url,
                   "SECRET_KEY": os.environ.get("SECRET_KEY", "load-benchmark-secret")}
    environment.pop("PRACTICE_ENV", None)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=environment, check=True,  # noqa: S603
                   capture_output=True)
    accounts = subprocess.run([*flask, "seed-demo", "--password", password],  # noqa: S603
                              env=environment, check=True, capture_output=True, text=True).stdout
    path = folder / "accounts.tsv"
    path.write_text(accounts)
    return path


def run_wrk(script_dir: Path, base: str, users: list[tuple[str, str]], connections: int,
            duration: int) -> dict:
    """One wrk run: ``users`` as (cookie, path) pairs, one thread each."""
    table = ",\n".join("{cookie=%s, path=%s}" % (json.dumps(cookie), json.dumps(path))  # noqa: UP031
                       for cookie, path in users)
    script = script_dir / "load.lua"
    script.write_text(f"users = {{\n{table}\n}}\n{LUA}")
    threads = min(len(users), connections)
    output = subprocess.run(  # noqa: S603
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",  # noqa: S607
         "--timeout", "10s", "-s", str(script), base],
        capture_output=True, text=True, check=True).stdout
    if os.environ.get("BENCH_DEBUG"):
        print(output, file=sys.stderr)
    result = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[key] for key in ("connect", "read", "write", "status", "timeout"))
    return result


def verify_audit_trail(database_url: str) -> str:
    """``flask audit verify`` after the run: every page view above appended to the chain."""
    environment = {**os.environ, "DATABASE_URL": database_url}
    environment.pop("PRACTICE_ENV", None)
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "audit",  # noqa: S603
                             "verify"], env=environment, capture_output=True, text=True)
    verdict = result.stdout.strip().splitlines()[0] if result.stdout.strip() else result.stderr
    return f"After the run, `flask audit verify`: {verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: DATABASE_URL (without --demo)")
    parser.add_argument("--accounts", type=Path, help="the accounts seed-large printed")
    parser.add_argument("--demo", action="store_true",
                        help="seed the demo practice first (a fresh SQLite file unless "
                             "--database-url names an empty database)")
    parser.add_argument("--password", default="large-password-1")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--connections", type=int, nargs="+")
    parser.add_argument("--duration", type=int, default=8, help="seconds per page")
    parser.add_argument("--warm-up", type=int, default=2,
                        help="seconds per page before any is measured, not counted")
    parser.add_argument("--users", type=int, default=8, help="practitioners signed in")
    parser.add_argument("--only", nargs="+", metavar="PAGE",
                        help="measure only these pages (names as in the table)")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    if arguments.demo == bool(arguments.accounts):
        parser.error("give either --accounts (a seeded practice) or --demo")
    arguments.workers = arguments.workers or (2 if arguments.demo else 4)
    arguments.connections = arguments.connections or ([16] if arguments.demo else [16, 64])
    with tempfile.TemporaryDirectory() as folder:
        if arguments.demo:
            arguments.database_url = (arguments.database_url
                                      or f"sqlite:///{folder}/demo.sqlite3")
            arguments.accounts = seed_demo_practice(arguments.database_url,
                                                    arguments.password, Path(folder))
        arguments.database_url = arguments.database_url or os.environ.get("DATABASE_URL")
        return _serve_and_measure(arguments)


def _serve_and_measure(arguments) -> int:
    machine = report.machine(arguments.database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "DATABASE_URL": arguments.database_url,
                   "SECRET_KEY": os.environ.get("SECRET_KEY", "load-benchmark-secret"),
                   "BASE_URL": base}
    environment.pop("PRACTICE_ENV", None)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", str(arguments.workers),
         "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--log-level", "warning",
         "--error-logfile", "-",
         "wsgi:app"], env=environment)
    try:
        wait_for(f"{base}/auth/login")
        people, portal = _users(arguments.database_url, arguments.accounts, arguments.users)
        for person in people + portal:
            person["cookie"] = sign_in(base, person["email"], arguments.password)
        pages = _pages(people)
        runs = {name: list(zip([p["cookie"] for p in people], paths, strict=True))
                for name, paths in pages.items()}
        runs["portal Today"] = [(p["cookie"], "/portal/") for p in portal]
        if arguments.only:
            runs = {name: users for name, users in runs.items() if name in arguments.only}
        runs["static file (floor)"] = [(people[0]["cookie"], STATIC)]
        dialect = arguments.database_url.split(":", 1)[0].split("+")[0]
        tables = []
        with tempfile.TemporaryDirectory() as script_dir:
            for users in runs.values():  # every worker draws its kept renderings first
                run_wrk(Path(script_dir), base, users, arguments.connections[0],
                        arguments.warm_up)
            for connections in arguments.connections:
                results = {name: run_wrk(Path(script_dir), base, users, connections,
                                         arguments.duration) for name, users in runs.items()}
                floor = results["static file (floor)"]["rps"]
                lines = [f"{dialect}, {arguments.workers} gunicorn workers, {connections} "
                         f"connections, {len(people)} practitioners and {len(portal)} portal "
                         f"clients signed in, {arguments.duration} s per page, load average "
                         f"{' '.join(f'{load:.2f}' for load in os.getloadavg())} at the end:",
                         "", "| page | req/s | p50 | p95 | p99 | errors | of static |",
                         "|---|---:|---:|---:|---:|---:|---:|"]
                lines += [f"| {name} | {result['rps']:.0f} | {result['p50'] / 1000:.0f} ms | "
                          f"{result['p95'] / 1000:.0f} ms | {result['p99'] / 1000:.0f} ms | "
                          f"{result['errors']} | {result['rps'] / floor if floor else 0:.2f} |"
                          for name, result in results.items()]
                print("\n" + "\n".join(lines), flush=True)
                tables.append("\n".join(lines))
        trail = verify_audit_trail(arguments.database_url)
        print(trail, flush=True)
        tables.append(trail)
        name = f"load-demo-{dialect}" if arguments.demo else f"load-{dialect}"
        if not arguments.only:  # a partial run leaves the page's full tables as they are
            report.update_section(name, report.section(report.command(), machine,
                                                       "\n\n".join(tables)))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
