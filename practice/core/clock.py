"""Time in the practice: stored in UTC, shown and counted in the practice's time zone.

``practice_timezone()`` is the admin's setting when one is stored, else the configured
default; the local day is what "today" means on every page and in every count.
"""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import g

from practice.core.database import now_utc
from practice.core.settings import practice_settings

__all__ = ["end_of_local_day", "local_datetime", "local_today", "now_utc", "practice_timezone",
           "start_of_local_day", "to_utc"]


def practice_timezone() -> ZoneInfo:
    if "practice_tz" not in g:
        try:
            g.practice_tz = ZoneInfo(practice_settings().timezone)
        except (ZoneInfoNotFoundError, ValueError):
            g.practice_tz = ZoneInfo("UTC")
    return g.practice_tz


def local_datetime(value: datetime | None) -> datetime | None:
    return value.astimezone(practice_timezone()) if value else None


def local_today() -> date:
    return now_utc().astimezone(practice_timezone()).date()


def to_utc(day: date, at: time = time.min) -> datetime:
    """A wall-clock time on ``day`` in the practice's zone, as a UTC datetime."""
    return datetime.combine(day, at, tzinfo=practice_timezone()).astimezone(UTC)


def start_of_local_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in the practice's zone, in UTC."""
    return to_utc(day)


def end_of_local_day(day: date) -> datetime:
    """Midnight at the end of ``day`` (the start of the next), in UTC: an exclusive bound."""
    return to_utc(day + timedelta(days=1))
