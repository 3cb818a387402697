"""The client's day-by-day history: what they did and how they rated the day."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from practice.core.extensions import db
from practice.exercises.models import Assignment, ExerciseLog
from practice.progress.models import CheckIn

#: Days shown per page of history.
HISTORY_DAYS = 14


@dataclass
class HistoryDay:
    day: date
    check_in: CheckIn | None = None
    logs: list[ExerciseLog] = field(default_factory=list)


def days_of_history(client_id: int, first: date, last: date, check_ins: list[CheckIn]) -> list[HistoryDay]:
    """Newest day first, every day of ``first``..``last`` (empty days too); one query for logs."""
    days = {first + timedelta(days=offset): HistoryDay(first + timedelta(days=offset))
            for offset in range((last - first).days + 1)}
    for check_in in check_ins:
        if check_in.checked_on in days:
            days[check_in.checked_on].check_in = check_in
    logs = db.session.scalars(
        select(ExerciseLog)
        .options(joinedload(ExerciseLog.assignment).joinedload(Assignment.exercise))
        .where(ExerciseLog.client_id == client_id, ExerciseLog.logged_on >= first,
               ExerciseLog.logged_on <= last)
        .order_by(ExerciseLog.logged_at))
    for log in logs:
        days[log.logged_on].logs.append(log)
    return sorted(days.values(), key=lambda item: item.day, reverse=True)
