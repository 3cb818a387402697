"""Growth benchmark: how a page's cost grows when a practitioner has ten times the clients.

    python -m bench.growth [--clients 50 500] [--database-url URL [URL ...]]

For each size, a practice of its own (a temporary SQLite file each; one database URL per
size, emptied first; or one PostgreSQL URL, beside which a database per size is made for the
run and dropped after) is seeded with ``seed-large``'s bulk seeding: one practitioner with that many clients,
each with the large practice's full history (3 intakes, 20 signed sessions, 100 days of
check-ins, 4 home exercises with their logs), plus appointments: each client's next one
booked from today on and their last four in the past, eight a weekday, so a week holds as many
appointments at every size and the history behind it grows. Each main page is requested
in process as its user, the sizes taking turns request by request so a busy machine slows
them alike; the table gives the statements of one request and the medians of the requests'
wall and CPU time, and the growth ratio of the largest size to the smallest. It is written
into docs/performance.md (section ``growth``, or ``growth-postgresql``).
"""
import argparse
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import create_engine, make_url, select, text

from bench import report
from bench.pages import counting_queries
from config import TestConfig
from practice import create_app
from practice.appointments.models import Appointment, AppointmentStatus
from practice.auth.models import Role, User
from practice.clients.models import Client
from practice.core.clock import local_today, to_utc
from practice.core.extensions import db
from tests.conftest import RequestIsolatedClient

PASSWORD = "growth-password-1"  # noqa: S105 (a throwaway benchmark practice)
REQUESTS_PER_PAGE = 10
#: Appointments a working day holds: 09:00 to 16:00, on the hour.
HOURS = range(9, 17)
PAST_APPOINTMENTS = 4


@contextmanager
def sibling_databases(urls: list[str], sizes: list[int]):
    """One PostgreSQL URL for several sizes: a database per size beside it, dropped after."""
    if len(urls) != 1 or len(sizes) == 1 or not urls[0].startswith("postgresql"):
        yield urls
        return
    server = create_engine(urls[0], isolation_level="AUTOCOMMIT")
    base = make_url(urls[0])
    names = [f"{base.database}_growth_{size}" for size in sizes]
    with server.connect() as connection:
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield [base.set(database=name).render_as_string(hide_password=False) for name in names]
    finally:
        with server.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def build_app(database_url: str):
    class GrowthConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(GrowthConfig)
    app.test_client_class = RequestIsolatedClient
    return app


def working_slots(first: date, step: int):
    """Appointment starts on weekdays from ``first``, going forward (step 1) or back (-1)."""
    day = first
    while True:
        if day.weekday() < 5:
            for hour in HOURS if step > 0 else reversed(HOURS):
                yield to_utc(day, clock_time(hour))
        day += timedelta(days=step)


def seed_appointments(practitioner_id: int) -> None:
    """Each client's next appointment booked, their last few attended, in working slots."""
    from practice.demo.large import BulkWriter

    client_ids = db.session.scalars(select(Client.id).where(
        Client.practitioner_id == practitioner_id).order_by(Client.id)).all()
    ahead = working_slots(local_today(), 1)
    behind = working_slots(local_today() - timedelta(days=1), -1)
    rows = []
    for client_id in client_ids:
        booked = [(next(ahead), AppointmentStatus.BOOKED)]
        attended = [(next(behind), AppointmentStatus.ATTENDED) for _ in range(PAST_APPOINTMENTS)]
        for starts_at, status in booked + attended:
            rows.append({"client_id": client_id, "practitioner_id": practitioner_id,
                         "created_by_id": practitioner_id, "starts_at": starts_at,
                         "duration_minutes": 50, "ends_at": starts_at + timedelta(minutes=50),
                         "place": "Room 1", "status": status})
    BulkWriter(db.session.connection()).insert(Appointment.__table__, rows)


def seed(app, clients: int) -> None:
    from practice.demo.large import LargeSize, seed_large
    from tests.factories.reference import load_reference_data

    with app.app_context():
        db.drop_all()
        db.create_all()
        load_reference_data()
        db.session.commit()
        started = time.process_time()
        seed_large(LargeSize(practitioners=1, clients=clients, booked_per_practitioner=0),
                   PASSWORD)
        practitioner = db.session.scalars(select(User).where(User.role == Role.PRACTITIONER)).one()
        seed_appointments(practitioner.id)
        db.session.commit()
        print(f"seeded {clients} clients in {time.process_time() - started:.0f} s of CPU",
              flush=True)


def page_urls(app) -> list[tuple[str, str, str]]:
    """(label, user's email, url) of each page measured: the first client's pages."""
    with app.app_context():
        practitioner = db.session.scalars(select(User).where(User.role == Role.PRACTITIONER)).one()
        first = db.session.scalars(select(Client).order_by(Client.id)).first()
        portal = db.session.get(User, first.portal_user_id)
        return [
            ("Today", practitioner.email, "/"),
            ("client list", practitioner.email, "/clients/"),
            ("client search", practitioner.email, f"/clients/?q={first.family_name[:4]}"),
            ("client overview", practitioner.email, f"/clients/{first.id}"),
            ("progress", practitioner.email, f"/progress/client/{first.id}"),
            ("session form", practitioner.email, f"/sessions/clients/{first.id}/new"),
            ("week of appointments", practitioner.email, "/appointments/week"),
            ("portal Today", portal.email, "/portal/"),
        ]


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, (email, response.status_code)
    return client


def count_statements(app, client, url: str) -> int:
    client.get(url)  # warm caches
    with app.app_context():
        engine = db.engine
    with counting_queries(engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements)


def measure(apps: dict[int, object], requests: int = REQUESTS_PER_PAGE) -> list[dict]:
    """Per page: statements, median wall and CPU seconds at each size, sizes taking turns."""
    pages = {size: page_urls(app) for size, app in apps.items()}
    clients = {}
    results = []
    for index, (label, _email, _url) in enumerate(next(iter(pages.values()))):
        row = {"page": label, "statements": {}, "wall": {}, "cpu": {}}
        timings = {size: ([], []) for size in apps}
        for size, app in apps.items():
            _label, email, url = pages[size][index]
            if (size, email) not in clients:
                clients[size, email] = signed_in(app, email)
            row["statements"][size] = count_statements(app, clients[size, email], url)
        for _ in range(requests):
            for size in apps:
                _label, email, url = pages[size][index]
                wall, cpu = time.perf_counter(), time.process_time()
                clients[size, email].get(url)
                timings[size][0].append(time.perf_counter() - wall)
                timings[size][1].append(time.process_time() - cpu)
        for size, (walls, cpus) in timings.items():
            row["wall"][size] = statistics.median(walls)
            row["cpu"][size] = statistics.median(cpus)
        print(label, row["statements"], {size: f"{seconds * 1000:.0f} ms"
                                         for size, seconds in row["wall"].items()}, flush=True)
        results.append(row)
    return results


def table(results: list[dict], sizes: list[int]) -> str:
    small, large = sizes[0], sizes[-1]
    times = f"{large // small}x" if large % small == 0 else f"{large / small:.1f}x"
    lines = [
        "| page | " + " | ".join(f"statements, {size} clients" for size in sizes)
        + " | " + " | ".join(f"ms, {size}" for size in sizes)
        + f" | growth ({times} clients) | " + " | ".join(f"CPU ms, {size}" for size in sizes)
        + " | CPU growth |",
        "|---|" + "---:|" * (3 * len(sizes) + 2),
    ]
    for row in results:
        lines.append(
            f"| {row['page']} | "
            + " | ".join(str(row["statements"][size]) for size in sizes) + " | "
            + " | ".join(f"{row['wall'][size] * 1000:.0f}" for size in sizes)
            + f" | {row['wall'][large] / row['wall'][small]:.2f}x | "
            + " | ".join(f"{row['cpu'][size] * 1000:.0f}" for size in sizes)
            + f" | {row['cpu'][large] / row['cpu'][small]:.2f}x |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 500],
                        help="the practitioner's clients, one practice per size")
    parser.add_argument("--database-url", nargs="+", default=None,
                        help="one database per size, emptied first, or one PostgreSQL URL to make "
                        "them beside; default: temporary SQLite files")
    parser.add_argument("--requests", type=int, default=REQUESTS_PER_PAGE,
                        help="timed requests per page and size")
    args = parser.parse_args(argv)
    sizes = sorted(args.clients)
    if len(sizes) < 2:
        parser.error("give at least two sizes to compare")
    urls = args.database_url or [f"sqlite:///{Path(tempfile.mkdtemp()) / f'growth{size}.sqlite3'}"
                                 for size in sizes]
    with sibling_databases(urls, sizes) as urls:
        if len(urls) != len(sizes):
            parser.error("give one --database-url per size (or one PostgreSQL URL)")
        machine = report.machine(urls[0])
        apps = {size: build_app(url) for size, url in zip(sizes, urls, strict=True)}
        for size, app in apps.items():
            seed(app, size)
        results = measure(apps, args.requests)
        for app in apps.values():
            with app.app_context():
                db.engine.dispose()
    markdown = table(results, sizes)
    print(markdown)
    kind = "PostgreSQL" if urls[0].startswith("postgresql") else "SQLite"
    note = (f"{kind}; one practitioner, each client with the full history above; statements of "
            f"one request; ms: the median wall time of {args.requests} requests, CPU ms the "
            "median of this process's CPU time for them (the database's too on SQLite, where it "
            "runs in process); growth: the largest size's time over the smallest's.")
    name = "growth-postgresql" if kind == "PostgreSQL" else "growth"
    body = report.section(report.command("bench.growth", argv), machine, note + "\n\n" + markdown)
    report.update_section(name, body)


if __name__ == "__main__":
    main()
