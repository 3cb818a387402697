"""What a client adds in the portal: "done" for an exercise (and undoing it the same day), and
the daily check-in.

"Done" is idempotent twice over: each rendered form carries a fresh token stored with the
log (unique), so a resubmitted form is recognised; and each log takes the next free ``slot``
of the day (unique per assignment and day, at most ``times`` for a daily item and one for a
weekly one), so two taps racing each other cannot both land. "Undo" names the log it takes
back, and only the day's latest, so slots stay 1..n and the same Undo sent twice takes back
one.

An archived record stays readable from the client's own account, but takes nothing new.
"""
import enum
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.errors import Archived, InvalidState
from practice.core.extensions import db
from practice.exercises.models import Assignment, ExerciseLog
from practice.portal.queries import done_on, last_slot_on, log_of, slots_per_day
from practice.progress import operations as progress_operations
from practice.progress.models import CheckIn, CheckInSource

ARCHIVED_MESSAGE = ("Your practitioner has archived your record, so nothing new can be saved "
                    "here. Your program and your history are still here to read.")


class DoneResult(enum.Enum):
    RECORDED = "recorded"
    ALREADY_RECORDED = "already_recorded"  # the same form came in again
    ALL_DONE = "all_done"  # every slot of the day is already logged


def _ensure_open(client: Client) -> None:
    """The archive check, worded for the client."""
    try:
        ensure_not_archived(client)
    except Archived:
        raise Archived(ARCHIVED_MESSAGE) from None


def record_done(client: Client, assignment: Assignment, today: date, *, form_token: str,
                effort: int | None = None, pain_after: int | None = None,
                note: str | None = None) -> tuple[DoneResult, ExerciseLog | None]:
    """Log one doing of ``assignment`` today, unless this form or today's slots are used up."""
    _ensure_open(client)
    if not assignment.applies_on(today):
        raise InvalidState(f"“{assignment.exercise.name}” is not on your program today.")
    existing = db.session.scalar(select(ExerciseLog).where(ExerciseLog.form_token == form_token))
    if existing is not None:
        return DoneResult.ALREADY_RECORDED, existing
    slots = slots_per_day(assignment)
    for _attempt in range(slots):
        done = done_on(assignment, today)
        if done >= slots:
            return DoneResult.ALL_DONE, None
        log = ExerciseLog(assignment_id=assignment.id, client_id=client.id, logged_on=today,
                          slot=done + 1, effort=effort, pain_after=pain_after, note=note,
                          form_token=form_token)
        try:
            with db.session.begin_nested():
                db.session.add(log)
        except IntegrityError:
            # Another request took this slot (or sent this form) a moment ago: look again.
            if db.session.scalar(select(ExerciseLog.id).where(ExerciseLog.form_token == form_token)):
                return DoneResult.ALREADY_RECORDED, None
            continue
        client.touch()
        audit.record("exercise_log.create", log, client_id=client.id,
                     detail={"assignment_id": assignment.id, "logged_on": today, "slot": log.slot})
        return DoneResult.RECORDED, log
    return DoneResult.ALL_DONE, None


def undo_done(client: Client, assignment: Assignment, log_id: int | None, today: date) -> bool:
    """Take back today's log ``log_id`` of ``assignment`` (a mistaken tap on "Done").

    ``False`` when it is gone already (the same Undo sent twice takes back one). Earlier
    days stay as they are: they are the record of what was done.
    """
    _ensure_open(client)
    log = log_of(assignment, log_id)
    if log is None:
        return False
    if log.logged_on != today:
        raise InvalidState("Only today's “Done” can be undone; earlier days stay as they are.")
    if log.slot != last_slot_on(assignment, today):
        # Slots stay 1..n so the next "Done" takes n + 1: only the latest one is taken back.
        raise InvalidState("That is no longer the latest “Done” of the day (another one came "
                           "in since), so nothing was undone.")
    audit.record("exercise_log.undo", log, client_id=client.id,
                 detail={"assignment_id": assignment.id, "logged_on": log.logged_on,
                         "slot": log.slot, "logged_at": log.logged_at})
    db.session.delete(log)
    db.session.flush()
    client.touch()
    return True


def check_in(client: Client, user, today: date, ratings: dict[str, int | None],
             note: str | None, form_key: str | None = None) -> tuple[CheckIn, bool | None]:
    """Today's check-in from the client's own account; ``(check_in, created)``, with
    ``created`` ``None`` for the same form sent again unchanged (nothing saved)."""
    _ensure_open(client)
    return progress_operations.save_check_in_once(client, user, today, ratings, note,
                                                  source=CheckInSource.CLIENT, form_key=form_key)
