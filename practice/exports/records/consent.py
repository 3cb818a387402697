"""Consent records: treatment and records consent, and the client's choice about messages."""
from practice.consent.models import ConsentRecord
from practice.exports.base import Exporter, column

CONSENT_RECORDS = Exporter(
    key="consent_records", title="Consent",
    description="Each time a client gave or withdrew a consent (to treatment, to the keeping "
                "of their records) or said yes or no to reminders and messages, with the "
                "version of the wording they were shown. The newest row of a kind is where "
                "the client stands now.",
    model=ConsentRecord, client_column=ConsentRecord.client_id,
    parent="clients", parent_column=ConsentRecord.client_id,
    columns=(
        column("id", "Consent record number."),
        column("client_id", "The client (clients.id)."),
        column("kind", "treatment, records (keeping their records) or messages (reminders and "
                       "other messages)."),
        column("is_given", "true when given, false when withdrawn (or stopped)."),
        column("wording_version", "The version of the wording the client agreed to or "
                                  "withdrew (its text is in the app: practice/consent/wording.py)."),
        column("method", "How: signed_form, in_person (said so in person or by phone) or "
                         "portal (the client in the portal)."),
        column("given_on", "The day the client gave or withdrew it (YYYY-MM-DD, practice "
                           "time zone)."),
        column("note", "The practitioner's note, if any."),
        column("recorded_by_id", "Who recorded it (users.id): the practitioner, or the client."),
        column("recorded_at", "When it was recorded (UTC)."),
    ),
)

EXPORTERS = [CONSENT_RECORDS]
