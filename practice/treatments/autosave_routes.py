"""Autosave: ``autosave.js`` posts the session form here while it is typed and shows the answer.

The answers are JSON for the page: the draft's new version (which the page puts in its
hidden field, so its next autosave or Save never conflicts with this one) and the practice
time it was saved at; or, when it cannot be saved, the reason, with 409 for someone else's
save, a signed or discarded draft or an archived client, and 422 for fields to correct.
"""
from functools import wraps

from flask import jsonify, url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.errors import Conflict, DomainError
from practice.core.formatting import format_datetime
from practice.plans.queries import active_plans
from practice.treatments import bp, operations, queries
from practice.treatments.forms import SessionForm
from practice.treatments.models import TreatmentSession

SAVED_ELSEWHERE = ("Not saved automatically: this draft was saved elsewhere since you opened "
                   "it. What you typed is still here: Save draft to compare the two versions.")


def answers_json(view):
    """A refusal as JSON for the page to show, instead of the flash-and-redirect of forms."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Conflict as error:
            closed = isinstance(error, operations.DraftClosed)
            return jsonify(saved=False, conflict=True,
                           message=error.message if closed else SAVED_ELSEWHERE), 409
        except DomainError as error:
            return jsonify(saved=False, conflict=False, message=error.message), error.status
    return wrapped


@bp.route("/<int:session_id>/autosave", methods=["POST"])
@practitioner_required
@answers_json
def autosave_session(session_id: int):
    session = queries.get_session_or_404(session_id)
    plans = queries.plans_for_draft(session)
    form = SessionForm().offer_plans(plans)
    if not form.validate_on_submit():
        return _not_saved(form)
    operations.autosave_draft(session, form.changes({plan.id: plan for plan in plans}),
                              form.submitted_version, visit=form.form_key.data)
    return _saved(session)


@bp.route("/clients/<int:client_id>/autosave", methods=["POST"])
@practitioner_required
@answers_json
def autosave_new_session(client_id: int):
    client = queries.get_client_for_new_session_or_404(client_id)
    plans = active_plans(client)
    form = SessionForm().offer_plans(plans)
    if not form.validate_on_submit():
        return _not_saved(form)
    session = operations.autosave_new_session(client, current_user,
                                              form.changes({plan.id: plan for plan in plans}),
                                              form.form_key.data)
    return _saved(session)


def _saved(session: TreatmentSession):
    return jsonify(saved=True, version=session.version,
                   saved_at=format_datetime(session.updated_at, "%H:%M"),
                   edit_url=url_for("treatments.edit_session", session_id=session.id),
                   autosave_url=url_for("treatments.autosave_session", session_id=session.id))


def _not_saved(form: SessionForm):
    """Fields to correct: nothing is saved until they are; the page says which."""
    labels = [str(form[name].label.text) for name in form.errors if name in form]
    message = "Not saved automatically: check " + (", ".join(labels) or "the form") + "."
    return jsonify(saved=False, conflict=False, message=message, fields=list(form.errors)), 422
