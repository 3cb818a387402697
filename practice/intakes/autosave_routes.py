"""Autosave of intake drafts: ``autosave.js`` posts the intake form here while it is typed.

The answers and refusals are those of ``core.autosave``: the draft's new version and the time
it was saved at, 409 for someone else's save, a signed or discarded draft or an archived
client, 422 for answers to correct. A draft saves with any subset of answers.
"""
from flask import url_for
from flask_login import current_user

from practice.clients.queries import get_client_or_404
from practice.core.access import practitioner_required
from practice.core.autosave import autosave_view, not_saved, saved
from practice.intakes import bp, operations
from practice.intakes.forms import IntakeForm
from practice.intakes.models import Intake
from practice.intakes.queries import get_draft_for_edit_or_404, offered_condition_types


@bp.route("/<int:client_id>/intakes/<int:intake_id>/autosave", methods=["POST"])
@practitioner_required
@autosave_view(saves_to="intakes.edit_intake")
def autosave_intake(client_id: int, intake_id: int):
    client = get_client_or_404(client_id)
    record = get_draft_for_edit_or_404(client, intake_id)
    form = IntakeForm(condition_types=offered_condition_types(record.condition_type_id))
    if not form.validate_on_submit():
        return not_saved(form)
    operations.autosave_intake(record, form.values(), form.submitted_version,
                               visit=form.form_key.data)
    return _saved(record)


@bp.route("/<int:client_id>/intakes/autosave", methods=["POST"])
@practitioner_required
@autosave_view(saves_to="intakes.new_intake")
def autosave_new_intake(client_id: int):
    client = get_client_or_404(client_id)
    form = IntakeForm(condition_types=offered_condition_types())
    if not form.validate_on_submit():
        return not_saved(form)
    intake = operations.autosave_new_intake(client, current_user, form.values(),
                                            form.form_key.data)
    return _saved(intake)


def _saved(intake: Intake):
    return saved(intake, edit_url=url_for("intakes.edit_intake", client_id=intake.client_id,
                                          intake_id=intake.id),
                 autosave_url=url_for("intakes.autosave_intake", client_id=intake.client_id,
                                      intake_id=intake.id))
