"""Adherence: how many times a client did each assigned exercise versus how many were due.

Windows end today (today counts in full) and reach back 7 and 28 days. "Prescribed" is
what the dose asks for on the days the assignment applied within the window: ``times``
per day, or ``times`` per week spread evenly (rounded to the nearest whole number).
Computed in two queries whatever the number of assignments and logs: one for the
assignments, one aggregate of log counts per assignment and window.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload

from practice.core.extensions import db
from practice.exercises.models import Assignment, DosePeriod, ExerciseLog

WINDOWS = (7, 28)


@dataclass(frozen=True)
class WindowAdherence:
    days: int
    done: int
    prescribed: int

    @property
    def percent(self) -> int | None:
        """Done as a share of prescribed, capped at 100; ``None`` when nothing was due."""
        if not self.prescribed:
            return None
        return min(100, round(100 * self.done / self.prescribed))


@dataclass
class AssignmentAdherence:
    assignment: Assignment
    windows: dict[int, WindowAdherence] = field(default_factory=dict)


def window_start(today: date, days: int) -> date:
    return today - timedelta(days=days - 1)


def days_applied(assignment: Assignment, first: date, last: date) -> int:
    """Days in ``first``..``last`` (inclusive) on which the assignment applied."""
    start = max(first, assignment.starts_on)
    end = last if assignment.last_day is None else min(last, assignment.last_day)
    return max(0, (end - start).days + 1)


def prescribed_count(assignment: Assignment, first: date, last: date) -> int:
    days = days_applied(assignment, first, last)
    if assignment.period is DosePeriod.DAY:
        return assignment.times * days
    # times per week over ``days`` days, rounded half up: times * days / 7.
    return (2 * assignment.times * days + 7) // 14


def adherence_for_client(client_id: int, today: date) -> list[AssignmentAdherence]:
    """Per assignment that applied at some point in the last 28 days, or starts later."""
    longest = max(WINDOWS)
    first = window_start(today, longest)
    assignments = db.session.scalars(
        select(Assignment).options(joinedload(Assignment.exercise))
        .where(Assignment.client_id == client_id,
               or_(Assignment.ends_on.is_(None), Assignment.ends_on >= first),
               or_(Assignment.stopped_on.is_(None), Assignment.stopped_on > first))
        .order_by(Assignment.stopped_on.is_not(None), Assignment.starts_on, Assignment.id)
    ).all()
    counts = _log_counts(client_id, today)
    results = []
    for assignment in assignments:
        if assignment.cancelled_before_start:
            continue  # never on the program (one stopped on its first day was, that day)
        done = counts.get(assignment.id, {})
        results.append(AssignmentAdherence(assignment, {
            days: WindowAdherence(days, done.get(days, 0),
                                  prescribed_count(assignment, window_start(today, days), today))
            for days in WINDOWS}))
    return results


def _log_counts(client_id: int, today: date) -> dict[int, dict[int, int]]:
    """``{assignment_id: {window_days: logs}}`` from one grouped query."""
    columns = [func.sum(case((ExerciseLog.logged_on >= window_start(today, days), 1), else_=0))
               for days in WINDOWS]
    rows = db.session.execute(
        select(ExerciseLog.assignment_id, *columns)
        .where(ExerciseLog.client_id == client_id,
               ExerciseLog.logged_on >= window_start(today, max(WINDOWS)),
               ExerciseLog.logged_on <= today)
        .group_by(ExerciseLog.assignment_id))
    return {row[0]: {days: int(row[index + 1] or 0) for index, days in enumerate(WINDOWS)}
            for row in rows}
