"""Load a JSON export into an empty database: every record with its number, the audit trail
as it was, the practice's identity and settings; then fresh invitations if the file carries
no credentials.

Signed notes are inserted as they were signed, with their signer and time, in one INSERT
each and never updated afterwards: the guards of migration 0008 (triggers refusing to
UPDATE or DELETE a signed intake or session, or any audit event) refuse changes, not
inserts, so they stay on throughout. Audit events are inserted verbatim with their hashes,
the chain head is set to the last one, and nothing else is added to the trail except the
invitations the import sends (each an ``auth.invite`` event, chained after the imported
ones): an export, imported and exported again, gives the same document.
"""
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import ijson
from sqlalchemy import Integer, delete, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from practice.attention.operations import refresh
from practice.auth.models import User
from practice.auth.operations import issue_link
from practice.auth.tokens import TokenPurpose
from practice.clients.models import Client
from practice.clients.operations import fold_all_names
from practice.core.audit import HEAD_ID, AuditChainHead, AuditEvent
from practice.core.errors import DomainError
from practice.core.extensions import db
from practice.core.roles import Role
from practice.core.settings import (
    IDENTITY_ID,
    SETTINGS_ID,
    PracticeIdentity,
    PracticeSettings,
)
from practice.exports.json_doc import FORMAT, FORMAT_VERSION
from practice.exports.registry import top_level
from practice.imports.reader import CountingReader, members
from practice.imports.rows import RowLoader
from practice.notes_search.index import rebuild_index

HEADER = ("format", "format_version", "exported_at", "practice_id", "scope", "practice")
#: Clients whose attention lists are worked out at once after the import.
ATTENTION_BATCH = 200
#: What an empty database keeps of its own: its chain head (set to the imported trail's).
#: Everything else in it the migrations made (the starter condition types, templates and
#: exercises): the export's own lists replace them.
KEPT_TABLES = ("audit_chain_heads", "practice_identity")


class ImportRefused(DomainError):
    """An import that cannot run or cannot finish; nothing was changed."""


@dataclass
class Imported:
    counts: dict[str, int]
    with_credentials: bool
    #: (email, link) of each fresh invitation not emailed: to be shown once, to the admin.
    links: list[tuple[str, str]] = field(default_factory=list)
    emailed: int = 0


def import_export(path: Path, on_bytes=None) -> Imported:
    """Load the export at ``path``; joins the caller's unit of work (one commit, or nothing)."""
    _refuse_unless_empty()
    loader = RowLoader()
    header: dict = {}
    sections = {exporter.key: exporter for exporter in top_level()}
    counts = None
    try:
        with path.open("rb") as raw:
            for key, value, in_list in members(CountingReader(raw, on_bytes)):
                if key in HEADER:
                    header[key] = value
                elif key == "counts":
                    counts = value
                elif key in sections and in_list:
                    if header.get("started") is None:
                        header["started"] = _start(header)
                    loader.add(sections[key], value)
                elif key not in sections:
                    raise ImportRefused(f"The file holds “{key}”, which this version of the app "
                                        "does not know: import it with the version that made it.")
        if header.get("started") is None:
            header["started"] = _start(header)
        loader.flush()
    except ijson.JSONError as error:
        raise ImportRefused(f"{path} is not a complete JSON document ({error}).") from error
    except SQLAlchemyError as error:  # a record the schema refuses: the file was edited
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise ImportRefused(f"The database refused a record of {path}: {reason}.") from error
    _check_counts(counts, loader.counts)
    _finish(header)
    _work_out_attention()
    fold_all_names()  # written on each save by the app: rows loaded here skip that
    rebuild_index()
    imported = Imported(dict(loader.counts), with_credentials=loader.with_credentials)
    _invite(loader.accounts, imported)
    return imported


def _refuse_unless_empty() -> None:
    held = {name: db.session.scalar(select(func.count()).select_from(model))
            for name, model in (("accounts", User), ("clients", Client),
                                ("audit events", AuditEvent))}
    if any(held.values()):
        what = ", ".join(f"{count} {name}" for name, count in held.items() if count)
        raise ImportRefused(f"This database already holds records ({what}): import loads a "
                            "practice into an empty database only. Create a new database, run "
                            "`flask --app wsgi db upgrade` on it, and import there.")


def _start(header: dict) -> bool:
    """Check the header, then make room: the export's reference lists and identity replace
    the ones the migrations made."""
    if header.get("format") != FORMAT:
        raise ImportRefused("This is not a Qi Practice JSON export.")
    if header.get("format_version") != FORMAT_VERSION:
        raise ImportRefused(f"This export is in format version {header.get('format_version')}; "
                            f"this version of the app imports version {FORMAT_VERSION}. Export "
                            "again with this version.")
    if (header.get("scope") or {}).get("type") != "practice":
        raise ImportRefused("This export holds one client: import needs an export of the "
                            "whole practice.")
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in KEPT_TABLES:
            db.session.execute(delete(table))
    identity = db.session.get(PracticeIdentity, IDENTITY_ID)
    if identity is None:
        identity = PracticeIdentity(id=IDENTITY_ID)
        db.session.add(identity)
    identity.practice_uuid = header["practice_id"]
    db.session.flush()
    return True


def _check_counts(counts: dict | None, loaded: dict[str, int]) -> None:
    if counts is None:
        raise ImportRefused("The file ends before its record counts: it is cut short.")
    differ = {key: (count, loaded.get(key, 0)) for key, count in counts.items()
              if count != loaded.get(key, 0)}
    if differ:
        detail = ", ".join(f"{key}: {want} listed, {got} read" for key, (want, got) in differ.items())
        raise ImportRefused(f"The file's records do not add up ({detail}).")


def _finish(header: dict) -> None:
    """The practice's settings, the audit chain's head, and the id sequences."""
    practice = header.get("practice") or {}
    if practice.get("updated_at"):
        db.session.add(PracticeSettings(
            id=SETTINGS_ID, practice_name=practice["name"], timezone=practice["timezone"],
            address=practice["address"], phone=practice["phone"], email=practice["email"],
            website=practice["website"], updated_by_id=practice["updated_by_id"],
            updated_at=datetime.fromisoformat(practice["updated_at"])))
    last = db.session.execute(select(AuditEvent.id, AuditEvent.hash)
                              .order_by(AuditEvent.id.desc()).limit(1)).first()
    if last is not None:
        head = db.session.get(AuditChainHead, HEAD_ID, populate_existing=True)
        if head is None:
            head = AuditChainHead(id=HEAD_ID)
            db.session.add(head)
        head.last_event_id, head.last_hash = last.id, last.hash
        head.event_count = db.session.scalar(select(func.count(AuditEvent.id)))
    db.session.flush()
    _continue_sequences()


def _continue_sequences() -> None:
    """PostgreSQL: each id sequence goes on after the highest imported id."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        column = table.c.get("id")
        if column is not None and column.primary_key and isinstance(column.type, Integer) \
                and column.autoincrement is not False:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"))


def _work_out_attention() -> None:
    """The attention lists are worked out from the records, not carried over: client by
    client in batches, each written and let go before the next (memory stays flat)."""
    last = 0
    while ids := db.session.scalars(select(Client.id).where(Client.id > last)
                                    .order_by(Client.id).limit(ATTENTION_BATCH)).all():
        refresh(ids)
        db.session.flush()
        db.session.expunge_all()
        last = ids[-1]


def _invite(accounts: list[tuple[int, str]], imported: Imported) -> None:
    """A fresh invitation for each person who may sign in, when the file has no credentials."""
    for user_id, role in accounts:
        user = db.session.get(User, user_id)
        client_id = None
        if role == Role.CLIENT.value:
            client_id = db.session.scalar(select(Client.id).where(Client.portal_user_id == user_id))
        link, emailed = issue_link(user, TokenPurpose.INVITATION, client_id=client_id)
        if emailed:
            imported.emailed += 1
        else:
            imported.links.append((user.email, link))
