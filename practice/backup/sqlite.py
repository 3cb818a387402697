"""SQLite: a snapshot through the online backup API, and a restore through the same API.

The backup API copies a consistent image of the database while the app keeps reading and
writing it (in WAL mode writers are not even held up). The snapshot is made in a private
folder beside the backup and then copied into the backup file the command opened, so the
file it names is only ever written through that one new, private descriptor.
"""
import os
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy.engine import Engine

from practice.backup.files import BackupError

#: A backup of this app holds at least these tables.
REQUIRED_TABLES = frozenset({"alembic_version", "users", "audit_events"})


def database_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("The database is not a SQLite file; there is nothing to back up "
                          "or restore into.")
    return Path(database)


def backup(engine: Engine, descriptor: int, destination: Path) -> None:
    """Write a consistent snapshot of the live database into the open backup file."""
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as folder:
        snapshot = Path(folder) / "snapshot.sqlite3"
        raw = engine.raw_connection()
        try:
            target = sqlite3.connect(snapshot)
            try:
                raw.driver_connection.backup(target)
                # One self-contained file: no write-ahead log to carry beside it.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            raw.close()
        _copy_into(snapshot, descriptor)


def _copy_into(snapshot: Path, descriptor: int) -> None:
    with snapshot.open("rb") as source:
        while block := source.read(1 << 20):
            view = memoryview(block)
            while view:
                view = view[os.write(descriptor, view):]


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check(path: Path) -> None:
    """The file is an intact SQLite database holding this app's tables."""
    try:
        connection = _open_read_only(path)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a backup that can be read ({exc}).") from exc
    if verdict != "ok":
        raise BackupError(f"{path} is damaged ({verdict}); restore another backup.")
    if not REQUIRED_TABLES.issubset(tables):
        raise BackupError(f"{path} is a SQLite database but not a backup of Qi Practice.")


def restore(engine: Engine, path: Path) -> None:
    """Replace the whole database with the backup, in one step.

    The backup API writes the destination in a single transaction: should it fail, the
    database is left as it was. A database file that does not exist yet is created private.
    """
    target_path = database_path(engine)
    if not target_path.parent.is_dir():
        raise BackupError(f"The folder for the database ({target_path.parent}) does not exist.")
    if not target_path.exists():
        os.close(os.open(target_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                         0o600))
    engine.dispose()
    source = _open_read_only(path)
    try:
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The restore failed and changed nothing: {exc}.") from exc
    finally:
        source.close()
    engine.dispose()
