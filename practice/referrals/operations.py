"""Recording a referral: once, audited, never on an archived record."""
from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.extensions import db
from practice.referrals.models import Referral

#: The kind of each source record (its column is ``<kind>_id``).
SOURCE_KINDS = {"TreatmentSession": "session", "Intake": "intake", "CheckIn": "check_in"}


def source_kind(source) -> str | None:
    """``session``, ``intake`` or ``check_in`` for a source record; ``None`` for none."""
    return None if source is None else SOURCE_KINDS[type(source).__name__]


def record_referral(client: Client, user, source, values: dict) -> Referral:
    """Record that ``client`` was referred (``values``: referred_to, reason, urgency,
    referred_on), made from ``source`` (a session, intake or check-in of theirs) or from
    the record itself (``None``)."""
    ensure_not_archived(client)
    referral = Referral(client_id=client.id, recorded_by_id=user.id, **values)
    if source is not None:
        setattr(referral, f"{source_kind(source)}_id", source.id)
    db.session.add(referral)
    client.touch()
    audit.record("referral.create", referral, client_id=client.id,
                 detail={"urgency": referral.urgency.value, "source": referral.source_kind,
                         "source_id": referral.source_id})
    return referral
