"""When each practitioner works: per weekday, one or more time ranges, or off.

A practitioner who has never set their hours (no ``WorkingSchedule`` row) books within the
practice's opening hours alone; once set, a booking must also fit inside one of their ranges
on that weekday (``outside_reason``). The practice's hours and holidays always apply too.
"""
import re
from datetime import datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Time, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.appointments.hours import WEEKDAY_NAMES
from practice.core.clock import local_datetime
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db

RANGE_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(?:-|–|—|to)\s*(\d{1,2})[:.](\d{2})\s*$")


class WorkingSchedule(db.Model):
    """That a practitioner has set their own hours (their ranges hang off it), and its lock."""

    __tablename__ = "working_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    ranges: Mapped[list["WorkingRange"]] = relationship(
        cascade="all, delete-orphan", order_by="(WorkingRange.weekday, WorkingRange.starts_at)",
        lazy="selectin")

    def ranges_on(self, weekday: int) -> list[tuple[time, time]]:
        return [(each.starts_at, each.ends_at) for each in self.ranges if each.weekday == weekday]


class WorkingRange(db.Model):
    """One stretch of a working day, in the practice's zone (e.g. Monday 09:00–13:00)."""

    __tablename__ = "working_ranges"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
                      CheckConstraint("ends_at > starts_at", name="ends_after_start"))

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("working_schedules.id",
                                                        ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column()
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)


def schedule_of(practitioner_id: int) -> WorkingSchedule | None:
    """The practitioner's own hours, or ``None`` when the practice's opening hours apply."""
    return db.session.scalar(select(WorkingSchedule).where(
        WorkingSchedule.practitioner_id == practitioner_id))


def schedules_by_practitioner() -> dict[int, WorkingSchedule]:
    return {each.practitioner_id: each
            for each in db.session.scalars(select(WorkingSchedule)).all()}


def format_ranges(ranges: list[tuple[time, time]]) -> str:
    return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in ranges)


def week_summary(schedule: WorkingSchedule | None) -> list[tuple[str, str]]:
    """Each weekday with its hours as read ("09:00–13:00, 14:00–18:00" or "Off")."""
    if schedule is None:
        return []
    return [(name, format_ranges(schedule.ranges_on(number)) or "Off")
            for number, name in enumerate(WEEKDAY_NAMES)]


def parse_ranges(text: str) -> list[tuple[time, time]]:
    """"09:00-13:00, 14:00-18:00" as time pairs in order; blank is a day off.

    Raises ``ValueError`` with a message for the form when a range is unreadable, ends
    before it starts, or overlaps another."""
    ranges = []
    for part in filter(None, (piece.strip() for piece in re.split(r"[,;]", text or ""))):
        match = RANGE_PATTERN.match(part)
        if not match:
            raise ValueError(f"Write “{part[:40]}” as a range, e.g. 09:00–13:00.")
        hour1, minute1, hour2, minute2 = (int(group) for group in match.groups())
        if hour2 == 24 and minute2 == 0:
            hour2, minute2 = 23, 59
        if hour1 > 23 or hour2 > 23 or minute1 > 59 or minute2 > 59:
            raise ValueError(f"“{part[:40]}” is not a time of day.")
        start, end = time(hour1, minute1), time(hour2, minute2)
        if end <= start:
            raise ValueError(f"In “{part[:40]}” the end comes before the start.")
        ranges.append((start, end))
    ranges.sort()
    for (_, earlier_end), (later_start, _) in zip(ranges, ranges[1:], strict=False):
        if later_start < earlier_end:
            raise ValueError("Two ranges overlap: join them into one.")
    return ranges


def outside_reason(starts_at: datetime, ends_at: datetime, schedule: WorkingSchedule | None,
                   name: str) -> str | None:
    """Why ``name`` does not work at this time (``None`` when they do, or have no own hours)."""
    if schedule is None:
        return None
    start, end = local_datetime(starts_at), local_datetime(ends_at)
    day = WEEKDAY_NAMES[start.weekday()]
    ranges = schedule.ranges_on(start.weekday())
    if not ranges:
        return f"{name} does not work on {day}s."
    if end.date() == start.date() and any(
            begin <= start.time() and end.time() <= finish for begin, finish in ranges):
        return None
    return f"Outside {name}'s working hours on {day}s ({format_ranges(ranges)})."
