"""Reading records for the writers: keyset-paged batches, scope resolution, nesting.

Nothing here holds more than one batch of rows (plus, for the nested JSON and FHIR, the
records of one batch of clients), so memory does not grow with the size of the practice.
"""
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache

from sqlalchemy import bindparam, func

from practice.core import audit
from practice.core.extensions import db
from practice.exports import readers, registry
from practice.exports.base import Exporter, ExportScope
from practice.exports.registry import children_of, exporters

BATCH_SIZE = 500
#: The exporter of the clients themselves: the ones an export covers.
CLIENTS = "clients"
#: Clients whose whole records are nested at once in the JSON and FHIR writers.
CLIENTS_PER_BATCH = 25


@contextmanager
def snapshot():
    """Read the whole export from one consistent view of the database, where it has one.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction (MVCC: writers are never blocked,
    however slowly the download is read). SQLite (one practitioner, one machine): each
    batch is a short read of its own, so a slow download never holds the database lock.

    The export's unit of work must have committed first (its audit events are on record
    before the first byte): unsaved changes here are a mistake, not something to commit or
    throw away. A transaction that has only read is ended, so the snapshot starts fresh.
    """
    if _has_unsaved_changes():
        raise RuntimeError("an export streams only after its unit of work has committed")
    if db.session().in_transaction():
        db.session.rollback()  # reads only: nothing is lost
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ",
                                                 "postgresql_readonly": True})
    try:
        yield
    finally:
        db.session.rollback()


def _has_unsaved_changes() -> bool:
    session = db.session()
    return bool(session.new or session.deleted or session.info.get(audit.PENDING_KEY)
                or any(session.is_modified(row) for row in session.dirty))


def iter_rows(exporter: Exporter, scope: ExportScope, *,
              parent_ids: list[int] | None = None) -> Iterator:
    """Every row of ``exporter`` in ``scope`` (or under ``parent_ids``) as an ORM object, in
    id order."""
    for batch in _pages(exporter, scope, parent_ids, None):
        yield from batch


def value_batches(exporter: Exporter, scope: ExportScope, *, parent_ids: list[int] | None = None,
                  cells: bool = False) -> Iterator[list[tuple]]:
    """The rows of ``exporter`` in ``scope`` (or under ``parent_ids``), in id order, a page at a
    time: each row a tuple of its plain (JSON-ready) values in column order, or with ``cells``
    of its spreadsheet cells (see ``readers``)."""
    rows_reader = readers.reader(exporter, db.session.get_bind().dialect)
    convert = rows_reader.csv_rows if cells else rows_reader.json_rows
    for batch in _pages(exporter, scope, parent_ids, rows_reader):
        yield convert(batch)


def _pages(exporter: Exporter, scope: ExportScope, parent_ids: list[int] | None,
           rows_reader: readers.Reader | None) -> Iterator[list]:
    """Keyset-paged rows: ORM objects, or tuples where ``rows_reader`` reads them so."""
    mode = "parent" if parent_ids is not None else "practice" if scope.is_practice else "client"
    as_tuples = rows_reader is not None and rows_reader.plain
    statement = _page_statement(exporter.key, mode, BATCH_SIZE,
                                rows_reader.expressions if as_tuples else (),
                                rows_reader.joins if as_tuples else ())
    params = {"parent_ids": parent_ids} if parent_ids is not None else exporter.scope_params(scope)
    written = scope.written_client_ids if exporter.key == CLIENTS and mode != "parent" else None
    # Tuples are read on the session's connection (Core rows); the session's own execute
    # would run them through the ORM's row loading.
    connection = db.session.connection() if as_tuples else None
    last_id = 0
    while True:
        if as_tuples:
            rows = connection.execute(statement, {**params, "after_id": last_id}).all()
            ids = rows_reader.ids(rows)
        else:
            rows = db.session.scalars(statement, {**params, "after_id": last_id}).unique().all()
            ids = [row.id for row in rows]
        if written is not None:
            written.extend(ids)
        if rows:
            yield rows
        if len(rows) < BATCH_SIZE:
            return
        last_id = ids[-1]


@cache
def _page_statement(key: str, mode: str, batch_size: int, expressions: tuple = (),
                    joins: tuple = ()):
    """One page of an exporter's rows after ``:after_id`` (ORM objects, or the columns
    ``expressions`` as tuples, with the records of the relationships ``joins`` where they
    have one), built once per kind of query.

    Reusing the statement saves compiling it for every page, and keeps the garbage of
    building statements (which only the cycle collector frees) from piling up as pages go by.
    """
    exporter = registry.exporter(key)
    model = exporter.model
    statement = exporter.base_select(*expressions)
    for relationship in joins:
        statement = statement.outerjoin(relationship)
    if mode == "parent":
        statement = statement.where(exporter.parent_column.in_(bindparam("parent_ids",
                                                                         expanding=True)))
    elif mode == "client":
        statement = statement.where(exporter.scope_condition(ExportScope(client_id=0)))
    return statement.where(model.id > bindparam("after_id")).order_by(model.id).limit(batch_size)


def count_rows(exporter: Exporter, scope: ExportScope) -> int:
    statement = exporter.scoped_select(scope, func.count(exporter.model.id))
    return db.session.scalar(statement) or 0


def resolve_scope(scope: ExportScope) -> ExportScope:
    """For a one-client export, find the reference rows (users, exercises...) its records use.

    A reference type keeps the rows that in-scope rows point at with a foreign key, found
    from the schema: referring types first, so users named by an included exercise count.
    Rows nested under a kept reference row (a template's steps) are kept with it, so the
    CSV files hold what the JSON document nests.
    """
    if scope.is_practice:
        return scope
    allowed: dict[str, set[int]] = {}
    reference = [e for e in exporters() if not e.is_client_record]
    order = {table.name: index for index, table in enumerate(db.metadata.sorted_tables)}
    for target in sorted(reference, key=lambda e: order[e.model.__tablename__], reverse=True):
        ids: set[int] = set()
        for source in exporters():
            if source is target or not source.is_client_record and source.key not in allowed:
                continue
            source_scope = replace(scope, allowed_ids={k: frozenset(v) for k, v in allowed.items()})
            for column in _foreign_keys_to(source, target):
                ids.update(db.session.scalars(
                    source.scoped_select(source_scope, column).where(column.is_not(None))))
        allowed[target.key] = ids
    for child in reference:
        if child.parent in allowed:
            allowed[child.key] |= set(db.session.scalars(
                child.base_select(child.model.id)
                .where(child.parent_column.in_(sorted(allowed[child.parent])))))
    return replace(scope, allowed_ids={key: frozenset(ids) for key, ids in allowed.items()})


def _foreign_keys_to(source: Exporter, target: Exporter) -> list:
    target_table = target.model.__table__
    return [getattr(source.model, fk.parent.key) for fk in source.model.__table__.foreign_keys
            if fk.column.table is target_table and hasattr(source.model, fk.parent.key)]


def documents(exporter: Exporter, rows: list[tuple]) -> list[dict]:
    """Rows of plain values as dicts, each with its child records nested, loading each child
    type once.

    A batch of clients becomes a batch of whole client records; the children of all of
    them are read together (one paged query per child type), never one query per row.
    """
    names = exporter.column_names
    docs = [dict(zip(names, row, strict=True)) for row in rows]
    ids = [doc["id"] for doc in docs]
    for child in children_of(exporter):
        grouped = defaultdict(list)
        parent_field = child.parent_column.key
        for child_rows in value_batches(child, ExportScope(), parent_ids=ids):
            for child_doc in documents(child, child_rows):
                grouped[child_doc[parent_field]].append(child_doc)
        for doc in docs:
            doc[child.nested_key] = grouped.get(doc["id"], [])
    return docs


def nested_documents(exporter: Exporter, scope: ExportScope) -> Iterator[dict]:
    """Top-level rows of ``exporter`` in ``scope``, each with its descendants nested."""
    for rows in value_batches(exporter, scope):
        for start in range(0, len(rows), CLIENTS_PER_BATCH):
            yield from documents(exporter, rows[start:start + CLIENTS_PER_BATCH])


def count_tree(exporter: Exporter, doc: dict, counts: dict[str, int]) -> int:
    """Add a nested document and everything under it to ``counts``; return how many that was."""
    counts[exporter.key] = counts.get(exporter.key, 0) + 1
    added = 1
    for child in children_of(exporter):
        for child_doc in doc.get(child.nested_key, []):
            added += count_tree(child, child_doc, counts)
    return added
