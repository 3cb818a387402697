"""Recording and editing a draft session: the form, its plan choices and its steps."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from practice.clients.loaders import get_client_or_404
from practice.core import audit
from practice.core.access import practitioner_required
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.signed_records import EditConflict, SignedRecordError
from practice.plans.stepforms import apply_step_command, filled_steps, step_command
from practice.treatments import bp
from practice.treatments.conflicts import addendum_draft, differences
from practice.treatments.forms import AddendumForm, SessionForm, start_fields
from practice.treatments.loaders import get_session_or_404
from practice.treatments.models import NOTE_FIELDS, PAIN_COLUMNS
from practice.treatments.services import (
    DraftDiscarded,
    active_plans,
    clean_steps,
    create_session,
    prefill_duration,
    sign_session,
    steps_from_plan,
    update_draft,
)

NEW_STEP = {"performed": True}


def _with_plan_choices(form: SessionForm, plans) -> SessionForm:
    form.plan_id.choices = [SelectChoice(0, "No plan")] + [SelectChoice(plan.id, plan.name)
                                                           for plan in plans]
    return form


def _session_form(initial_data, plans) -> tuple[SessionForm, bool]:
    """The form of this request (``initial_data()`` on GET) and whether it was only rebuilt
    for a step or plan button, in which case nothing is to be saved."""
    form = SessionForm(data=initial_data()) if request.method == "GET" else SessionForm()
    _with_plan_choices(form, plans)
    if rebuilt := _rebuilt(form, {plan.id: plan for plan in plans}):
        return _with_plan_choices(rebuilt, plans), True
    return form, False


def _rebuilt(form: SessionForm, plans_by_id: dict) -> SessionForm | None:
    """The form re-rendered for a step or plan button (nothing saved), or ``None``."""
    if "load_plan" in request.form:
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        data["steps"] = steps_from_plan(plans_by_id.get(form.plan_id.data)) or [NEW_STEP]
        data["duration_minutes"] = prefill_duration(data["steps"])
        return SessionForm(formdata=None, data=data)
    if command := step_command():
        return apply_step_command(form, command, new_step=NEW_STEP)
    return None


def _session_data(form: SessionForm, plans_by_id: dict) -> dict:
    data = {name: form[name].data for name in (*PAIN_COLUMNS, *NOTE_FIELDS)}
    data.update(started_at=form.started_at(), duration_minutes=form.duration_minutes.data,
                plan=plans_by_id.get(form.plan_id.data), steps=clean_steps(filled_steps(form.steps)))
    return data


@bp.route("/clients/<int:client_id>/new", methods=["GET", "POST"])
@practitioner_required
def new_session(client_id: int):
    client = get_client_or_404(client_id)
    if client.is_archived:
        flash(f"{client.full_name}'s record is archived; restore it before recording a session.",
              "warning")
        return redirect(url_for("treatments.client_sessions", client_id=client.id))
    plans = active_plans(client)
    plans_by_id = {plan.id: plan for plan in plans}

    def prefill() -> dict:
        chosen = plans_by_id.get(request.args.get("plan_id", type=int)) or (plans[0] if plans else None)
        steps = steps_from_plan(chosen) or [NEW_STEP]
        return {"plan_id": chosen.id if chosen else 0, **start_fields(now_utc()),
                "duration_minutes": prefill_duration(steps), "steps": steps}

    form, rebuilt = _session_form(prefill, plans)
    if not rebuilt and form.validate_on_submit():
        session = create_session(client, current_user, _session_data(form, plans_by_id))
        audit.record("session.create", session, client_id=client.id,
                     detail={"plan_id": session.plan.id if session.plan else None})
        if "sign" in request.form:
            db.session.flush()
            sign_session(session, current_user, session.version)
            audit.record("session.sign", session, client_id=client.id)
        db.session.commit()
        flash("Session signed and locked." if session.is_signed else "Draft saved.", "success")
        return redirect(url_for("treatments.view_session", session_id=session.id))
    return render_template("treatments/session_form.html", form=form, client=client, session=None)


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_session(session_id: int):
    session = get_session_or_404(session_id)
    client = session.client
    if request.method == "GET" and (session.is_signed or session.is_discarded):
        flash("This session is signed: add an addendum below instead." if session.is_signed
              else "This draft was discarded.", "info")
        return redirect(url_for("treatments.view_session", session_id=session.id))
    plans = active_plans(client)
    if session.plan is not None and session.plan not in plans:
        plans.append(session.plan)
    plans_by_id = {plan.id: plan for plan in plans}
    form, rebuilt = _session_form(lambda: {
        **{name: getattr(session, name) for name in ("duration_minutes", *PAIN_COLUMNS, *NOTE_FIELDS)},
        **start_fields(session.started_at), "plan_id": session.plan_id or 0,
        "steps": session.steps or [NEW_STEP], "version": session.version}, plans)
    if not rebuilt and form.validate_on_submit():
        typed = _session_data(form, plans_by_id)
        try:
            update_draft(session, typed, form.submitted_version())
        except EditConflict as conflict:
            return _conflict_page(form, conflict.current, typed, locked=None)
        except SignedRecordError:
            return _conflict_page(form, session, typed, locked="signed")
        except DraftDiscarded:
            return _conflict_page(form, session, typed, locked="discarded")
        audit.record("session.edit", session, client_id=client.id)
        db.session.commit()
        flash("Draft saved.", "success")
        return redirect(url_for("treatments.view_session", session_id=session.id))
    return render_template("treatments/session_form.html", form=form, client=client, session=session)


def _conflict_page(form: SessionForm, stored, typed: dict, locked: str | None):
    """Both versions side by side; the form keeps what was typed, so nothing is lost.

    For a draft that changed, the form now carries the stored version number: saving it
    again is a deliberate choice to keep the typed text. A draft that was signed or
    discarded meanwhile cannot be saved; the typed text is offered as an addendum.
    """
    found = differences(stored, typed)
    form.version.data = stored.version
    addendum_form = AddendumForm(formdata=None, data={"body": addendum_draft(found)}) \
        if locked == "signed" else None
    return render_template("treatments/session_form.html", form=form, client=stored.client,
                           session=stored, conflict=found, locked=locked,
                           addendum_form=addendum_form), 409
