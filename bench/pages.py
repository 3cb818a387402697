"""Page benchmark: SQL queries and time per page as a practice's records grow.

    python -m bench.pages [--sizes 5 200] [--database-url URL]

For each size N, the practice has N clients per practitioner, each with a full record,
and one "busy" client whose history grows with N (N sessions, 2N check-ins, 2N exercise
logs, N intakes). Each full record holds check-in notes written since the client's last
session, so the practitioner's Today page lists N items under "Needs attention". Every main
page is requested as its user would, through the real app; the table shows the queries each
page issued and the median time of 15 requests. A page whose query count grows with N has
an N+1 problem. The table is written into docs/performance.md (section ``pages``).
"""
import argparse
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from flask import url_for
from sqlalchemy import event

from bench import report
from config import TestConfig
from practice import create_app
from practice.auth.models import Role
from practice.core.database import now_utc
from practice.core.extensions import db
from tests.conftest import RequestIsolatedClient
from tests.factories.accounts import DEFAULT_PASSWORD as PASSWORD

REQUESTS_PER_PAGE = 15


def build_app(database_url: str | None):
    url = database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(BenchConfig)


@contextmanager
def counting_queries(engine):
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def grow_busy_client(client, exercise, have: int, days: int) -> None:
    """Grow ``client``'s history from ``have`` to ``days``: sessions, check-ins, logs, intakes."""
    from tests.factories.clients import make_intake
    from tests.factories.exercises import make_assignment, make_check_in, make_log
    from tests.factories.plans import make_session

    today = date.today()
    assignment = make_assignment(client, exercise, starts_on=today - timedelta(days=days * 2),
                                 times=2)
    for day in range(have * 2, days * 2):
        moment = today - timedelta(days=day)
        make_check_in(client, moment, pain=5, fatigue=6, sleep_problems=6, fog=5,
                      neck_shoulder_pain=6)
        make_log(assignment, moment)
    for number in range(have, days):
        make_session(client, started_at=now_utc() - timedelta(days=number + 1), signed=True)
        make_intake(client, signed=True, days_ago=number * 3 + 2)


def attention_items(practitioner) -> int:
    """How many items the practitioner's "Needs attention" list holds now."""
    from practice.attention.queries import showing

    return db.session.scalar(db.select(db.func.count()).select_from(
        showing(practitioner.id, now_utc()).subquery()))


def page_requests(practitioner, busy_client, portal_user, admin):
    """(user, label, endpoint, url arguments) for every page measured."""
    return [
        (practitioner, "practitioner Today (needs attention)", "home.index", {}),
        (practitioner, "client list", "clients.index", {}),
        (practitioner, "client overview (busy client)", "clients.overview",
         {"client_id": busy_client.id}),
        (practitioner, "client progress (busy client)", "progress.client_progress",
         {"client_id": busy_client.id}),
        (practitioner, "intakes over time (busy client)", "progress.intakes_over_time",
         {"client_id": busy_client.id}),
        (practitioner, "exercise library", "exercises.index", {}),
        (practitioner, "outcomes by protocol", "outcomes.index", {}),
        (portal_user, "portal: today", "portal.today", {}),
        (portal_user, "portal: history", "portal.history", {}),
        (admin, "admin: accounts", "admin.accounts", {}),
        (admin, "admin: audit log", "admin.audit_log", {}),
        (admin, "admin: outcomes (whole practice)", "outcomes.index", {}),
    ]


def measure_pages(app, requests) -> list[tuple[str, int, float, float]]:
    """(label, statements, median wall seconds, median CPU seconds) of each page."""
    results = []
    for user, label, endpoint, arguments in requests:
        if endpoint not in app.view_functions:
            continue
        client = app.test_client()
        client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        with app.test_request_context():
            path = url_for(endpoint, **arguments)
        client.get(path)  # warm caches
        with counting_queries(db.engine) as statements:
            response = client.get(path)
        assert response.status_code == 200, (label, response.status_code)
        timings, cpu = [], []
        for _ in range(REQUESTS_PER_PAGE):
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        results.append((label, len(statements), statistics.median(timings), statistics.median(cpu)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    machine = report.machine(args.database_url)
    app = build_app(args.database_url)
    app.test_client_class = RequestIsolatedClient
    table = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        from tests.factories.accounts import make_portal_client, make_user
        from tests.factories.exercises import starter_exercise
        from tests.factories.exports import make_full_record
        from tests.factories.reference import load_reference_data

        load_reference_data()
        db.session.commit()
        admin = make_user(Role.ADMIN)
        practitioners = [make_user(Role.PRACTITIONER) for _ in range(2)]
        busy_client, portal_user = make_portal_client(practitioners[0], given_name="Busy")
        exercise = starter_exercise("Belly breathing")
        have, history = 0, 0
        for size in sorted(args.sizes):
            for number in range(have, size):
                for practitioner in practitioners:
                    make_full_record(practitioner, f"C{number}P{practitioner.id}", portal=False)
            grow_busy_client(busy_client, exercise, history, size)
            have, history = size, size
            db.session.commit()
            print(f"{size:>5} needs attention: {attention_items(practitioners[0])} items showing",
                  flush=True)
            requests = page_requests(practitioners[0], busy_client, portal_user, admin)
            for label, queries, seconds, cpu in measure_pages(app, requests):
                table.setdefault(label, {})[size] = (queries, seconds, cpu)
                print(f"{size:>5} {label:<34} {queries:>3} queries {seconds * 1000:7.1f} ms",
                      flush=True)
    sizes = sorted(args.sizes)
    header = "| page | " + " | ".join(f"N={size}: queries | time | CPU" for size in sizes) + " |"
    rule = "|---|" + "---:|---:|---:|" * len(sizes)
    lines = [header, rule]
    for label, by_size in table.items():
        cells = " | ".join(f"{by_size[size][0]} | {by_size[size][1] * 1000:.0f} ms "
                           f"| {by_size[size][2] * 1000:.0f} ms"
                           for size in sizes if size in by_size)
        lines.append(f"| {label} | {cells} |")
    print("\n".join(lines))
    kind = "PostgreSQL" if (args.database_url or "").startswith("postgresql") else "SQLite"
    note = (f"{kind}; queries: the SQL statements "
            f"one request issues; time: the median wall time of {REQUESTS_PER_PAGE} requests; "
            "CPU: the median of this process's CPU time for them (the database's too on SQLite).")
    report.update_section("pages", report.section(report.command(), machine,
                                                  note + "\n\n" + "\n".join(lines)))


if __name__ == "__main__":
    main()
