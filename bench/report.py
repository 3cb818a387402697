"""Benchmarks write their own results into docs/performance.md.

Each benchmark owns one marked section of the page::

    <!-- bench:pages -->
    ...replaced on every run...
    <!-- /bench:pages -->

and puts in it the command that produced the figures and the machine they were measured on
(`machine()`), so the page never holds a table nobody can reproduce. Everything outside the
markers (the prose) is left as it is.
"""
import fcntl
import hashlib
import os
import platform
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

PERFORMANCE_PAGE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
SECTION_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")
URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")


def _markers(name: str) -> tuple[str, str]:
    if not SECTION_NAME.fullmatch(name):
        raise ValueError(f"section name {name!r}: lower-case letters, digits, '_', '.', '-'")
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def replace_section(page: str, name: str, markdown: str) -> str:
    """Return ``page`` with section ``name`` holding ``markdown``; appended at the end if missing."""
    start, end = _markers(name)
    body = f"{start}\n{markdown.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(page):
        return pattern.sub(lambda _match: body, page, count=1)
    if start in page or end in page:
        raise ValueError(f"section {name!r} has only one of its two markers")
    return page.rstrip("\n") + "\n\n" + body + "\n" if page.strip() else body + "\n"


@contextmanager
def _locked(path: Path):
    """Serialise writers: two benchmarks finishing together must not lose a section."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"bench-report-{digest}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def update_section(name: str, markdown: str, path: Path | str | None = None) -> None:
    """Replace the text between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` in ``path``
    (docs/performance.md unless given)."""
    path = Path(path or PERFORMANCE_PAGE)
    with _locked(path):
        page = path.read_text(encoding="utf-8") if path.exists() else ""
        updated = replace_section(page, name, markdown)
        # Written beside and renamed over: a reader never sees half a page.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(updated)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def postgresql_version(database_url: str | None = None) -> str:
    """The server's version when the benchmark runs on PostgreSQL, else the installed client's."""
    if database_url and database_url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        try:
            with engine.connect() as connection:
                return connection.execute(text("SHOW server_version")).scalar_one().split()[0]
        except Exception:  # noqa: BLE001 - a line of the report, not the benchmark, fails
            return "unreachable"
        finally:
            engine.dispose()
    for program in ("postgres", "psql"):
        if shutil.which(program):
            try:
                found = subprocess.run([program, "--version"], capture_output=True, text=True,  # noqa: S603
                                       timeout=10, check=False).stdout
            except (OSError, subprocess.SubprocessError):
                continue
            match = re.search(r"\d+(\.\d+)*", found)
            if match:
                return f"{match.group(0)} ({program} installed, not used)"
    return "not installed"


def machine(database_url: str | None = None) -> str:
    """One Markdown line saying when and on what the figures were measured.

    Call it before the benchmark starts: the load average is the one the run began under
    (other work on the machine inflates the times; the counts do not change).
    """
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    return (f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {cpu_model()}, "
            f"{os.cpu_count()} cores, load average {load} at the start; "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"PostgreSQL {postgresql_version(database_url)}.")


def command(module: str | None = None, arguments: list[str] | None = None) -> str:
    """The command line this benchmark was started with, as a reader would type it."""
    if module is None:
        spec = sys.modules["__main__"].__spec__
        module = spec.name if spec else None
    program = f"python -m {module}" if module else f"python {sys.argv[0]}"
    given = sys.argv[1:] if arguments is None else arguments
    return " ".join([program, *(_in_checkout(shlex.quote(hide_password(argument)))
                                for argument in given)])


def _in_checkout(argument: str) -> str:
    """A path inside the checkout as ``$PWD/...``: the page does not name one machine's folders."""
    return argument.replace(os.getcwd() + "/", "$PWD/")


def hide_password(text: str) -> str:
    """A database URL's password never reaches the page."""
    return URL_PASSWORD.sub(r"\1***@", text)


def section(command_line: str, machine_line: str, markdown: str) -> str:
    """A section's usual body: the command in a code span, the machine line, then the figures."""
    return f"`{command_line}`\n\n{machine_line}\n\n{markdown.strip()}\n"
