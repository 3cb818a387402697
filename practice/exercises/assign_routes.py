"""Assigning home exercises on one page: the library with a dose beside each exercise; tick
one or several and add them to the client's home program in one go."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.clients.queries import get_client_or_404
from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.errors import NotFound
from practice.core.extensions import db
from practice.core.focus import parse_focus_list
from practice.core.once import ALREADY_SAVED
from practice.core.search import clean_search
from practice.exercises import bp, operations, queries
from practice.exercises.assign_forms import AssignSeveralForm
from practice.precautions.conflicts import find_conflicts
from practice.precautions.forms import check_override
from practice.precautions.queries import active_precautions, conflicts_for


def _client_url(client_id: int) -> str:
    return url_for("clients.overview", client_id=client_id)


def _after_assign_url(client_id: int, session_id: int | None) -> str:
    """Back to the session record the assignment was made from, else to the client."""
    if session_id:
        return url_for("treatments.view_session", session_id=session_id)
    return _client_url(client_id)


def _library(search: str | None, focus: str | None, leaving_out=()) -> list:
    """The library as searched, best matches first, without the exercises already listed."""
    focus_system = next(iter(parse_focus_list([focus])), None)
    statement = queries.library_query(current_user.id, search=clean_search(search),
                                      focus=focus_system)
    return [exercise for exercise in db.session.scalars(statement)
            if exercise.id not in leaving_out]


def _first_form(exercise_id: int | None) -> AssignSeveralForm:
    """The page as first opened: the library, with the exercise it was opened for ticked."""
    q, focus = request.args.get("q"), request.args.get("focus")
    rows = []
    if exercise_id is not None:
        rows.append(AssignSeveralForm.row_data(queries.get_exercise_or_404(exercise_id),
                                               chosen=True))
    listed = {row["exercise_id"] for row in rows}
    rows += [AssignSeveralForm.row_data(exercise) for exercise in _library(q, focus, listed)]
    return AssignSeveralForm(formdata=None, data={
        "q": clean_search(q), "focus": focus or "", "items": rows, "starts_on": local_today()})


def _searched_again(form: AssignSeveralForm) -> AssignSeveralForm:
    """The ticked rows as typed, then the library as now searched; nothing is saved."""
    rows = form.rows_as_typed(ticked_only=True)
    listed = {row["exercise_id"] for row in rows}
    rows += [AssignSeveralForm.row_data(exercise)
             for exercise in _library(form.q.data, form.focus.data, listed)]
    data = {name: field.data for name, field in form._fields.items()
            if name not in ("csrf_token", "items")}
    return AssignSeveralForm(formdata=None, data={**data, "items": rows})


@bp.route("/assign/<int:client_id>", methods=["GET", "POST"])
@practitioner_required
def assign_to_client(client_id: int):
    client = get_client_or_404(client_id)
    session_id = request.args.get("session_id", type=int)
    if request.method == "GET":
        form = _first_form(request.args.get("exercise_id", type=int))
    else:
        form = AssignSeveralForm()
    exercises = queries.exercises_by_id(row.exercise_id.data for row in
                                        (entry.form for entry in form.items))
    if any(row.exercise_id.data not in exercises for row in form.ticked()):
        raise NotFound()  # another practitioner's exercise, or none at all
    if request.method == "POST" and "search" in request.form:
        form = _searched_again(form)
        exercises = queries.exercises_by_id(entry.form.exercise_id.data for entry in form.items)
    elif form.validate_on_submit() and check_override(form, _ticked_conflicts(client, form,
                                                                            exercises)):
        made, earlier = operations.assign_several(
            client, [(exercises[row.exercise_id.data],
                      row.prescription(form.starts_on.data, form.ends_on.data))
                     for row in form.ticked()],
            current_user, form.form_key.data, session_id=session_id,
            going_ahead=form.going_ahead())
        _say_what_was_assigned(client, made, earlier)
        return redirect(_after_assign_url(client.id, session_id))
    items, today = active_precautions(client.id), local_today()
    return render_template("exercises/assign.html", client=client, form=form,
                           exercises=exercises, session_id=session_id,
                           client_url=_client_url(client.id),
                           row_conflicts={exercise_id: find_conflicts(
                               items, operations.work_of(exercise), today)
                               for exercise_id, exercise in exercises.items()},
                           precaution_conflicts=_ticked_conflicts(client, form, exercises))


def _ticked_conflicts(client, form: AssignSeveralForm, exercises: dict) -> list:
    """What the ticked exercises conflict with on the client's checklist."""
    return conflicts_for(client.id, [pair for row in form.ticked()
                                     if row.exercise_id.data in exercises
                                     for pair in operations.work_of(exercises[row.exercise_id.data])])


def _say_what_was_assigned(client, made: list, earlier: list) -> None:
    if not made:
        flash(ALREADY_SAVED, "info")
        return
    names = [f"“{assignment.exercise.name}”" for assignment in made]
    if len(names) == 1:
        flash(f"{names[0]} is on {client.given_name}'s home program.", "success")
    else:
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        flash(f"{len(names)} exercises are on {client.given_name}'s home program: {listed}.",
              "success")
    if earlier:
        flash(f"{len(earlier)} more from the same form {'was' if len(earlier) == 1 else 'were'} "
              "saved before and not added twice.", "info")


@bp.route("/<int:exercise_id>/assign")
@practitioner_required
def assign_exercise(exercise_id: int):
    """From an exercise's page: the client's assign page, with this exercise ticked."""
    exercise = queries.get_exercise_or_404(exercise_id)
    client = get_client_or_404(request.args.get("client_id", 0, type=int))
    return redirect(url_for(".assign_to_client", client_id=client.id, exercise_id=exercise.id))
