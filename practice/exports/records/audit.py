"""The audit trail, event by event with its hashes, so an imported practice verifies as before."""
from sqlalchemy.orm import lazyload

from practice.core.audit import AuditEvent
from practice.exports.base import Exporter, column

AUDIT_EVENTS = Exporter(
    key="audit_events", title="Audit trail", section_order=2, in_csv=False,
    description="Every sign-in, view, change, signature and export, in order, each chained to "
                "the one before by its hash (JSON only; the audit log has a CSV download).",
    model=AuditEvent, options=(lazyload(AuditEvent.actor),),
    columns=(
        column("id", "Event number: the order of the trail."),
        column("occurred_at", "When it happened (UTC)."),
        column("actor_id", "Who did it (users.id); empty for the system."),
        column("actor_email", "Their email at the time."),
        column("action", "What was done, e.g. session.sign."),
        column("target_type", "The kind of record it was done to."),
        column("target_id", "That record's number."),
        column("client_id", "The client whose record it touched (clients.id)."),
        column("ip", "The address it came from."),
        column("detail", "Particulars, as the JSON text the hash covers."),
        column("prev_hash", "The previous event's hash."),
        column("hash", "SHA-256 over the previous hash and this event's content."),
    ),
)

EXPORTERS = [AUDIT_EVENTS]
