"""Exercise pages: the library (list and search, view, add, edit, copy, archive, restore) and a
client's home program, practitioner side (assign, change, stop, review and print)."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.conflicts import differences
from practice.core.errors import Conflict
from practice.core.focus import parse_focus_list
from practice.core.forms import EmptyForm
from practice.core.locking import version_of
from practice.core.once import ALREADY_SAVED, OnceButtonForm, create_once, sent_before
from practice.core.pagination import paginate
from practice.core.search import clean_search
from practice.core.settings import practice_settings
from practice.exercises import bp, operations, queries
from practice.exercises.adherence import WINDOWS, adherence_for_client
from practice.exercises.forms import (
    ChangeAssignmentForm,
    ExerciseForm,
    KeepDespitePrecautionsForm,
    LibraryFilterForm,
)
from practice.exercises.models import Assignment, Exercise
from practice.exercises.queries import LibraryScope
from practice.precautions.conflicts import open_conflicts
from practice.precautions.forms import check_override
from practice.precautions.queries import client_cautions, conflicts_for


@bp.route("/")
@practitioner_required
def index():
    filters = LibraryFilterForm(request.args)
    scope = LibraryScope(filters.scope.data) if filters.scope.data in {
        scope.value for scope in LibraryScope} else LibraryScope.ALL
    focus = next(iter(parse_focus_list([filters.focus.data])), None)
    page = paginate(queries.library_query(current_user.id, search=clean_search(filters.q.data),
                                          focus=focus, scope=scope),
                    per_page=current_app.config["PAGE_SIZE"])
    return render_template("exercises/index.html", page=page, filters=filters,
                           filtered=bool(filters.q.data or focus or scope is not LibraryScope.ALL))


@bp.route("/<int:exercise_id>")
@practitioner_required
def view(exercise_id: int):
    return render_template("exercises/view.html", exercise=queries.get_exercise_or_404(exercise_id),
                           clients=queries.active_clients(), action_form=EmptyForm())


@bp.route("/new", methods=["GET", "POST"])
@practitioner_required
def create():
    form = ExerciseForm()
    if request.method == "GET":
        form.fill_defaults()
    if form.validate_on_submit():
        exercise, created = create_once(
            form.form_key.data, current_user, Exercise,
            lambda: operations.create_exercise(current_user, form.exercise_fields()))
        flash(f"“{exercise.name}” is in your library." if created else ALREADY_SAVED,
              "success" if created else "info")
        return redirect(url_for(".view", exercise_id=exercise.id))
    return render_template("exercises/form.html", form=form, exercise=None)


@bp.route("/<int:exercise_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit(exercise_id: int):
    exercise = queries.get_exercise_or_404(exercise_id)
    if exercise.is_practice_wide:  # nothing to edit here: say why on the item's page
        flash(operations.ReadOnlyExercise.default_message, "info")
        return redirect(url_for(".view", exercise_id=exercise.id))
    form = ExerciseForm()
    if request.method == "GET":
        form.fill_from(exercise)
        form.remember_version(exercise)
    if form.validate_on_submit():
        try:
            operations.update_exercise(exercise, form.exercise_fields(), form.submitted_version)
        except Conflict as conflict:
            stored = ExerciseForm(formdata=None)
            stored.fill_from(conflict.current)
            form.version.data = version_of(conflict.current)
            return render_template("exercises/form.html", form=form, exercise=exercise,
                                   conflict=differences(form, stored)), 409
        flash("Your changes are saved.", "success")
        return redirect(url_for(".view", exercise_id=exercise.id))
    return render_template("exercises/form.html", form=form, exercise=exercise)


@bp.route("/<int:exercise_id>/copy", methods=["POST"])
@practitioner_required
def copy(exercise_id: int):
    original = queries.get_exercise_or_404(exercise_id)
    form = OnceButtonForm()
    if form.validate_on_submit():
        exercise, created = create_once(form.form_key.data, current_user, Exercise,
                                        lambda: operations.copy_exercise(original, current_user))
        flash("This is your own copy: adapt it and save." if created else ALREADY_SAVED,
              "success" if created else "info")
        return redirect(url_for(".edit", exercise_id=exercise.id))
    return redirect(url_for(".view", exercise_id=original.id))


@bp.route("/<int:exercise_id>/archive", methods=["POST"])
@practitioner_required
def archive(exercise_id: int):
    exercise = queries.get_exercise_or_404(exercise_id)
    if EmptyForm().validate_on_submit() and operations.set_archived(exercise, archived=True):
        flash(f"“{exercise.name}” is archived: it stays on existing home programs but is no "
              "longer offered.", "success")
    return redirect(url_for(".view", exercise_id=exercise.id))


@bp.route("/<int:exercise_id>/restore", methods=["POST"])
@practitioner_required
def restore(exercise_id: int):
    exercise = queries.get_exercise_or_404(exercise_id)
    if EmptyForm().validate_on_submit() and operations.set_archived(exercise, archived=False):
        flash(f"“{exercise.name}” is back in your library.", "success")
    return redirect(url_for(".view", exercise_id=exercise.id))


# Home programs ---------------------------------------------------------------------------

def _client_url(client_id: int) -> str:
    return url_for("clients.overview", client_id=client_id)


def _return_url(client_id: int) -> str:
    if request.args.get("from") == "program":
        return url_for("exercises.program", client_id=client_id)
    return _client_url(client_id)


@bp.route("/assignments/<int:assignment_id>/change", methods=["GET", "POST"])
@practitioner_required
def change_assignment(assignment_id: int):
    assignment = queries.get_assignment_or_404(assignment_id)
    today = local_today()
    if request.method == "POST" and sent_before(request.form.get("form_key"), current_user,
                                                Assignment) is not None:
        flash(ALREADY_SAVED, "info")  # the change this form made, in the program it returns to
        return redirect(_return_url(assignment.client_id))
    if not assignment.can_change(today):
        flash(operations.ENDED_MESSAGE, "info")
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
        current, _created = create_once(form.form_key.data, current_user, Assignment,
                                        lambda: operations.change_assignment(
                                            assignment, current_user,
                                            form.prescription(assignment.starts_on if started
                                                              else None), today))
        flash("The dose change starts today; the earlier prescription stays in the history."
              if current is not assignment else "The prescription is updated.", "success")
        return redirect(_return_url(assignment.client_id))
    return render_template("exercises/change.html", assignment=assignment,
                           client=assignment.client, form=form, started=started,
                           client_url=_return_url(assignment.client_id))


@bp.route("/assignments/<int:assignment_id>/precautions", methods=["GET", "POST"])
@practitioner_required
def decide_assignment(assignment_id: int):
    """An assignment the client's checklist now conflicts with: keep it with a reason, or stop
    it (the Stop button of the program)."""
    assignment = queries.get_assignment_or_404(assignment_id)
    client, today = assignment.client, local_today()
    conflicts = open_conflicts(conflicts_for(client.id, operations.work_of(assignment.exercise)),
                               assignment.precaution_overrides)
    if not conflicts or not assignment.can_change(today):
        flash("Nothing is left to decide about this exercise.", "info")
        return redirect(_client_url(client.id))
    form = KeepDespitePrecautionsForm()
    if form.validate_on_submit() and check_override(form, conflicts):
        operations.keep_despite_precautions(assignment, form.going_ahead(), today)
        flash(f"“{assignment.exercise.name}” stays on {client.given_name}'s program; the reason "
              "is kept on it.", "success")
        return redirect(_client_url(client.id))
    return render_template("exercises/decide.html", assignment=assignment, client=client,
                           form=form, conflicts=conflicts, client_url=_client_url(client.id))


@bp.route("/assignments/<int:assignment_id>/stop", methods=["POST"])
@practitioner_required
def stop_assignment(assignment_id: int):
    assignment = queries.get_assignment_or_404(assignment_id)
    if EmptyForm().validate_on_submit() and operations.stop_assignment(
            assignment, current_user, local_today()):
        flash(f"“{assignment.exercise.name}” is stopped from today; it stays in the history.",
              "success")
    return redirect(_return_url(assignment.client_id))


@bp.route("/program/<int:client_id>")
@practitioner_required
def program(client_id: int):
    client = queries.get_program_client_or_404(client_id)
    today = local_today()
    return render_template("exercises/program.html", client=client, today=today,
                           adherence=adherence_for_client(client.id, today), windows=WINDOWS,
                           history=queries.program_history(client.id),
                           client_url=_client_url(client.id))


@bp.route("/program/<int:client_id>/print")
@practitioner_required
def print_program(client_id: int):
    client = queries.get_program_client_or_404(client_id, printout=True)
    today = local_today()
    assignments = queries.current_program(client.id, today)
    return render_template("exercises/print.html", client=client, today=today,
                           assignments=assignments, practice=practice_settings(),
                           cautions=client_cautions(client.id, assignments),
                           back_url=_client_url(client.id))
