from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from practice.core.focus import FOCUS_CHOICES, parse_focus_list
from practice.core.locking import VersionedForm
from practice.core.once import OnceFormMixin
from practice.exercises.models import DOSE_PERIOD_CHOICES, DOSE_UNIT_CHOICES, Dose, DosePeriod, DoseUnit
from practice.exercises.operations import Prescription
from practice.exercises.queries import SCOPE_CHOICES
from practice.precautions.forms import OverrideFieldsMixin, PrecautionTagsField
from practice.precautions.kinds import parse_kinds


def as_choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices (plain tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DoseFieldsMixin:
    """How much and how often: '10 repetitions, twice a day' or '15 minutes, 3 times a week'."""

    amount = IntegerField("Amount", validators=[InputRequired(message="Enter how many or how long."),
                                                NumberRange(min=1, max=600)])
    unit = SelectField("Unit", choices=as_choices(DOSE_UNIT_CHOICES), default=DoseUnit.REPETITIONS.value)
    times = IntegerField("How often", validators=[InputRequired(message="Enter how often."),
                                              NumberRange(min=1, max=20)])
    period = SelectField("Per", choices=as_choices(DOSE_PERIOD_CHOICES), default=DosePeriod.DAY.value)

    def dose(self) -> Dose:
        return Dose(self.amount.data, DoseUnit(self.unit.data), self.times.data,
                    DosePeriod(self.period.data))

    def fill_dose(self, dose: Dose) -> None:
        self.amount.data = dose.amount
        self.unit.data = dose.unit.value
        self.times.data = dose.times
        self.period.data = dose.period.value


class ExerciseForm(OnceFormMixin, DoseFieldsMixin, VersionedForm):
    """An exercise of one's own; ``form_key`` makes a new one's form add it once."""

    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    summary = StringField("What it is for", validators=[Optional(), Length(max=300)],
                          description="One or two sentences; the client sees this too.")
    focus_systems = MultiCheckboxField(
        "Focus systems", choices=as_choices(FOCUS_CHOICES),
        validators=[DataRequired(message="Choose at least one focus system.")])
    instructions = TextAreaField(
        "Instructions for the client", validators=[DataRequired(), Length(max=10_000)],
        render_kw={"rows": 8},
        description="One step per line, in plain words. The steps are numbered for you.")
    precautions = TextAreaField("Precautions", validators=[Optional(), Length(max=4_000)],
                                render_kw={"rows": 3},
                                description="When not to do it, and when to stop.")
    conflicts_with = PrecautionTagsField(
        description="Assigning it to a client with one of these on their checklist shows a "
                    "warning, and the client reads the matching caution beside it.")

    def exercise_fields(self) -> dict:
        dose = self.dose()
        return {
            "name": self.name.data.strip(),
            "summary": (self.summary.data or "").strip() or None,
            "focus_systems": parse_focus_list(self.focus_systems.data),
            "instructions": self.instructions.data.strip(),
            "precautions": (self.precautions.data or "").strip() or None,
            "conflicts_with": parse_kinds(self.conflicts_with.data),
            "default_amount": dose.amount, "default_unit": dose.unit,
            "default_times": dose.times, "default_period": dose.period,
        }

    def fill_defaults(self) -> None:
        """A new item starts at 10 repetitions once a day."""
        self.fill_dose(Dose(10, DoseUnit.REPETITIONS, 1, DosePeriod.DAY))

    def fill_from(self, exercise) -> None:
        self.name.data = exercise.name
        self.summary.data = exercise.summary
        self.focus_systems.data = [focus.value for focus in exercise.focus_systems]
        self.instructions.data = exercise.instructions
        self.precautions.data = exercise.precautions
        self.conflicts_with.data = [kind.value for kind in exercise.conflicts_with]
        self.fill_dose(exercise.default_dose)


class LibraryFilterForm(FlaskForm):
    """The search box and filters above the library list (a GET form)."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=100)])
    focus = SelectField("Focus system", choices=as_choices([("", "Any focus"), *FOCUS_CHOICES]),
                        validators=[Optional()])
    scope = SelectField("Show", choices=as_choices(SCOPE_CHOICES), validators=[Optional()])


class PrescriptionFieldsMixin(DoseFieldsMixin):
    starts_on = DateField("Starts on", validators=[InputRequired(message="Enter a start date.")])
    ends_on = DateField("Ends on", validators=[Optional()],
                        description="Leave empty to keep it going until you stop it.")
    notes = TextAreaField("Personal notes for the client", validators=[Optional(), Length(max=4_000)],
                          render_kw={"rows": 3},
                          description="Shown to the client with the exercise, and on the printout.")

    #: The earliest end date allowed when the form has no start date (see ``lock_start``).
    earliest_end = None

    def validate_ends_on(self, field):
        earliest = self.starts_on.data if "starts_on" in self else self.earliest_end
        if field.data and earliest and field.data < earliest:
            raise ValidationError(f"The end date must be on or after {earliest:%d %b %Y}.")

    def clean_notes(self) -> str | None:
        return (self.notes.data or "").strip() or None

    def prescription(self, starts_on=None) -> Prescription:
        """What was prescribed; ``starts_on`` stands in for a start date the form does not ask."""
        return Prescription(self.dose(), starts_on or self.starts_on.data, self.ends_on.data,
                            self.clean_notes())


class AssignmentForm(OnceFormMixin, PrescriptionFieldsMixin, FlaskForm):
    """Prescribe the exercise chosen on the page before (its id is in the URL); sent twice,
    it prescribes once (``core.once``)."""


class KeepDespitePrecautionsForm(OverrideFieldsMixin, FlaskForm):
    """Keep an assignment the client's checklist now conflicts with: the reason (and for the
    gravest, the second confirmation)."""


class ChangeAssignmentForm(OnceFormMixin, PrescriptionFieldsMixin, FlaskForm):
    """Change a prescription. Once it has started, its start date is fixed. A dose change
    makes a new prescription: sent twice, it makes one (``core.once``)."""

    def lock_start(self, earliest_end) -> None:
        """Drop the start date; the end may not be before ``earliest_end`` (usually today)."""
        self.earliest_end = earliest_end
        del self.starts_on
