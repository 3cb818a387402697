"""Every change to the exercise library and to clients' home programs, with its audit event.

A prescription that has been in effect is never rewritten. Changing its dose stops it
(``stopped_on`` = today) and starts a replacement from today that points back at it;
only its personal notes and planned end date may change in place. A prescription that
has not started yet (or started today) is simply corrected.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import update

from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.errors import Forbidden, InvalidState
from practice.core.extensions import db
from practice.core.locking import claim_version
from practice.core.once import create_once
from practice.exercises.models import Assignment, Dose, Exercise, ExerciseLog
from practice.precautions.operations import GoAhead, carry_over, check_work, go_ahead

ENDED_MESSAGE = "This prescription has ended; assign the exercise again instead."


class ReadOnlyExercise(Forbidden):
    default_message = "Practice library exercises are read only. Make your own copy to adapt it."


@dataclass(frozen=True)
class Prescription:
    """What a practitioner fills in when prescribing: dose, dates and personal notes."""

    dose: Dose
    starts_on: date
    ends_on: date | None = None
    notes: str | None = None


# The library ---------------------------------------------------------------------------

def _new_exercise(owner, fields: dict) -> Exercise:
    fields = dict(fields)
    focus_systems = fields.pop("focus_systems", [])
    exercise = Exercise(owner=owner, **fields)
    exercise.focus_systems = focus_systems
    db.session.add(exercise)
    db.session.flush()  # the pages that follow need its id
    return exercise


def create_exercise(owner, fields: dict) -> Exercise:
    exercise = _new_exercise(owner, fields)
    audit.record("exercise.create", exercise)
    return exercise


def _ensure_own(exercise: Exercise) -> None:
    if exercise.is_practice_wide:
        raise ReadOnlyExercise()


def update_exercise(exercise: Exercise, fields: dict, submitted_version: str | None) -> None:
    """Save an edit; ``Conflict`` when someone saved the item after the form was opened."""
    _ensure_own(exercise)
    claim_version(exercise, submitted_version)
    fields = dict(fields)
    focus_systems = fields.pop("focus_systems", None)
    for name, value in fields.items():
        setattr(exercise, name, value)
    if focus_systems is not None:
        exercise.focus_systems = focus_systems
    audit.record("exercise.update", exercise)


def copy_exercise(original: Exercise, owner) -> Exercise:
    """A practitioner's own editable copy of any item they can see."""
    exercise = _new_exercise(owner, {
        "copied_from": original, "name": _copy_name(original.name), "summary": original.summary,
        "instructions": original.instructions, "precautions": original.precautions,
        "conflicts_with": list(original.conflicts_with),
        "default_amount": original.default_amount, "default_unit": original.default_unit,
        "default_times": original.default_times, "default_period": original.default_period,
        "focus_systems": list(original.focus_systems)})
    audit.record("exercise.copy", exercise, detail={"copied_from": original.id})
    return exercise


def _copy_name(name: str) -> str:
    suffix = " (my version)"
    return name if name.endswith(suffix) else f"{name[:120 - len(suffix)]}{suffix}"


def set_archived(exercise: Exercise, archived: bool) -> bool:
    """Archive or restore one's own item; ``False`` when it already was (nothing recorded)."""
    _ensure_own(exercise)
    if exercise.is_archived == archived:
        return False
    exercise.archived_at = now_utc() if archived else None
    audit.record("exercise.archive" if archived else "exercise.restore", exercise)
    return True


# Home programs -------------------------------------------------------------------------

def _dose_detail(assignment: Assignment) -> dict:
    """What the audit trail keeps of a prescription (never its personal notes)."""
    return {"assignment_id": assignment.id, "exercise_id": assignment.exercise_id,
            "dose": str(assignment.dose), "starts_on": assignment.starts_on,
            "ends_on": assignment.ends_on}


def _apply(assignment: Assignment, prescription: Prescription) -> None:
    dose = prescription.dose
    assignment.amount, assignment.unit = dose.amount, dose.unit
    assignment.times, assignment.period = dose.times, dose.period
    assignment.starts_on = prescription.starts_on
    assignment.ends_on = prescription.ends_on
    assignment.notes = prescription.notes


def assign(client: Client, exercise: Exercise, prescriber, prescription: Prescription, *,
           session_id: int | None = None, going_ahead: GoAhead | None = None) -> Assignment:
    """Put ``exercise`` on the client's home program (``session_id``: the session it came from).

    An exercise that conflicts with the client's precautions needs ``going_ahead`` (a reason,
    and for the gravest a second confirmation): kept on the assignment and audited.
    """
    ensure_not_archived(client)
    if exercise.is_archived:
        raise InvalidState("That exercise is archived; choose another one.")
    assignment = Assignment(client=client, exercise=exercise, prescribed_by=prescriber)
    conflicts = check_work([], client.id, work_of(exercise), going_ahead, local_today())
    _apply(assignment, prescription)
    db.session.add(assignment)
    client.touch()
    db.session.flush()
    audit.record("assignment.create", assignment, client_id=client.id,
                 detail={**_dose_detail(assignment), "session_id": session_id})
    if conflicts:
        go_ahead(assignment, client.id, conflicts, going_ahead.reason,
                 confirmed_grave=going_ahead.confirmed_grave)
    return assignment


def assign_several(client: Client, prescriptions: list[tuple[Exercise, Prescription]], prescriber,
                   form_key: str | None, *, session_id: int | None = None,
                   going_ahead: GoAhead | None = None,
                   ) -> tuple[list[Assignment], list[Assignment]]:
    """Put each exercise on the client's home program at its own dose: ``(made now, made by an
    earlier sending of the same form)``. Each exercise has its own one-time key (the form's
    key and the exercise), so a form sent again adds only what it did not add before. One
    ``going_ahead`` covers the conflicts of all of them with the client's precautions."""
    ensure_not_archived(client)
    made, earlier = [], []
    for exercise, prescription in prescriptions:
        key = f"{form_key.strip()[:40]}:{exercise.id}" if (form_key or "").strip() else None
        assignment, created = create_once(
            key, prescriber, Assignment,
            lambda exercise=exercise, prescription=prescription: assign(
                client, exercise, prescriber, prescription, session_id=session_id,
                going_ahead=going_ahead))
        (made if created else earlier).append(assignment)
    return made, earlier


def work_of(exercise: Exercise) -> list[tuple[str, list]]:
    """An exercise as the precautions check reads it: its name and its tags."""
    return [(exercise.name, exercise.conflicts_with)]


def keep_despite_precautions(assignment: Assignment, going_ahead: GoAhead, today: date) -> bool:
    """Keep an assignment that the client's checklist now conflicts with, for the reason given
    (``ReasonNeeded`` without one); ``False`` when nothing is open any more."""
    ensure_not_archived(assignment)
    conflicts = check_work(assignment.precaution_overrides, assignment.client_id,
                           work_of(assignment.exercise), going_ahead, today)
    if not conflicts:
        return False
    go_ahead(assignment, assignment.client_id, conflicts, going_ahead.reason,
             confirmed_grave=going_ahead.confirmed_grave)
    assignment.client.touch()
    return True


def change_assignment(assignment: Assignment, user, prescription: Prescription,
                      today: date) -> Assignment:
    """Apply a changed prescription; returns the assignment now in effect."""
    ensure_not_archived(assignment)
    if not assignment.can_change(today):
        raise InvalidState(ENDED_MESSAGE)
    previous = _dose_detail(assignment)
    if assignment.starts_on >= today or prescription.dose == assignment.dose:
        starts_on = prescription.starts_on if assignment.starts_on > today else assignment.starts_on
        _apply(assignment, Prescription(prescription.dose, starts_on, prescription.ends_on,
                                        prescription.notes))
        current = assignment
    else:
        current = Assignment(client_id=assignment.client_id, exercise_id=assignment.exercise_id,
                             prescribed_by=user, replaces=assignment)
        carry_over(assignment, current)
        _apply(current, Prescription(prescription.dose, today, prescription.ends_on,
                                     prescription.notes))
        db.session.add(current)
        assignment.stopped_on = today
        assignment.stopped_by = user
        db.session.flush()
        # Anything already logged today counts towards the prescription in effect today.
        db.session.execute(update(ExerciseLog)
                           .where(ExerciseLog.assignment_id == assignment.id,
                                  ExerciseLog.logged_on >= today)
                           .values(assignment_id=current.id))
    assignment.client.touch()
    audit.record("assignment.change", current, client_id=assignment.client_id,
                 detail={**_dose_detail(current), "previous": previous,
                         "replaced": current is not assignment})
    return current


def stop_assignment(assignment: Assignment, user, today: date) -> bool:
    """Stop from today: it no longer shows in the client's program; history stays.

    ``False`` when it was already stopped (a second tap changes nothing).
    """
    ensure_not_archived(assignment)
    if assignment.is_stopped:
        return False
    assignment.stopped_on = today
    assignment.stopped_by = user
    assignment.client.touch()
    audit.record("assignment.stop", assignment, client_id=assignment.client_id,
                 detail=_dose_detail(assignment))
    return True
