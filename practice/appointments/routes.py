"""Book, reschedule, cancel and read appointments; the practitioner's week."""
from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.appointments import bp, operations, queries
from practice.appointments.forms import BookingForm, CancelForm, RescheduleForm
from practice.appointments.models import Appointment, CancelledBy
from practice.core.access import practitioner_required
from practice.core.clock import local_datetime, local_today
from practice.core.errors import Conflict
from practice.core.locking import VersionedForm
from practice.core.once import ALREADY_SAVED, create_once
from practice.plans.queries import active_plans


def _when(appointment: Appointment) -> str:
    return local_datetime(appointment.starts_at).strftime("%A %d %B at %H:%M")


@bp.route("/clients/<int:client_id>/new", methods=["GET", "POST"])
@practitioner_required
def book(client_id: int):
    client = queries.get_client_for_booking_or_404(client_id)
    plans = active_plans(client)
    form = BookingForm().offer_plans(plans)
    if request.method == "GET":
        form.day.data = _day_argument() or local_today()
        form.plan_id.data = plans[0].id if plans else 0
    clash = closed = None
    if form.validate_on_submit():
        try:
            appointment, created = create_once(
                form.form_key.data, current_user, Appointment,
                lambda: operations.book(client, current_user, form.values()))
        except operations.Clash as refused:
            clash = refused.clashes
        except operations.Closed as refused:
            closed = refused.reason
        else:
            flash(f"Booked: {_when(appointment)}." if created else ALREADY_SAVED,
                  "success" if created else "info")
            return redirect(url_for("appointments.view", appointment_id=appointment.id))
    status = 409 if clash or closed else 422 if form.errors else 200
    return render_template("appointments/form.html", client=client, form=form, clash=clash,
                           closed=closed, appointment=None), status


def _day_argument() -> date | None:
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return None
    return day if abs((day - local_today()).days) <= queries.WEEK_RANGE * 7 else None


@bp.route("/<int:appointment_id>")
@practitioner_required
def view(appointment_id: int):
    appointment = queries.get_appointment_or_404(appointment_id)
    return render_template("appointments/view.html", appointment=appointment,
                           client=appointment.client,
                           cancel_form=CancelForm(formdata=None, data={"version": appointment.version}),
                           version_form=VersionedForm(formdata=None,
                                                      data={"version": appointment.version}))


@bp.route("/<int:appointment_id>/edit", methods=["GET", "POST"])
@practitioner_required
def reschedule(appointment_id: int):
    appointment = queries.get_appointment_or_404(appointment_id)
    plans = active_plans(appointment.client)
    form = (RescheduleForm(formdata=None, data=RescheduleForm.data_of(appointment))
            if request.method == "GET" else RescheduleForm()).offer_plans(plans)
    clash = conflict = closed = None
    if form.validate_on_submit():
        try:
            operations.reschedule(appointment, form.values(), form.submitted_version)
        except operations.Clash as refused:
            clash = refused.clashes
        except operations.Closed as refused:
            closed = refused.reason
        except Conflict as changed:
            conflict = changed.current
            form.version.data = conflict.version
        else:
            flash(f"Moved to {_when(appointment)}.", "success")
            return redirect(url_for("appointments.view", appointment_id=appointment.id))
    status = 409 if clash or conflict or closed else 422 if form.errors else 200
    return render_template("appointments/form.html", client=appointment.client, form=form,
                           clash=clash, closed=closed, conflict=conflict,
                           appointment=appointment), status


@bp.route("/<int:appointment_id>/cancel", methods=["POST"])
@practitioner_required
def cancel(appointment_id: int):
    appointment = queries.get_appointment_or_404(appointment_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return render_template("appointments/view.html", appointment=appointment,
                               client=appointment.client, cancel_form=form,
                               version_form=VersionedForm(formdata=None,
                                                          data={"version": appointment.version})), 422
    count = operations.cancel(appointment, current_user, CancelledBy(form.cancelled_by.data),
                              form.reason.data, form.submitted_version,
                              rest_of_series=form.rest_of_series.data)
    flash("Appointment cancelled." if count == 1 else f"{count} appointments cancelled: this "
          "one and the rest of its series.", "success")
    return redirect(url_for("appointments.view", appointment_id=appointment.id))


@bp.route("/<int:appointment_id>/no-show", methods=["POST"])
@practitioner_required
def no_show(appointment_id: int):
    appointment = queries.get_appointment_or_404(appointment_id)
    operations.mark_no_show(appointment, VersionedForm().submitted_version)
    flash("Marked as missed: the client did not come.", "success")
    return redirect(url_for("appointments.view", appointment_id=appointment.id))


@bp.route("/<int:appointment_id>/keep", methods=["POST"])
@practitioner_required
def keep(appointment_id: int):
    """Answer the client's request by keeping the appointment as booked."""
    appointment = queries.get_appointment_or_404(appointment_id)
    operations.keep_as_booked(appointment, VersionedForm().submitted_version)
    flash("Kept as booked. Let the client know.", "success")
    return redirect(url_for("appointments.view", appointment_id=appointment.id))


@bp.route("/week")
@practitioner_required
def week():
    monday = queries.monday_of(_day_argument() or local_today())
    return render_template("appointments/week.html", monday=monday,
                           days=queries.week_of(current_user, monday),
                           previous=monday - timedelta(days=7), following=monday + timedelta(days=7),
                           this_week=queries.monday_of(local_today()))
