"""Autosave of session drafts: ``autosave.js`` posts the session form here while it is typed.

The answers and refusals are those of ``core.autosave``: the draft's new version and the time
it was saved at, 409 for someone else's save, a signed or discarded draft or an archived
client, 422 for fields to correct.
"""
from flask import url_for
from flask_login import current_user

from practice.core.access import practitioner_required
from practice.core.autosave import autosave_view, not_saved, saved
from practice.plans.queries import active_plans
from practice.treatments import bp, operations, queries
from practice.treatments.forms import SessionForm
from practice.treatments.models import TreatmentSession


@bp.route("/<int:session_id>/autosave", methods=["POST"])
@practitioner_required
@autosave_view(saves_to="treatments.edit_session")
def autosave_session(session_id: int):
    session = queries.get_session_or_404(session_id)
    plans = queries.plans_for_draft(session)
    form = SessionForm().offer_plans(plans)
    if not form.validate_on_submit():
        return not_saved(form)
    operations.autosave_draft(session, form.changes({plan.id: plan for plan in plans}),
                              form.submitted_version, visit=form.form_key.data)
    return _saved(session)


@bp.route("/clients/<int:client_id>/autosave", methods=["POST"])
@practitioner_required
@autosave_view(saves_to="treatments.new_session")
def autosave_new_session(client_id: int):
    client = queries.get_client_for_new_session_or_404(client_id)
    plans = active_plans(client)
    form = SessionForm().offer_plans(plans)
    if not form.validate_on_submit():
        return not_saved(form)
    session = operations.autosave_new_session(client, current_user,
                                              form.changes({plan.id: plan for plan in plans}),
                                              form.form_key.data)
    return _saved(session)


def _saved(session: TreatmentSession):
    return saved(session, edit_url=url_for("treatments.edit_session", session_id=session.id),
                 autosave_url=url_for("treatments.autosave_session", session_id=session.id))
