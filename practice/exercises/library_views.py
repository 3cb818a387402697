"""Library pages: list and search, view, add, edit, copy, archive and restore."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from practice.clients.models import Client, client_name_order
from practice.concurrency import mark_saved, remember_stamp, saved_elsewhere
from practice.core import audit
from practice.core.access import practitioner_required
from practice.core.extensions import db
from practice.core.focus import parse_focus_list
from practice.core.forms import EmptyForm
from practice.exercises import bp, library
from practice.exercises.forms import ExerciseForm, LibraryFilterForm
from practice.exercises.library import LibraryScope
from practice.exercises.models import DosePeriod, DoseUnit

READ_ONLY_MESSAGE = "Practice library exercises are read only. Make your own copy to adapt it."


@bp.route("/")
@practitioner_required
def index():
    filters = LibraryFilterForm(request.args)
    scope = LibraryScope(filters.scope.data) if filters.scope.data in {
        scope.value for scope in LibraryScope} else LibraryScope.ALL
    focus = next(iter(parse_focus_list([filters.focus.data])), None)
    page = db.paginate(library.library_query(current_user.id, search=filters.q.data or "",
                                             focus=focus, scope=scope),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("exercises/index.html", page=page, filters=filters,
                           filtered=bool(filters.q.data or focus or scope is not LibraryScope.ALL))


@bp.route("/<int:exercise_id>")
@practitioner_required
def view(exercise_id: int):
    exercise = library.get_exercise_or_404(exercise_id)
    clients = db.session.scalars(
        select(Client).where(Client.practitioner_id == current_user.id,
                             Client.archived_at.is_(None)).order_by(*client_name_order())).all()
    return render_template("exercises/view.html", exercise=exercise, clients=clients,
                           action_form=EmptyForm())


@bp.route("/new", methods=["GET", "POST"])
@practitioner_required
def create():
    form = ExerciseForm()
    if request.method == "GET":
        form.amount.data, form.times.data = 10, 1
        form.unit.data, form.period.data = DoseUnit.REPETITIONS.value, DosePeriod.DAY.value
    if form.validate_on_submit():
        exercise = library.create_exercise(current_user, **form.exercise_fields())
        audit.record("exercise.create", exercise)
        db.session.commit()
        flash(f"“{exercise.name}” is in your library.", "success")
        return redirect(url_for(".view", exercise_id=exercise.id))
    return render_template("exercises/form.html", form=form, exercise=None)


@bp.route("/<int:exercise_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit(exercise_id: int):
    exercise = library.get_exercise_or_404(exercise_id)
    if exercise.is_practice_wide:
        flash(READ_ONLY_MESSAGE, "info")
        return redirect(url_for(".view", exercise_id=exercise.id))
    form = ExerciseForm()
    if request.method == "GET":
        form.fill_from(exercise)
    remember_stamp(form, exercise)
    if form.validate_on_submit():
        if saved_elsewhere(form, exercise, "exercise"):
            return render_template("exercises/form.html", form=form, exercise=exercise), 409
        library.update_exercise(exercise, **form.exercise_fields())
        mark_saved(exercise)
        audit.record("exercise.update", exercise)
        db.session.commit()
        flash("Your changes are saved.", "success")
        return redirect(url_for(".view", exercise_id=exercise.id))
    return render_template("exercises/form.html", form=form, exercise=exercise)


@bp.route("/<int:exercise_id>/copy", methods=["POST"])
@practitioner_required
def copy(exercise_id: int):
    original = library.get_exercise_or_404(exercise_id)
    if EmptyForm().validate_on_submit():
        exercise = library.copy_exercise(original, current_user)
        audit.record("exercise.copy", exercise, detail={"copied_from": original.id})
        db.session.commit()
        flash("This is your own copy: adapt it and save.", "success")
        return redirect(url_for(".edit", exercise_id=exercise.id))
    return redirect(url_for(".view", exercise_id=original.id))


@bp.route("/<int:exercise_id>/archive", methods=["POST"])
@practitioner_required
def archive(exercise_id: int):
    return _set_archived(exercise_id, archived=True)


@bp.route("/<int:exercise_id>/restore", methods=["POST"])
@practitioner_required
def restore(exercise_id: int):
    return _set_archived(exercise_id, archived=False)


def _set_archived(exercise_id: int, archived: bool):
    exercise = library.get_exercise_or_404(exercise_id)
    if exercise.is_practice_wide:
        flash(READ_ONLY_MESSAGE, "info")
    elif EmptyForm().validate_on_submit() and exercise.is_archived != archived:
        library.set_archived(exercise, archived)
        audit.record("exercise.archive" if archived else "exercise.restore", exercise)
        db.session.commit()
        flash(f"“{exercise.name}” is archived: it stays on existing home programs but is no "
              "longer offered." if archived else f"“{exercise.name}” is back in your library.",
              "success")
    return redirect(url_for(".view", exercise_id=exercise.id))
