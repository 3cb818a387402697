"""Forms for plan templates and clients' session plans, and the data they carry."""
from datetime import date

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from practice.core.focus import FocusSystem
from practice.core.locking import VersionedForm
from practice.core.once import OnceFormMixin
from practice.plans.models import Measure, PlanTemplate, SessionPlan
from practice.plans.stepforms import (
    MAX_STEPS,
    TemplateStepForm,
    check_step_count,
    filled_steps,
    step_list,
    strip,
)
from practice.precautions.forms import OverrideFieldsMixin

FOCUS_OPTIONS = [SelectChoice(focus.value, focus.label) for focus in FocusSystem]
MEASURE_OPTIONS = [SelectChoice(measure.value, measure.label) for measure in Measure]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (``render_field`` draws it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StepListForm(OnceFormMixin, VersionedForm):
    """What templates and plans share: a name, focus systems, goals and ordered steps.

    The hidden ``version`` is the record's lock value when the form was opened
    (``practice.core.locking``); a new record's form leaves it empty. The hidden ``form_key``
    makes a new record's form create it once, however often it is sent (``core.once``).
    """

    name = StringField("Name", [DataRequired(message="Give it a name."), Length(max=120)],
                       filters=[strip])
    focus_systems = MultiCheckboxField("Focus systems", choices=FOCUS_OPTIONS,
                                       validators=[DataRequired(message="Choose at least one focus "
                                                                        "system.")])
    goals = TextAreaField("Goals", [Optional(), Length(max=4000)], filters=[strip],
                          description="What the client and you hope will change.")
    measures = MultiCheckboxField("Measures to watch", choices=MEASURE_OPTIONS)
    steps = step_list(TemplateStepForm)
    #: For the step editor in the page (``plans_steps.js``), which stops adding rows there.
    max_steps = MAX_STEPS

    def validate_steps(self, field):
        if not filled_steps(field):
            raise ValidationError("Add at least one step.")
        check_step_count(field)

    def describe_steps(self, field) -> str:
        """The steps as numbered lines, for the conflict page."""
        return "\n".join(describe_step(number, step)
                         for number, step in enumerate(filled_steps(field), start=1))


def describe_step(number: int, step: dict) -> str:
    details = ", ".join(str(part) for part in (
        step.get("body_region"),
        f"{step['minutes']} min" if step.get("minutes") is not None else None) if part)
    line = f"{number}. {step.get('technique') or ''}" + (f" ({details})" if details else "")
    return line + (f": {step['instructions']}" if step.get("instructions") else "")


def _steps_data(record) -> list[dict]:
    return [step.as_dict() for step in record.steps] or [{}]


def template_content(template: PlanTemplate) -> dict:
    """What a template gives a plan's form: focus systems, goals, measures and steps."""
    return {"goals": template.goals, "steps": _steps_data(template),
            "focus_systems": [focus.value for focus in template.focus_systems],
            "measures": [measure.value for measure in template.measures]}


def _optional_id(value) -> int | None:
    """A record number from a form, or ``None`` for empty or unreadable input."""
    if isinstance(value, int):
        return value or None
    text = str(value or "").strip()
    return int(text) or None if text.isascii() and text.isdigit() and len(text) < 10 else None


class TemplateForm(StepListForm):
    description = TextAreaField("Description", [Optional(), Length(max=4000)], filters=[strip],
                                description="When to use it and for whom.")

    @staticmethod
    def data_of(template: PlanTemplate) -> dict:
        """Form data showing ``template`` as stored (to edit it, or to compare in a conflict)."""
        return {"name": template.name, "description": template.description,
                **template_content(template)}

    def changes(self) -> dict:
        """What was typed, as the operations take it."""
        return {"name": self.name.data, "description": self.description.data,
                "focus_systems": self.focus_systems.data, "goals": self.goals.data,
                "measures": self.measures.data, "steps": filled_steps(self.steps)}


class PlanForm(OverrideFieldsMixin, StepListForm):
    sessions_per_week = IntegerField(
        "Sessions per week", [InputRequired(message="How many sessions a week?"),
                              NumberRange(min=1, max=14, message="Between 1 and 14.")], default=1)
    weeks = IntegerField("Number of weeks", [InputRequired(message="For how many weeks?"),
                                             NumberRange(min=1, max=104, message="Between 1 and 104.")],
                         default=6)
    start_date = DateField("Start date", [InputRequired(message="When does the plan start?")])
    end_date = DateField("End date", [Optional()],
                         description="Leave empty while the plan runs; set when it is completed.")

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("The end date cannot be before the start date.")

    @staticmethod
    def data_of(plan: SessionPlan) -> dict:
        """Form data showing ``plan`` as stored (to edit it, or to compare in a conflict)."""
        return {"name": plan.name, "goals": plan.goals, "sessions_per_week": plan.sessions_per_week,
                "weeks": plan.weeks, "start_date": plan.start_date, "end_date": plan.end_date,
                "focus_systems": [focus.value for focus in plan.focus_systems],
                "measures": [measure.value for measure in plan.measures],
                "steps": _steps_data(plan)}

    def changes(self) -> dict:
        """What was typed, as the operations take it."""
        return {name: self[name].data for name in (
            "name", "focus_systems", "goals", "sessions_per_week", "weeks", "measures",
            "start_date", "end_date")} | {"steps": filled_steps(self.steps)}


class NewPlanForm(PlanForm):
    """A new plan's form, with the template its content is copied from.

    ``template_id`` is the template chosen in the form; ``applied_template_id`` the one whose
    content the form holds now (``plan_template.choose_template`` fills it in).
    """

    template_id = SelectField("Start from a template", coerce=_optional_id, choices=[],
                              validate_choice=False, validators=[Optional()])
    applied_template_id = HiddenField(filters=[_optional_id])

    @staticmethod
    def prefill(template: PlanTemplate | None, today: date) -> dict:
        """Form data for a new plan: a copy of the template's content, or a blank plan."""
        data = {"start_date": today, "sessions_per_week": 1, "weeks": 6, "steps": [{}]}
        if template is not None:
            data.update(name=template.name, **template_content(template),
                        template_id=template.id, applied_template_id=template.id)
        return data

    def offer_templates(self, templates: list[PlanTemplate]) -> "NewPlanForm":
        self.template_id.choices = [SelectChoice(0, "Blank plan")] + [
            SelectChoice(template.id, template.name + ("" if template.is_practice_wide else " (mine)"))
            for template in templates]
        return self

