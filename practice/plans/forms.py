"""Forms for plan templates and clients' session plans."""
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from practice.concurrency import EditStampMixin
from practice.core.focus import FocusSystem
from practice.plans.models import Measure
from practice.plans.stepforms import TemplateStepForm, filled_steps, strip

MAX_STEPS = 40
FOCUS_OPTIONS = [SelectChoice(focus.value, focus.label) for focus in FocusSystem]
MEASURE_OPTIONS = [SelectChoice(measure.value, measure.label) for measure in Measure]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (``render_field`` draws it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StepListForm(FlaskForm):
    """What templates and plans share: a name, focus systems, goals and ordered steps."""

    name = StringField("Name", [DataRequired(message="Give it a name."), Length(max=120)],
                       filters=[strip])
    focus_systems = MultiCheckboxField("Focus systems", choices=FOCUS_OPTIONS,
                                       validators=[DataRequired(message="Choose at least one focus "
                                                                        "system.")])
    goals = TextAreaField("Goals", [Optional(), Length(max=4000)], filters=[strip],
                          description="What the client and you hope will change.")
    steps = FieldList(FormField(TemplateStepForm), min_entries=1, max_entries=MAX_STEPS)

    def validate_steps(self, field):
        if not filled_steps(field):
            raise ValidationError("Add at least one step.")


class TemplateForm(EditStampMixin, StepListForm):
    description = TextAreaField("Description", [Optional(), Length(max=4000)], filters=[strip],
                                description="When to use it and for whom.")


class PlanForm(EditStampMixin, StepListForm):
    sessions_per_week = IntegerField(
        "Sessions per week", [InputRequired(message="How many sessions a week?"),
                              NumberRange(min=1, max=14, message="Between 1 and 14.")], default=1)
    weeks = IntegerField("Number of weeks", [InputRequired(message="For how many weeks?"),
                                             NumberRange(min=1, max=104, message="Between 1 and 104.")],
                         default=6)
    measures = MultiCheckboxField("Measures to watch",
                                  choices=MEASURE_OPTIONS)
    start_date = DateField("Start date", [InputRequired(message="When does the plan start?")])
    end_date = DateField("End date", [Optional()],
                         description="Leave empty while the plan runs; set when it is completed.")

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("The end date cannot be before the start date.")
