"""The template library: practice-wide starter templates and the practitioner's own."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from practice.clients.models import Client, client_name_order
from practice.concurrency import mark_saved, remember_stamp, saved_elsewhere
from practice.core import audit
from practice.core.access import practitioner_required
from practice.core.extensions import db
from practice.core.forms import EmptyForm
from practice.plans import bp
from practice.plans.forms import TemplateForm
from practice.plans.loaders import get_own_template_or_404, get_visible_template_or_404
from practice.plans.models import PlanTemplate
from practice.plans.services import (
    create_template,
    duplicate_template,
    set_template_archived,
    update_template,
    visible_templates,
)
from practice.plans.stepforms import apply_step_command, filled_steps, step_command


def template_form_data(form: TemplateForm) -> dict:
    return {"name": form.name.data, "description": form.description.data,
            "focus_systems": form.focus_systems.data, "goals": form.goals.data,
            "steps": filled_steps(form.steps)}


@bp.route("/templates")
@practitioner_required
def templates():
    show_archived = request.args.get("archived") == "1"
    archived = PlanTemplate.archived_at.is_not(None) if show_archived else PlanTemplate.archived_at.is_(None)
    rows = db.session.scalars(visible_templates(current_user).where(archived)
                              .options(selectinload(PlanTemplate.steps))
                              .order_by(PlanTemplate.name, PlanTemplate.id)).all()
    return render_template("plans/templates.html", show_archived=show_archived,
                           practice_templates=[t for t in rows if t.is_practice_wide],
                           own_templates=[t for t in rows if not t.is_practice_wide])


@bp.route("/templates/new", methods=["GET", "POST"])
@practitioner_required
def new_template():
    form = TemplateForm()
    if command := step_command():
        form = apply_step_command(form, command)
    elif form.validate_on_submit():
        template = create_template(current_user, template_form_data(form))
        audit.record("plan_template.create", template, detail={"steps": len(template.steps)})
        db.session.commit()
        flash(f"Template \"{template.name}\" created.", "success")
        return redirect(url_for("plans.view_template", template_id=template.id))
    return render_template("plans/template_form.html", form=form, template=None)


@bp.route("/templates/<int:template_id>")
@practitioner_required
def view_template(template_id: int):
    template = get_visible_template_or_404(template_id)
    clients = db.session.scalars(select(Client).where(Client.practitioner_id == current_user.id,
                                                      Client.archived_at.is_(None))
                                 .order_by(*client_name_order())).all()
    return render_template("plans/template.html", template=template, clients=clients,
                           button_form=EmptyForm())


@bp.route("/templates/<int:template_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_template(template_id: int):
    template = get_own_template_or_404(template_id)
    if request.method == "GET":
        form = TemplateForm(data={
            "name": template.name, "description": template.description, "goals": template.goals,
            "focus_systems": [focus.value for focus in template.focus_systems],
            "steps": [step.as_dict() for step in template.steps] or [{}]})
    else:
        form = TemplateForm()
    remember_stamp(form, template)
    if command := step_command():
        form = apply_step_command(form, command)
    elif form.validate_on_submit():
        if saved_elsewhere(form, template, "template"):
            return render_template("plans/template_form.html", form=form, template=template), 409
        update_template(template, template_form_data(form))
        mark_saved(template)
        audit.record("plan_template.edit", template, detail={"steps": len(template.steps)})
        db.session.commit()
        flash("Template saved.", "success")
        return redirect(url_for("plans.view_template", template_id=template.id))
    return render_template("plans/template_form.html", form=form, template=template)


@bp.route("/templates/<int:template_id>/duplicate", methods=["POST"])
@practitioner_required
def duplicate(template_id: int):
    source = get_visible_template_or_404(template_id)
    copy = duplicate_template(source, current_user)
    audit.record("plan_template.duplicate", copy, detail={"source_id": source.id})
    db.session.commit()
    flash("This is your own copy: adapt it and save.", "success")
    return redirect(url_for("plans.edit_template", template_id=copy.id))


@bp.route("/templates/<int:template_id>/archive", methods=["POST"])
@practitioner_required
def archive_template(template_id: int):
    return _set_archived(template_id, archived=True)


@bp.route("/templates/<int:template_id>/restore", methods=["POST"])
@practitioner_required
def restore_template(template_id: int):
    return _set_archived(template_id, archived=False)


def _set_archived(template_id: int, archived: bool):
    template = get_own_template_or_404(template_id)
    set_template_archived(template, archived)
    audit.record("plan_template.archive" if archived else "plan_template.restore", template)
    db.session.commit()
    flash(f"Template \"{template.name}\" {'archived' if archived else 'restored'}.", "success")
    return redirect(url_for("plans.view_template", template_id=template.id))


@bp.route("/templates/<int:template_id>/start")
@practitioner_required
def start_from_template(template_id: int):
    """Pick a client for a template (a GET form on the template page) and open the new plan."""
    template = get_visible_template_or_404(template_id)
    client_id = request.args.get("client_id", type=int)
    if client_id is None:
        abort(404)
    return redirect(url_for("plans.new_plan", client_id=client_id, template_id=template.id))
