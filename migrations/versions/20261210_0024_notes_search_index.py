"""The notes search index

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-10 10:00:00

`note_search` holds the searchable words of every intake, session note, addendum and plan:
an FTS5 virtual table on SQLite, a table with a generated `tsvector` and a GIN index on
PostgreSQL (`practice/notes_search/index.py`, which the app writes in each note's own
transaction). It is filled here from the notes already recorded, with the same text the app
indexes (a copy of `practice/notes_search/documents.py` as it is now, so this migration keeps
its meaning). Discarded drafts are left out. Alembic's comparison leaves the table out
(`include_object`): it is not one of the models'.
"""
import json
import unicodedata
from datetime import date, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE note_search USING fts5(body, kind UNINDEXED, record_id UNINDEXED, "
    "page_id UNINDEXED, client_id UNINDEXED, noted_on UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')",
)
POSTGRESQL_DDL = (
    "CREATE TABLE note_search (id bigint PRIMARY KEY, kind smallint NOT NULL, "
    "record_id integer NOT NULL, page_id integer NOT NULL, client_id integer NOT NULL, "
    "noted_on date, body text NOT NULL, "
    "document tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)",
    "CREATE INDEX ix_note_search_document ON note_search USING gin (document)",
    "CREATE INDEX ix_note_search_client_id ON note_search (client_id)",
)
INTAKE, INTAKE_ADDENDUM, SESSION, SESSION_ADDENDUM, PLAN = 1, 2, 3, 4, 5
KEY_SPAN = 8


def _text(*parts):
    joined = "\n".join(str(part) for part in parts if part)
    return "".join(" " if unicodedata.category(ch) == "Cc" and ch != "\n" else ch
                   for ch in joined)


def _json(value):
    return json.loads(value) if isinstance(value, str) else (value or None)


def _day(value):
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date()


def _documents(connection):
    rows = connection.execute(sa.text(
        "SELECT id, client_id, assessed_on, created_at, condition_type_name, chief_complaint, "
        "complaint_history, medications, goals, notes, systems_review FROM intakes "
        "WHERE discarded_at IS NULL")).all()
    intake_clients = {}
    for row in rows:
        intake_clients[row.id] = row.client_id
        review = _json(row.systems_review) or {}
        notes = [entry.get("note") for entry in review.values() if isinstance(entry, dict)]
        yield (INTAKE, row.id, row.id, row.client_id, _day(row.assessed_on or row.created_at),
               _text(row.condition_type_name, row.chief_complaint, row.complaint_history,
                     row.medications, row.goals, row.notes, *notes))
    for row in connection.execute(sa.text(
            "SELECT id, intake_id, created_at, body FROM intake_addenda")):
        if row.intake_id in intake_clients:
            yield (INTAKE_ADDENDUM, row.id, row.intake_id, intake_clients[row.intake_id],
                   _day(row.created_at), _text(row.body))
    session_clients = {}
    for row in connection.execute(sa.text(
            "SELECT id, client_id, started_at, subjective, objective, assessment, plan_note, "
            "home_program_changes, steps FROM treatment_sessions WHERE discarded_at IS NULL")):
        session_clients[row.id] = row.client_id
        steps = [step.get("note") for step in _json(row.steps) or [] if isinstance(step, dict)]
        yield (SESSION, row.id, row.id, row.client_id, _day(row.started_at),
               _text(row.subjective, row.objective, row.assessment, row.plan_note,
                     row.home_program_changes, *steps))
    for row in connection.execute(sa.text(
            "SELECT id, session_id, created_at, body FROM session_addenda")):
        if row.session_id in session_clients:
            yield (SESSION_ADDENDUM, row.id, row.session_id, session_clients[row.session_id],
                   _day(row.created_at), _text(row.body))
    steps = {}
    for row in connection.execute(sa.text(
            "SELECT plan_id, technique, instructions FROM plan_steps "
            "WHERE plan_id IS NOT NULL ORDER BY plan_id, position")):
        steps.setdefault(row.plan_id, []).extend((row.technique, row.instructions))
    for row in connection.execute(sa.text(
            "SELECT id, client_id, name, goals, start_date FROM session_plans")):
        yield (PLAN, row.id, row.id, row.client_id, _day(row.start_date),
               _text(row.name, row.goals, *steps.get(row.id, [])))


def upgrade():
    connection = op.get_bind()
    postgresql = connection.dialect.name == 'postgresql'
    for statement in POSTGRESQL_DDL if postgresql else SQLITE_DDL:
        op.execute(statement)
    key = "id" if postgresql else "rowid"
    insert = sa.text(f"INSERT INTO note_search ({key}, kind, record_id, page_id, client_id, "
                     "noted_on, body) VALUES (:key, :kind, :record_id, :page_id, :client_id, "
                     ":noted_on, :body)")
    batch = []
    for kind, record_id, page_id, client_id, noted_on, body in _documents(connection):
        batch.append({"key": record_id * KEY_SPAN + kind, "kind": kind, "record_id": record_id,
                      "page_id": page_id, "client_id": client_id,
                      "noted_on": noted_on if postgresql or noted_on is None
                      else noted_on.isoformat(), "body": body})
        if len(batch) >= 500:
            connection.execute(insert, batch)
            batch = []
    if batch:
        connection.execute(insert, batch)


def downgrade():
    op.execute("DROP TABLE note_search")
