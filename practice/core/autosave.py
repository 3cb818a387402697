"""Drafts that save themselves while they are typed (``static/js/autosave.js``).

A draft's form (a session record, an intake) names an autosave endpoint; the script posts the
whole form there about 20 seconds after a change and when the page is left. The endpoint saves
through the same checks and the one lock as the form's own Save, and answers JSON for the page:

- saved: the draft's new version, which the page puts in its hidden ``version`` field, so its
  next autosave or Save never conflicts with this one, and the practice time it was saved at;
- 409: someone else saved the draft, it was signed or discarded, or the client's record was
  archived; the page says why and stops saving by itself, nothing typed is touched;
- 422: fields to correct, named; nothing is saved until they are.

A new record's form becomes a draft at its first autosave (once, by its form key); the answer
then gives the draft's edit and autosave addresses for the page to use from then on.
Autosaves are audited once per editing visit (the page's form key), not once per save.
"""
import hashlib
import json
from datetime import timedelta
from functools import wraps

from flask import jsonify
from sqlalchemy import select

from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.audit import AuditEvent
from practice.core.clock import now_utc
from practice.core.errors import Conflict, DomainError, NotFound
from practice.core.extensions import db
from practice.core.formatting import format_datetime
from practice.core.kept_forms import SAVES_TO
from practice.core.once import create_once

#: The version of a draft just made by a form's first autosave.
FIRST_VERSION = "1"
#: How long an editing visit lasts at most (a sign-in ends within a working day).
VISIT_LENGTH = timedelta(hours=12)
SAVED_ELSEWHERE = ("Not saved automatically: this draft was saved elsewhere since you opened "
                   "it. What you typed is still here: Save draft to compare the two versions.")


def autosave_view(saves_to: str):
    """Mark a view as the autosave of the form whose Save is the endpoint ``saves_to`` (taking
    the same URL arguments): refusals answer as JSON, and typing kept because the sign-in
    ended goes back to that Save, never to the autosave."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except Conflict as error:
                closed = getattr(error, "locked", None) is not None  # signed or discarded
                return jsonify(saved=False, conflict=True,
                               message=error.message if closed else SAVED_ELSEWHERE), 409
            except DomainError as error:
                return jsonify(saved=False, conflict=False, message=error.message), error.status

        setattr(wrapped, SAVES_TO, saves_to)
        return wrapped
    return decorator


def saved(record, *, edit_url: str, autosave_url: str):
    """The answer to a saved autosave: the version for the page's next save, and when."""
    db.session.refresh(record, ["updated_at"])  # moved by the lock's UPDATE, not in memory
    return jsonify(saved=True, version=record.version,
                   saved_at=format_datetime(record.updated_at, "%H:%M"),
                   edit_url=edit_url, autosave_url=autosave_url)


def not_saved(form):
    """Fields to correct: nothing is saved until they are; the answer says which."""
    labels = [str(form[name].label.text) for name in form.errors if name in form]
    message = "Not saved automatically: check " + (", ".join(labels) or "the form") + "."
    return jsonify(saved=False, conflict=False, message=message, fields=list(form.errors)), 422


def autosave_new(client, author, form_key: str | None, model, *, create, save_again,
                 action: str):
    """A new record's form saving itself: its first autosave makes the draft with ``create()``
    (once for its ``form_key``, like its Save draft). Should the page have missed that answer,
    a later autosave saves onto the same draft with ``save_again(record, FIRST_VERSION)``,
    which refuses if anyone has changed it since it was made."""
    ensure_not_archived(client)
    if not (form_key or "").strip():
        raise DomainError("This page cannot save itself: use Save draft.")
    record, created = create_once(form_key, author, model, create)
    if record.client_id != client.id:  # a key sent with another client's address
        raise NotFound()
    if created:
        audit_visit(action, record, form_key)
    else:
        save_again(record, FIRST_VERSION)
    return record


def audit_visit(action: str, record, visit: str | None) -> None:
    """One ``action`` event per editing visit of ``record`` (a client's draft); the visit is
    named by a digest of the page's key (the key itself creates records: it stays out of the
    trail). Must follow a flush, so the record has its id."""
    detail = {"visit": hashlib.sha256(visit.encode()).hexdigest()[:16]} if visit else {}
    if detail and _visit_audited(action, record, detail):
        return
    audit.record(action, record, client_id=record.client_id, detail=detail)


def _visit_audited(action: str, record, detail: dict) -> bool:
    return db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.client_id == record.client_id,
            AuditEvent.occurred_at >= now_utc() - VISIT_LENGTH,
            AuditEvent.action == action, AuditEvent.target_type == type(record).__name__,
            AuditEvent.target_id == record.id,
            AuditEvent.detail == json.dumps(detail, sort_keys=True)).limit(1)) is not None
