"""Owner-scoped loading of templates and plans (another practitioner's answer 404), and the
lists the plan pages show, including the "Active plan" section of the client overview."""
from datetime import date

from flask_login import current_user
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from practice.clients.models import Client, client_name_order
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.archive import ensure_not_archived
from practice.core.extensions import db
from practice.plans.models import PlanStatus, PlanTemplate, SessionPlan
from practice.precautions.conflicts import find_conflicts, open_conflicts
from practice.precautions.open_work import OpenWork, open_work_source

#: Active plans first, then paused, then completed.
STATUS_ORDER = case((SessionPlan.status == PlanStatus.ACTIVE, 0),
                    (SessionPlan.status == PlanStatus.PAUSED, 1), else_=2)


# --- templates ---------------------------------------------------------------------------

def visible_templates(user):
    """Query for the templates ``user`` may see: practice-wide ones and their own."""
    return select(PlanTemplate).where(or_(PlanTemplate.practitioner_id.is_(None),
                                          PlanTemplate.practitioner_id == user.id))


def get_visible_template_or_404(template_id: int) -> PlanTemplate:
    """A practice-wide template or one of the signed-in practitioner's own."""
    return one_or_404(visible_templates(current_user).where(PlanTemplate.id == template_id))


def get_own_template_or_404(template_id: int) -> PlanTemplate:
    """One of the signed-in practitioner's own templates (the ones they may change)."""
    return one_or_404(select(PlanTemplate).where(PlanTemplate.id == template_id,
                                                 PlanTemplate.practitioner_id == current_user.id))


def template_library(user, archived: bool) -> tuple[list[PlanTemplate], list[PlanTemplate]]:
    """The practice-wide and the own templates ``user`` sees, archived ones or the others."""
    shown = PlanTemplate.archived_at.is_not(None) if archived else PlanTemplate.archived_at.is_(None)
    rows = db.session.scalars(visible_templates(user).where(shown)
                              .options(selectinload(PlanTemplate.steps))
                              .order_by(PlanTemplate.name, PlanTemplate.id)).all()
    return ([template for template in rows if template.is_practice_wide],
            [template for template in rows if not template.is_practice_wide])


def templates_to_start_from(user) -> list[PlanTemplate]:
    """The templates a new plan may copy: practice-wide first, then the user's own."""
    return db.session.scalars(visible_templates(user).where(PlanTemplate.archived_at.is_(None))
                              .order_by(PlanTemplate.practitioner_id.is_not(None),
                                        PlanTemplate.name)).all()


def clients_to_start_for(user) -> list[Client]:
    """The clients a template can start a plan for (names only: no audit)."""
    return db.session.scalars(select(Client).where(Client.practitioner_id == user.id,
                                                   Client.archived_at.is_(None))
                              .order_by(*client_name_order())).all()


# --- a client's plans ---------------------------------------------------------------------

def get_plan_or_404(plan_id: int) -> SessionPlan:
    """A plan of one of the signed-in practitioner's clients."""
    return one_or_404(select(SessionPlan).join(SessionPlan.client)
                      .where(SessionPlan.id == plan_id, Client.practitioner_id == current_user.id))


def get_plan_for_view_or_404(plan_id: int) -> SessionPlan:
    """The plan the plan page shows: the visit is audited."""
    plan = get_plan_or_404(plan_id)
    audit.record_view("plan.view", plan, client_id=plan.client_id)
    return plan


def get_plan_for_edit_or_404(plan_id: int) -> SessionPlan:
    """The plan the edit form shows; the visit is audited.

    A completed plan has no edit form: the route sends the visitor to the plan page, which
    records the visit itself. An archived client's plan cannot be edited, so its form is
    refused (``Archived``) rather than shown.
    """
    plan = get_plan_or_404(plan_id)
    if plan.status is not PlanStatus.COMPLETED:
        ensure_not_archived(plan)
        audit.record_view("plan.view", plan, client_id=plan.client_id, detail={"page": "edit"})
    return plan


def get_client_for_plans_or_404(client_id: int) -> Client:
    """The client whose plans a page lists: goals and progress are clinical, so it is audited."""
    client = get_client_or_404(client_id)
    audit.record_view("plan.list", client, client_id=client.id)
    return client


def get_client_for_new_plan_or_404(client_id: int) -> Client:
    """The client a new plan is for; the form shows their precautions, so it is audited.
    Nothing is recorded for an archived client: its form is refused (``Archived``)."""
    client = get_client_or_404(client_id)
    ensure_not_archived(client)
    audit.record_view("client.view", client, client_id=client.id, detail={"page": "new_plan"})
    return client


def plans_of(client: Client) -> list[SessionPlan]:
    """All the client's plans, active first, newest first within each status."""
    return db.session.scalars(select(SessionPlan).where(SessionPlan.client_id == client.id)
                              .options(selectinload(SessionPlan.sessions))
                              .order_by(STATUS_ORDER, SessionPlan.start_date.desc(),
                                        SessionPlan.id.desc())).all()


def active_plans(client: Client) -> list[SessionPlan]:
    """The client's active plans, newest first (the ones a session can be recorded under)."""
    return db.session.scalars(select(SessionPlan).where(SessionPlan.client_id == client.id,
                                                        SessionPlan.status == PlanStatus.ACTIVE)
                              .order_by(SessionPlan.start_date.desc(), SessionPlan.id.desc())).all()


@overview_section("plans", "Active plan", "plans/_overview_section.html", order=30,
                  kept=True)
def active_plans_section(client) -> dict:
    """Always shown: it is where a plan is started. Three queries whatever the history.

    Part of the overview, whose own loader audits the visit: nothing is recorded here.
    """
    active = db.session.scalars(
        select(SessionPlan).where(SessionPlan.client_id == client.id,
                                  SessionPlan.status == PlanStatus.ACTIVE)
        .options(selectinload(SessionPlan.sessions))
        .order_by(SessionPlan.start_date, SessionPlan.id)).all()
    earlier = db.session.scalar(select(func.count(SessionPlan.id)).where(
        SessionPlan.client_id == client.id, SessionPlan.status != PlanStatus.ACTIVE))
    return {"client": client, "active_plans": active, "other_plan_count": earlier}


@open_work_source
def plans_in_conflict(items_by_client: dict[int, list], today: date) -> dict[int, list]:
    """Active plans with steps that conflict with a precaution the plan did not go ahead
    against (two queries for any number of clients)."""
    found: dict[int, list[OpenWork]] = {}
    statement = (select(SessionPlan).options(selectinload(SessionPlan.steps))
                 .where(SessionPlan.client_id.in_(list(items_by_client)),
                        SessionPlan.status == PlanStatus.ACTIVE)
                 .order_by(SessionPlan.start_date, SessionPlan.id))
    for plan in db.session.scalars(statement):
        items = items_by_client[plan.client_id]
        work = [(f"Step {step.position}: {step.technique}", step.conflicts_with)
                for step in plan.steps]
        conflicts = open_conflicts(find_conflicts(items, work, today), plan.precaution_overrides)
        if conflicts:
            changed = max([plan.updated_at, *(item.updated_at for item in items)])
            found.setdefault(plan.client_id, []).append(OpenWork(
                f"Plan \u201c{plan.name}\u201d", tuple(conflicts),
                ("plans.edit_plan", {"plan_id": plan.id}), f"plan:{plan.id}", changed))
    return found
