"""Practice settings (name, time zone, handout contact details) and the condition-type list."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from practice.admin import bp
from practice.admin import settings_services as services
from practice.admin.forms import ConditionTypeForm, SettingsForm
from practice.clients.models import ConditionType
from practice.concurrency import remember_stamp, saved_elsewhere
from practice.core.access import admin_required
from practice.core.extensions import db
from practice.core.forms import EmptyForm
from practice.core.settings import practice_settings


def get_condition_type_or_404(type_id: int) -> ConditionType:
    return db.get_or_404(ConditionType, type_id)


def _settings_page(form: SettingsForm, type_form: ConditionTypeForm, status: int = 200):
    types = services.condition_types()
    usage = services.condition_type_usage(t.id for t in types)
    return render_template("admin/settings.html", form=form, type_form=type_form, types=types,
                           usage=usage, empty_form=EmptyForm()), status


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    stored = practice_settings()
    form = SettingsForm(obj=stored)
    remember_stamp(form, stored)
    if form.validate_on_submit():
        if saved_elsewhere(form, stored, "practice's settings"):
            return _settings_page(form, ConditionTypeForm(formdata=None), 409)
        try:
            changed = services.save_settings(form.values(), current_user)
        except services.SettingsError as exc:
            form.timezone.errors.append(str(exc))
        else:
            db.session.commit()
            flash("Settings saved." if changed else "Nothing changed.", "success")
            return redirect(url_for("admin.settings"))
    return _settings_page(form, ConditionTypeForm(formdata=None))


@bp.route("/settings/condition-types", methods=["POST"])
@admin_required
def add_condition_type():
    type_form = ConditionTypeForm()
    if type_form.validate_on_submit():
        try:
            condition_type = services.add_condition_type(type_form.name.data,
                                                         type_form.description.data)
        except services.SettingsError as exc:
            type_form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"“{condition_type.name}” added to the condition types.", "success")
            return redirect(url_for("admin.settings", _anchor="condition-types"))
    form = SettingsForm(formdata=None, obj=practice_settings())
    return _settings_page(form, type_form)


@bp.route("/settings/condition-types/<int:type_id>", methods=["GET", "POST"])
@admin_required
def edit_condition_type(type_id: int):
    condition_type = get_condition_type_or_404(type_id)
    form = ConditionTypeForm(obj=condition_type)
    if form.validate_on_submit():
        try:
            services.update_condition_type(condition_type, form.name.data, form.description.data)
        except services.SettingsError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash("Condition type saved.", "success")
            return redirect(url_for("admin.settings", _anchor="condition-types"))
    usage = services.condition_type_usage([condition_type.id])[condition_type.id]
    return render_template("admin/condition_type.html", form=form, condition_type=condition_type,
                           usage=usage)


def _condition_type_action(type_id: int, action) -> object:
    """Run one list action from a one-button form, then go back to the list."""
    condition_type = get_condition_type_or_404(type_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        message = action(condition_type)
        db.session.commit()
    except services.SettingsError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
    except IntegrityError:  # an intake took the type up between the check and the delete
        db.session.rollback()
        flash("That condition type has just been used on an intake, so it stays. Retire it "
              "instead.", "warning")
    else:
        if message:
            flash(message, "success")
    return redirect(url_for("admin.settings", _anchor="condition-types"))


@bp.route("/settings/condition-types/<int:type_id>/move", methods=["POST"])
@admin_required
def move_condition_type(type_id: int):
    step = -1 if request.form.get("direction") == "up" else 1
    return _condition_type_action(type_id, lambda ct: services.move_condition_type(ct, step))


@bp.route("/settings/condition-types/<int:type_id>/retire", methods=["POST"])
@admin_required
def retire_condition_type(type_id: int):
    def retire(condition_type):
        services.set_condition_type_active(condition_type, False)
        return (f"“{condition_type.name}” is retired: existing intakes keep it, new ones no "
                "longer offer it.")
    return _condition_type_action(type_id, retire)


@bp.route("/settings/condition-types/<int:type_id>/restore", methods=["POST"])
@admin_required
def restore_condition_type(type_id: int):
    def restore(condition_type):
        services.set_condition_type_active(condition_type, True)
        return f"“{condition_type.name}” is offered on intakes again."
    return _condition_type_action(type_id, restore)


@bp.route("/settings/condition-types/<int:type_id>/delete", methods=["POST"])
@admin_required
def delete_condition_type(type_id: int):
    def delete(condition_type):
        name = condition_type.name
        services.delete_condition_type(condition_type)
        return f"“{name}” deleted."
    return _condition_type_action(type_id, delete)
