"""Where a client stands on each consent, their consent history, and the overview section.

Also tells the mail outbox whether a client has agreed to reminders and other messages
(``core.mail`` asks before it queues or sends a message of an opt-in kind).
"""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404
from practice.consent.models import ConsentRecord
from practice.consent.wording import ConsentKind
from practice.core import audit, mail
from practice.core.extensions import db


def get_client_for_consent_or_404(client_id: int) -> Client:
    """The client whose consent page is shown: audited as ``consent.view``."""
    client = get_client_or_404(client_id)
    audit.record_view("consent.view", client, client_id=client.id)
    return client


def latest_consents(client_id: int) -> dict[ConsentKind, ConsentRecord]:
    """The newest record of each kind: where the client stands now (one query)."""
    newest = (select(func.max(ConsentRecord.id)).where(ConsentRecord.client_id == client_id)
              .group_by(ConsentRecord.kind))
    records = db.session.scalars(select(ConsentRecord).where(ConsentRecord.id.in_(newest))
                                 .options(joinedload(ConsentRecord.recorded_by)))
    return {record.kind: record for record in records}


def latest_consent(client_id: int, kind: ConsentKind) -> ConsentRecord | None:
    return db.session.scalar(select(ConsentRecord).where(ConsentRecord.client_id == client_id,
                                                         ConsentRecord.kind == kind)
                             .order_by(ConsentRecord.id.desc()).limit(1))


def consent_history(client: Client) -> list[ConsentRecord]:
    """Every consent record of ``client``, newest first."""
    return list(db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.client_id == client.id)
        .options(joinedload(ConsentRecord.recorded_by)).order_by(ConsentRecord.id.desc())))


def has_message_opt_in(client_id: int) -> bool:
    """Whether the client's latest word on reminders and messages is yes."""
    record = latest_consent(client_id, ConsentKind.MESSAGES)
    return record is not None and record.is_given


mail.register_opt_in_check(has_message_opt_in)


@overview_section("consent", "Consent", "consent/_overview_section.html", order=23,
                  kept=True)
def consent_section(client: Client) -> dict:
    return {"current": latest_consents(client.id), "kinds": list(ConsentKind)}
