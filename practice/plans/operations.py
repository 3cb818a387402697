"""Every change to plan templates and clients' session plans: the rules, the change, its audit.

Templates belong to a practitioner (or to the whole practice, read-only); plans belong to a
client, so each change to a plan first checks that the client's record is not archived.
Saving an edit claims the record's lock (``practice.core.locking``): a form opened before
someone else's save raises ``Conflict`` instead of overwriting it.
"""
from datetime import date

from sqlalchemy import select

from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.errors import Forbidden, InvalidState
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.core.locking import claim_version
from practice.plans.models import PlanStatus, PlanStep, PlanTemplate, SessionPlan
from practice.precautions.operations import GoAhead, check_work, go_ahead

STEP_KEYS = ("technique", "body_region", "minutes", "instructions")


class PlanConflict(InvalidState):
    """A plan would be active alongside another active plan for the same focus system."""


class PlanCompleted(InvalidState):
    default_message = "A completed plan is kept as it was; start a new plan instead."


def _step_rows(steps: list[dict]) -> list[PlanStep]:
    return [PlanStep(position=number, conflicts_with=step.get("conflicts_with") or [],
                     **{key: step.get(key) or None for key in STEP_KEYS})
            for number, step in enumerate(steps, start=1)]


# --- templates ---------------------------------------------------------------------------

def _ensure_own(template: PlanTemplate, message: str) -> None:
    if template.is_practice_wide:
        raise Forbidden(message)


def _template_fields(template: PlanTemplate, data: dict) -> None:
    template.name = data["name"]
    template.description = data.get("description") or None
    template.focus_systems = data["focus_systems"]
    template.goals = data.get("goals") or None
    template.measures = data.get("measures") or []
    template.steps = _step_rows(data["steps"])


def _new_template(owner, data: dict) -> PlanTemplate:
    template = PlanTemplate(practitioner_id=owner.id)
    _template_fields(template, data)
    db.session.add(template)
    db.session.flush()
    return template


def create_template(owner, data: dict) -> PlanTemplate:
    template = _new_template(owner, data)
    audit.record("plan_template.create", template, detail={"steps": len(template.steps)})
    return template


def update_template(template: PlanTemplate, data: dict, submitted_version) -> None:
    """Save an own template, if nobody saved it since the editor opened ``submitted_version``."""
    _ensure_own(template, "Practice-wide templates are read-only; duplicate one to adapt it.")
    claim_version(template, submitted_version)
    _template_fields(template, data)
    audit.record("plan_template.edit", template, detail={"steps": len(template.steps)})


def duplicate_template(source: PlanTemplate, owner) -> PlanTemplate:
    """The practitioner's own editable copy of ``source`` (practice-wide or theirs)."""
    copy = _new_template(owner, {
        "name": f"{source.name} (copy)"[:120], "description": source.description,
        "focus_systems": list(source.focus_systems), "goals": source.goals,
        "measures": list(source.measures), "steps": [step.as_dict() for step in source.steps],
    })
    audit.record("plan_template.duplicate", copy, detail={"source_id": source.id})
    return copy


def set_template_archived(template: PlanTemplate, archived: bool) -> None:
    _ensure_own(template, "Practice-wide templates cannot be archived.")
    template.archived_at = now_utc() if archived else None
    audit.record("plan_template.archive" if archived else "plan_template.restore", template)


# --- a client's plans -------------------------------------------------------------------

def _lock_client(client: Client) -> None:
    """Serialise plan changes for one client so two requests cannot both activate a plan."""
    db.session.execute(select(Client.id).where(Client.id == client.id).with_for_update())


def check_one_active_per_focus(client: Client, focus_systems, plan: SessionPlan | None = None) -> None:
    """Raise ``PlanConflict`` when another active plan of the client shares a focus system."""
    wanted = {FocusSystem(focus) for focus in focus_systems}
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


def plan_work(steps: list[dict]) -> list[tuple[str, list]]:
    """A plan's steps as the precautions check reads them: "Step 3: technique" and its tags."""
    return [(f"Step {number}: {step.get('technique') or ''}", step.get("conflicts_with") or [])
            for number, step in enumerate(steps, start=1)]


def create_plan(client: Client, author, data: dict, template: PlanTemplate | None = None, *,
                going_ahead: GoAhead | None = None) -> SessionPlan:
    """Start an active plan for ``client`` (a copy of ``template``'s content, as adapted).

    Steps that conflict with the client's precautions need ``going_ahead`` (a reason, and for
    the gravest a second confirmation): kept on the plan and audited.
    """
    ensure_not_archived(client)
    _lock_client(client)
    check_one_active_per_focus(client, data["focus_systems"])
    plan = SessionPlan(client=client, created_by_id=author.id, template=template,
                       status=PlanStatus.ACTIVE)
    conflicts = check_work([], client.id, plan_work(data["steps"]), going_ahead, local_today())
    _plan_fields(plan, data)
    db.session.add(plan)
    client.touch()
    db.session.flush()
    audit.record("plan.create", plan, client_id=client.id,
                 detail={"template_id": template.id if template else None, "steps": len(plan.steps)})
    _go_ahead(plan, conflicts, going_ahead)
    return plan


def _go_ahead(plan: SessionPlan, conflicts, going_ahead: GoAhead | None) -> None:
    if conflicts:
        go_ahead(plan, plan.client_id, conflicts, going_ahead.reason,
                 confirmed_grave=going_ahead.confirmed_grave)


def update_plan(plan: SessionPlan, data: dict, submitted_version, *,
                going_ahead: GoAhead | None = None) -> None:
    """Save a plan, if nobody saved it since the editor opened ``submitted_version``; steps
    that conflict with a precaution the plan has not gone ahead against need ``going_ahead``."""
    ensure_not_archived(plan)
    if plan.status is PlanStatus.COMPLETED:
        raise PlanCompleted()
    if plan.is_active:
        _lock_client(plan.client)
        check_one_active_per_focus(plan.client, data["focus_systems"], plan)
    conflicts = check_work(plan.precaution_overrides, plan.client_id, plan_work(data["steps"]),
                           going_ahead, local_today())
    claim_version(plan, submitted_version)
    _plan_fields(plan, data)
    plan.client.touch()
    audit.record("plan.edit", plan, client_id=plan.client_id, detail={"steps": len(plan.steps)})
    _go_ahead(plan, conflicts, going_ahead)


#: Which status a plan may move to from which.
TRANSITIONS = {
    PlanStatus.ACTIVE: {PlanStatus.PAUSED, PlanStatus.COMPLETED},
    PlanStatus.PAUSED: {PlanStatus.ACTIVE, PlanStatus.COMPLETED},
    PlanStatus.COMPLETED: set(),
}


def change_status(plan: SessionPlan, status: PlanStatus, today: date) -> None:
    """Pause, resume or complete a plan; completing sets the end date if none is set."""
    ensure_not_archived(plan)
    if status not in TRANSITIONS[plan.status]:
        raise InvalidState(f"A {plan.status.label.lower()} plan cannot become "
                           f"{status.label.lower()}.")
    if status is PlanStatus.ACTIVE:
        _lock_client(plan.client)
        check_one_active_per_focus(plan.client, plan.focus_systems, plan)
    previous = plan.status
    if status is PlanStatus.COMPLETED and plan.end_date is None:
        plan.end_date = max(today, plan.start_date)
    plan.status = status
    plan.client.touch()
    audit.record("plan.status", plan, client_id=plan.client_id,
                 detail={"from": previous.value, "to": status.value})
