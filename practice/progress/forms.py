"""The daily check-in form: the client's in the portal, the practitioner's for a client."""
from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from practice.core.clock import local_today
from practice.core.once import OnceFormMixin
from practice.progress.models import MEASURE_NAMES, MEASURES, scale_ends

#: "Skip" is a choice of its own, last: a rating tapped by mistake can be taken back, and a
#: scale nobody tapped reads as skipped.
SKIP = ""
RATING_CHOICES = [SelectChoice(value, str(value)) for value in range(11)] + [
    SelectChoice(SKIP, "Skip")]
MEASURE_TEXT = {name: (label, scale) for name, label, scale in MEASURES}
#: The earliest day a check-in may describe: a typing slip, not a real day, before it.
EARLIEST_DAY = date(1900, 1, 1)


def rating_or_none(value) -> int | None:
    """A sent rating as a number; "Skip" (or nothing) as None."""
    return None if value is None or value == SKIP else int(value)


class RatingField(RadioField):
    """A 0-10 rating that may be skipped; ``scale`` says what 0 and 10 mean."""

    def __init__(self, label: str, scale: str, **kwargs):
        super().__init__(label, choices=RATING_CHOICES, coerce=rating_or_none,
                         validators=[Optional()], description=scale, **kwargs)
        #: ``("no pain", "worst imaginable")``: the words at either end of the scale.
        self.ends = scale_ends(scale)



class CheckInForm(OnceFormMixin, FlaskForm):
    """The daily check-in; the rated fields are named after the CheckIn columns. Sent twice,
    it saves once (``form_key``)."""

    pain = RatingField(*MEASURE_TEXT["pain"])
    neck_shoulder_pain = RatingField(*MEASURE_TEXT["neck_shoulder_pain"])
    fatigue = RatingField(*MEASURE_TEXT["fatigue"])
    sleep_problems = RatingField(*MEASURE_TEXT["sleep_problems"])
    fog = RatingField(*MEASURE_TEXT["fog"])
    note = TextAreaField("Anything else about today?", validators=[Optional(), Length(max=4_000)],
                         render_kw={"rows": 3})

    def rating_fields(self):
        return [self[name] for name in MEASURE_NAMES]

    def ratings(self) -> dict[str, int | None]:
        return {field.name: field.data for field in self.rating_fields()}

    def clean_note(self) -> str | None:
        return (self.note.data or "").strip() or None

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if all(value is None for value in self.ratings().values()) and not (self.note.data or "").strip():
            self.note.errors.append("Rate at least one thing, or write a note.")
            return False
        return True


class PractitionerCheckInForm(CheckInForm):
    """A check-in the practitioner records for a client (e.g. one on a paper program)."""

    checked_on = DateField("Day", validators=[InputRequired(message="Enter the day it describes.")])

    def validate_checked_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError("A check-in cannot be for a day still to come.")
        if field.data and field.data < EARLIEST_DAY:
            raise ValidationError(f"Enter a day from {EARLIEST_DAY:%d %B %Y} on.")


def nearest_check_in_day(day: date | None) -> date:
    """``day`` brought to the nearest day a check-in can describe; today when there is none."""
    today = local_today()
    return today if day is None else min(max(day, EARLIEST_DAY), today)


def parse_day(text: str | None) -> date | None:
    """A ``?day=`` value as a date, or ``None`` when it is missing or not a date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
