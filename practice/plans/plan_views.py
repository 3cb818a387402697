"""A client's session plans: start (from a template or blank), edit, pause, resume, complete."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from practice.clients.loaders import get_client_or_404
from practice.concurrency import mark_saved, remember_stamp, saved_elsewhere
from practice.core import audit
from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.core.forms import EmptyForm
from practice.plans import bp
from practice.plans.forms import PlanForm
from practice.plans.loaders import get_plan_or_404, get_visible_template_or_404
from practice.plans.models import PlanStatus, PlanTemplate, SessionPlan
from practice.plans.services import (
    ClientArchived,
    PlanCompleted,
    PlanConflict,
    change_status,
    create_plan,
    plan_prefill,
    update_plan,
    visible_templates,
)
from practice.plans.stepforms import apply_step_command, filled_steps, step_command

#: Active plans first, then paused, then completed; newest first within each.
STATUS_ORDER = case((SessionPlan.status == PlanStatus.ACTIVE, 0),
                    (SessionPlan.status == PlanStatus.PAUSED, 1), else_=2)


def plan_form_data(form: PlanForm) -> dict:
    return {name: form[name].data for name in ("name", "focus_systems", "goals", "sessions_per_week",
                                                "weeks", "measures", "start_date", "end_date")} | {
        "steps": filled_steps(form.steps)}


def plan_to_form_data(plan: SessionPlan) -> dict:
    return {"name": plan.name, "goals": plan.goals, "sessions_per_week": plan.sessions_per_week,
            "weeks": plan.weeks, "start_date": plan.start_date, "end_date": plan.end_date,
            "focus_systems": [focus.value for focus in plan.focus_systems],
            "measures": [measure.value for measure in plan.measures],
            "steps": [step.as_dict() for step in plan.steps] or [{}]}


@bp.route("/clients/<int:client_id>")
@practitioner_required
def client_plans(client_id: int):
    client = get_client_or_404(client_id)
    plans = db.session.scalars(select(SessionPlan).where(SessionPlan.client_id == client.id)
                               .options(selectinload(SessionPlan.sessions))
                               .order_by(STATUS_ORDER, SessionPlan.start_date.desc(),
                                         SessionPlan.id.desc())).all()
    return render_template("plans/client_plans.html", client=client, plans=plans)


@bp.route("/clients/<int:client_id>/new", methods=["GET", "POST"])
@practitioner_required
def new_plan(client_id: int):
    client = get_client_or_404(client_id)
    if client.is_archived:
        flash(f"{client.full_name}'s record is archived; restore it before starting a plan.", "warning")
        return redirect(url_for("plans.client_plans", client_id=client.id))
    template_id = request.values.get("template_id", type=int)
    template = get_visible_template_or_404(template_id) if template_id else None
    if request.method == "GET":
        form = PlanForm(data=plan_prefill(template, local_today()))
    else:
        form = PlanForm()
    if command := step_command():
        form = apply_step_command(form, command)
    elif form.validate_on_submit():
        try:
            plan = create_plan(client, current_user, plan_form_data(form), template)
        except PlanConflict as exc:
            form.focus_systems.errors.append(str(exc))
        else:
            audit.record("plan.create", plan, client_id=client.id,
                         detail={"template_id": template.id if template else None,
                                 "steps": len(plan.steps)})
            db.session.commit()
            flash(f"Plan \"{plan.name}\" started.", "success")
            return redirect(url_for("plans.view_plan", plan_id=plan.id))
    templates = db.session.scalars(visible_templates(current_user)
                                   .where(PlanTemplate.archived_at.is_(None))
                                   .order_by(PlanTemplate.practitioner_id.is_not(None),
                                             PlanTemplate.name)).all()
    return render_template("plans/plan_form.html", form=form, client=client, plan=None,
                           template=template, templates=templates)


@bp.route("/<int:plan_id>")
@practitioner_required
def view_plan(plan_id: int):
    plan = get_plan_or_404(plan_id)
    audit.record("plan.view", plan, client_id=plan.client_id)
    db.session.commit()
    return render_template("plans/plan.html", plan=plan, client=plan.client, button_form=EmptyForm(),
                           PlanStatus=PlanStatus)


@bp.route("/<int:plan_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_plan(plan_id: int):
    plan = get_plan_or_404(plan_id)
    if request.method == "GET" and plan.status is PlanStatus.COMPLETED:
        flash("A completed plan is kept as it was; start a new plan instead.", "info")
        return redirect(url_for("plans.view_plan", plan_id=plan.id))
    form = PlanForm(data=plan_to_form_data(plan)) if request.method == "GET" else PlanForm()
    remember_stamp(form, plan)
    if command := step_command():
        form = apply_step_command(form, command)
    elif form.validate_on_submit() and saved_elsewhere(form, plan, "plan"):
        return render_template("plans/plan_form.html", form=form, client=plan.client, plan=plan,
                               template=None, templates=[]), 409
    elif form.validate_on_submit():
        try:
            update_plan(plan, plan_form_data(form))
            mark_saved(plan)
        except PlanConflict as exc:
            form.focus_systems.errors.append(str(exc))
        except (ClientArchived, PlanCompleted) as exc:
            flash(str(exc), "warning")
            return redirect(url_for("plans.view_plan", plan_id=plan.id))
        else:
            audit.record("plan.edit", plan, client_id=plan.client_id, detail={"steps": len(plan.steps)})
            db.session.commit()
            flash("Plan saved.", "success")
            return redirect(url_for("plans.view_plan", plan_id=plan.id))
    return render_template("plans/plan_form.html", form=form, client=plan.client, plan=plan,
                           template=None, templates=[])


@bp.route("/<int:plan_id>/status/<status>", methods=["POST"])
@practitioner_required
def set_plan_status(plan_id: int, status: str):
    plan = get_plan_or_404(plan_id)
    try:
        new_status = PlanStatus(status)
    except ValueError:
        abort(404)
    previous = plan.status
    try:
        change_status(plan, new_status, local_today())
    except (PlanConflict, ClientArchived, ValueError) as exc:
        db.session.rollback()
        flash(str(exc), "warning")
    else:
        audit.record("plan.status", plan, client_id=plan.client_id,
                     detail={"from": previous.value, "to": new_status.value})
        db.session.commit()
        flash(f"Plan {STATUS_VERBS[new_status]}.", "success")
    return redirect(url_for("plans.view_plan", plan_id=plan.id))


STATUS_VERBS = {PlanStatus.ACTIVE: "resumed", PlanStatus.PAUSED: "paused",
                PlanStatus.COMPLETED: "completed"}
