"""Booking, rescheduling and cancelling forms."""
from datetime import datetime
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from practice.appointments.hours import WEEKDAY_NAMES
from practice.appointments.models import CancelledBy, ChangeRequest, PlaceKind
from practice.appointments.series import MAX_SESSIONS
from practice.appointments.working_hours import format_ranges, parse_ranges
from practice.clients.forms import text
from practice.core.clock import local_datetime, local_today, to_utc
from practice.core.forms import DayField, MultiCheckboxField, select_choices
from practice.core.locking import VersionedForm
from practice.core.once import OnceFormMixin

DEFAULT_DURATION = 60


#: A room's name is short; a longer place is an address, which this practice does not book.
ROOM_NAME_LENGTH = 60


def check_place(kind: str | None, place: str | None) -> None:
    """A room is a short name, an online place an https link, and either needs choosing."""
    place = (place or "").strip()
    if kind not in {"", None, *(each.value for each in PlaceKind)}:
        raise ValidationError("Choose a room or online.")
    if not kind:
        if place:
            raise ValidationError("Say whether this is a room or an online link.")
        return
    if not place:
        raise ValidationError("Give the room's name." if kind == PlaceKind.ROOM.value
                              else "Give the meeting link (https://…).")
    if kind == PlaceKind.ROOM.value:
        if "://" in place:
            raise ValidationError("That is a link: choose Online for it.")
        if len(place) > ROOM_NAME_LENGTH:
            raise ValidationError(f"A room's name is short: at most {ROOM_NAME_LENGTH} "
                                  "characters.")
        return
    try:
        link = urlsplit(place)
        host = link.hostname
    except ValueError:
        link, host = None, None
    if link is None or link.scheme != "https" or not host or any(c.isspace() for c in place):
        raise ValidationError("An online link is a web address starting with https:// "
                              "(e.g. https://meet.example.org/room).")


def place_values(kind: str | None, place: str | None) -> dict:
    place = (place or "").strip() or None
    return {"place": place, "place_kind": PlaceKind(kind) if kind and place else None}


class AppointmentFields:
    """When, how long, where, under which plan, and a note."""

    day = DayField("Date", [InputRequired(message="Which day?")])
    at = TimeField("Start time", [InputRequired(message="What time does it start?")])
    duration_minutes = IntegerField("Duration (minutes)", [
        InputRequired(message="How long is the session?"),
        NumberRange(min=5, max=600, message="Between 5 and 600 minutes.")],
        default=DEFAULT_DURATION)
    place_kind = RadioField("Where", default="", validate_choice=False, choices=select_choices(
        [("", "Not decided yet"), (PlaceKind.ROOM.value, "A room"),
         (PlaceKind.ONLINE.value, "Online")]))
    place = text("Room or meeting link", 300,
                 description="The room's name (e.g. Room 2), or the meeting link for an online "
                             "session (https://…).")
    plan_id = SelectField("Plan", coerce=int, choices=[], validate_choice=False)
    note = text("Note", 2000, field_class=TextAreaField, render_kw={"rows": 2},
                description="For you: what to prepare, what the client asked for.")

    def offer_plans(self, plans) -> "AppointmentFields":
        self.plan_id.choices = [SelectChoice(0, "No plan")] + [SelectChoice(plan.id, plan.name)
                                                               for plan in plans]
        self._plans = {plan.id: plan for plan in plans}
        return self

    def validate_plan_id(self, field):
        if field.data and field.data not in getattr(self, "_plans", {}):
            raise ValidationError("Choose one of the client's active plans, or no plan.")

    def validate_place_kind(self, field):
        check_place(field.data, self.place.data)

    def starts_at(self) -> datetime:
        """The start in UTC, from the day and time typed in the practice's zone."""
        return to_utc(self.day.data, self.at.data)

    def values(self) -> dict:
        return {"starts_at": self.starts_at(), "duration_minutes": self.duration_minutes.data,
                **place_values(self.place_kind.data, self.place.data),
                "note": self.note.data or None, "plan": self._plans.get(self.plan_id.data)}

    @staticmethod
    def data_of(appointment) -> dict:
        local = local_datetime(appointment.starts_at)
        return {"day": local.date(), "at": local.time().replace(second=0, microsecond=0),
                "duration_minutes": appointment.duration_minutes, "place": appointment.place,
                "place_kind": appointment.place_kind.value if appointment.place_kind else "",
                "note": appointment.note, "plan_id": appointment.plan_id or 0,
                "version": appointment.version}


class BookingForm(OnceFormMixin, AppointmentFields, FlaskForm):
    pass


class RescheduleForm(AppointmentFields, VersionedForm):
    pass


class MoveSeriesForm(VersionedForm):
    """Move this appointment and the rest of its series: a new time of day, a shift of days."""

    at = TimeField("New start time", [Optional()],
                   description="Leave blank to keep each session's own time of day.")
    shift_days = IntegerField("Move by (days)", [
        InputRequired(message="How many days? 0 keeps the days."),
        NumberRange(min=-365, max=365, message="Between -365 and 365 days.")], default=0,
        description="For example 1 moves each session to the next day, -7 a week earlier.")

    def validate_shift_days(self, field):
        if field.data == 0 and self.at.data is None:
            raise ValidationError("Give a new start time, or a number of days to move by.")


class CancelForm(VersionedForm):
    cancelled_by = RadioField("Who cancels", default=CancelledBy.PRACTITIONER.value,
                              choices=select_choices((who.value, who.label) for who in CancelledBy),
                              validators=[InputRequired(message="Say who cancels.")],
                              validate_choice=False)
    reason = text("Why", 1000, field_class=TextAreaField, render_kw={"rows": 2},
                  required_message="Say why, in a few words (it stays on the record).")
    rest_of_series = BooleanField("Also cancel the rest of this series (the booked sessions "
                                  "after this one)")

    def validate_cancelled_by(self, field):
        if field.data not in {who.value for who in CancelledBy}:
            raise ValidationError("Say who cancels.")


class SeriesRowForm(Form):
    """One proposed session: booked when ticked, on its own day and time (adjustable)."""

    include = BooleanField("Book", default=True)
    day = DayField("Date", [Optional()])
    at = TimeField("Time", [Optional()])

    def validate_at(self, field):
        if self.include.data and (self.day.data is None or field.data is None):
            raise ValidationError("Give the day and time, or untick this session.")


class SeriesForm(OnceFormMixin, FlaskForm):
    """"Book this plan": the pattern (days of the week, time, weeks) and the sessions it gives."""

    first_day = DayField("From", [InputRequired(message="From which day?")])
    weeks = IntegerField("For how many weeks", [
        InputRequired(message="For how many weeks?"),
        NumberRange(min=1, max=52, message="Between 1 and 52 weeks.")])
    weekdays = MultiCheckboxField("On", coerce=int, validate_choice=False,
                                  choices=select_choices(enumerate(WEEKDAY_NAMES)))
    at = TimeField("At", [InputRequired(message="At what time?")])
    duration_minutes = AppointmentFields.duration_minutes
    place_kind = AppointmentFields.place_kind
    place = AppointmentFields.place
    note = AppointmentFields.note
    rows = FieldList(FormField(SeriesRowForm), max_entries=MAX_SESSIONS)

    def validate_first_day(self, field):
        if field.data and abs((field.data - local_today()).days) > 2 * 366:
            raise ValidationError("Start within two years of today.")

    def validate_weekdays(self, field):
        if not field.data or not set(field.data) <= set(range(7)):
            raise ValidationError("Choose at least one day of the week.")

    def validate_place_kind(self, field):
        check_place(field.data, self.place.data)

    def validate_rows(self, field):
        if len(field.entries) > MAX_SESSIONS:
            raise ValidationError(f"At most {MAX_SESSIONS} sessions at once.")

    def proposed_rows(self, days) -> list[dict]:
        return [{"include": True, "day": day, "at": self.at.data} for day in days]

    def booked_rows(self) -> list[int]:
        """The rows to book: ticked, with a day and a time."""
        return [index for index, row in enumerate(self.rows)
                if row.include.data and row.day.data and row.at.data]

    def starts(self) -> list[datetime]:
        """The booked rows' starts, in UTC, each at its own local time."""
        return [to_utc(self.rows[index].day.data, self.rows[index].at.data)
                for index in self.booked_rows()]

    def values(self, plan) -> dict:
        return {"duration_minutes": self.duration_minutes.data,
                **place_values(self.place_kind.data, self.place.data),
                "note": self.note.data or None, "plan": plan}


class OpeningHoursForm(FlaskForm):
    weekdays = MultiCheckboxField("Days sessions are booked on", coerce=int, validate_choice=False,
                                  choices=select_choices(enumerate(WEEKDAY_NAMES)))
    opens_at = TimeField("From", [InputRequired(message="From what time?")])
    closes_at = TimeField("Until", [InputRequired(message="Until what time?")])

    def validate_weekdays(self, field):
        if not field.data or not set(field.data) <= set(range(7)):
            raise ValidationError("Choose at least one day.")

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The end of the day comes after its start.")


class HolidayForm(FlaskForm):
    day = DayField("Day", [InputRequired(message="Which day?")])
    name = text("What it is", 120, required_message="Name it, e.g. Christmas Day.")

    def validate_day(self, field):
        if field.data and abs((field.data - local_today()).days) > 5 * 366:
            raise ValidationError("Choose a day within five years of today.")


class AskForm(FlaskForm):
    """The client's request to cancel or move an appointment, with a few words."""

    kind = RadioField("I would like to", default=ChangeRequest.MOVE.value,
                      choices=select_choices([(ChangeRequest.MOVE.value, "Move it to another time"),
                                              (ChangeRequest.CANCEL.value, "Cancel it")]),
                      validators=[InputRequired(message="Say what you would like.")],
                      validate_choice=False)
    note = text("A few words for your practitioner", 1000, field_class=TextAreaField,
                render_kw={"rows": 3},
                description="For example the days and times that suit you better.")

    def validate_kind(self, field):
        if field.data not in {kind.value for kind in ChangeRequest}:
            raise ValidationError("Say what you would like.")


def _working_day_field(name: str):
    return text(name, 200, render_kw={"placeholder": "e.g. 09:00–13:00, 14:00–18:00"})


class WorkingHoursForm(VersionedForm):
    """A practitioner's week: for each weekday the ranges worked, blank for a day off."""

    day_0, day_1, day_2, day_3, day_4, day_5, day_6 = (_working_day_field(name)
                                                       for name in WEEKDAY_NAMES)

    def day_fields(self):
        return [self[f"day_{number}"] for number in range(7)]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.week = {}
        for number, field in enumerate(self.day_fields()):
            try:
                self.week[number] = parse_ranges(field.data or "")
            except ValueError as problem:
                field.errors = [*field.errors, str(problem)]
                valid = False
        return valid

    @staticmethod
    def data_of(schedule, version: str) -> dict:
        data = {"version": version}
        if schedule is not None:
            for number in range(7):
                data[f"day_{number}"] = format_ranges(schedule.ranges_on(number))
        return data
