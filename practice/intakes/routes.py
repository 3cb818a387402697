"""Intake notes: write, edit a draft, sign or discard it, read, and add addenda to signed ones."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.clients.queries import get_client_or_404
from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.conflicts import differences
from practice.core.errors import Conflict, DomainError
from practice.core.locking import version_of
from practice.core.once import ALREADY_SAVED, create_once
from practice.intakes import bp, operations
from practice.intakes.forms import (
    AddendumForm,
    IntakeForm,
    SignForm,
    intake_form_data,
)
from practice.intakes.models import IntakeAddendum
from practice.intakes.queries import (
    get_draft_for_edit_or_404,
    get_intake_for_view_or_404,
    get_intake_or_404,
    get_previous_intake_for_form,
    intake_before,
    is_first_intake,
    missing_to_sign,
    offered_condition_types,
)
from practice.precautions.queries import active_precautions, checklist_of
from practice.precautions.wording import summary

#: The button that saves the draft and opens the precautions checklist.
UPDATE_PRECAUTIONS = "update_precautions"
#: What a re-assessment starts from: the parts of the last intake that rarely change.
CARRIED_OVER = ("condition_type_id", "chief_complaint", "complaint_history", "medications",
                "goals")


def _to_intake(intake):
    return redirect(url_for("intakes.intake", client_id=intake.client_id, intake_id=intake.id))


def _new_intake_data(previous) -> dict:
    data = {"assessed_on": local_today()}
    if previous is not None:
        stored = intake_form_data(previous)
        data.update({name: stored[name] for name in CARRIED_OVER})
    return data


def _intake_page(client, intake, addendum_form=None):
    return render_template("intakes/intake.html", client=client, intake=intake,
                           is_first=is_first_intake(intake),
                           missing=[] if intake.is_signed else missing_to_sign(intake),
                           sign_form=SignForm(data={"version": version_of(intake)}),
                           addendum_form=addendum_form or AddendumForm())


def _form_page(form, client, intake, previous=None, refused: DomainError | None = None):
    """The form as typed; with ``refused``, the reason beside it (nothing was saved).

    A re-assessment's body map outlines the regions of the intake before it: ``previous``
    for a new one, the one before the draft when editing.
    """
    if refused is not None:
        flash(refused.message, "warning")
    page = render_template("intakes/form.html", form=form, client=client, intake=intake,
                           previous=previous,
                           outline_from=previous if intake is None else intake_before(intake),
                           **_checklist(client))
    return page if refused is None else (page, refused.status)


def _checklist(client) -> dict:
    """The client's precautions checklist as the intake form shows it, to confirm or update."""
    today = local_today()
    return {"precaution_lines": [summary(item, today) for item in active_precautions(client.id)],
            "precaution_checklist": checklist_of(client.id)}


def _after_save(intake):
    """To the intake; or, from *Save draft and update the checklist*, to the checklist, which
    comes back to the draft."""
    if UPDATE_PRECAUTIONS in request.form:
        back = url_for("intakes.edit_intake", client_id=intake.client_id, intake_id=intake.id)
        return redirect(url_for("precautions.edit", client_id=intake.client_id, next=back))
    return _to_intake(intake)


@bp.route("/<int:client_id>/intakes/new", methods=["GET", "POST"])
@practitioner_required
def new_intake(client_id: int):
    client = get_client_or_404(client_id)
    previous = get_previous_intake_for_form(client)
    condition_types = offered_condition_types()
    form = IntakeForm(data=None if request.method == "POST" else _new_intake_data(previous),
                    condition_types=condition_types)
    if form.validate_on_submit():
        try:
            intake, created = operations.save_new_intake(
                client, current_user, form.values(), form.form_key.data, form.submitted_version)
        except Conflict as conflict:  # sent again after its draft changed
            return _conflict_page(form, client, conflict.current, condition_types,
                                  locked=getattr(conflict, "locked", None))
        except DomainError as refused:  # archived meanwhile: keep what was typed
            return _form_page(form, client, None, previous, refused)
        if created:
            flash("Intake saved as a draft. Answer what is still missing, then sign it.",
                  "success")
        else:
            flash("This form was already saved as this draft, so it was not stored twice.",
                  "info")
        return _after_save(intake)
    return _form_page(form, client, None, previous)


@bp.route("/<int:client_id>/intakes/<int:intake_id>")
@practitioner_required
def intake(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    return _intake_page(client, get_intake_for_view_or_404(client, intake_id))


@bp.route("/<int:client_id>/intakes/<int:intake_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_intake(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_draft_for_edit_or_404(client, intake_id)
    condition_types = offered_condition_types(record.condition_type_id)
    # A post is read on its own: a field it leaves out never falls back to the stored value
    # (above all the version, which would otherwise always match).
    form = IntakeForm(data=None if request.method == "POST" else intake_form_data(record),
                      condition_types=condition_types)
    if form.validate_on_submit():
        try:
            changed = operations.update_intake(record, form.values(), form.submitted_version)
        except Conflict as conflict:
            return _conflict_page(form, client, conflict.current, condition_types,
                                  locked=getattr(conflict, "locked", None))
        except DomainError as refused:  # archived meanwhile: keep what was typed
            return _form_page(form, client, record, refused=refused)
        flash("Intake saved." if changed else "Nothing was changed.",
              "success" if changed else "info")
        return _after_save(record)
    return _form_page(form, client, record)


def _conflict_page(form: IntakeForm, client, stored, condition_types, locked: str | None):
    """The form as typed, beside the stored version of each field that differs (409)."""
    form.version.data = version_of(stored)
    compare = IntakeForm(formdata=None, data=intake_form_data(stored),
                    condition_types=condition_types)
    return render_template("intakes/form.html", form=form, client=client, intake=stored,
                           **_checklist(client),
                           conflict=differences(form, compare), locked=locked,
                           outline_from=intake_before(stored)), 409


@bp.route("/<int:client_id>/intakes/<int:intake_id>/sign", methods=["POST"])
@practitioner_required
def sign_intake_view(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_intake_or_404(client, intake_id)
    form = SignForm()
    if form.validate_on_submit():
        try:
            operations.sign_intake(record, current_user, form.submitted_version)
        except Conflict:
            flash("This intake changed after you opened it. Read it again, then sign.", "warning")
        else:
            flash("Intake signed. It is now read-only; corrections go in addenda.", "success")
    return _to_intake(record)


@bp.route("/<int:client_id>/intakes/<int:intake_id>/discard", methods=["POST"])
@practitioner_required
def discard_intake(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_intake_or_404(client, intake_id)
    form = SignForm()
    if not form.validate_on_submit():
        return _to_intake(record)
    try:
        operations.discard_intake(record, form.submitted_version)
    except Conflict as conflict:
        flash(conflict.message, "warning")
        return _to_intake(record)
    flash("Draft discarded. It is kept, but no longer one of the client's intakes.", "success")
    return redirect(url_for("clients.overview", client_id=client.id))


@bp.route("/<int:client_id>/intakes/<int:intake_id>/addenda", methods=["POST"])
@practitioner_required
def add_intake_addendum(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_intake_or_404(client, intake_id)
    form = AddendumForm()
    if form.validate_on_submit():
        _addendum, created = create_once(
            form.form_key.data, current_user, IntakeAddendum,
            lambda: operations.add_intake_addendum(record, current_user, form.body.data))
        flash("Addendum added." if created else ALREADY_SAVED, "success" if created else "info")
        return _to_intake(record)
    return _intake_page(client, record, addendum_form=form)
