"""A client's session plans: start (from a template or blank), edit, pause, resume, complete."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.conflicts import differences
from practice.core.errors import Conflict
from practice.core.forms import EmptyForm
from practice.core.locking import version_of
from practice.core.once import ALREADY_SAVED, create_once
from practice.plans import bp, operations, queries
from practice.plans.forms import NewPlanForm, PlanForm
from practice.plans.models import PlanStatus, SessionPlan
from practice.plans.stepforms import apply_step_command, filled_steps, step_command
from practice.plans.template_choice import choose_template
from practice.precautions.conflicts import open_conflicts
from practice.precautions.forms import check_override
from practice.precautions.queries import conflicts_for

STATUSES = {status.value: status for status in PlanStatus}
STATUS_VERBS = {PlanStatus.ACTIVE: "resumed", PlanStatus.PAUSED: "paused",
                PlanStatus.COMPLETED: "completed"}


@bp.route("/clients/<int:client_id>")
@practitioner_required
def client_plans(client_id: int):
    client = queries.get_client_for_plans_or_404(client_id)
    return render_template("plans/client_plans.html", client=client, plans=queries.plans_of(client))


def _template_or_none(template_id: int | None):
    return queries.get_visible_template_or_404(template_id) if template_id else None


@bp.route("/clients/<int:client_id>/new", methods=["GET", "POST"])
@practitioner_required
def new_plan(client_id: int):
    client = queries.get_client_for_new_plan_or_404(client_id)
    if request.method == "GET":
        template = _template_or_none(request.args.get("template_id", type=int))
        form = NewPlanForm(data=NewPlanForm.prefill(template, local_today()))
    else:
        form = NewPlanForm()
        # The template whose content the form holds (an older page sends only its choice).
        template = _template_or_none(form.applied_template_id.data or form.template_id.data
                                     or request.args.get("template_id", type=int))
    conflicts = _step_conflicts(client, form)
    if "load_template" in request.form:
        template = _template_or_none(form.template_id.data)
        form = choose_template(form, _template_or_none(form.applied_template_id.data), template)
    elif command := step_command():
        form = apply_step_command(form, command)
    elif form.validate_on_submit() and check_override(form, conflicts):
        try:
            plan, created = create_once(
                form.form_key.data, current_user, SessionPlan,
                lambda: operations.create_plan(client, current_user, form.changes(), template,
                                               going_ahead=form.going_ahead()))
        except operations.PlanConflict as exc:
            form.focus_systems.errors.append(exc.message)
        else:
            flash(f"Plan \"{plan.name}\" started." if created else ALREADY_SAVED,
                  "success" if created else "info")
            return redirect(url_for("plans.view_plan", plan_id=plan.id))
    form.offer_templates(queries.templates_to_start_from(current_user))
    return render_template("plans/plan_form.html", form=form, client=client, plan=None,
                           template=template, chosen="load_template" in request.form,
                           precaution_conflicts=_step_conflicts(client, form))


def _step_conflicts(client, form: PlanForm, plan: SessionPlan | None = None) -> list:
    """What the form's steps conflict with on the client's checklist, beyond what the plan
    already went ahead against."""
    return open_conflicts(conflicts_for(client.id, operations.plan_work(filled_steps(form.steps))),
                          plan.precaution_overrides if plan is not None else [])


@bp.route("/<int:plan_id>")
@practitioner_required
def view_plan(plan_id: int):
    plan = queries.get_plan_for_view_or_404(plan_id)
    return render_template("plans/plan.html", plan=plan, client=plan.client, button_form=EmptyForm(),
                           PlanStatus=PlanStatus)


@bp.route("/<int:plan_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_plan(plan_id: int):
    plan = queries.get_plan_for_edit_or_404(plan_id)
    if request.method == "GET" and plan.status is PlanStatus.COMPLETED:
        flash("A completed plan is kept as it was; start a new plan instead.", "info")
        return redirect(url_for("plans.view_plan", plan_id=plan.id))
    form = PlanForm(data=PlanForm.data_of(plan)) if request.method == "GET" else PlanForm()
    form.remember_version(plan)
    conflicts = _step_conflicts(plan.client, form, plan)
    if command := step_command():
        form = apply_step_command(form, command)
    elif form.validate_on_submit() and check_override(form, conflicts):
        try:
            operations.update_plan(plan, form.changes(), form.submitted_version,
                                   going_ahead=form.going_ahead())
        except operations.PlanConflict as exc:
            form.focus_systems.errors.append(exc.message)
        except Conflict as conflict:
            return _conflict_page(form, conflict.current)
        else:
            flash("Plan saved.", "success")
            return redirect(url_for("plans.view_plan", plan_id=plan.id))
    return _plan_form(form, plan)


def _plan_form(form: PlanForm, plan, **context):
    return render_template("plans/plan_form.html", form=form, client=plan.client, plan=plan,
                           template=None, precaution_conflicts=_step_conflicts(plan.client, form, plan),
                           **context)


def _conflict_page(form: PlanForm, stored):
    """Both versions side by side; saving the form again (now at the stored version) keeps it."""
    form.version.data = version_of(stored)
    conflict = differences(form, PlanForm(formdata=None, data=PlanForm.data_of(stored)))
    return _plan_form(form, stored, conflict=conflict), 409


@bp.route("/<int:plan_id>/status/<status>", methods=["POST"])
@practitioner_required
def set_plan_status(plan_id: int, status: str):
    plan = queries.get_plan_or_404(plan_id)
    new_status = STATUSES.get(status) or abort(404)
    operations.change_status(plan, new_status, local_today())
    flash(f"Plan {STATUS_VERBS[new_status]}.", "success")
    return redirect(url_for("plans.view_plan", plan_id=plan.id))
