"""Adherence: how many times a client did each assigned exercise versus how many were due.

Windows end today and reach back 7 and 28 days. What was due is counted per period of the
dose: per day for ``times`` a day, per calendar week (Monday to Sunday) for ``times`` a week,
on the days the assignment applied (a week the window or the assignment cuts short asks for
its share, rounded to the nearest whole number). A period still going on (today, this week)
asks only for what was done in it so far, up to its dose: a twice-a-day item prescribed this
morning is not behind, and a weekly one can be done on any day of the week. Logs beyond a
period's dose are *extra*: counted apart, so the share done never passes 100 %.

Computed in two queries whatever the number of assignments and logs: one for the
assignments, one of log counts per assignment and day in the window.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from practice.core.extensions import db
from practice.exercises.models import Assignment, DosePeriod, ExerciseLog

WINDOWS = (7, 28)


@dataclass(frozen=True)
class WindowAdherence:
    days: int
    #: Times done that count toward what was due (never more than was due).
    done: int
    #: Times due so far.
    prescribed: int
    #: Times done beyond what a day or a week asked for.
    extra: int = 0

    @property
    def percent(self) -> int | None:
        """Done as a share of due; ``None`` when nothing was due yet."""
        if not self.prescribed:
            return None
        return round(100 * self.done / self.prescribed)


@dataclass
class AssignmentAdherence:
    assignment: Assignment
    windows: dict[int, WindowAdherence] = field(default_factory=dict)


def window_start(today: date, days: int) -> date:
    return today - timedelta(days=days - 1)


def days_applied(assignment, first: date, last: date) -> int:
    """Days in ``first``..``last`` (inclusive) on which the assignment applied."""
    start = max(first, assignment.starts_on)
    end = last if assignment.last_day is None else min(last, assignment.last_day)
    return max(0, (end - start).days + 1)


def _share_of_week(times: int, days: int) -> int:
    """``times`` a week over ``days`` days, rounded half up: times * days / 7."""
    return (2 * times * days + 7) // 14


def _periods(assignment, first: date, today: date):
    """``(first day, last day, due, still going on)`` for each period of the dose in
    ``first``..``today``."""
    if assignment.period is DosePeriod.DAY:
        day = first
        while day <= today:
            if assignment.applies_on(day):
                yield day, day, assignment.times, day == today
            day += timedelta(days=1)
        return
    week_start = first - timedelta(days=first.weekday())
    while week_start <= today:
        week_end = week_start + timedelta(days=6)
        start, end = max(week_start, first), min(week_end, today)
        going_on = week_end >= today
        # A week still going on asks for its share of the whole week (what is left of it too).
        counted_end = week_end if going_on else end
        due = _share_of_week(assignment.times, days_applied(assignment, start, counted_end))
        if days_applied(assignment, start, end):
            yield start, end, due, going_on
        week_start += timedelta(days=7)


def window_adherence(assignment, logs_by_day: Mapping[date, int], today: date,
                     days: int) -> WindowAdherence:
    """The window of ``days`` days ending ``today``, from the assignment's logs per day."""
    first = window_start(today, days)
    done = due_total = 0
    for start, end, due, going_on in _periods(assignment, first, today):
        # Day by day (a period is a day or a week): a long window stays linear in its days.
        logs = sum(logs_by_day.get(start + timedelta(days=offset), 0)
                   for offset in range((end - start).days + 1))
        counted = min(logs, due)
        done += counted
        due_total += counted if going_on else due
    # Beyond a period's dose, or on a day it did not apply (the day it was stopped).
    extra = sum(count for day, count in logs_by_day.items() if first <= day <= today) - done
    return WindowAdherence(days, done, due_total, extra)


def adherence_for_client(client_id: int, today: date) -> list[AssignmentAdherence]:
    """Per assignment that applied at some point in the last 28 days, or starts later."""
    first = window_start(today, max(WINDOWS))
    assignments = db.session.scalars(
        select(Assignment).options(joinedload(Assignment.exercise))
        .where(Assignment.client_id == client_id,
               or_(Assignment.ends_on.is_(None), Assignment.ends_on >= first),
               or_(Assignment.stopped_on.is_(None), Assignment.stopped_on > first))
        .order_by(Assignment.stopped_on.is_not(None), Assignment.starts_on, Assignment.id)
    ).all()
    logs = logs_per_day([client_id], first, today).get(client_id, {})
    return [AssignmentAdherence(assignment, {
                days: window_adherence(assignment, logs.get(assignment.id, {}), today, days)
                for days in WINDOWS})
            for assignment in assignments
            # One stopped before its first day never was on the program.
            if not assignment.cancelled_before_start]


def logs_per_day(client_ids, first: date, last: date) -> dict[int, dict[int, dict[date, int]]]:
    """``{client_id: {assignment_id: {day: logs}}}`` in ``first``..``last``, one grouped query."""
    rows = db.session.execute(
        select(ExerciseLog.client_id, ExerciseLog.assignment_id, ExerciseLog.logged_on,
               func.count(ExerciseLog.id))
        .where(ExerciseLog.client_id.in_(list(client_ids)), ExerciseLog.logged_on >= first,
               ExerciseLog.logged_on <= last)
        .group_by(ExerciseLog.client_id, ExerciseLog.assignment_id, ExerciseLog.logged_on))
    counts: dict[int, dict[int, dict[date, int]]] = {}
    for client_id, assignment_id, day, logs in rows:
        counts.setdefault(client_id, {}).setdefault(assignment_id, {})[day] = logs
    return counts
