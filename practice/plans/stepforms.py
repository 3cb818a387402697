"""Editing an ordered list of steps in a form, with or without JavaScript.

The step rows are a ``FieldList`` of ``FormField``s. Buttons named ``step_command`` add a
row, remove one or move one up or down: the form comes back re-rendered with the change and
nothing is saved until the main submit button. ``plans_steps.js`` does the same moves in
the page when JavaScript runs (and adds drag-and-drop).

A list holds at most ``MAX_STEPS`` steps. The limit is said, never applied by cutting: "+ Add
a step" at the limit leaves the rows as they are with a message, and a form sent with more
steps is refused with every row kept for the person to trim (``check_step_count``).
"""
from flask import request
from wtforms import FieldList, Form, FormField, IntegerField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from practice.precautions.forms import PrecautionTagsField

STEP_COMMAND = "step_command"
_ACTIONS = {"add", "remove", "up", "down"}
#: The most steps a template, a plan or a session holds.
MAX_STEPS = 40
ADD_REFUSED = (f"You can have at most {MAX_STEPS} steps: remove or combine one before adding "
               "another.")


def strip(value):
    return value.strip() if isinstance(value, str) else value


class StepFields(Form):
    """The fields every step row has; a row left completely blank is dropped."""

    technique = StringField("Technique", [Length(max=120)], filters=[strip])
    body_region = StringField("Body region", [Optional(), Length(max=120)], filters=[strip])
    minutes = IntegerField("Minutes", [Optional(), NumberRange(min=0, max=240,
                                                               message="Between 0 and 240 minutes.")])

    #: Fields that count as content when deciding whether a row is blank.
    CONTENT_FIELDS = ("technique", "body_region", "minutes")

    def is_blank(self) -> bool:
        for name in self.CONTENT_FIELDS:
            field = self[name]
            raw = getattr(field, "raw_data", None)
            if field.data not in (None, "") or (raw and str(raw[0]).strip()):
                return False
        return True

    def validate_technique(self, field):
        if not field.data and not self.is_blank():
            raise ValidationError("Name the technique, or clear this row.")


class TemplateStepForm(StepFields):
    instructions = TextAreaField("Instructions", [Optional(), Length(max=4000)], filters=[strip],
                                 render_kw={"rows": 3})
    conflicts_with = PrecautionTagsField(
        "Conflicts with", description="Starting a plan with this step for a client with one "
                                      "of these on their checklist shows a warning.")

    CONTENT_FIELDS = ("technique", "body_region", "minutes", "instructions")


def step_list(step_form: type[Form]) -> FieldList:
    """The rows of a step editor. No ``max_entries``: WTForms would drop the rows beyond it
    without a word; ``check_step_count`` refuses them instead, keeping them on the form."""
    return FieldList(FormField(step_form), min_entries=1)


def check_step_count(field) -> None:
    """Raise ``ValidationError`` when more steps than ``MAX_STEPS`` were sent."""
    count = len(filled_steps(field))
    if count > MAX_STEPS:
        raise ValidationError(
            f"You can save at most {MAX_STEPS} steps; this form has {count}. Remove or combine "
            f"{count - MAX_STEPS} of them, then save again.")


def step_command() -> tuple[str, int] | None:
    """The step button that submitted this request, as ``(action, row index)``, if any."""
    value = request.form.get(STEP_COMMAND, "")
    action, _, index = value.partition("-")
    if action not in _ACTIONS:
        return None
    return action, int(index) if index.isdigit() else -1


def apply_step_command(form, command: tuple[str, int], new_step: dict | None = None):
    """A fresh copy of ``form`` with its step rows changed by ``command``; nothing is saved.

    Adding beyond ``MAX_STEPS`` rows adds nothing and says so on the step list."""
    action, index = command
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    steps = list(data["steps"])
    refused = action == "add" and len(steps) >= MAX_STEPS
    if action == "add" and not refused:
        steps.append(dict(new_step or {}))
    elif action == "remove" and 0 <= index < len(steps):
        steps.pop(index)
    elif action == "up" and 0 < index < len(steps):
        steps[index - 1], steps[index] = steps[index], steps[index - 1]
    elif action == "down" and 0 <= index < len(steps) - 1:
        steps[index], steps[index + 1] = steps[index + 1], steps[index]
    data["steps"] = steps or [dict(new_step or {})]
    rebuilt = type(form)(formdata=None, data=data)
    if refused:
        rebuilt.steps.errors = [ADD_REFUSED]
    return rebuilt


def filled_steps(steps_field) -> list[dict]:
    """The submitted rows that are not blank, in order, as plain dicts."""
    return [entry.form.data for entry in steps_field if not entry.form.is_blank()]
