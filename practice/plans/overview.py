"""The "Active plan" section of the client overview: each active plan with its progress."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from practice.clients.overview import overview_section
from practice.core.extensions import db
from practice.plans.models import PlanStatus, SessionPlan


@overview_section("plans", "Active plan", "plans/_overview_section.html", order=30)
def active_plans_section(client) -> dict:
    """Always shown: it is where a plan is started. Three queries whatever the history."""
    active = db.session.scalars(
        select(SessionPlan).where(SessionPlan.client_id == client.id,
                                  SessionPlan.status == PlanStatus.ACTIVE)
        .options(selectinload(SessionPlan.sessions))
        .order_by(SessionPlan.start_date, SessionPlan.id)).all()
    earlier = db.session.scalar(select(func.count(SessionPlan.id)).where(
        SessionPlan.client_id == client.id, SessionPlan.status != PlanStatus.ACTIVE))
    return {"client": client, "active_plans": active, "other_plan_count": earlier}
