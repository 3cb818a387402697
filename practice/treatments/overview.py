"""The "Sessions" section of the client overview: a timeline and the record button."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from practice.clients.overview import overview_section
from practice.core.extensions import db
from practice.treatments.models import TreatmentSession

TIMELINE_LENGTH = 8


@overview_section("sessions", "Sessions", "treatments/_overview_section.html", order=40)
def sessions_section(client) -> dict:
    """Always shown (it holds "Record a session"); two queries whatever the history."""
    recorded = TreatmentSession.client_id == client.id, TreatmentSession.discarded_at.is_(None)
    sessions = db.session.scalars(
        select(TreatmentSession).where(*recorded).options(joinedload(TreatmentSession.plan))
        .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
        .limit(TIMELINE_LENGTH)).all()
    total = db.session.scalar(select(func.count(TreatmentSession.id)).where(*recorded))
    return {"client": client, "sessions": sessions, "total": total}
