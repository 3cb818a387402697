"""The one-page assignment form: a row per exercise (tick, dose, personal note) and the dates
they share.

Only ticked rows are checked: an unticked row's fields are not being prescribed, so nothing
in them can be wrong. The search box travels in the same form, so searching again keeps what
was ticked and typed.
"""
from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from practice.core.focus import FOCUS_CHOICES
from practice.core.once import OnceFormMixin
from practice.exercises.forms import DoseFieldsMixin, as_choices
from practice.exercises.models import Exercise
from practice.exercises.operations import Prescription
from practice.precautions.forms import OverrideFieldsMixin

NOTHING_TICKED = "Tick at least one exercise to assign."


def record_id(value) -> int | None:
    """An exercise number from a form, or ``None`` for anything else."""
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 10 else None


class AssignRowForm(DoseFieldsMixin, Form):
    """One exercise on the page: whether to assign it, how much and how often, a note."""

    exercise_id = HiddenField(filters=[record_id])
    chosen = BooleanField("Assign")
    notes = TextAreaField("Personal note for the client", validators=[Optional(), Length(max=4_000)],
                          render_kw={"rows": 2},
                          description="Shown to the client with the exercise, and on the printout.")

    def prescription(self, starts_on: date, ends_on: date | None) -> Prescription:
        return Prescription(self.dose(), starts_on, ends_on,
                            (self.notes.data or "").strip() or None)


class TickedRows(FieldList):
    """A ``FieldList`` of ``AssignRowForm`` that checks only the ticked rows."""

    def validate(self, form, extra_validators=()):
        self.errors = []
        for entry in self.entries:
            if entry.form.chosen.data:
                entry.validate(form)
                self.errors.append(entry.errors)
            else:
                self.errors.append({})
        if not any(self.errors):
            self.errors = []
        if not any(entry.form.chosen.data for entry in self.entries):
            self.errors.append(NOTHING_TICKED)
        return not self.errors


class AssignSeveralForm(OnceFormMixin, OverrideFieldsMixin, FlaskForm):
    """Assign the ticked exercises, each with its own dose, from the same start date. Sent
    twice, each is assigned once (``core.once``, a key per exercise). Ticked exercises that
    conflict with the client's precautions ask for one reason to go ahead with them."""

    q = StringField("Search the library", validators=[Optional(), Length(max=100)])
    focus = SelectField("Focus system", choices=as_choices([("", "Any focus"), *FOCUS_CHOICES]),
                        validators=[Optional()], validate_choice=False)
    items = TickedRows(FormField(AssignRowForm))
    starts_on = DateField("Starts on", validators=[InputRequired(message="Enter a start date.")])
    ends_on = DateField("Ends on", validators=[Optional()],
                        description="Leave empty to keep them going until you stop them.")

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(f"The end date must be on or after {self.starts_on.data:%d %b %Y}.")

    def ticked(self) -> list[AssignRowForm]:
        return [entry.form for entry in self.items if entry.form.chosen.data]

    @staticmethod
    def row_data(exercise: Exercise, chosen: bool = False) -> dict:
        """A row for ``exercise`` at its usual dose."""
        dose = exercise.default_dose
        return {"exercise_id": exercise.id, "chosen": chosen, "amount": dose.amount,
                "unit": dose.unit.value, "times": dose.times, "period": dose.period.value}

    def rows_as_typed(self, ticked_only: bool = False) -> list[dict]:
        return [{name: field.data for name, field in entry.form._fields.items()}
                for entry in self.items if entry.form.chosen.data or not ticked_only]
