"""A client's home program, practitioner side: assign, change, stop, review and print."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.clients.loaders import get_client_or_404
from practice.clients.overview import overview_section
from practice.core import audit
from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.core.focus import parse_focus_list
from practice.core.forms import EmptyForm
from practice.core.settings import practice_settings
from practice.exercises import bp, library, services
from practice.exercises.forms import AssignmentForm, ChangeAssignmentForm, LibraryFilterForm
from practice.exercises.links import client_page_url
from practice.exercises.services import Prescription
from practice.progress.adherence import WINDOWS, adherence_for_client


def _return_url(client_id: int) -> str:
    if request.args.get("from") == "program":
        return url_for("exercises.program", client_id=client_id)
    return client_page_url(client_id)


def _after_assign_url(client_id: int, session_id: int | None) -> str:
    """Back to the session record the assignment was made from, else to the client."""
    if session_id:
        return url_for("treatments.view_session", session_id=session_id)
    return client_page_url(client_id)


def _prescription(form, starts_on=None) -> Prescription:
    return Prescription(form.dose(), starts_on or form.starts_on.data, form.ends_on.data,
                        form.clean_notes())


def _dose_detail(assignment) -> dict:
    return {"assignment_id": assignment.id, "exercise_id": assignment.exercise_id,
            "dose": str(assignment.dose), "starts_on": assignment.starts_on,
            "ends_on": assignment.ends_on}


@bp.route("/assign/<int:client_id>", methods=["GET", "POST"])
@practitioner_required
def assign_to_client(client_id: int):
    client = get_client_or_404(client_id)
    session_id = request.args.get("session_id", type=int)
    exercise_id = request.args.get("exercise_id", type=int)
    if client.is_archived:
        flash("This client's record is archived; restore it before assigning exercises.", "warning")
        return redirect(client_page_url(client.id))
    if exercise_id is None:
        return _exercise_picker(client, session_id)
    exercise = library.get_exercise_or_404(exercise_id)
    if exercise.is_archived:
        flash("That exercise is archived; choose another one.", "warning")
        return redirect(url_for(".assign_to_client", client_id=client.id, session_id=session_id))
    form = AssignmentForm()
    if request.method == "GET":
        form.fill_dose(exercise.default_dose)
        form.starts_on.data = local_today()
    if form.validate_on_submit():
        assignment = services.assign(client, exercise, current_user, _prescription(form))
        audit.record("assignment.create", assignment, client_id=client.id,
                     detail={**_dose_detail(assignment), "session_id": session_id})
        db.session.commit()
        flash(f"“{exercise.name}” is on {client.given_name}'s home program.", "success")
        return redirect(_after_assign_url(client.id, session_id))
    return render_template("exercises/assign.html", client=client, exercise=exercise, form=form,
                           session_id=session_id, client_url=client_page_url(client.id))


@bp.route("/<int:exercise_id>/assign")
@practitioner_required
def assign_exercise(exercise_id: int):
    """From an exercise's page: go on to prescribe it to the client chosen there."""
    exercise = library.get_exercise_or_404(exercise_id)
    client = get_client_or_404(request.args.get("client_id", 0, type=int))
    return redirect(url_for(".assign_to_client", client_id=client.id, exercise_id=exercise.id))


def _exercise_picker(client, session_id):
    filters = LibraryFilterForm(request.args)
    focus = next(iter(parse_focus_list([filters.focus.data])), None)
    exercises = db.session.scalars(library.library_query(
        current_user.id, search=filters.q.data or "", focus=focus)).all()
    return render_template("exercises/pick.html", client=client, exercises=exercises,
                           filters=filters, session_id=session_id,
                           client_url=client_page_url(client.id))


@bp.route("/assignments/<int:assignment_id>/change", methods=["GET", "POST"])
@practitioner_required
def change_assignment(assignment_id: int):
    assignment = services.get_assignment_or_404(assignment_id)
    today = local_today()
    if assignment.is_stopped or not assignment.is_current(today):
        flash("This prescription has ended; assign the exercise again instead.", "info")
        return redirect(_return_url(assignment.client_id))
    form = ChangeAssignmentForm()
    started = assignment.starts_on <= today
    if started:
        form.lock_start(today)
    if request.method == "GET":
        form.fill_dose(assignment.dose)
        form.ends_on.data, form.notes.data = assignment.ends_on, assignment.notes
        if not started:
            form.starts_on.data = assignment.starts_on
    if form.validate_on_submit():
        previous = _dose_detail(assignment)
        current = services.change_assignment(
            assignment, current_user, _prescription(form, assignment.starts_on if started else None),
            today)
        audit.record("assignment.change", current, client_id=assignment.client_id,
                     detail={**_dose_detail(current), "previous": previous,
                             "replaced": current is not assignment})
        db.session.commit()
        flash("The dose change starts today; the earlier prescription stays in the history."
              if current is not assignment else "The prescription is updated.", "success")
        return redirect(_return_url(assignment.client_id))
    return render_template("exercises/change.html", assignment=assignment,
                           client=assignment.client, form=form, started=started,
                           client_url=_return_url(assignment.client_id))


@bp.route("/assignments/<int:assignment_id>/stop", methods=["POST"])
@practitioner_required
def stop_assignment(assignment_id: int):
    assignment = services.get_assignment_or_404(assignment_id)
    if EmptyForm().validate_on_submit() and not assignment.is_stopped:
        services.stop_assignment(assignment, current_user, local_today())
        audit.record("assignment.stop", assignment, client_id=assignment.client_id,
                     detail=_dose_detail(assignment))
        db.session.commit()
        flash(f"“{assignment.exercise.name}” is stopped from today; it stays in the history.",
              "success")
    return redirect(_return_url(assignment.client_id))


def _viewed_client(client_id: int, action: str):
    """The practitioner's client, with the viewing audited; and today's date."""
    client = get_client_or_404(client_id)
    audit.record(action, client, client_id=client.id)
    db.session.commit()
    return client, local_today()


@bp.route("/program/<int:client_id>")
@practitioner_required
def program(client_id: int):
    client, today = _viewed_client(client_id, "home_program.view")
    return render_template("exercises/program.html", client=client, today=today,
                           adherence=adherence_for_client(client.id, today), windows=WINDOWS,
                           history=services.program_history(client.id),
                           client_url=client_page_url(client.id))


@bp.route("/program/<int:client_id>/print")
@practitioner_required
def print_program(client_id: int):
    client, today = _viewed_client(client_id, "home_program.print")
    return render_template("exercises/print.html", client=client, today=today,
                           assignments=services.current_program(client.id, today),
                           practice=practice_settings(), back_url=client_page_url(client.id))


@overview_section("home_program", "Home program", "exercises/_overview_section.html", order=40)
def home_program_section(client):
    today = local_today()
    return {"adherence": adherence_for_client(client.id, today), "windows": WINDOWS,
            "today": today}
