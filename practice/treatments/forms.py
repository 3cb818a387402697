"""Forms for recording a session, signing it and adding addenda."""
from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from practice.core.clock import local_datetime, practice_timezone
from practice.plans.stepforms import StepFields, strip

MAX_STEPS = 40
NOTE_LENGTH = Length(max=20000)


class SessionStepForm(StepFields):
    performed = BooleanField("Performed")
    note = StringField("Note", [Optional(), Length(max=500)], filters=[strip])

    CONTENT_FIELDS = ("technique", "body_region", "minutes", "note")


def pain_field(label: str) -> IntegerField:
    return IntegerField(label, [Optional(), NumberRange(min=0, max=10, message="From 0 to 10.")],
                        render_kw={"min": 0, "max": 10, "inputmode": "numeric"})


def note_field(label: str, description: str) -> TextAreaField:
    return TextAreaField(label, [Optional(), NOTE_LENGTH], filters=[strip], description=description,
                         render_kw={"rows": 4})


class VersionForm(FlaskForm):
    """A one-button POST on a draft that carries the version the page showed."""

    version = HiddenField()

    def submitted_version(self) -> int | None:
        value = str(self.version.data or "").strip()
        return int(value) if value.isdigit() else None


class SessionForm(VersionForm):
    plan_id = SelectField("Plan", coerce=int, choices=[])
    session_date = DateField("Date", [InputRequired(message="When was the session?")])
    session_time = TimeField("Start time", [InputRequired(message="What time did it start?")])
    duration_minutes = IntegerField("Duration (minutes)", [
        InputRequired(message="How long was the session?"),
        NumberRange(min=1, max=600, message="Between 1 and 600 minutes.")])
    steps = FieldList(FormField(SessionStepForm), min_entries=1, max_entries=MAX_STEPS)
    pain_before = pain_field("Overall pain before")
    pain_after = pain_field("Overall pain after")
    neck_shoulder_pain_before = pain_field("Neck and shoulders before")
    neck_shoulder_pain_after = pain_field("Neck and shoulders after")
    subjective = note_field("Subjective", "What the client reports: how the week went, sleep, "
                                          "energy, pain, what helped.")
    objective = note_field("Objective", "What you observed: posture, swelling, tender nodes, "
                                        "range of movement, response to the work.")
    assessment = note_field("Assessment", "Your reading of it: what is changing and why.")
    plan_note = note_field("Plan", "What comes next: focus of the next session, referrals.")
    home_program_changes = note_field("Changes to the home program",
                                      "Exercises added, changed or stopped today.")

    def started_at(self) -> datetime:
        """The session's start in UTC, from the date and time typed in the practice's zone."""
        local = datetime.combine(self.session_date.data, self.session_time.data,
                                 tzinfo=practice_timezone())
        return local.astimezone(UTC)


def start_fields(moment: datetime) -> dict:
    """Form data for the date and time fields, in the practice's zone, to the minute."""
    local = local_datetime(moment)
    return {"session_date": local.date(), "session_time": local.time().replace(second=0, microsecond=0)}


class AddendumForm(FlaskForm):
    body = TextAreaField("Addendum", [DataRequired(message="Write the correction or addition."),
                                      Length(max=20000)], filters=[strip],
                         description="Added under the signed note with your name and the time; "
                                     "the note itself never changes.", render_kw={"rows": 4})
