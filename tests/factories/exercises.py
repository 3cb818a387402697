"""Test data builders for the exercise library, assignments, logs and check-ins."""
from datetime import date
from itertools import count

from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.exercises.models import Assignment, DosePeriod, DoseUnit, Exercise, ExerciseLog
from practice.progress.models import CheckIn

_sequence = count(1)


def starter_exercise(name_start: str) -> Exercise:
    """The practice-wide starter item whose name starts with ``name_start``."""
    return db.session.scalar(db.select(Exercise).where(Exercise.owner_id.is_(None),
                                                       Exercise.name.startswith(name_start)))


def make_exercise(owner, *, name: str | None = None, focus=(FocusSystem.LYMPHATIC,),
                  archived: bool = False, **fields) -> Exercise:
    fields.setdefault("instructions", "Stand tall.\nBreathe slowly.")
    fields.setdefault("default_amount", 10)
    fields.setdefault("default_unit", DoseUnit.REPETITIONS)
    fields.setdefault("default_times", 1)
    fields.setdefault("default_period", DosePeriod.DAY)
    exercise = Exercise(owner=owner, name=name or f"Exercise {next(_sequence)}", **fields)
    exercise.focus_systems = list(focus)
    if archived:
        from practice.core.database import now_utc

        exercise.archived_at = now_utc()
    db.session.add(exercise)
    db.session.commit()
    return exercise


def make_assignment(client, exercise=None, *, starts_on: date, times: int = 1,
                    period: DosePeriod = DosePeriod.DAY, amount: int = 10,
                    unit: DoseUnit = DoseUnit.REPETITIONS, ends_on: date | None = None,
                    stopped_on: date | None = None, notes: str | None = None,
                    replaces=None) -> Assignment:
    assignment = Assignment(
        client=client, exercise=exercise or starter_exercise("Belly breathing"),
        prescribed_by=client.practitioner, amount=amount, unit=unit, times=times, period=period,
        starts_on=starts_on, ends_on=ends_on, stopped_on=stopped_on, notes=notes, replaces=replaces)
    if stopped_on:
        assignment.stopped_by = client.practitioner
    db.session.add(assignment)
    db.session.commit()
    return assignment


def make_log(assignment, day: date, *, slot: int | None = None, **fields) -> ExerciseLog:
    if slot is None:
        slot = 1 + db.session.scalar(db.select(db.func.count(ExerciseLog.id)).where(
            ExerciseLog.assignment_id == assignment.id, ExerciseLog.logged_on == day))
    log = ExerciseLog(assignment_id=assignment.id, client_id=assignment.client_id, logged_on=day,
                      slot=slot, form_token=f"test-token-{next(_sequence):08d}", **fields)
    db.session.add(log)
    db.session.commit()
    return log


def make_check_in(client, day: date, *, recorded_by=None, **ratings) -> CheckIn:
    check_in = CheckIn(client_id=client.id, checked_on=day,
                       recorded_by_id=(recorded_by or client.portal_user or client.practitioner).id,
                       **ratings)
    db.session.add(check_in)
    db.session.commit()
    return check_in
