"""Book this plan: the plan's cadence and dates proposed as a series, adjusted, then booked;
and moving the rest of a series in one step."""
from datetime import time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.appointments import bp, operations, queries
from practice.appointments.forms import (
    DEFAULT_DURATION,
    MoveSeriesForm,
    SeriesForm,
    place_values,
)
from practice.appointments.models import Appointment, room_key
from practice.appointments.series import cadence_weekdays, propose_days
from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.errors import Conflict
from practice.core.once import ALREADY_SAVED, remember, sent_before

#: Where a proposed series starts in the day until the practitioner says otherwise.
DEFAULT_TIME = time(10, 0)
PATTERN_FIELDS = ("first_day", "weeks", "weekdays", "at")


def _pattern_of(plan) -> dict:
    first = max(plan.start_date, local_today() + timedelta(days=1))
    weeks_left = plan.weeks - (first - plan.start_date).days // 7
    return {"first_day": first, "weeks": min(max(weeks_left, 1), 52),
            "weekdays": list(cadence_weekdays(plan.sessions_per_week)), "at": DEFAULT_TIME,
            "duration_minutes": plan.total_minutes or DEFAULT_DURATION}


def _proposed(form: SeriesForm, plan) -> SeriesForm:
    """The form again with its rows worked out afresh from the pattern typed."""
    data = {name: field.data for name, field in form._fields.items()
            if name not in ("csrf_token", "rows")}
    days = propose_days(form.first_day.data, form.weekdays.data, form.weeks.data, plan.end_date)
    return SeriesForm(formdata=None, data={**data, "rows": form.proposed_rows(days)})


@bp.route("/plans/<int:plan_id>/book", methods=["GET", "POST"])
@practitioner_required
def book_plan(plan_id: int):
    plan = queries.get_plan_for_booking_or_404(plan_id)
    client = plan.client
    if request.method == "GET":
        form = _proposed(SeriesForm(formdata=None, data=_pattern_of(plan)), plan)
    else:
        form = SeriesForm()
        if sent_before(form.form_key.data, current_user, Appointment) is not None:
            flash(ALREADY_SAVED, "info")
            return redirect(url_for("clients.overview", client_id=client.id,
                                    _anchor="section-appointments"))
        valid = form.validate_on_submit()
        if "book" not in request.form:  # "Propose the dates" (or Enter in a pattern field)
            if not any(form[name].errors for name in PATTERN_FIELDS):
                form = _proposed(form, plan)
        elif valid:
            try:
                booked = operations.book_series(client, current_user, form.starts(),
                                                form.values(plan))
            except operations.SeriesRefused as refused:
                return _render(form, plan, refused.problems, 409)
            remember(form.form_key.data, current_user, booked[0])
            flash(f"Booked {len(booked)} sessions of {plan.name}.", "success")
            return redirect(url_for("clients.overview", client_id=client.id,
                                    _anchor="section-appointments"))
    problems = [] if form.errors else operations.check_series(
        client, form.starts(), form.duration_minutes.data or DEFAULT_DURATION,
        room_key(**place_values(form.place_kind.data, form.place.data)))
    proposing = request.method == "GET" or "book" not in request.form
    return _render(form, plan, problems, 422 if form.errors else 200, untick=proposing)


def _render(form: SeriesForm, plan, problems, status: int, untick: bool = False):
    """The page with each row's problem beside it (``problems`` follow the booked rows); a
    fresh proposal leaves the rows that cannot be booked unticked (``untick``)."""
    by_row = dict(zip(form.booked_rows(), problems, strict=False))
    row_problems = [by_row.get(index) for index in range(len(form.rows))]
    if untick:
        for index, problem in by_row.items():
            if problem:
                form.rows[index].include.data = False
    return render_template("appointments/book_plan.html", form=form, plan=plan,
                           client=plan.client, row_problems=row_problems,
                           ticked=len(form.booked_rows())), status


@bp.route("/<int:appointment_id>/move-series", methods=["GET", "POST"])
@practitioner_required
def move_series(appointment_id: int):
    """Move this appointment and every later booked one of its series in one step."""
    appointment = queries.get_appointment_or_404(appointment_id)
    later = operations.later_in_series(appointment)
    form = (MoveSeriesForm(formdata=None, data={"version": appointment.version})
            if request.method == "GET" else MoveSeriesForm())
    problems = conflict = None
    if form.validate_on_submit():
        try:
            moved = operations.move_series(appointment, form.at.data, form.shift_days.data,
                                           form.submitted_version)
        except operations.SeriesMoveRefused as refused:
            problems = refused.problems
        except Conflict as changed:
            conflict = changed.current
            form.version.data = conflict.version
        else:
            flash(f"Moved {len(moved)} sessions: this one and the rest of its series.", "success")
            return redirect(url_for("appointments.view", appointment_id=appointment.id))
    status = 409 if problems or conflict else 422 if form.errors else 200
    return render_template("appointments/move_series.html", appointment=appointment,
                           client=appointment.client, later=later, form=form,
                           problems=problems, conflict=conflict), status
