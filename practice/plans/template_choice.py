"""Choosing a template in a new plan's form without losing what was typed.

The form holds the content of the template applied last (or none) plus whatever the
practitioner changed. Choosing another template replaces only what still is the previous
template's (or still empty): a name, goals, focus systems or measures typed by hand stay, and
steps typed by hand stay with the new template's steps after them. Cadence and dates are never
a template's. Nothing is saved: the form comes back to be checked and started.
"""
from practice.plans.forms import NewPlanForm, template_content
from practice.plans.models import PlanTemplate
from practice.plans.stepforms import filled_steps

#: The fields a template fills in; steps are handled on their own.
TEMPLATE_FIELDS = ("name", "goals", "focus_systems", "measures")
STEP_FIELDS = ("technique", "body_region", "minutes", "instructions")


def _content(template: PlanTemplate | None) -> dict:
    if template is None:
        return {"name": None, "goals": None, "focus_systems": [], "measures": [], "steps": []}
    content = template_content(template)
    return {**content, "name": template.name,
            "steps": [step for step in content["steps"] if step.get("technique")]}


def _same(value, other) -> bool:
    if isinstance(value, list) or isinstance(other, list):
        return set(value or []) == set(other or [])
    return (value or "") == (other or "")


def _step_key(step: dict) -> tuple:
    return tuple(step.get(name) or None for name in STEP_FIELDS)


def choose_template(form: NewPlanForm, previous: PlanTemplate | None,
                    chosen: PlanTemplate | None) -> NewPlanForm:
    """A fresh copy of ``form`` with ``chosen``'s content in place of ``previous``'s."""
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    before, after = _content(previous), _content(chosen)
    for name in TEMPLATE_FIELDS:
        if not data.get(name) or _same(data[name], before[name]):
            data[name] = after[name]
    typed = filled_steps(form.steps)
    if [_step_key(step) for step in typed] == [_step_key(step) for step in before["steps"]]:
        typed = []
    data["steps"] = [*typed, *after["steps"]] or [{}]
    data["template_id"] = data["applied_template_id"] = chosen.id if chosen else None
    return NewPlanForm(formdata=None, data=data)
