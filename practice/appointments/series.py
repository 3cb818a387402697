"""A plan's sessions as a series of dates: its cadence spread over the week, for its weeks.

Each date keeps the same wall-clock time in the practice's zone (``to_utc`` per day), so a
series that crosses a daylight-saving change stays at 10:00 local while its UTC time moves.
"""
from datetime import date, timedelta

#: The weekdays (Monday 0) a cadence of n sessions a week falls on, spread out.
CADENCE_WEEKDAYS = {1: (1,), 2: (1, 4), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4),
                    6: (0, 1, 2, 3, 4, 5), 7: (0, 1, 2, 3, 4, 5, 6)}
#: A series books at most this many sessions at once.
MAX_SESSIONS = 120


def cadence_weekdays(sessions_per_week: int) -> tuple[int, ...]:
    return CADENCE_WEEKDAYS[min(max(sessions_per_week, 1), 7)]


def propose_days(first: date, weekdays, weeks: int, last: date | None = None) -> list[date]:
    """The days on ``weekdays`` from ``first`` for ``weeks`` weeks (not after ``last``)."""
    end = first + timedelta(weeks=max(weeks, 0))
    if last is not None:
        end = min(end, last + timedelta(days=1))
    wanted = set(weekdays)
    days, day = [], first
    while day < end and len(days) < MAX_SESSIONS:
        if day.weekday() in wanted:
            days.append(day)
        day += timedelta(days=1)
    return days
