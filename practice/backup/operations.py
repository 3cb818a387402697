"""Make a backup of the database and restore one; each is audited.

The work particular to each database is in ``sqlite.py`` and ``postgres.py``. These functions
join the caller's unit of work (the command wraps them in ``unit_of_work()``): the audit
event is committed when the backup is complete, or for a restore, into the restored database
once it is in place, so the restored trail goes on from the backup's own last event and
``audit verify`` passes.
"""
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text

from practice.auth.models import SessionEnd, User, UserSession
from practice.auth.sessions import end_sessions
from practice.backup import postgres, sqlite
from practice.backup.files import (
    PG_DUMP,
    SQLITE,
    BackupError,
    create_private,
    format_of,
    sha256_of,
)
from practice.core import audit
from practice.core.extensions import db

#: A database holds records once it has an account or an audit event: a restore over it
#: would replace them, so it needs ``--force``. (Fixed names: safe to put into SQL.)
RECORD_TABLES = ("users", "audit_events")
_NAMES = {SQLITE: "SQLite", PG_DUMP: "PostgreSQL"}


@dataclass(frozen=True)
class Restored:
    #: Sessions the backup held open, ended by the restore.
    sessions_ended: int
    #: The backup was made by another version: migrations to run before the app starts.
    schema_behind: bool


@dataclass(frozen=True)
class Backup:
    path: Path
    format: str
    size: int
    sha256: str

    @property
    def detail(self) -> dict:
        return {"path": str(self.path), "format": self.format, "bytes": self.size,
                "sha256": self.sha256}


def _format_of_database() -> str:
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        return SQLITE
    if dialect == "postgresql":
        return PG_DUMP
    raise BackupError(f"Backups of a {dialect} database are not supported.")


def create_backup(path: Path) -> Backup:
    """Copy the whole database into a new file at ``path``, readable by the owner only.

    A file that exists is never overwritten; on any failure the new file is removed and
    nothing is audited.
    """
    path = Path(os.path.abspath(path))  # not resolve(): a link at ``path`` must not be followed
    kind = _format_of_database()
    descriptor = create_private(path)
    try:
        try:
            if kind == SQLITE:
                sqlite.backup(db.engine, descriptor, path)
            else:
                postgres.backup(db.engine.url, descriptor)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except BaseException as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlite3.Error):
            raise BackupError(f"The backup failed and {path} was removed: {exc}") from exc
        raise
    made = Backup(path, kind, path.stat().st_size, sha256_of(path))
    audit.record("backup.create", detail=made.detail)
    return made


def records_held() -> dict[str, int]:
    """How many accounts and audit events the database holds (tables not there count 0)."""
    if db.engine.dialect.name == "sqlite" and not sqlite.database_path(db.engine).exists():
        return dict.fromkeys(RECORD_TABLES, 0)  # connecting would create the file, not private
    with db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        return {table: connection.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
                if table in tables else 0 for table in RECORD_TABLES}


def restore_backup(path: Path, *, force: bool = False) -> Restored:
    """Replace the whole database with the backup at ``path``.

    Refused, with nothing changed, when the file is not a backup of this app, was made from
    the other kind of database, or when the database holds records and ``force`` is not set.
    Sessions that were open when the backup was made are ended: a cookie from before must not
    open pages again because the database went back in time.
    """
    path = path.resolve()
    kind = format_of(path)
    here = _format_of_database()
    if kind != here:
        raise BackupError(f"{path} is a {_NAMES[kind]} backup and the database here is "
                          f"{_NAMES[here]}: a {_NAMES[kind]} backup restores into "
                          f"{_NAMES[kind]} only.")
    (sqlite if kind == SQLITE else postgres).check(path)
    held = records_held()
    if any(held.values()) and not force:
        raise BackupError(
            f"The database already holds records ({held['users']} accounts, "
            f"{held['audit_events']} audit events). A restore replaces all of them with the "
            "backup: back this database up first, then run the restore again with --force.")
    backup = Backup(path, kind, path.stat().st_size, sha256_of(path))
    db.session.remove()
    db.engine.dispose()
    if kind == SQLITE:
        sqlite.restore(db.engine, path)
    else:
        postgres.restore(db.engine.url, path)
    db.engine.dispose()
    behind = schema_behind()
    ended = 0 if behind else _end_open_sessions()
    audit.record("backup.restore", detail={**backup.detail, "forced": force,
                                           "replaced": held, "sessions_ended": ended})
    return Restored(sessions_ended=ended, schema_behind=behind)


def _end_open_sessions() -> int:
    users = db.session.scalars(db.select(User).where(User.id.in_(
        db.select(UserSession.user_id).where(UserSession.ended_at.is_(None))))).all()
    return sum(end_sessions(user, SessionEnd.ENDED_BY_ADMIN) for user in users)


def schema_behind() -> bool:
    """Whether the restored database was made by another version (migrations to run)."""
    from alembic.script import ScriptDirectory
    from flask import current_app

    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    with db.engine.connect() as connection:
        stored = set(connection.scalars(text("SELECT version_num FROM alembic_version")))
    return stored != set(script.get_heads())
