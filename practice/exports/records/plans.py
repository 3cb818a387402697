"""Session plans with their steps, and the plan templates they are copied from."""
from sqlalchemy.orm import contains_eager

from practice.exports.base import Exporter, column
from practice.exports.records.common import OVERRIDE_COLUMNS
from practice.plans.models import PlanStep, PlanTemplate, SessionPlan


def _step_columns(owner_key: str, owner_description: str) -> tuple:
    return (
        column("id", "Step number."),
        column(owner_key, owner_description),
        column("position", "Order within its plan, from 1."),
        column("technique", "The technique, e.g. lymph drainage strokes toward the collarbone."),
        column("body_region", "Where on the body."),
        column("minutes", "Planned minutes."),
        column("instructions", "Instructions for the practitioner."),
        column("conflicts_with", "The checklist precautions the step conflicts with "
                                 "(precautions.kind values)."),
    )


PLANS = Exporter(
    key="plans", title="Session plans",
    description="A client's course of sessions: focus systems, goals, cadence and status.",
    model=SessionPlan, client_column=SessionPlan.client_id,
    parent="clients", parent_column=SessionPlan.client_id,
    columns=(
        column("id", "Plan number."),
        column("client_id", "The client (clients.id)."),
        column("template_id", "The template it was copied from (plan_templates.id), if any."),
        column("created_by_id", "Who made the plan (users.id)."),
        column("name", "Name of the plan."),
        column("focus_systems", "Body systems worked on (lymphatic, endocrine, circulatory, "
                                "digestive, nervous_sleep, musculoskeletal, other)."),
        column("goals", "Goals of the plan."),
        column("sessions_per_week", "Planned sessions a week."),
        column("weeks", "Planned length in weeks."),
        column("measures", "Measures watched while it runs (pain, neck_shoulder_pain, fatigue, "
                           "sleep, fog, wpi, sss)."),
        column("status", "active, paused or completed."),
        column("start_date", "First day (YYYY-MM-DD)."),
        column("end_date", "Last day, when completed or planned (YYYY-MM-DD)."),
        *OVERRIDE_COLUMNS,
        column("created_at", "When it was created (UTC)."),
        column("updated_at", "When it last changed (UTC)."),
    ),
)

PLAN_STEPS = Exporter(
    key="plan_steps", title="Session plan steps", json_key="steps",
    description="The ordered steps of each client's session plan.",
    model=PlanStep, client_column=SessionPlan.client_id,
    joins=(PlanStep.plan,), options=(contains_eager(PlanStep.plan),),
    parent="plans", parent_column=PlanStep.plan_id,
    columns=(*_step_columns("plan_id", "The plan (plans.id)."),
             column("client_id", "The client (clients.id).", lambda step: step.plan.client_id)),
)

PLAN_TEMPLATES = Exporter(
    key="plan_templates", title="Plan templates",
    description="Reusable plans: practice-wide ones and each practitioner's own.",
    model=PlanTemplate,
    columns=(
        column("id", "Template number (plans.template_id)."),
        column("practitioner_id", "Owner (users.id); empty for a practice-wide template."),
        column("name", "Name of the template."),
        column("description", "What it is for."),
        column("focus_systems", "Body systems worked on."),
        column("goals", "Goals."),
        column("measures", "Measures a plan started from it watches (pain, neck_shoulder_pain, "
                           "fatigue, sleep, fog, wpi, sss)."),
        column("created_at", "When it was created (UTC)."),
        column("updated_at", "When it last changed (UTC)."),
        column("archived_at", "When it was archived (UTC)."),
    ),
)

TEMPLATE_STEPS = Exporter(
    key="template_steps", title="Plan template steps", json_key="steps",
    description="The ordered steps of each plan template.",
    model=PlanStep, where=(PlanStep.template_id.is_not(None),),
    parent="plan_templates", parent_column=PlanStep.template_id,
    columns=_step_columns("template_id", "The template (plan_templates.id)."),
)

EXPORTERS = [PLANS, PLAN_STEPS, PLAN_TEMPLATES, TEMPLATE_STEPS]
