"""From the export's documents back to table rows, inserted in batches in foreign-key order.

Each exported record type (practice/exports/registry.py) gives its rows: the fields of the
document that are columns of its table, read back to their types (times, dates, enums);
derived fields (scores, a dose in words, an account's status...) are left out, and nested
records are flattened into their own tables. A few columns are not exported, and are made
here: an account's sign-in secrets (from ``credentials``, or none: a fresh invitation
follows), its security stamp, an exercise log's one-time form token, the edit versions.
"""
import secrets
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time
from itertools import groupby

from sqlalchemy import Date, Enum, Table, Time, insert

from practice.appointments.models import PlaceKind
from practice.auth.models import RecoveryCode, new_security_stamp
from practice.core.database import UTCDateTime
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.exercises.models import ExerciseFocus
from practice.exports.base import Exporter
from practice.exports.registry import children_of

BATCH_ROWS = 1000


def _reader(column) -> Callable:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Time):
        return time.fromisoformat
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class
    return lambda value: value


class RowLoader:
    """Collects rows per table and inserts them, parents before children, every
    ``BATCH_ROWS`` rows: memory holds one batch, never the practice."""

    def __init__(self):
        self._pending: dict[Table, list[dict]] = defaultdict(list)
        self._waiting = 0
        self.counts: dict[str, int] = defaultdict(int)
        self._readers: dict[str, list[tuple[str, Callable]]] = {}
        #: Accounts to invite afresh (no credentials in the file): (user id, role).
        self.accounts: list[tuple[int, str]] = []
        #: The file carries sign-in secrets (an export made with ``--include-credentials``).
        self.with_credentials = False

    def add(self, exporter: Exporter, doc: dict) -> None:
        """A top-level document and everything nested in it."""
        self.counts[exporter.key] += 1
        row = {name: read(doc[name]) if doc.get(name) is not None else None
               for name, read in self._columns(exporter) if name in doc}
        prepare = getattr(self, f"_prepare_{exporter.key}", None)
        if prepare:
            prepare(doc, row)
        self._queue(exporter.model.__table__, row)
        follow = getattr(self, f"_follow_{exporter.key}", None)
        if follow:  # rows that refer to this one: queued after it
            follow(doc)
        for child in children_of(exporter):
            for child_doc in doc.get(child.nested_key, []):
                self.add(child, child_doc)

    def _columns(self, exporter: Exporter) -> list[tuple[str, Callable]]:
        if exporter.key not in self._readers:
            table = exporter.model.__table__
            self._readers[exporter.key] = [(col.name, _reader(table.c[col.name]))
                                           for col in exporter.columns if col.name in table.c]
        return self._readers[exporter.key]

    def _prepare_users(self, doc: dict, row: dict) -> None:
        row["is_enabled"] = doc["status"] != "deactivated"
        row["security_stamp"] = new_security_stamp()  # links made before the move stop working
        credentials = doc.get("credentials") or {}
        self.with_credentials = self.with_credentials or "credentials" in doc
        row.update(password_hash=credentials.get("password_hash"),
                   totp_secret=credentials.get("totp_secret"),
                   totp_last_step=credentials.get("totp_last_step"))
        if "credentials" not in doc and row["is_enabled"]:
            self.accounts.append((doc["id"], doc["role"]))

    def _follow_users(self, doc: dict) -> None:
        for code in (doc.get("credentials") or {}).get("recovery_codes", []):
            self._queue(RecoveryCode.__table__, {
                "id": code["id"], "user_id": doc["id"], "code_hash": code["code_hash"],
                "created_at": datetime.fromisoformat(code["created_at"]),
                "used_at": datetime.fromisoformat(code["used_at"]) if code["used_at"] else None})

    def _follow_exercises(self, doc: dict) -> None:
        for focus in doc.get("focus_systems") or []:
            self._queue(ExerciseFocus.__table__, {"exercise_id": doc["id"],
                                                  "focus_system": FocusSystem(focus)})

    def _prepare_exercise_logs(self, doc: dict, row: dict) -> None:
        row["form_token"] = secrets.token_hex(16)

    def _prepare_appointments(self, doc: dict, row: dict) -> None:
        """An export made before places were a room or a link: sorted as the app then did."""
        if "place_kind" not in doc and row.get("place"):
            row["place_kind"] = PlaceKind.ONLINE if "://" in row["place"] else PlaceKind.ROOM

    def _queue(self, table: Table, row: dict) -> None:
        self._pending[table].append(row)
        self._waiting += 1
        if self._waiting >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Insert what is waiting, table by table in the schema's dependency order."""
        for table in db.metadata.sorted_tables:
            rows = self._pending.pop(table, None)
            # Rows of one table may name different columns (a plan's step and a template's):
            # each run of alike rows is one statement, in the order they came.
            for _columns, alike in groupby(rows or (), key=lambda row: tuple(row)):
                db.session.execute(insert(table), list(alike))
        self._waiting = 0
