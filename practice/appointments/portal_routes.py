"""The client's own appointments in the portal: the next ones, each as an .ics file for their
calendar, and asking to cancel or move one."""
from flask import Response, flash, redirect, render_template, request, url_for

from practice.appointments import bp, operations, queries
from practice.appointments.calendar import calendar_bytes, client_summary
from practice.appointments.forms import AskForm
from practice.appointments.models import ChangeRequest
from practice.core.access import client_required
from practice.core.database import now_utc

ICS_TYPE = "text/calendar; charset=utf-8"


@bp.route("/mine")
@client_required
def mine():
    coming, past = queries.own_appointments(now_utc())
    return render_template("appointments/mine.html", coming=coming, past=past, now=now_utc())


@bp.route("/mine/<int:appointment_id>.ics")
@client_required
def mine_ics(appointment_id: int):
    appointment = queries.get_own_appointment_or_404(appointment_id)
    body = calendar_bytes([appointment], "Qi Practice appointment", client_summary)
    return Response(body, mimetype=ICS_TYPE, headers={
        "Content-Disposition": f'attachment; filename="appointment-{appointment.id}.ics"'})


@bp.route("/mine/<int:appointment_id>/ask", methods=["GET", "POST"])
@client_required
def ask(appointment_id: int):
    appointment = queries.get_own_appointment_or_404(appointment_id)
    form = AskForm()
    if request.method == "GET" and request.args.get("kind") in {k.value for k in ChangeRequest}:
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        operations.ask_for_change(
            appointment, ChangeRequest(form.kind.data), form.note.data or None,
            url_for("appointments.view", appointment_id=appointment.id, _external=True))
        flash("Sent to your practitioner. They will answer you; until then the appointment "
              "stays as booked.", "success")
        return redirect(url_for("appointments.mine"))
    return render_template("appointments/ask.html", appointment=appointment, form=form), \
        422 if form.errors else 200

