"""Working hours: each practitioner's own page, and the same for an admin from their account."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from practice.appointments import bp, working_hours_operations
from practice.appointments.forms import WorkingHoursForm
from practice.appointments.hours import opening_hours
from practice.appointments.working_hours import schedule_of
from practice.auth.models import Role, User
from practice.core.access import admin_required, one_or_404, practitioner_required
from practice.core.errors import Conflict


def _hours_page(practitioner: User, back_url: str):
    """Show and save ``practitioner``'s hours; back to ``back_url`` once saved."""
    schedule = schedule_of(practitioner.id)
    version = working_hours_operations.version_for_form(practitioner)
    form = (WorkingHoursForm(formdata=None, data=WorkingHoursForm.data_of(schedule, version))
            if request.method == "GET" else WorkingHoursForm())
    conflict = None
    clearing = "use_practice_hours" in request.form
    if request.method == "POST" and form.validate_on_submit():
        try:
            if clearing:
                working_hours_operations.use_practice_hours(practitioner, current_user,
                                                            form.submitted_version)
            else:
                working_hours_operations.save_working_hours(
                    practitioner, current_user, form.week, form.submitted_version)
        except Conflict as changed:
            conflict = changed.message
            form.version.data = working_hours_operations.version_for_form(practitioner)
        else:
            flash("Working hours cleared: the practice's opening hours apply." if clearing
                  else "Working hours saved: bookings outside them are refused.", "success")
            return redirect(back_url)
    status = 409 if conflict else 422 if form.errors else 200
    return render_template("appointments/working_hours.html", form=form, practitioner=practitioner,
                           schedule=schedule, practice_hours=opening_hours(), conflict=conflict,
                           own=practitioner.id == current_user.id), status


@bp.route("/my-hours", methods=["GET", "POST"])
@practitioner_required
def my_hours():
    return _hours_page(current_user._get_current_object(), url_for("appointments.my_hours"))


@bp.route("/practitioners/<int:user_id>/hours", methods=["GET", "POST"])
@admin_required
def practitioner_hours(user_id: int):
    practitioner = one_or_404(select(User).where(User.id == user_id,
                                                 User.role == Role.PRACTITIONER))
    return _hours_page(practitioner, url_for("admin.account", user_id=practitioner.id))
