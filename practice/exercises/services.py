"""Home programs: prescribing, changing and stopping assignments, with history kept.

A prescription that has been in effect is never rewritten. Changing its dose stops it
(``stopped_on`` = today) and starts a replacement from today that points back at it;
only its personal notes and planned end date may change in place. A prescription that
has not started yet (or started today) is simply corrected.
"""
from dataclasses import dataclass
from datetime import date

from flask_login import current_user
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from practice.clients.models import Client
from practice.core.access import one_or_404
from practice.core.extensions import db
from practice.exercises.models import Assignment, Dose, Exercise, ExerciseLog


@dataclass(frozen=True)
class Prescription:
    """What a practitioner fills in when prescribing: dose, dates and personal notes."""

    dose: Dose
    starts_on: date
    ends_on: date | None = None
    notes: str | None = None


def get_assignment_or_404(assignment_id: int) -> Assignment:
    """An assignment of one of the signed-in practitioner's clients, or 404."""
    return one_or_404(
        select(Assignment).join(Client, Client.id == Assignment.client_id)
        .where(Assignment.id == assignment_id, Client.practitioner_id == current_user.id))


def _apply(assignment: Assignment, prescription: Prescription) -> None:
    dose = prescription.dose
    assignment.amount, assignment.unit = dose.amount, dose.unit
    assignment.times, assignment.period = dose.times, dose.period
    assignment.starts_on = prescription.starts_on
    assignment.ends_on = prescription.ends_on
    assignment.notes = prescription.notes


def assign(client: Client, exercise: Exercise, prescriber, prescription: Prescription) -> Assignment:
    assignment = Assignment(client=client, exercise=exercise, prescribed_by=prescriber)
    _apply(assignment, prescription)
    db.session.add(assignment)
    client.touch()
    return assignment


def change_assignment(assignment: Assignment, user, prescription: Prescription,
                      today: date) -> Assignment:
    """Apply a changed prescription; returns the assignment now in effect.

    Raises ``ValueError`` for an assignment that has ended or been stopped.
    """
    if not assignment.is_current(today) or assignment.is_stopped:
        raise ValueError("This prescription has ended; assign the exercise again instead.")
    if assignment.starts_on >= today or prescription.dose == assignment.dose:
        starts_on = prescription.starts_on if assignment.starts_on > today else assignment.starts_on
        _apply(assignment, Prescription(prescription.dose, starts_on, prescription.ends_on,
                                        prescription.notes))
        assignment.client.touch()
        return assignment
    replacement = Assignment(client_id=assignment.client_id, exercise_id=assignment.exercise_id,
                             prescribed_by=user, replaces=assignment)
    _apply(replacement, Prescription(prescription.dose, today, prescription.ends_on,
                                     prescription.notes))
    db.session.add(replacement)
    assignment.stopped_on = today
    assignment.stopped_by = user
    db.session.flush()
    # Anything already logged today counts towards the prescription in effect today.
    db.session.execute(update(ExerciseLog)
                       .where(ExerciseLog.assignment_id == assignment.id,
                              ExerciseLog.logged_on >= today)
                       .values(assignment_id=replacement.id))
    assignment.client.touch()
    return replacement


def stop_assignment(assignment: Assignment, user, today: date) -> None:
    """Stop from today: it no longer shows in the client's program; history stays."""
    if assignment.is_stopped:
        return
    assignment.stopped_on = today
    assignment.stopped_by = user
    assignment.client.touch()


def current_program(client_id: int, today: date) -> list[Assignment]:
    """The client's assignments in effect today or later, in the order they started."""
    statement = (
        select(Assignment)
        .options(selectinload(Assignment.exercise).selectinload(Exercise.focus_links))
        .where(Assignment.client_id == client_id, Assignment.stopped_on.is_(None),
               or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today))
        .order_by(Assignment.starts_on, Assignment.id))
    return list(db.session.scalars(statement))


def program_history(client_id: int) -> list[Assignment]:
    """Every prescription the client has had, newest first (replacements included)."""
    statement = (
        select(Assignment)
        .options(selectinload(Assignment.exercise), selectinload(Assignment.prescribed_by),
                 selectinload(Assignment.stopped_by))
        .where(Assignment.client_id == client_id)
        .order_by(Assignment.starts_on.desc(), Assignment.id.desc()))
    return list(db.session.scalars(statement))
