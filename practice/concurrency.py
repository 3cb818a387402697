"""Two people (or two tabs) editing the same record: the second save must not silently win.

Clinical notes in draft carry a version column (``practice/signing.py``). Other editable
records (plan templates, plans, exercises, practice settings) use their ``updated_at``: the
form carries the stamp it was opened at, and a save whose stamp is out of date is refused
with the typed values kept on the page. Saving again from that page (now carrying the new
stamp) is a deliberate overwrite.
"""
from flask import flash
from wtforms import HiddenField

from practice.core.database import now_utc


class EditStampMixin:
    """Adds the hidden ``edit_stamp`` field to a form."""

    edit_stamp = HiddenField()


def stamp_of(record) -> str:
    updated_at = getattr(record, "updated_at", None)
    return updated_at.isoformat() if updated_at else ""


def remember_stamp(form, record) -> None:
    """Put the record's current stamp in a freshly opened form (a resubmitted one keeps its own)."""
    if not form.edit_stamp.data:
        form.edit_stamp.data = stamp_of(record)


def saved_elsewhere(form, record, what: str) -> bool:
    """True, with a message and the form's stamp refreshed, when the record changed since the
    form was opened. The caller re-renders the form (status 409) instead of saving."""
    submitted = form.edit_stamp.data
    if not submitted or submitted == stamp_of(record):
        return False
    form.edit_stamp.data = stamp_of(record)
    flash(f"Someone saved a change to this {what} after you opened it. Your version is below "
          "and is not saved: open the saved one in another tab to compare, then save again to "
          "keep yours.", "warning")
    return True


def mark_saved(record) -> None:
    """Move the stamp on, also when only child rows (such as steps) changed."""
    record.updated_at = now_utc()
