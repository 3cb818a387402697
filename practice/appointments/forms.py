"""Booking, rescheduling and cancelling forms."""
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectChoice, SelectField, TextAreaField, TimeField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from practice.appointments.models import CancelledBy
from practice.clients.forms import text
from practice.core.clock import local_datetime, to_utc
from practice.core.forms import DayField, select_choices
from practice.core.locking import VersionedForm
from practice.core.once import OnceFormMixin

DEFAULT_DURATION = 60


class AppointmentFields:
    """When, how long, where, under which plan, and a note."""

    day = DayField("Date", [InputRequired(message="Which day?")])
    at = TimeField("Start time", [InputRequired(message="What time does it start?")])
    duration_minutes = IntegerField("Duration (minutes)", [
        InputRequired(message="How long is the session?"),
        NumberRange(min=5, max=600, message="Between 5 and 600 minutes.")],
        default=DEFAULT_DURATION)
    place = text("Place", 300, description="A room, an address or an online meeting link.")
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

    def starts_at(self) -> datetime:
        """The start in UTC, from the day and time typed in the practice's zone."""
        return to_utc(self.day.data, self.at.data)

    def values(self) -> dict:
        return {"starts_at": self.starts_at(), "duration_minutes": self.duration_minutes.data,
                "place": self.place.data or None, "note": self.note.data or None,
                "plan": self._plans.get(self.plan_id.data)}

    @staticmethod
    def data_of(appointment) -> dict:
        local = local_datetime(appointment.starts_at)
        return {"day": local.date(), "at": local.time().replace(second=0, microsecond=0),
                "duration_minutes": appointment.duration_minutes, "place": appointment.place,
                "note": appointment.note, "plan_id": appointment.plan_id or 0,
                "version": appointment.version}


class BookingForm(OnceFormMixin, AppointmentFields, FlaskForm):
    pass


class RescheduleForm(AppointmentFields, VersionedForm):
    pass


class CancelForm(VersionedForm):
    cancelled_by = RadioField("Who cancels", default=CancelledBy.PRACTITIONER.value,
                              choices=select_choices((who.value, who.label) for who in CancelledBy),
                              validators=[InputRequired(message="Say who cancels.")],
                              validate_choice=False)
    reason = text("Why", 1000, field_class=TextAreaField, render_kw={"rows": 2},
                  required_message="Say why, in a few words (it stays on the record).")

    def validate_cancelled_by(self, field):
        if field.data not in {who.value for who in CancelledBy}:
            raise ValidationError("Say who cancels.")
