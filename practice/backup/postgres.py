"""PostgreSQL: ``pg_dump -Fc`` to back up, ``pg_restore`` piped into ``psql`` to restore.

The tools take the connection parameters of ``DATABASE_URL`` (host, port, user, database
and any libpq options in its query string); the password goes through ``PGPASSWORD`` in their
environment, never on a command line where other users could read it. Without a password in
the URL the tools find one the usual libpq ways (``PGPASSWORD``, ``~/.pgpass``).
"""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL

from practice.backup.files import BackupError

#: A backup of this app holds at least these tables.
REQUIRED_TABLES = ("alembic_version", "users", "audit_events")

#: Sent before the backup's own statements, in the same transaction: the restored database
#: holds exactly what the backup holds, nothing left over from before.
EMPTY_THE_SCHEMA = b"BEGIN;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools "
                          "(Debian and Ubuntu: apt install postgresql-client), the same major "
                          "version as the server or newer.")
    return found


def _connection(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as a libpq connection string without its password, and the environment for
    the tools, which carries the password."""
    without_password = URL.create("postgresql", username=url.username, host=url.host,
                                  port=url.port, database=url.database, query=url.query)
    conninfo = without_password.render_as_string(hide_password=False)
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    return conninfo, environment


def _failure(tool: str, errors: bytes) -> BackupError:
    message = errors.decode(errors="replace").strip() or "no message"
    return BackupError(f"{tool} failed: {message}")


def backup(url: URL, descriptor: int) -> None:
    """Write a custom-format dump of the whole database into the open backup file."""
    conninfo, environment = _connection(url)
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [_tool("pg_dump"), "--format=custom", "--no-password", "--dbname", conninfo],
        stdout=descriptor, stderr=subprocess.PIPE, env=environment, check=False)
    if result.returncode != 0:
        raise _failure("pg_dump", result.stderr)


def check(path: Path) -> None:
    """The file is a readable dump holding this app's tables (its table of contents)."""
    result = subprocess.run([_tool("pg_restore"), "--list", str(path)],  # noqa: S603 (no shell)
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{path} is not a backup that can be read: "
                          f"{result.stderr.decode(errors='replace').strip()}")
    listing = result.stdout.decode(errors="replace")
    missing = [name for name in REQUIRED_TABLES if f" TABLE public {name} " not in listing]
    if missing:
        raise BackupError(f"{path} is a PostgreSQL dump but not a backup of Qi Practice.")


def restore(url: URL, path: Path) -> None:
    """Replace the whole database with the backup in one transaction.

    ``pg_restore`` turns the dump into SQL, which is fed to ``psql`` between ``BEGIN`` and a
    ``COMMIT`` sent only once ``pg_restore`` has finished without error. Any error on either
    side (a damaged dump, a statement refused) ends ``psql`` before the commit
    (``ON_ERROR_STOP``), so the database is left as it was. Objects are owned by the restoring
    user (``--no-owner``, ``--no-acl``).
    """
    conninfo, environment = _connection(url)
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        psql = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [_tool("psql"), "--no-psqlrc", "--no-password", "--quiet",
             "--set", "ON_ERROR_STOP=1", "--dbname", conninfo],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors, env=environment)
        script = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [_tool("pg_restore"), "--no-owner", "--no-acl", "--file=-", str(path)],
            stdout=subprocess.PIPE, stderr=restore_errors)
        try:
            sent = _feed(psql, script)
        finally:
            script.stdout.close()
            if script.poll() is None:
                script.kill()
            script.wait()
            psql.wait()
        if psql.returncode != 0 or not sent:
            psql_errors.seek(0)
            raise _failure("The restore changed nothing: psql", psql_errors.read())
        if script.returncode != 0:
            restore_errors.seek(0)
            raise _failure("The restore changed nothing: pg_restore", restore_errors.read())


def _feed(psql: subprocess.Popen, script: subprocess.Popen) -> bool:
    """Pass the script to psql inside one transaction; commit only if the whole script came.

    :returns: whether psql took everything (``False`` when it stopped at an error).
    """
    try:
        psql.stdin.write(EMPTY_THE_SCHEMA)
        while block := script.stdout.read(1 << 16):
            psql.stdin.write(block)
        script.wait()
        psql.stdin.write(b"COMMIT;\n" if script.returncode == 0 else b"ROLLBACK;\n")
        psql.stdin.close()
    except BrokenPipeError:
        return False
    return True
