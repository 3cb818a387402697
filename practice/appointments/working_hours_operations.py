"""Setting a practitioner's working hours (by themselves, or by an admin): locked, audited."""
from datetime import time

from practice.appointments.working_hours import (
    WorkingRange,
    WorkingSchedule,
    format_ranges,
    schedule_of,
)
from practice.core import audit
from practice.core.errors import Conflict
from practice.core.extensions import db
from practice.core.locking import claim_version

#: The version a form carries while the practitioner has no hours of their own.
NO_SCHEDULE_VERSION = "0"


def version_for_form(practitioner) -> str:
    schedule = schedule_of(practitioner.id)
    return str(schedule.version) if schedule else NO_SCHEDULE_VERSION


def _claim(practitioner, submitted_version) -> WorkingSchedule | None:
    """The stored schedule, moved on a version, unless someone changed the hours meanwhile."""
    schedule = schedule_of(practitioner.id)
    if schedule is None:
        if str(submitted_version) != NO_SCHEDULE_VERSION:
            raise Conflict(None, "These hours were changed since you opened the page: "
                                 "check them and save again.")
        return None
    try:
        claim_version(schedule, submitted_version)
    except Conflict as changed:
        raise Conflict(changed.current, "These hours were changed since you opened the page: "
                                        "check them and save again.") from None
    return schedule


def save_working_hours(practitioner, user, week: dict[int, list[tuple[time, time]]],
                       submitted_version) -> WorkingSchedule:
    """Replace ``practitioner``'s weekly hours (weekday -> ranges; a missing day is off)."""
    schedule = _claim(practitioner, submitted_version)
    if schedule is None:
        schedule = WorkingSchedule(practitioner_id=practitioner.id, version=1)
        db.session.add(schedule)
    schedule.updated_by_id = user.id
    schedule.ranges = [WorkingRange(weekday=weekday, starts_at=start, ends_at=end)
                       for weekday in sorted(week) for start, end in week[weekday]]
    db.session.flush()
    audit.record("working_hours.change", schedule, detail={
        "practitioner_id": practitioner.id,
        "hours": {str(weekday): format_ranges(ranges) for weekday, ranges in sorted(week.items())
                  if ranges}})
    return schedule


def use_practice_hours(practitioner, user, submitted_version) -> None:
    """Drop ``practitioner``'s own hours: the practice's opening hours apply again."""
    schedule = _claim(practitioner, submitted_version)
    if schedule is None:
        return
    audit.record("working_hours.clear", schedule, detail={"practitioner_id": practitioner.id})
    db.session.delete(schedule)
