"""The template library: practice-wide starter templates and the practitioner's own."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.conflicts import differences
from practice.core.errors import Conflict
from practice.core.forms import EmptyForm
from practice.core.locking import version_of
from practice.core.once import ALREADY_SAVED, OnceButtonForm, create_once
from practice.plans import bp, operations, queries
from practice.plans.forms import TemplateForm
from practice.plans.models import PlanTemplate
from practice.plans.stepforms import apply_step_command, step_command


@bp.route("/templates")
@practitioner_required
def templates():
    show_archived = request.args.get("archived") == "1"
    practice_templates, own_templates = queries.template_library(current_user, show_archived)
    return render_template("plans/templates.html", show_archived=show_archived,
                           practice_templates=practice_templates, own_templates=own_templates)


@bp.route("/templates/new", methods=["GET", "POST"])
@practitioner_required
def new_template():
    form = TemplateForm()
    if command := step_command():
        form = apply_step_command(form, command)
    elif form.validate_on_submit():
        template, created = create_once(form.form_key.data, current_user, PlanTemplate,
                                        lambda: operations.create_template(current_user, form.changes()))
        flash(f"Template \"{template.name}\" created." if created else ALREADY_SAVED,
              "success" if created else "info")
        return redirect(url_for("plans.view_template", template_id=template.id))
    return render_template("plans/template_form.html", form=form, template=None)


@bp.route("/templates/<int:template_id>")
@practitioner_required
def view_template(template_id: int):
    template = queries.get_visible_template_or_404(template_id)
    return render_template("plans/template.html", template=template,
                           clients=queries.clients_to_start_for(current_user), button_form=EmptyForm())


@bp.route("/templates/<int:template_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_template(template_id: int):
    template = queries.get_own_template_or_404(template_id)
    form = TemplateForm(data=TemplateForm.data_of(template)) if request.method == "GET" \
        else TemplateForm()
    form.remember_version(template)
    if command := step_command():
        form = apply_step_command(form, command)
    elif form.validate_on_submit():
        try:
            operations.update_template(template, form.changes(), form.submitted_version)
        except Conflict as conflict:
            return _conflict_page(form, conflict.current)
        flash("Template saved.", "success")
        return redirect(url_for("plans.view_template", template_id=template.id))
    return render_template("plans/template_form.html", form=form, template=template)


def _conflict_page(form: TemplateForm, stored):
    """Both versions side by side; saving the form again (now at the stored version) keeps it."""
    form.version.data = version_of(stored)
    conflict = differences(form, TemplateForm(formdata=None, data=TemplateForm.data_of(stored)))
    return render_template("plans/template_form.html", form=form, template=stored,
                           conflict=conflict), 409


@bp.route("/templates/<int:template_id>/duplicate", methods=["POST"])
@practitioner_required
def duplicate(template_id: int):
    source = queries.get_visible_template_or_404(template_id)
    copy, created = create_once(OnceButtonForm().form_key.data, current_user, PlanTemplate,
                                lambda: operations.duplicate_template(source, current_user))
    flash("This is your own copy: adapt it and save." if created else ALREADY_SAVED,
          "success" if created else "info")
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
    template = queries.get_own_template_or_404(template_id)
    operations.set_template_archived(template, archived)
    flash(f"Template \"{template.name}\" {'archived' if archived else 'restored'}.", "success")
    return redirect(url_for("plans.view_template", template_id=template.id))


@bp.route("/templates/<int:template_id>/start")
@practitioner_required
def start_from_template(template_id: int):
    """Pick a client for a template (a GET form on the template page) and open the new plan."""
    template = queries.get_visible_template_or_404(template_id)
    client_id = request.args.get("client_id", type=int)
    if client_id is None:
        abort(404)
    return redirect(url_for("plans.new_plan", client_id=client_id, template_id=template.id))
