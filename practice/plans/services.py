"""Domain rules for plan templates and clients' session plans."""
from datetime import date

from sqlalchemy import or_, select

from practice.clients.models import Client
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.plans.models import PlanStatus, PlanStep, PlanTemplate, SessionPlan

STEP_KEYS = ("technique", "body_region", "minutes", "instructions")


class PlanConflict(ValueError):
    """A plan would be active alongside another active plan for the same focus system."""


class PlanCompleted(ValueError):
    """A completed plan is history: it is no longer edited."""


class ClientArchived(ValueError):
    """The client's record is archived: nothing new is recorded until it is restored."""


def ensure_not_archived(client: Client) -> None:
    if client.is_archived:
        raise ClientArchived(f"{client.full_name}'s record is archived; restore it before "
                             "adding to it.")


# --- templates ---------------------------------------------------------------------------

def visible_templates(user):
    """Query for the templates ``user`` may see: practice-wide ones and their own."""
    return select(PlanTemplate).where(or_(PlanTemplate.practitioner_id.is_(None),
                                          PlanTemplate.practitioner_id == user.id))


def _step_rows(steps: list[dict]) -> list[PlanStep]:
    return [PlanStep(position=number, **{key: step.get(key) or None for key in STEP_KEYS})
            for number, step in enumerate(steps, start=1)]


def _template_fields(template: PlanTemplate, data: dict) -> None:
    template.name = data["name"]
    template.description = data.get("description") or None
    template.focus_systems = data["focus_systems"]
    template.goals = data.get("goals") or None
    template.steps = _step_rows(data["steps"])


def create_template(owner, data: dict) -> PlanTemplate:
    template = PlanTemplate(practitioner_id=owner.id)
    _template_fields(template, data)
    db.session.add(template)
    return template


def update_template(template: PlanTemplate, data: dict) -> None:
    if template.is_practice_wide:
        raise PermissionError("Practice-wide templates are read-only; duplicate one to adapt it.")
    _template_fields(template, data)


def duplicate_template(source: PlanTemplate, owner) -> PlanTemplate:
    """The practitioner's own editable copy of ``source`` (practice-wide or theirs)."""
    return create_template(owner, {
        "name": f"{source.name} (copy)"[:120], "description": source.description,
        "focus_systems": list(source.focus_systems), "goals": source.goals,
        "steps": [step.as_dict() for step in source.steps],
    })


def set_template_archived(template: PlanTemplate, archived: bool) -> None:
    if template.is_practice_wide:
        raise PermissionError("Practice-wide templates cannot be archived.")
    template.archived_at = now_utc() if archived else None


# --- a client's plans -------------------------------------------------------------------

def plan_prefill(template: PlanTemplate | None, today: date) -> dict:
    """Form data for a new plan: a copy of the template's content, or a blank plan."""
    data = {"start_date": today, "sessions_per_week": 1, "weeks": 6, "steps": [{}]}
    if template is not None:
        data.update(name=template.name, goals=template.goals,
                    focus_systems=[focus.value for focus in template.focus_systems],
                    steps=[step.as_dict() for step in template.steps] or [{}])
    return data


def _lock_client(client: Client) -> None:
    """Serialise plan changes for one client so two requests cannot both activate a plan."""
    db.session.execute(select(Client.id).where(Client.id == client.id).with_for_update())


def check_one_active_per_focus(client: Client, focus_systems, plan: SessionPlan | None = None) -> None:
    """Raise ``PlanConflict`` when another active plan of the client shares a focus system."""
    wanted = {FocusSystem(focus) if not isinstance(focus, FocusSystem) else focus
              for focus in focus_systems}
    query = select(SessionPlan).where(SessionPlan.client_id == client.id,
                                      SessionPlan.status == PlanStatus.ACTIVE)
    if plan is not None and plan.id is not None:
        query = query.where(SessionPlan.id != plan.id)
    with db.session.no_autoflush:
        others = db.session.scalars(query.order_by(SessionPlan.start_date)).all()
    for other in others:
        shared = [focus for focus in other.focus_systems if focus in wanted]
        if shared:
            names = ", ".join(focus.label for focus in shared)
            raise PlanConflict(
                f"{client.full_name} already has an active plan for {names}: \"{other.name}\". "
                "Pause or complete that plan first; one active plan per focus system keeps the "
                "progress of each clear.")


def _plan_fields(plan: SessionPlan, data: dict) -> None:
    plan.name = data["name"]
    plan.focus_systems = data["focus_systems"]
    plan.goals = data.get("goals") or None
    plan.sessions_per_week = data["sessions_per_week"]
    plan.weeks = data["weeks"]
    plan.measures = data.get("measures") or []
    plan.start_date = data["start_date"]
    plan.end_date = data.get("end_date")
    plan.steps = _step_rows(data["steps"])


def create_plan(client: Client, author, data: dict, template: PlanTemplate | None = None) -> SessionPlan:
    ensure_not_archived(client)
    _lock_client(client)
    check_one_active_per_focus(client, data["focus_systems"])
    plan = SessionPlan(client=client, created_by_id=author.id, template=template,
                       status=PlanStatus.ACTIVE)
    _plan_fields(plan, data)
    db.session.add(plan)
    client.touch()
    return plan


def update_plan(plan: SessionPlan, data: dict) -> None:
    ensure_not_archived(plan.client)
    if plan.status is PlanStatus.COMPLETED:
        raise PlanCompleted("A completed plan is kept as it was; start a new plan instead.")
    if plan.is_active:
        _lock_client(plan.client)
        check_one_active_per_focus(plan.client, data["focus_systems"], plan)
    _plan_fields(plan, data)
    plan.client.touch()


#: Which status a plan may move to from which.
TRANSITIONS = {
    PlanStatus.ACTIVE: {PlanStatus.PAUSED, PlanStatus.COMPLETED},
    PlanStatus.PAUSED: {PlanStatus.ACTIVE, PlanStatus.COMPLETED},
    PlanStatus.COMPLETED: set(),
}


def change_status(plan: SessionPlan, status: PlanStatus, today: date) -> None:
    """Pause, resume or complete a plan; completing sets the end date if none is set."""
    ensure_not_archived(plan.client)
    if status not in TRANSITIONS[plan.status]:
        raise ValueError(f"A {plan.status.label.lower()} plan cannot become "
                         f"{status.label.lower()}.")
    if status is PlanStatus.ACTIVE:
        _lock_client(plan.client)
        check_one_active_per_focus(plan.client, plan.focus_systems, plan)
    if status is PlanStatus.COMPLETED and plan.end_date is None:
        plan.end_date = max(today, plan.start_date)
    plan.status = status
    plan.client.touch()
