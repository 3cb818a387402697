"""The one optimistic lock: two people (or two tabs) editing a record never silently overwrite.

Every editable record has a lock column: ``version`` (an integer) where the table has one,
else ``updated_at``. A form carries the value it was opened at (``VersionedForm``); the
operation that saves calls ``claim_version``, a conditional UPDATE that moves the record on
only if it is still at that value. If someone saved in between, nothing is written and
``Conflict`` (with the stored record) tells the route to show both versions. Saving again
from that page, which now carries the new value, is a deliberate overwrite.
"""
from datetime import datetime

from flask_wtf import FlaskForm
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from wtforms import HiddenField

from practice.core.database import now_utc
from practice.core.errors import Conflict
from practice.core.extensions import db


class VersionedForm(FlaskForm):
    #: The record's version when the editor opened it; a stale one means someone saved since.
    version = HiddenField()

    @property
    def submitted_version(self) -> str | None:
        value = str(self.version.data or "").strip()
        return value or None

    def remember_version(self, record) -> None:
        """A freshly opened form carries the record's version (a resubmitted one keeps its own)."""
        if not self.version.data:
            self.version.data = version_of(record)


def _lock_column(record) -> str:
    return "version" if hasattr(type(record), "version") else "updated_at"


def version_of(record) -> str:
    value = getattr(record, _lock_column(record))
    if isinstance(value, datetime):
        return value.isoformat()
    return "" if value is None else str(value)


def claim_version(record, submitted_version) -> None:
    """Move ``record`` to a new version, atomically, if it is still at ``submitted_version``.

    Raises ``Conflict`` carrying the stored record (refreshed) otherwise; the caller's
    changes to ``record`` must come after this call.
    """
    model = type(record)
    column_name = _lock_column(record)
    column = getattr(model, column_name)
    current = getattr(record, column_name)
    if submitted_version is None or str(submitted_version) != version_of(record):
        raise Conflict(record)
    new_value = current + 1 if column_name == "version" else now_utc()
    claimed = db.session.execute(
        update(model).where(model.id == record.id, column == current).values({column_name: new_value})
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # saved by someone else since this request loaded it
        db.session.refresh(record)
        raise Conflict(record)
    set_committed_value(record, column_name, new_value)
