"""Where a page view's time goes: cProfile over requests to the main pages, in process.

    DATABASE_URL=sqlite:///instance/large.sqlite3 python -m bench.profile [--requests 30]

Signs in as the first practitioner of a seeded practice (``flask seed-large``) and as a
portal client, requests each page ``--requests`` times through the real app, and prints per
page the mean time without the profiler, the time of the first view of another client (whose
overview and progress are not kept yet), the SQL statements one request issues, the
template renders and audit appends per request, and the functions with the most cumulative
time under the profiler. The table goes into docs/performance.md (section ``profile``).
"""
import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

from flask import template_rendered
from sqlalchemy import event, select

from bench import report
from config import Config
from practice import create_app
from practice.auth.models import Role, User
from practice.clients.models import Client
from practice.core.extensions import db


class ProfileConfig(Config):
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SECRET_KEY = os.environ.get("SECRET_KEY", "profile-secret-key")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    SESSION_COOKIE_SECURE = False


def _pages(app) -> tuple[list[tuple[str, str, str]], str, str]:
    """Each page as (name, the URL measured, the same page for a client not yet viewed)."""
    with app.app_context():
        practitioner = db.session.scalars(select(User).where(User.role == Role.PRACTITIONER)
                                          .order_by(User.id)).first()
        client, other = db.session.scalars(select(Client)
                                           .where(Client.practitioner_id == practitioner.id)
                                           .order_by(Client.id).limit(2)).all()
        portal = db.session.get(User, client.portal_user_id)

        def client_pages(client):
            return [("client overview", f"/clients/{client.id}"), ("Today", "/"),
                    ("progress", f"/progress/client/{client.id}"),
                    ("client list search", f"/clients/?q={client.family_name[:5]}"),
                    ("session form", f"/sessions/clients/{client.id}/new"),
                    ("new client form", "/clients/new")]

        pages = [(name, url, first_url) for (name, url), (_name, first_url)
                 in zip(client_pages(client), client_pages(other), strict=True)]
        return pages, practitioner.email, portal.email


def _measure(app, test_client, url: str, first_url: str, requests: int) -> dict:
    statements, renders = [], []

    def count_statement(_conn, _cursor, statement, *_args):
        statements.append(statement)

    def count_render(_sender, template, **_extra):
        renders.append(template.name)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count_statement)
    template_rendered.connect(count_render, app)
    try:
        test_client.get(url)  # warm
        statements.clear()
        renders.clear()
        test_client.get(url)
        per_request = list(statements)
        rendered = list(renders)
    finally:
        event.remove(engine, "before_cursor_execute", count_statement)
        template_rendered.disconnect(count_render, app)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = test_client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    first_view = None
    if first_url != url:  # a client not viewed yet: nothing of theirs is kept
        start = time.perf_counter()
        test_client.get(first_url)
        first_view = time.perf_counter() - start
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        test_client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    audits = sum(1 for statement in per_request if statement.lstrip().upper().startswith(
        "INSERT INTO AUDIT_EVENTS"))
    return {"mean_ms": statistics.mean(times) * 1000,
            "first_view": f"{first_view * 1000:.0f} ms" if first_view else "-",
            "statements": len(per_request),
            "renders": len(rendered), "audit_appends": audits, "profile": out.getvalue()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--password", default="large-password-1")
    parser.add_argument("--quiet", action="store_true", help="the table only, no profiles")
    arguments = parser.parse_args()
    machine = report.machine(ProfileConfig.SQLALCHEMY_DATABASE_URI)
    app = create_app(ProfileConfig)
    pages, practitioner, portal = _pages(app)
    test_client = app.test_client()
    test_client.post("/auth/login", data={"email": practitioner, "password": arguments.password})
    rows = []
    for name, url, first_url in pages:
        result = _measure(app, test_client, url, first_url, arguments.requests)
        rows.append((name, result))
        if not arguments.quiet:
            print(f"== {name} {url}\n{result['profile']}")
    portal_client = app.test_client()
    portal_client.post("/auth/login", data={"email": portal, "password": arguments.password})
    result = _measure(app, portal_client, "/portal/", "/portal/", arguments.requests)
    rows.append(("portal Today", result))
    lines = ["| page | mean | first view of a client | statements | template renders "
             "| audit appends |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {name} | {result['mean_ms']:.0f} ms | {result['first_view']} | "
              f"{result['statements']} | "
              f"{result['renders']} | {result['audit_appends']} |" for name, result in rows]
    print("\n".join(lines))
    report.update_section("profile", report.section(report.command(), machine, "\n".join(lines)))


if __name__ == "__main__":
    main()
