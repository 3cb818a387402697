from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from practice.progress.models import MEASURE_NAMES, MEASURES

RATING_CHOICES = [SelectChoice(value, str(value)) for value in range(11)]
MEASURE_TEXT = {name: (label, scale) for name, label, scale in MEASURES}


def rating_field(label: str, description: str) -> RadioField:
    return RadioField(label, choices=RATING_CHOICES, coerce=int, validators=[Optional()],
                      description=description)


class DoneForm(FlaskForm):
    """One tap on "Done"; how it went is optional."""

    #: Fresh for every rendered form: the same form sent twice is recorded once.
    form_token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    effort = rating_field("How hard was it?", "0 no effort, 10 as hard as it gets")
    pain_after = rating_field("Pain afterwards", "0 no pain, 10 worst imaginable")
    note = TextAreaField("Note", validators=[Optional(), Length(max=2_000)], render_kw={"rows": 2})


class CheckInForm(FlaskForm):
    """The daily check-in; the rated fields are named after the CheckIn columns."""

    pain = rating_field(*MEASURE_TEXT["pain"])
    neck_shoulder_pain = rating_field(*MEASURE_TEXT["neck_shoulder_pain"])
    fatigue = rating_field(*MEASURE_TEXT["fatigue"])
    sleep_quality = rating_field(*MEASURE_TEXT["sleep_quality"])
    fog = rating_field(*MEASURE_TEXT["fog"])
    note = TextAreaField("Anything else about today?", validators=[Optional(), Length(max=4_000)],
                         render_kw={"rows": 3})

    def rating_fields(self):
        return [self[name] for name in MEASURE_NAMES]

    def ratings(self) -> dict[str, int | None]:
        return {field.name: field.data for field in self.rating_fields()}

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if all(value is None for value in self.ratings().values()) and not (self.note.data or "").strip():
            self.note.errors.append("Rate at least one thing, or write a note.")
            return False
        return True
