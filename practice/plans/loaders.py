"""Owner-scoped loading of templates and plans: another practitioner's answer 404."""
from flask_login import current_user
from sqlalchemy import select

from practice.clients.models import Client
from practice.core.access import one_or_404
from practice.plans.models import PlanTemplate, SessionPlan
from practice.plans.services import visible_templates


def get_visible_template_or_404(template_id: int) -> PlanTemplate:
    """A practice-wide template or one of the signed-in practitioner's own."""
    return one_or_404(visible_templates(current_user).where(PlanTemplate.id == template_id))


def get_own_template_or_404(template_id: int) -> PlanTemplate:
    """One of the signed-in practitioner's own templates (the ones they may change)."""
    return one_or_404(select(PlanTemplate).where(PlanTemplate.id == template_id,
                                                 PlanTemplate.practitioner_id == current_user.id))


def get_plan_or_404(plan_id: int) -> SessionPlan:
    """A plan of one of the signed-in practitioner's clients."""
    return one_or_404(select(SessionPlan).join(SessionPlan.client)
                      .where(SessionPlan.id == plan_id, Client.practitioner_id == current_user.id))
