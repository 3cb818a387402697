"""The notes index: an FTS5 table on SQLite, a table with a ``tsvector`` on PostgreSQL.

The app writes it in the same transaction as the notes (``after_flush``: every intake,
session, addendum or plan added or changed in a flush is indexed again, a discarded draft is
taken out), so it can never disagree with a committed note. Migration 0024 makes the table
and fills it from the notes already recorded; the test suite, which builds its schema from
the models, gets the same table from ``create_index`` (run after ``create_all``). The table
is not one of the models': ``SEARCH_TABLES`` keeps it (and FTS5's own shadow tables) out of
Alembic's comparison.
"""
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from practice.core.extensions import db
from practice.notes_search.documents import KINDS, Document, document_of, indexed_record, key_of

TABLE = "note_search"
#: The index and the tables FTS5 keeps beside it (``note_search_data``, ``_idx``, ...).
SEARCH_TABLES = (TABLE,)

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(body, kind UNINDEXED, "
    "record_id UNINDEXED, page_id UNINDEXED, client_id UNINDEXED, noted_on UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')",
)
POSTGRESQL_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigint PRIMARY KEY, kind smallint NOT NULL, "
    "record_id integer NOT NULL, page_id integer NOT NULL, client_id integer NOT NULL, "
    "noted_on date, body text NOT NULL, "
    "document tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_document ON {TABLE} USING gin (document)",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_client_id ON {TABLE} (client_id)",
)


def is_search_table(name: str | None) -> bool:
    return bool(name) and any(name == table or name.startswith(f"{table}_")
                              for table in SEARCH_TABLES)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic: leave the search tables (and their indexes) out of the comparison."""
    table_name = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return not is_search_table(table_name)


def create_index(connection) -> None:
    statements = POSTGRESQL_DDL if connection.dialect.name == "postgresql" else SQLITE_DDL
    for statement in statements:
        connection.execute(text(statement))


def clear_index(connection) -> None:
    """Empty the index (with the tables it indexes: a test starting from empty tables)."""
    connection.execute(text(f"DELETE FROM {TABLE}"))  # noqa: S608 (a constant name)


def drop_index(connection) -> None:
    connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


@event.listens_for(db.metadata, "after_create")
def _after_create(_metadata, connection, **_kw) -> None:
    create_index(connection)


@event.listens_for(db.metadata, "before_drop")
def _before_drop(_metadata, connection, **_kw) -> None:
    drop_index(connection)


def write(connection, documents: list[Document], removed: list[int]) -> None:
    """Store ``documents`` (replacing their earlier text) and take out the ``removed`` keys."""
    keys = removed + [document.key for document in documents]
    if keys:
        column = "id" if connection.dialect.name == "postgresql" else "rowid"
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            placeholders = ", ".join(f":k{number}" for number in range(len(chunk)))
            connection.execute(text(f"DELETE FROM {TABLE} WHERE {column} IN ({placeholders})"),  # noqa: S608
                               {f"k{number}": key for number, key in enumerate(chunk)})
    if not documents:
        return
    postgresql = connection.dialect.name == "postgresql"
    column = "id" if postgresql else "rowid"
    connection.execute(
        text(f"INSERT INTO {TABLE} ({column}, kind, record_id, page_id, client_id, noted_on, "  # noqa: S608
             "body) VALUES (:key, :kind, :record_id, :page_id, :client_id, :noted_on, :body)"),
        [{"key": document.key, "kind": int(document.kind), "record_id": document.record_id,
          "page_id": document.page_id, "client_id": document.client_id,
          "noted_on": document.noted_on if postgresql or document.noted_on is None
          else document.noted_on.isoformat(),
          "body": document.body} for document in documents])


def rebuild_index(batch_size: int = 500) -> int:
    """Index every note afresh (after rows were written without the ORM: an import). Reads in
    batches and lets each go, so memory stays flat. :returns: how many documents."""
    session = db.session
    connection = session.connection()
    clear_index(connection)
    written = 0
    for model in KINDS:
        last = 0
        while batch := session.scalars(select(model).where(model.id > last)
                                       .order_by(model.id).limit(batch_size)).all():
            documents = [document for document in map(document_of, batch) if document]
            write(connection, documents, [])
            written += len(documents)
            last = batch[-1].id
            session.expunge_all()
    return written


@event.listens_for(Session, "after_flush")
def _index_flushed_notes(session: Session, _flush_context) -> None:
    """Index again every note this flush added or changed, in the flush's own transaction."""
    records = {}
    removed = []
    for instance in list(session.new) + list(session.dirty):
        record = indexed_record(instance)
        if record is not None and record.id is not None:
            records[(type(record), record.id)] = record
    for instance in session.deleted:
        if type(instance) in KINDS and instance.id is not None:
            removed.append(key_of(KINDS[type(instance)], instance.id))
    if not records and not removed:
        return
    documents = []
    for (model, record_id), record in records.items():
        document = document_of(record)
        if document is None:
            removed.append(key_of(KINDS[model], record_id))
        else:
            documents.append(document)
    write(session.connection(), documents, removed)
