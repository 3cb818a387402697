"""Backup files: created new and private, told apart by their first bytes, fingerprinted."""
import hashlib
import os
from pathlib import Path

from practice.core.errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
SQLITE = "sqlite"
PG_DUMP = "pg_dump"


class BackupError(DomainError):
    """A backup or restore that cannot be done; the message says why, for the command line."""


def create_private(path: Path) -> int:
    """Open a new file for writing, readable by the owner only.

    ``O_EXCL`` never reuses a file that exists (an older backup, or one planted in advance
    with other permissions); ``O_NOFOLLOW`` never writes through a link to somewhere else.
    """
    if not path.parent.is_dir():
        raise BackupError(f"The folder for {path} does not exist.")
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError as exc:
        raise BackupError(f"{path} exists: a backup never overwrites a file. Choose a new name "
                          "(put the date in it).") from exc
    except OSError as exc:
        raise BackupError(f"Cannot create {path}: {exc.strerror}.") from exc


def format_of(path: Path) -> str:
    """``sqlite`` or ``pg_dump``, from the file's first bytes."""
    try:
        with path.open("rb") as handle:
            start = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError as exc:
        raise BackupError(f"There is no file {path}.") from exc
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from exc
    if start.startswith(SQLITE_MAGIC):
        return SQLITE
    if start.startswith(PG_DUMP_MAGIC):
        return PG_DUMP
    raise BackupError(f"{path} is not a backup made by this command (neither a SQLite "
                      "database nor a pg_dump archive).")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
