"""The main pages' statements use indexes: none reads a large table from end to end.

A small practice is seeded with ``seed-large``; each page is requested while a listener
captures its SQL; each SELECT is explained on the same connection (``EXPLAIN QUERY PLAN`` on
SQLite; ``EXPLAIN`` on PostgreSQL with sequential scans discouraged, so a ``Seq Scan`` left in
the plan means no index could serve it, whatever the table's size now).
"""
import re

import pytest
from sqlalchemy import event, text

from practice.auth.models import Role, User
from practice.clients.models import Client
from practice.core.extensions import db
from practice.treatments.models import TreatmentSession

PASSWORD = "large-password-1"
#: Tables that grow with the practice's years of use.
LARGE = {"clients", "users", "intakes", "treatment_sessions", "check_ins", "assignments",
         "exercise_logs", "audit_events", "attention_items", "session_plans", "plan_steps",
         "referrals", "appointments", "client_precautions", "consent_records", "user_sessions",
         "intake_addenda", "session_addenda", "kept_forms", "form_submissions",
         "outbox_messages", "note_snippets", "recovery_codes"}
SQLITE_SCAN = re.compile(r"\bSCAN (\w+)")
POSTGRESQL_SCAN = re.compile(r"Seq Scan on (\w+)")


@pytest.fixture
def captured(db):
    statements = []

    def capture(_conn, _cursor, statement, parameters, _context, _executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    yield statements
    event.remove(db.engine, "before_cursor_execute", capture)


def _full_scans(statements) -> list[str]:
    postgresql = db.session.connection().dialect.name == "postgresql"
    pattern = POSTGRESQL_SCAN if postgresql else SQLITE_SCAN
    found = []
    for (statement, _parameters), plan in zip(statements, _plans(statements), strict=True):
        for table in pattern.findall(plan):
            if table in LARGE:
                found.append(f"{table}: {statement[:300]}\n{plan}")
    return found


def _plans(statements) -> list[str]:
    """Each statement's plan, explained on the test's connection (on PostgreSQL with
    sequential scans discouraged)."""
    connection = db.session.connection()
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    prefix = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
    plans = ["\n".join(str(row[0] if postgresql else row[-1])
                       for row in connection.exec_driver_sql(prefix + statement, parameters))
             for statement, parameters in statements]
    if postgresql:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = on")
    return plans


def _seed(app) -> None:
    result = app.test_cli_runner().invoke(args=[
        "seed-large", "--practitioners", "3", "--clients", "30", "--sessions-per-client", "3",
        "--checkins-per-client", "10", "--password", PASSWORD])
    assert result.exit_code == 0, result.output


def _first(role: Role) -> User:
    return db.session.scalars(db.select(User).where(User.role == role).order_by(User.id)).first()


def _pages(practitioner: User) -> list[str]:
    own = db.session.scalars(db.select(Client).where(Client.practitioner_id == practitioner.id)
                             .order_by(Client.id)).first()
    session = db.session.scalars(db.select(TreatmentSession)
                                 .where(TreatmentSession.client_id == own.id)).first()
    return ["/", "/clients/", f"/clients/?q={own.family_name[:4]}", "/clients/?sort=recent",
            f"/clients/{own.id}", f"/progress/client/{own.id}",
            f"/sessions/clients/{own.id}/new", f"/sessions/clients/{own.id}",
            f"/sessions/{session.id}", f"/plans/clients/{own.id}", "/exercises/",
            "/appointments/week", "/outcomes/", "/search/?q=flare"]


def test_main_pages_read_no_large_table_from_end_to_end(app, client, auth, captured):
    _seed(app)
    practitioner, portal = _first(Role.PRACTITIONER), _first(Role.CLIENT)
    urls = _pages(practitioner)
    assert auth.login(practitioner.email, PASSWORD).status_code == 302
    captured.clear()
    for url in urls:
        assert client.get(url).status_code == 200, url
    auth.logout()
    assert auth.login(portal.email, PASSWORD).status_code == 302
    for url in ["/portal/", "/portal/history", "/portal/program"]:
        assert client.get(url).status_code == 200, url
    assert len(captured) > 30
    scans = _full_scans(captured)
    assert scans == [], "\n\n".join(scans)


def test_todays_attention_list_reads_the_unseen_items_index(app, client, auth, captured):
    """The newest items and their count come from ``ix_attention_items_unseen``: the items'
    rows are read by id, only for the ones listed."""
    _seed(app)
    assert auth.login(_first(Role.PRACTITIONER).email, PASSWORD).status_code == 302
    captured.clear()
    assert client.get("/").status_code == 200
    plans = _plans([(statement, parameters) for statement, parameters in captured
                    if "FROM attention_items" in statement])
    assert plans
    # A bitmap heap scan reads the rows its bitmap index scan (the line below it) found.
    reads = [line for plan in plans for line in plan.splitlines()
             if re.search(r"(SEARCH|SCAN) attention_items\b|(?<!Bitmap Heap Scan) on "
                          r"attention_items\b|Bitmap Index Scan on \w*attention_items", line)]
    by_client = "ix_attention_items_unseen"
    if db.session.get_bind().dialect.name == "postgresql":
        # On a practice this small PostgreSQL may read the items' other index that leads with
        # the client (client, rule, subject): either way only the listed clients' entries.
        by_client = r"ix_attention_items_unseen|uq_attention_items_client_id_rule_subject"
    assert sum(bool(re.search(by_client, line)) for line in reads) >= 2, plans
    assert all(re.search(rf"{by_client}|INTEGER PRIMARY KEY|pk_attention_items", line)
               for line in reads), plans


def test_the_check_reports_a_full_scan(app, captured):
    """The check itself: a filter on a column no index has is reported."""
    db.session.execute(text("SELECT id FROM check_ins WHERE note = 'x'"))
    assert any(scan.startswith("check_ins") for scan in _full_scans(captured))


def test_every_foreign_key_leads_an_index(db):
    inspector = db.inspect(db.engine)
    missing = []
    for table in inspector.get_table_names():
        leading = {index["column_names"][0] for index in inspector.get_indexes(table)}
        leading |= {constraint["column_names"][0]
                    for constraint in inspector.get_unique_constraints(table)}
        leading.add((inspector.get_pk_constraint(table)["constrained_columns"] or [None])[0])
        missing += [f"{table}.{key['constrained_columns'][0]}"
                    for key in inspector.get_foreign_keys(table)
                    if key["constrained_columns"][0] not in leading]
    assert missing == []
