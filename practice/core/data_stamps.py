"""Data stamps: a token that changes, in the same commit, whenever stored data changes.

Pages that keep a rendering between requests (the client overview's sections) key it by
these tokens, so a kept rendering is only ever used for the data it was drawn from:

- each client's own stamp (``clients.data_stamp``) changes with any record that carries the
  client's ``client_id`` (a check-in, a session, an intake...) and with the client record;
- the practice's stamp (``data_stamps``, one row) changes with everything else that is
  stored (exercises, templates, accounts, settings, and the rows that belong to a client only
  through another record, such as a plan's steps) and with any bulk or raw write.

Only bookkeeping no page section shows leaves both alone (``BOOKKEEPING``): the audit trail
(each page view appends to it), sign-in sessions, kept forms, outgoing mail, form keys and
the attention list (worked out from the client's records, which stamp the client already).

The changes are noted as they are flushed and the new tokens written just before the commit,
so a rollback writes none. A token is random rather than counted, so a database restored from
a backup never reuses a token for other data.
"""
import re
import secrets

from sqlalchemy import String, event, inspect, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from practice.core.extensions import db

#: Tables whose rows no kept rendering shows: writing them stamps nothing.
BOOKKEEPING = frozenset({
    "audit_events", "audit_chain_heads", "user_sessions", "recovery_codes", "kept_forms",
    "form_submissions", "outbox_messages", "attention_items", "data_stamps",
})
#: Columns no kept rendering shows either: a change to these alone stamps nothing (a sign-in
#: would otherwise set every kept rendering of the practice aside).
BOOKKEEPING_COLUMNS = {"users": frozenset({"last_login_at", "totp_last_step"})}
CLIENTS_TABLE = "clients"
PRACTICE_STAMP_ID = 1
_CLIENTS_KEY = "data_stamp_clients"
_PRACTICE_KEY = "data_stamp_practice"
_WRITING_KEY = "data_stamp_writing"
_READ_KEY = "data_stamp_read"
_WRITE = re.compile(r"^\s*(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?(\w+)",
                    re.IGNORECASE)


class DataStamp(db.Model):
    """The practice's stamp: one row, id 1."""

    __tablename__ = "data_stamps"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stamp: Mapped[str] = mapped_column(String(32))


def new_stamp() -> str:
    return secrets.token_hex(8)


def practice_stamp() -> str:
    """The practice's current stamp ("" until anything has been stamped).

    Read once per transaction (the settings and a kept rendering both key by it): a stamp
    only changes at a commit, which forgets the one read.
    """
    stamp = db.session.info.get(_READ_KEY)
    if stamp is None:
        stamp = db.session.scalar(
            db.select(DataStamp.stamp).where(DataStamp.id == PRACTICE_STAMP_ID)) or ""
        db.session.info[_READ_KEY] = stamp
    return stamp


def _table(record) -> str | None:
    table = getattr(record, "__table__", None)
    return getattr(table, "name", None)


def _client_ids(record) -> set[int] | None:
    """The clients a changed record belongs to (before and after the change), or ``None``
    when it belongs to no client of its own."""
    table = _table(record)
    if table == CLIENTS_TABLE:
        return {record.id} if record.id is not None else set()
    state = inspect(record)
    if "client_id" not in state.mapper.column_attrs:
        return None
    history = state.attrs.client_id.history
    return {value for value in (*history.added, *history.unchanged, *history.deleted)
            if isinstance(value, int)}


def _shown_change(record) -> bool:
    """Whether a changed record changed anything a kept rendering may show."""
    state = inspect(record)
    quiet = BOOKKEEPING_COLUMNS.get(_table(record), frozenset())
    return any(attribute.history.has_changes() for attribute in state.attrs
               if attribute.key not in quiet)


def stamp_practice() -> None:
    """Stamp the whole practice at this transaction's commit: for rows written through the
    driver itself (a bulk load), which neither the flush nor ``do_orm_execute`` sees."""
    db.session.info[_PRACTICE_KEY] = True


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _flush_context) -> None:
    clients = session.info.setdefault(_CLIENTS_KEY, set())
    for record in (*session.new, *session.dirty, *session.deleted):
        if _table(record) in BOOKKEEPING:
            continue
        if record in session.dirty and not _shown_change(record):
            continue
        owners = _client_ids(record)
        if owners is None:
            session.info[_PRACTICE_KEY] = True
        else:
            clients.update(owners)


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_writes(state) -> None:
    """Bulk ``update()``/``delete()``/``insert()`` and raw SQL writes bypass the flush: any one
    outside the bookkeeping stamps the whole practice."""
    if state.is_select or state.session.info.get(_WRITING_KEY):
        return
    statement = state.statement
    table = getattr(getattr(statement, "table", None), "name", None)
    if table is None and hasattr(statement, "text"):
        match = _WRITE.match(statement.text)
        if match is None:
            return  # a SELECT or a lock written as text
        table = match.group(1).lower()
    if table is None or table not in BOOKKEEPING:
        state.session.info[_PRACTICE_KEY] = True


@event.listens_for(Session, "before_commit")
def _write_stamps(session: Session) -> None:
    transaction = session.get_transaction()
    if transaction is not None and transaction.nested:
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    session.info.pop(_READ_KEY, None)
    clients = session.info.pop(_CLIENTS_KEY, None)
    practice = session.info.pop(_PRACTICE_KEY, None)
    session.info[_WRITING_KEY] = True
    try:
        _write(session, clients, practice)
    finally:
        session.info.pop(_WRITING_KEY, None)


def _write(session: Session, clients: set[int] | None, practice: bool | None) -> None:
    if clients:
        # In id order, so two commits stamping the same clients never wait on each other.
        for client_id in sorted(clients):
            session.execute(text("UPDATE clients SET data_stamp = :stamp WHERE id = :id"),
                            {"stamp": new_stamp(), "id": client_id})
    if practice:
        stamp = new_stamp()
        updated = session.execute(text("UPDATE data_stamps SET stamp = :stamp WHERE id = :id"),
                                  {"stamp": stamp, "id": PRACTICE_STAMP_ID}).rowcount
        if not updated:
            session.execute(text("INSERT INTO data_stamps (id, stamp) VALUES (:id, :stamp)"),
                            {"stamp": stamp, "id": PRACTICE_STAMP_ID})


@event.listens_for(Session, "after_transaction_end")
def _forget_read(session: Session, transaction) -> None:
    """A stamp read belongs to its transaction: the next one may see another commit's."""
    if transaction.parent is None:
        session.info.pop(_READ_KEY, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_READ_KEY, None)
        session.info.pop(_CLIENTS_KEY, None)
        session.info.pop(_PRACTICE_KEY, None)
