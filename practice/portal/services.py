"""The client's day: what is due today, and recording "done" exactly once per tap.

"Done" is idempotent twice over: each rendered form carries a fresh token stored with the
log (unique), so a resubmitted form is recognised; and each log takes the next free
``slot`` of the day (unique per assignment and day, at most ``times`` for a daily item and
one for a weekly one), so two taps racing each other cannot both land.
"""
import enum
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from practice.clients.models import Client
from practice.core.access import one_or_404
from practice.core.extensions import db
from practice.exercises.models import Assignment, DosePeriod, Exercise, ExerciseLog


class DoneResult(enum.Enum):
    RECORDED = "recorded"
    ALREADY_RECORDED = "already_recorded"  # the same form came in again
    ALL_DONE = "all_done"  # every slot of the day is already logged


@dataclass
class TodayItem:
    assignment: Assignment
    done_today: int
    done_this_week: int

    @property
    def slots_today(self) -> int:
        """How many logs today may hold: ``times`` for a daily item, one for a weekly one."""
        return self.assignment.times if self.assignment.period is DosePeriod.DAY else 1

    @property
    def finished_today(self) -> bool:
        return self.done_today >= self.slots_today

    @property
    def weekly_target_met(self) -> bool:
        return (self.assignment.period is DosePeriod.WEEK
                and self.done_this_week >= self.assignment.times)


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def week_start(day: date) -> date:
    """Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def applying_on(day: date):
    """SQL condition: assignments that apply on ``day``."""
    return (Assignment.starts_on <= day,
            or_(Assignment.ends_on.is_(None), Assignment.ends_on >= day),
            or_(Assignment.stopped_on.is_(None), Assignment.stopped_on > day))


def todays_items(client: Client, today: date) -> list[TodayItem]:
    """The exercises that apply today, with today's and this week's logs (two queries)."""
    assignments = db.session.scalars(
        select(Assignment)
        .options(selectinload(Assignment.exercise).selectinload(Exercise.focus_links))
        .where(Assignment.client_id == client.id, *applying_on(today))
        .order_by(Assignment.starts_on, Assignment.id)).all()
    monday = week_start(today)
    counts = {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in db.session.execute(
        select(ExerciseLog.assignment_id,
               func.sum(case((ExerciseLog.logged_on == today, 1), else_=0)),
               func.count())
        .where(ExerciseLog.client_id == client.id, ExerciseLog.logged_on >= monday,
               ExerciseLog.logged_on <= today)
        .group_by(ExerciseLog.assignment_id))}
    items = [TodayItem(assignment, *counts.get(assignment.id, (0, 0))) for assignment in assignments]
    # Still to do first, then the ones finished for today.
    return sorted(items, key=lambda item: item.finished_today)


def get_own_assignment_or_404(client: Client, assignment_id: int) -> Assignment:
    """One of this client's own assignments, or 404."""
    return one_or_404(select(Assignment).where(Assignment.id == assignment_id,
                                               Assignment.client_id == client.id))


def record_done(client: Client, assignment: Assignment, today: date, *, form_token: str,
                effort: int | None = None, pain_after: int | None = None,
                note: str | None = None) -> tuple[DoneResult, ExerciseLog | None]:
    """Log one doing of ``assignment`` today, unless this form or today's slots are used up."""
    existing = db.session.scalar(select(ExerciseLog).where(ExerciseLog.form_token == form_token))
    if existing is not None:
        return DoneResult.ALREADY_RECORDED, existing
    slots = assignment.times if assignment.period is DosePeriod.DAY else 1
    for _attempt in range(slots):
        done = db.session.scalar(select(func.count()).select_from(ExerciseLog).where(
            ExerciseLog.assignment_id == assignment.id, ExerciseLog.logged_on == today))
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
        return DoneResult.RECORDED, log
    return DoneResult.ALL_DONE, None
