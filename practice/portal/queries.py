"""The client's own records, read for the portal: what is due today and the day-by-day history.

Everything is scoped to the signed-in client's own record (loaded with
``get_own_client_record_or_404``); an assignment of anyone else answers 404.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from practice.clients.models import Client
from practice.clients.queries import is_record_id
from practice.core.access import one_or_404
from practice.core.clock import local_datetime, local_today
from practice.core.errors import NotFound
from practice.core.extensions import db
from practice.exercises.models import Assignment, DosePeriod, ExerciseLog
from practice.portal.summary import week_of, weekly_summary
from practice.progress.baseline import daily_course
from practice.progress.models import CheckIn
from practice.progress.queries import course_check_ins

#: Days shown per page of history.
HISTORY_DAYS = 14


def slots_per_day(assignment: Assignment) -> int:
    """How many logs one day may hold: ``times`` for a daily item, one for a weekly one."""
    return assignment.times if assignment.period is DosePeriod.DAY else 1


@dataclass
class TodayItem:
    assignment: Assignment
    done_today: int
    done_this_week: int
    #: Today's latest log, the one "Undo" takes back (``None`` before the first "Done").
    last_log_id_today: int | None = None

    @property
    def slots_today(self) -> int:
        return slots_per_day(self.assignment)

    @property
    def finished_today(self) -> bool:
        return self.done_today >= self.slots_today

    @property
    def weekly_target_met(self) -> bool:
        return (self.assignment.period is DosePeriod.WEEK
                and self.done_this_week >= self.assignment.times)


def week_start(day: date) -> date:
    """Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


@dataclass
class LastSevenDays:
    """What the Today page and the weekly summary read of the last seven days (today
    included), loaded together (``last_seven_days``)."""

    client: Client
    today: date
    #: The assignments that apply on a day of the week, in the order they were prescribed.
    assignments: list[Assignment]
    #: ``{(assignment id, day): (logs, the latest log's id)}`` for the week's days with logs.
    logs: dict[tuple[int, date], tuple[int, int]]
    #: The check-ins the course reads (``progress.queries.course_check_ins``) and every one of
    #: the week, oldest first with the client's own first on a day with both.
    check_ins: list[CheckIn]

    def todays_items(self) -> list["TodayItem"]:
        """The assignments that apply today with today's and this week's logs.

        Always in the same order (the order they were prescribed in): an item finished with a
        tap keeps its place, so the page the client comes back to has not moved under them.
        """
        monday = week_start(self.today)
        items = []
        for assignment in self.assignments:
            if not assignment.applies_on(self.today):
                continue
            done_today, last_log_id = self.logs.get((assignment.id, self.today), (0, None))
            done_this_week = sum(count for (assignment_id, day), (count, _latest)
                                 in self.logs.items()
                                 if assignment_id == assignment.id and day >= monday)
            items.append(TodayItem(assignment, done_today, done_this_week, last_log_id))
        return items

    def own_check_in_today(self) -> CheckIn | None:
        """The client's own check-in of today (``None`` before it is done)."""
        return next((check_in for check_in in self.check_ins
                     if check_in.checked_on == self.today and check_in.is_clients_own), None)

    def in_words(self) -> list[str]:
        """The weekly summary (``summary.weekly_summary``)."""
        first, last = week_of(self.today)
        week = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        prescribed_days = {day for day in week
                           if any(assignment.applies_on(day) for assignment in self.assignments)}
        check_in_days = {check_in.checked_on for check_in in self.check_ins
                         if first <= check_in.checked_on <= last}
        client = self.client
        started_on = local_datetime(client.created_at).date() if client.created_at else None
        return weekly_summary(daily_course(self.check_ins), {day for _id, day in self.logs},
                              prescribed_days, check_in_days, self.today, started_on)


def last_seven_days(client: Client, today: date, *, with_exercises: bool = False
                    ) -> LastSevenDays:
    """The week's assignments (with their exercises when asked), logs and check-ins in four
    queries, however long the history (a week starts no later than Monday: ``week_start``)."""
    first, last = week_of(today)
    statement = (select(Assignment).where(
        Assignment.client_id == client.id, Assignment.starts_on <= last,
        or_(Assignment.ends_on.is_(None), Assignment.ends_on >= first),
        or_(Assignment.stopped_on.is_(None), Assignment.stopped_on > first))
        .order_by(Assignment.starts_on, Assignment.id))
    if with_exercises:
        statement = statement.options(joinedload(Assignment.exercise, innerjoin=True))
    assignments = db.session.scalars(statement).all()
    logs = {(row[0], row[1]): (row[2], row[3]) for row in db.session.execute(
        select(ExerciseLog.assignment_id, ExerciseLog.logged_on, func.count(),
               func.max(ExerciseLog.id))
        .where(ExerciseLog.client_id == client.id, ExerciseLog.logged_on >= first,
               ExerciseLog.logged_on <= last)
        .group_by(ExerciseLog.assignment_id, ExerciseLog.logged_on))}
    return LastSevenDays(client, today, assignments, logs,
                         course_check_ins(client.id, also_from=first))


def done_on(assignment: Assignment, day: date) -> int:
    """How many times ``assignment`` is logged on ``day``."""
    return db.session.scalar(select(func.count()).select_from(ExerciseLog).where(
        ExerciseLog.assignment_id == assignment.id, ExerciseLog.logged_on == day))


def done_in_week(assignment: Assignment, day: date) -> int:
    """How many times ``assignment`` is logged from the Monday of ``day``'s week to ``day``."""
    return db.session.scalar(select(func.count()).select_from(ExerciseLog).where(
        ExerciseLog.assignment_id == assignment.id, ExerciseLog.logged_on >= week_start(day),
        ExerciseLog.logged_on <= day))


def last_slot_on(assignment: Assignment, day: date) -> int:
    """The highest slot logged for ``assignment`` on ``day`` (0 when none)."""
    return db.session.scalar(select(func.coalesce(func.max(ExerciseLog.slot), 0)).where(
        ExerciseLog.assignment_id == assignment.id, ExerciseLog.logged_on == day))


def log_of(assignment: Assignment, log_id: int | None) -> ExerciseLog | None:
    """The log ``log_id`` if it is one of ``assignment``'s, else ``None`` (e.g. already undone)."""
    if log_id is None:
        return None
    return db.session.scalar(select(ExerciseLog).where(ExerciseLog.id == log_id,
                                                       ExerciseLog.assignment_id == assignment.id))


def get_own_assignment_or_404(client: Client, assignment_id: int) -> Assignment:
    """One of this client's own assignments, or 404."""
    if not is_record_id(assignment_id):
        raise NotFound()
    return one_or_404(select(Assignment).where(Assignment.id == assignment_id,
                                               Assignment.client_id == client.id))


@dataclass
class HistoryDay:
    day: date
    #: The client's own check-in first, then any their practitioner entered for the day.
    check_ins: list[CheckIn] = field(default_factory=list)
    logs: list[ExerciseLog] = field(default_factory=list)


def history_start(client: Client) -> date:
    """The first day the history can show: the client's earliest check-in or log, or the
    day the record was made when there is none yet (one query)."""
    first_check_in = select(func.min(CheckIn.checked_on)).where(CheckIn.client_id == client.id)
    first_log = select(func.min(ExerciseLog.logged_on)).where(ExerciseLog.client_id == client.id)
    row = db.session.execute(select(first_check_in.scalar_subquery(),
                                    first_log.scalar_subquery())).one()
    created = local_datetime(client.created_at).date() if client.created_at else local_today()
    return min(day for day in (*row, created) if day is not None)


def days_of_history(client_id: int, first: date, last: date, check_ins: list[CheckIn]) -> list[HistoryDay]:
    """Newest day first, every day of ``first``..``last`` (empty days too); one query for logs.

    ``check_ins`` come oldest first with the client's own first on a day with both.
    """
    days = {first + timedelta(days=offset): HistoryDay(first + timedelta(days=offset))
            for offset in range((last - first).days + 1)}
    for check_in in check_ins:
        if check_in.checked_on in days:
            days[check_in.checked_on].check_ins.append(check_in)
    logs = db.session.scalars(
        select(ExerciseLog)
        .options(joinedload(ExerciseLog.assignment).joinedload(Assignment.exercise))
        .where(ExerciseLog.client_id == client_id, ExerciseLog.logged_on >= first,
               ExerciseLog.logged_on <= last)
        .order_by(ExerciseLog.logged_at))
    for log in logs:
        days[log.logged_on].logs.append(log)
    return sorted(days.values(), key=lambda item: item.day, reverse=True)


def the_week_in_words(client: Client, today: date) -> list[str]:
    """The weekly summary (``summary.weekly_summary``) in four queries, however long the
    history (``last_seven_days``)."""
    return last_seven_days(client, today).in_words()
