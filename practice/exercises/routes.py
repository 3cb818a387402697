"""Library pages: list and search, view, add, edit, copy, archive and restore."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.conflicts import differences
from practice.core.errors import Conflict
from practice.core.extensions import db
from practice.core.focus import parse_focus_list
from practice.core.forms import EmptyForm
from practice.core.locking import version_of
from practice.exercises import bp, operations, queries
from practice.exercises.forms import ExerciseForm, LibraryFilterForm
from practice.exercises.queries import LibraryScope


@bp.route("/")
@practitioner_required
def index():
    filters = LibraryFilterForm(request.args)
    scope = LibraryScope(filters.scope.data) if filters.scope.data in {
        scope.value for scope in LibraryScope} else LibraryScope.ALL
    focus = next(iter(parse_focus_list([filters.focus.data])), None)
    page = db.paginate(queries.library_query(current_user.id, search=filters.q.data or "",
                                             focus=focus, scope=scope),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
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
        exercise = operations.create_exercise(current_user, form.exercise_fields())
        flash(f"“{exercise.name}” is in your library.", "success")
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
    if EmptyForm().validate_on_submit():
        exercise = operations.copy_exercise(original, current_user)
        flash("This is your own copy: adapt it and save.", "success")
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
