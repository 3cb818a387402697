"""Intake notes: write, edit a draft, sign, read, and add addenda to signed ones."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from practice.clients import bp
from practice.clients.blueprint import refuse_if_archived
from practice.core.conflicts import differences
from practice.clients.intake_forms import AddendumForm, IntakeForm, SignForm, intake_form_data
from practice.clients.intakes import (
    add_addendum,
    client_intakes,
    create_intake,
    is_first_intake,
    offered_condition_types,
    record_intake_view,
    sign_intake,
    update_intake,
)
from practice.clients.loaders import get_client_or_404, get_intake_or_404
from practice.clients.models import Intake
from practice.clients.services import ARCHIVED_MESSAGE, RecordStateError
from practice.core.access import practitioner_required
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.core.signed_records import EditConflict, SignedRecordError

#: What a re-assessment starts from: the parts of the last intake that rarely change.
CARRIED_OVER = ("condition_type_id", "chief_complaint", "complaint_history", "medications",
                "goals")


def _to_intake(client_id: int, intake_id: int):
    return redirect(url_for("clients.intake", client_id=client_id, intake_id=intake_id))


def _new_intake_data(previous) -> dict:
    data = {"assessed_on": local_today()}
    if previous is not None:
        stored = intake_form_data(previous)
        data.update({name: stored[name] for name in CARRIED_OVER})
    return data


@bp.route("/<int:client_id>/intakes/new", methods=["GET", "POST"])
@practitioner_required
def new_intake(client_id: int):
    client = get_client_or_404(client_id)
    if refused := refuse_if_archived(client):
        return refused
    intakes = client_intakes(client)
    previous = intakes[-1] if intakes else None
    form = IntakeForm(data=None if request.method == "POST" else _new_intake_data(previous),
                      condition_types=offered_condition_types())
    if form.validate_on_submit():
        intake = create_intake(client, current_user.id, form.values())
        db.session.commit()
        flash("Intake saved as a draft. Check it, then sign it.", "success")
        return _to_intake(client.id, intake.id)
    return render_template("clients/intake_form.html", form=form, client=client, intake=None,
                           previous=previous)


@bp.route("/<int:client_id>/intakes/<int:intake_id>")
@practitioner_required
def intake(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_intake_or_404(client, intake_id)
    record_intake_view(record)
    db.session.commit()
    return render_template("clients/intake.html", client=client, intake=record,
                           is_first=is_first_intake(record),
                           sign_form=SignForm(data={"version": record.version}),
                           addendum_form=AddendumForm())


@bp.route("/<int:client_id>/intakes/<int:intake_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_intake(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_intake_or_404(client, intake_id)
    if record.is_signed or client.is_archived:
        flash("This intake is signed and can no longer change: add an addendum instead."
              if record.is_signed else ARCHIVED_MESSAGE, "warning")
        return _to_intake(client.id, record.id)
    condition_types = offered_condition_types(record.condition_type_id)
    # A post is read on its own: a field it leaves out never falls back to the stored value
    # (above all the version, which would otherwise always match).
    form = IntakeForm(data=None if request.method == "POST" else intake_form_data(record),
                      condition_types=condition_types)
    if form.validate_on_submit():
        try:
            changed = update_intake(record, form.values(), form.submitted_version)
            db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            stored = db.session.get(Intake, record.id)
            if stored.is_signed:
                flash("Someone signed this intake while you were editing it. What you typed is "
                      "below: copy what matters into an addendum.", "warning")
            form.version.data = stored.version
            compare = IntakeForm(formdata=None, data=intake_form_data(stored),
                                 condition_types=condition_types)
            return render_template("clients/intake_form.html", form=form, client=client,
                                   intake=stored, conflict=differences(form, compare)), 409
        flash("Intake saved." if changed else "Nothing was changed.",
              "success" if changed else "info")
        return _to_intake(client.id, record.id)
    return render_template("clients/intake_form.html", form=form, client=client, intake=record)


@bp.route("/<int:client_id>/intakes/<int:intake_id>/sign", methods=["POST"])
@practitioner_required
def sign_intake_view(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_intake_or_404(client, intake_id)
    form = SignForm()
    if not form.validate_on_submit():
        return _to_intake(client.id, record.id)
    try:
        sign_intake(record, current_user, form.submitted_version)
        db.session.commit()
    except (EditConflict, StaleDataError):
        db.session.rollback()
        flash("This intake changed after you opened it. Read it again, then sign.", "warning")
    except SignedRecordError:
        db.session.rollback()
        flash("This intake is already signed.", "info")
    except RecordStateError as exc:
        flash(str(exc), "warning")
    else:
        flash("Intake signed. It is now read-only; corrections go in addenda.", "success")
    return _to_intake(client.id, record.id)


@bp.route("/<int:client_id>/intakes/<int:intake_id>/addenda", methods=["POST"])
@practitioner_required
def add_intake_addendum(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_intake_or_404(client, intake_id)
    form = AddendumForm()
    if form.validate_on_submit():
        try:
            add_addendum(record, current_user.id, form.body.data)
        except RecordStateError as exc:
            flash(str(exc), "warning")
            return _to_intake(client.id, record.id)
        db.session.commit()
        flash("Addendum added.", "success")
        return _to_intake(client.id, record.id)
    return render_template("clients/intake.html", client=client, intake=record,
                           is_first=is_first_intake(record), sign_form=None,
                           addendum_form=form), 200
