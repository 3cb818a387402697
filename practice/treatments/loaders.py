"""Owner-scoped loading of session records: another practitioner's answer 404."""
from flask_login import current_user
from sqlalchemy import select

from practice.clients.models import Client
from practice.core.access import one_or_404
from practice.treatments.models import TreatmentSession


def get_session_or_404(session_id: int, *options) -> TreatmentSession:
    """A session of one of the signed-in practitioner's clients."""
    return one_or_404(select(TreatmentSession).join(TreatmentSession.client)
                      .where(TreatmentSession.id == session_id,
                             Client.practitioner_id == current_user.id).options(*options))
