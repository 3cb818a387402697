"""When the practice books sessions: opening days and hours, and the days it is closed.

One row of opening hours (edited by admins under Settings) and a list of holidays; every
booking, single or a series, is checked against them (``closed_reason``).
"""
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Time, select
from sqlalchemy.orm import Mapped, mapped_column

from practice.core.clock import local_datetime
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db

HOURS_ID = 1
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Until an admin sets them: Monday to Friday, 08:00 to 20:00.
DEFAULT_WEEKDAYS = "0,1,2,3,4"
DEFAULT_OPENS, DEFAULT_CLOSES = time(8, 0), time(20, 0)


class OpeningHours(db.Model):
    __tablename__ = "opening_hours"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),
                      CheckConstraint("closes_at > opens_at", name="closes_after_opening"))

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: The days sessions are booked on, Monday 0 to Sunday 6, comma-separated.
    weekdays: Mapped[str] = mapped_column(String(20), default=DEFAULT_WEEKDAYS)
    opens_at: Mapped[time] = mapped_column(Time, default=DEFAULT_OPENS)
    closes_at: Mapped[time] = mapped_column(Time, default=DEFAULT_CLOSES)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def weekday_numbers(self) -> list[int]:
        return [int(part) for part in (self.weekdays or "").split(",") if part.strip()]

    @property
    def summary(self) -> str:
        days = ", ".join(WEEKDAY_NAMES[number][:3] for number in self.weekday_numbers)
        return f"{days or 'no days'}, {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class PracticeHoliday(db.Model):
    """A day the practice is closed (a bank holiday, the practice's own break)."""

    __tablename__ = "practice_holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


def opening_hours() -> OpeningHours:
    """The stored hours, or the defaults (unsaved) until an admin sets them."""
    return db.session.get(OpeningHours, HOURS_ID) or OpeningHours(
        id=HOURS_ID, weekdays=DEFAULT_WEEKDAYS, opens_at=DEFAULT_OPENS, closes_at=DEFAULT_CLOSES)


def holidays_between(first: date, last: date) -> dict[date, str]:
    return dict(db.session.execute(select(PracticeHoliday.day, PracticeHoliday.name).where(
        PracticeHoliday.day >= first, PracticeHoliday.day <= last)).all())


def closed_reason(starts_at: datetime, ends_at: datetime, hours: OpeningHours,
                  holidays: dict[date, str]) -> str | None:
    """Why the practice does not book this time (``None`` when it does)."""
    start, end = local_datetime(starts_at), local_datetime(ends_at)
    if start.date() in holidays:
        return f"The practice is closed that day ({holidays[start.date()]})."
    if start.weekday() not in hours.weekday_numbers:
        return f"The practice does not book on {WEEKDAY_NAMES[start.weekday()]}s."
    if start.time() < hours.opens_at or end.date() != start.date() or end.time() > hours.closes_at:
        return (f"Outside the practice's hours ({hours.opens_at:%H:%M}–"
                f"{hours.closes_at:%H:%M}).")
    return None
