"""Owner-scoped loading of clients: the one way any view gets a Client by id."""
from flask_login import current_user

from practice.clients.models import Client, Intake
from practice.core.access import one_or_404
from practice.core.extensions import db


def get_client_or_404(client_id: int) -> Client:
    """The signed-in practitioner's client (archived ones too), or 404."""
    return one_or_404(db.select(Client).where(Client.id == client_id,
                                              Client.practitioner_id == current_user.id))


def get_own_client_record_or_404() -> Client:
    """In the portal: the client record linked to the signed-in client user, or 404."""
    return one_or_404(db.select(Client).where(Client.portal_user_id == current_user.id))


def get_intake_or_404(client: Client, intake_id: int) -> Intake:
    """One of ``client``'s intakes (load the client with ``get_client_or_404`` first), or 404."""
    return one_or_404(db.select(Intake).where(Intake.id == intake_id,
                                              Intake.client_id == client.id))
