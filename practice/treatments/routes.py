"""Session records: record and edit drafts, read them, sign, discard, add addenda."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.conflicts import differences, typed_as_text
from practice.core.database import now_utc
from practice.core.errors import Conflict
from practice.core.locking import VersionedForm
from practice.core.once import ALREADY_SAVED, create_once
from practice.plans.queries import active_plans
from practice.plans.stepforms import apply_step_command, filled_steps, step_command
from practice.precautions.conflicts import open_conflicts
from practice.precautions.forms import check_override
from practice.precautions.queries import conflicts_for
from practice.snippets.queries import own_snippets
from practice.treatments import bp, operations, queries
from practice.treatments.forms import (
    NEW_STEP,
    AddendumForm,
    SessionForm,
    booked_start,
    duration_fields,
    steps_from_plan,
)
from practice.treatments.models import SessionAddendum, TreatmentSession
from practice.treatments.recorded import session_page_links


@bp.route("/clients/<int:client_id>")
@practitioner_required
def client_sessions(client_id: int):
    client = queries.get_client_for_sessions_or_404(client_id)
    return render_template("treatments/client_sessions.html", client=client,
                           page=queries.sessions_page(client))


# --- recording and editing a draft ----------------------------------------------------------------

def _session_page(**context):
    """The session form's page, with the practitioner's note snippets beside the note."""
    return render_template("treatments/session_form.html", snippets=own_snippets(), **context)


def _session_form(initial_data, plans) -> tuple[SessionForm, bool]:
    """The form of this request (``initial_data()`` on GET) and whether it was only rebuilt
    for a step or plan button, in which case nothing is to be saved."""
    form = SessionForm(data=initial_data()) if request.method == "GET" else SessionForm()
    form.offer_plans(plans)
    if rebuilt := _rebuilt(form, {plan.id: plan for plan in plans}):
        return rebuilt.offer_plans(plans), True
    return form, False


def _rebuilt(form: SessionForm, plans_by_id: dict) -> SessionForm | None:
    """The form re-rendered for a step or plan button (nothing saved), or ``None``."""
    if "load_plan" in request.form:
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        data["steps"] = steps_from_plan(plans_by_id.get(form.plan_id.data)) or [NEW_STEP]
        data.update(duration_fields(data["steps"]))
        return SessionForm(formdata=None, data=data)
    if command := step_command():
        return apply_step_command(form, command, new_step=NEW_STEP)
    return None


@bp.route("/clients/<int:client_id>/new", methods=["GET", "POST"])
@practitioner_required
def new_session(client_id: int):
    from_last = request.method == "GET" and request.args.get("from") == "last"
    if from_last:
        client, source = queries.get_client_and_last_session_or_404(client_id)
    else:
        client, source = queries.get_client_for_new_session_or_404(client_id), None
    plans = active_plans(client)
    plans_by_id = {plan.id: plan for plan in plans}

    def prefill() -> dict:
        if source is not None:  # its plan if still running, else none: never a guess
            return SessionForm.copy_of(source, plans_by_id.get(source.plan_id), now_utc())
        chosen = plans_by_id.get(request.args.get("plan_id", type=int)) or (plans[0] if plans else None)
        return SessionForm.prefill(chosen, booked_start(request.args) or now_utc(),
                                   request.args.get("minutes", type=int))

    form, rebuilt = _session_form(prefill, plans)
    conflicts = _step_conflicts(client, form)
    if not rebuilt and form.validate_on_submit() and check_override(form, conflicts):
        session, created = create_once(
            form.form_key.data, current_user, TreatmentSession,
            lambda: operations.create_session(client, current_user, form.changes(plans_by_id),
                                              sign="sign" in request.form,
                                              going_ahead=form.going_ahead()))
        if not created:
            return _sent_again(form, session)
        flash("Session signed and locked." if session.is_signed else "Draft saved.", "success")
        return redirect(url_for("treatments.view_session", session_id=session.id))
    return _session_page(form=form, client=client, session=None,
                         open_drafts=queries.open_drafts(client), from_last=from_last,
                         source=source, last_signed=source or queries.last_signed_session(client),
                         precaution_conflicts=_step_conflicts(client, form))


def _step_conflicts(client, form: SessionForm, session: TreatmentSession | None = None) -> list:
    """What the steps ticked as done conflict with on the client's checklist, beyond what the
    draft already went ahead against."""
    work = operations.session_work(filled_steps(form.steps))
    return open_conflicts(conflicts_for(client.id, work),
                          session.precaution_overrides if session is not None else [])


def _sent_again(form: SessionForm, session: TreatmentSession):
    """The new-session form came again after it was saved (double click, Refresh, Back).

    Sent as it was, the route shows the session it made. Sent with changes (Back, more
    typing, Save) to a draft still open, the form comes back as that draft's edit form with
    what was typed and the fields that differ, so nothing typed is lost and no second session
    is recorded; a signed session gets the signed-meanwhile page, which offers an addendum.
    """
    plans = queries.plans_for_draft(session)
    form.offer_plans(plans)
    stored = SessionForm(formdata=None, data=SessionForm.data_of(session)).offer_plans(plans)
    found = differences(form, stored)
    if found and session.is_signed:
        return _conflict_page(form, operations.DraftClosed(session), plans)
    if not found or session.is_discarded:
        flash(ALREADY_SAVED, "info")
        return redirect(url_for("treatments.view_session", session_id=session.id))
    form.version.data = session.version
    return _session_page(form=form, client=session.client, session=session, resent=found)


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_session(session_id: int):
    session = queries.get_session_for_edit_or_404(session_id)
    if request.method == "GET" and (session.is_signed or session.is_discarded):
        flash("This session is signed: add an addendum below instead." if session.is_signed
              else "This draft was discarded.", "info")
        return redirect(url_for("treatments.view_session", session_id=session.id))
    plans = queries.plans_for_draft(session)
    form, rebuilt = _session_form(lambda: SessionForm.data_of(session), plans)
    conflicts = _step_conflicts(session.client, form, session)
    if not rebuilt and form.validate_on_submit() and check_override(form, conflicts):
        signer = current_user if "sign" in request.form else None
        try:
            operations.update_draft(session, form.changes({plan.id: plan for plan in plans}),
                                    form.submitted_version, signer=signer,
                                    going_ahead=form.going_ahead())
        except Conflict as conflict:
            return _conflict_page(form, conflict, plans)
        flash("Session signed and locked." if signer else "Draft saved.", "success")
        return redirect(url_for("treatments.view_session", session_id=session.id))
    return _session_page(form=form, client=session.client, session=session,
                         precaution_conflicts=_step_conflicts(session.client, form, session))


def _conflict_page(form: SessionForm, conflict: Conflict, plans):
    """Both versions side by side; the form keeps what was typed, so nothing is lost.

    For a draft that changed, the form now carries the stored version: saving it again is a
    deliberate choice to keep the typed text. A draft signed or discarded meanwhile cannot be
    saved; for a signed one the typed differences are offered as an addendum.
    """
    stored, locked = conflict.current, getattr(conflict, "locked", None)
    found = differences(form, SessionForm(formdata=None, data=SessionForm.data_of(stored))
                        .offer_plans(plans))
    form.version.data = stored.version
    addendum_form = AddendumForm(formdata=None, data={"body": typed_as_text(found)}) \
        if locked == "signed" else None
    return _session_page(form=form, client=stored.client, session=stored, conflict=found,
                         locked=locked, addendum_form=addendum_form), 409


# --- reading, signing, discarding, addenda ------------------------------------------------------

def _render_session(session, addendum_form: AddendumForm | None = None, status: int = 200):
    return render_template("treatments/session.html", session=session, client=session.client,
                           related_links=session_page_links(session),
                           version_form=VersionedForm(formdata=None, data={"version": session.version}),
                           addendum_form=addendum_form or AddendumForm(formdata=None)), status


@bp.route("/<int:session_id>")
@practitioner_required
def view_session(session_id: int):
    return _render_session(queries.get_session_for_view_or_404(session_id))


@bp.route("/<int:session_id>/sign", methods=["POST"])
@practitioner_required
def sign(session_id: int):
    session = queries.get_session_or_404(session_id)
    operations.sign_session(session, current_user, VersionedForm().submitted_version)
    flash("Session signed and locked. Corrections from now on are addenda.", "success")
    return redirect(url_for("treatments.view_session", session_id=session_id))


@bp.route("/<int:session_id>/discard", methods=["POST"])
@practitioner_required
def discard(session_id: int):
    session = queries.get_session_or_404(session_id)
    operations.discard_draft(session, VersionedForm().submitted_version)
    flash("Draft discarded. It no longer shows in the client's sessions.", "success")
    return redirect(url_for("treatments.client_sessions", client_id=session.client_id))


@bp.route("/<int:session_id>/addenda", methods=["POST"])
@practitioner_required
def add_addendum_view(session_id: int):
    session = queries.get_session_or_404(session_id, *queries.with_addenda())
    form = AddendumForm()
    if not form.validate_on_submit():
        return _render_session(session, form, 422)
    _addendum, created = create_once(
        form.form_key.data, current_user, SessionAddendum,
        lambda: operations.add_addendum(session, current_user, form.body.data))
    flash("Addendum added under the note." if created else ALREADY_SAVED,
          "success" if created else "info")
    return redirect(url_for("treatments.view_session", session_id=session_id, _anchor="addenda"))
