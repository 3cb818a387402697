"""When the practice books: its opening hours, its holidays and each practitioner's own
working hours (practice-wide settings: exported whole, never with one client's records)."""
from practice.appointments.hours import OpeningHours, PracticeHoliday
from practice.appointments.working_hours import WorkingRange, WorkingSchedule
from practice.exports.base import Exporter, column


def _clock(name: str):
    """A time of day as HH:MM (the practice's zone)."""
    return lambda row: getattr(row, name).strftime("%H:%M")


OPENING_HOURS = Exporter(
    key="opening_hours", title="Opening hours",
    description="The days and times the practice books sessions (one row; none until an "
                "admin sets them: Monday to Friday, 08:00 to 20:00 apply).",
    model=OpeningHours,
    columns=(
        column("id", "Always 1."),
        column("weekdays", "The days sessions are booked on, Monday 0 to Sunday 6, "
                           "comma-separated."),
        column("opens_at", "From (HH:MM, the practice's time zone).", _clock("opens_at")),
        column("closes_at", "Until (HH:MM, the practice's time zone).", _clock("closes_at")),
        column("updated_at", "When they were last changed (UTC)."),
        column("updated_by_id", "Who changed them (users.id)."),
    ),
)

PRACTICE_HOLIDAYS = Exporter(
    key="practice_holidays", title="Practice holidays",
    description="Days the practice is closed: no session is booked on them.",
    model=PracticeHoliday,
    columns=(
        column("id", "Holiday number."),
        column("day", "The day (YYYY-MM-DD)."),
        column("name", "What it is, e.g. Christmas Day."),
        column("created_at", "When it was added (UTC)."),
    ),
)

WORKING_SCHEDULES = Exporter(
    key="working_schedules", title="Working hours",
    description="Practitioners who set their own working hours (the others book within the "
                "opening hours alone); their ranges are in working_ranges.",
    model=WorkingSchedule,
    columns=(
        column("id", "Schedule number."),
        column("practitioner_id", "The practitioner (users.id)."),
        column("version", "Edit version (rises with each change)."),
        column("updated_at", "When they were last changed (UTC)."),
        column("updated_by_id", "Who changed them (users.id): the practitioner or an admin."),
    ),
)

WORKING_RANGES = Exporter(
    key="working_ranges", title="Working hours: ranges", json_key="ranges",
    description="Each stretch of a practitioner's working week; a weekday without one is a "
                "day off.",
    model=WorkingRange, parent="working_schedules", parent_column=WorkingRange.schedule_id,
    columns=(
        column("id", "Range number."),
        column("schedule_id", "The practitioner's working hours (working_schedules.id)."),
        column("weekday", "Monday 0 to Sunday 6."),
        column("starts_at", "From (HH:MM, the practice's time zone).", _clock("starts_at")),
        column("ends_at", "Until (HH:MM, the practice's time zone).", _clock("ends_at")),
    ),
)

EXPORTERS = [OPENING_HOURS, PRACTICE_HOLIDAYS, WORKING_SCHEDULES, WORKING_RANGES]
