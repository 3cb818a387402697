"""Practice settings (name, time zone, handout contact details) and the condition-type list."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.admin import bp, operations, queries
from practice.admin.forms import ConditionTypeForm, SettingsForm
from practice.core.access import admin_required
from practice.core.conflicts import differences
from practice.core.errors import Conflict, DomainError
from practice.core.forms import EmptyForm
from practice.core.locking import version_of
from practice.core.once import ALREADY_SAVED, create_once
from practice.core.settings import practice_settings
from practice.intakes.models import ConditionType


def _settings_page(form: SettingsForm, type_form: ConditionTypeForm, conflict=None,
                   status: int = 200):
    types = queries.condition_types()
    usage = queries.condition_type_usage(t.id for t in types)
    return render_template("admin/settings.html", form=form, type_form=type_form, types=types,
                           usage=usage, empty_form=EmptyForm(), conflict=conflict,
                           outbox=queries.outbox_counts()), status


def _conflict_page(form: SettingsForm, current):
    """Someone saved the settings after this form was opened: both versions, and the form
    (now of the stored version) to save again."""
    stored = SettingsForm(formdata=None, obj=current)
    form.version.data = version_of(current)
    return _settings_page(form, ConditionTypeForm(formdata=None),
                          conflict=differences(form, stored), status=409)


def zone_change_message(old_zone: str, new_zone: str) -> str:
    """What a new time zone changes, in words, with an example time."""
    example = datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo(old_zone))
    moved = example.astimezone(ZoneInfo(new_zone))
    return (f"Times are now shown in {new_zone} instead of {old_zone}. Nothing stored moves: "
            f"each session, sign-in and audit entry keeps its moment, shown in the new zone (a "
            f"session at 10:00 on 1 June in {old_zone} now reads {moved:%H:%M on %d %B}). "
            "A day's check-in or exercise log keeps its date; \"today\" starts at midnight in "
            f"{new_zone} from now on.")


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    stored = practice_settings()
    form = SettingsForm(obj=stored)
    if not form.is_submitted():  # a form opened before the first save carries no version
        form.remember_version(stored)
    if form.validate_on_submit():
        old_zone = stored.timezone
        try:
            changed = operations.save_settings(form.values(), form.submitted_version, current_user)
        except Conflict as conflict:
            return _conflict_page(form, conflict.current)
        except DomainError as error:
            form.timezone.errors.append(error.message)
        else:
            flash("Settings saved." if changed else "Nothing changed.", "success")
            if "timezone" in changed:
                flash(zone_change_message(old_zone, form.timezone.data), "info")
            return redirect(url_for("admin.settings"))
    return _settings_page(form, ConditionTypeForm(formdata=None))


@bp.route("/settings/condition-types", methods=["POST"])
@admin_required
def add_condition_type():
    type_form = ConditionTypeForm()
    if type_form.validate_on_submit():
        try:
            condition_type, created = create_once(
                type_form.form_key.data, current_user, ConditionType,
                lambda: operations.add_condition_type(type_form.name.data,
                                                      type_form.description.data))
        except DomainError as error:
            type_form.name.errors.append(error.message)
        else:
            flash(f"“{condition_type.name}” added to the condition types." if created
                  else ALREADY_SAVED, "success" if created else "info")
            return redirect(url_for("admin.settings", _anchor="condition-types"))
    stored = practice_settings()
    form = SettingsForm(formdata=None, obj=stored)
    form.remember_version(stored)
    return _settings_page(form, type_form)


@bp.route("/settings/condition-types/<int:type_id>", methods=["GET", "POST"])
@admin_required
def edit_condition_type(type_id: int):
    condition_type = queries.get_condition_type_or_404(type_id)
    form = ConditionTypeForm(obj=condition_type)
    if form.validate_on_submit():
        try:
            operations.update_condition_type(condition_type, form.name.data, form.description.data)
        except DomainError as error:
            form.name.errors.append(error.message)
        else:
            flash("Condition type saved.", "success")
            return redirect(url_for("admin.settings", _anchor="condition-types"))
    usage = queries.condition_type_usage([condition_type.id])[condition_type.id]
    return render_template("admin/condition_type.html", form=form, condition_type=condition_type,
                           usage=usage)


def _back_to_the_list():
    return redirect(url_for("admin.settings", _anchor="condition-types"))


def _checked_condition_type(type_id: int):
    """The condition type a one-button form is about (its token checked), or 404/400."""
    condition_type = queries.get_condition_type_or_404(type_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return condition_type


@bp.route("/settings/condition-types/<int:type_id>/move", methods=["POST"])
@admin_required
def move_condition_type(type_id: int):
    condition_type = _checked_condition_type(type_id)
    step = -1 if request.form.get("direction") == "up" else 1
    operations.move_condition_type(condition_type, step)
    return _back_to_the_list()


@bp.route("/settings/condition-types/<int:type_id>/retire", methods=["POST"])
@admin_required
def retire_condition_type(type_id: int):
    condition_type = _checked_condition_type(type_id)
    operations.set_condition_type_active(condition_type, False)
    flash(f"“{condition_type.name}” is retired: existing intakes keep it, new ones no longer "
          "offer it.", "success")
    return _back_to_the_list()


@bp.route("/settings/condition-types/<int:type_id>/restore", methods=["POST"])
@admin_required
def restore_condition_type(type_id: int):
    condition_type = _checked_condition_type(type_id)
    operations.set_condition_type_active(condition_type, True)
    flash(f"“{condition_type.name}” is offered on intakes again.", "success")
    return _back_to_the_list()


@bp.route("/settings/condition-types/<int:type_id>/delete", methods=["POST"])
@admin_required
def delete_condition_type(type_id: int):
    condition_type = _checked_condition_type(type_id)
    name = condition_type.name
    operations.delete_condition_type(condition_type)
    flash(f"“{name}” deleted.", "success")
    return _back_to_the_list()
