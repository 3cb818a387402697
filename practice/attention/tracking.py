"""Work the attention items out again whenever a client's data changes, in the same commit.

Every save of a check-in, an exercise log, an assignment, a session, an intake, a plan or
the client record (archive, handover) names its client as it is flushed; just before the
transaction commits, those clients' items are worked out again (``operations.refresh``), so
the Today page never reads a stale list and no feature has to remember to ask. Rules with
loaders of their own add the models they watch (``registry.register(watches=...)``).

A failure here must not lose the practitioner's save: outside the tests it is logged and the
save goes ahead (the rules run before anything is written, so the items are left as they
were; the nightly ``flask attention refresh`` mends them). No savepoint is taken for it: the
request keeps its one commit.
"""
import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from practice.attention.operations import CHANGED_KEY, refresh
from practice.attention.registry import RULES
from practice.clients.models import Client
from practice.core.extensions import db
from practice.exercises.models import Assignment, ExerciseLog
from practice.intakes.models import Intake
from practice.plans.models import SessionPlan
from practice.progress.models import CheckIn
from practice.treatments.models import TreatmentSession

logger = logging.getLogger(__name__)

#: The records whose changes the standard rules read: each has its client's ``client_id``.
WATCHED = (CheckIn, ExerciseLog, Assignment, TreatmentSession, Intake, SessionPlan)


def _watched() -> tuple:
    return WATCHED + tuple(model for rule in RULES.values() for model in rule.watches)


def _client_id(record) -> int | None:
    if isinstance(record, Client):
        return record.id
    return getattr(record, "client_id", None)


@event.listens_for(Session, "after_flush")
def _note_changed_clients(session: Session, flush_context) -> None:
    watched = (Client, *_watched())
    changed = session.info.setdefault(CHANGED_KEY, set())
    for record in (*session.new, *session.dirty, *session.deleted):
        if isinstance(record, watched) and (record not in session.dirty
                                            or session.is_modified(record)):
            client_id = _client_id(record)
            if client_id is not None:
                changed.add(client_id)


@event.listens_for(Session, "before_commit")
def _refresh_changed_clients(session: Session) -> None:
    transaction = session.get_transaction()
    if transaction is not None and transaction.nested:
        return  # a savepoint: the outer commit works them out
    if not has_app_context() or session is not db.session():
        return  # a session of its own (not the app's unit of work): nothing of ours
    if session.new or session.dirty or session.deleted:
        session.flush()  # so that what this commit saves is noted, and read
    changed = session.info.pop(CHANGED_KEY, None)
    if not changed:
        return
    try:
        refresh(changed)
    except Exception:
        if current_app.testing:
            raise
        logger.exception("working out the attention items of %d clients failed", len(changed))


@event.listens_for(Session, "after_soft_rollback")
def _forget_changed_clients(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(CHANGED_KEY, None)
