"""Changing the practice's opening hours and holidays: admins only, each change audited."""
from sqlalchemy import select

from practice.appointments.hours import HOURS_ID, OpeningHours, PracticeHoliday, opening_hours
from practice.core import audit
from practice.core.errors import InvalidState
from practice.core.extensions import db


def save_opening_hours(user, weekdays: list[int], opens_at, closes_at) -> OpeningHours:
    hours = opening_hours()
    if db.session.get(OpeningHours, HOURS_ID) is None:
        db.session.add(hours)
    hours.weekdays = ",".join(str(day) for day in sorted(set(weekdays)))
    hours.opens_at, hours.closes_at, hours.updated_by_id = opens_at, closes_at, user.id
    audit.record("hours.change", hours, detail={"weekdays": hours.weekdays,
                                                "opens_at": f"{opens_at:%H:%M}",
                                                "closes_at": f"{closes_at:%H:%M}"})
    return hours


def add_holiday(day, name: str) -> PracticeHoliday:
    if db.session.scalar(select(PracticeHoliday.id).where(PracticeHoliday.day == day)):
        raise InvalidState("That day is already a holiday.")
    holiday = PracticeHoliday(day=day, name=name)
    db.session.add(holiday)
    db.session.flush()
    audit.record("holiday.add", holiday, detail={"day": day.isoformat()})
    return holiday


def remove_holiday(holiday: PracticeHoliday) -> None:
    audit.record("holiday.remove", holiday, detail={"day": holiday.day.isoformat()})
    db.session.delete(holiday)
