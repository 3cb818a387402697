"""Referrals: the client told to see a doctor or get help (to whom, why, how urgent)."""
from practice.exports.base import Exporter, column
from practice.referrals.models import Referral

REFERRALS = Exporter(
    key="referrals", title="Referrals",
    description="Each time the practitioner referred the client to someone else (their "
                "doctor, urgent care, emergency services), with why and how urgently. "
                "Recorded once and never changed.",
    model=Referral, client_column=Referral.client_id,
    parent="clients", parent_column=Referral.client_id,
    columns=(
        column("id", "Referral number."),
        column("client_id", "The client (clients.id)."),
        column("referred_on", "The day the client was referred (YYYY-MM-DD, practice time zone)."),
        column("referred_to", "To whom: their GP, NHS 111, emergency services, a clinic..."),
        column("urgency", "How urgent: routine (their next usual appointment), soon (within a "
                          "few days), urgent (the same day) or emergency (999 or 112 now)."),
        column("reason", "Why: what the practitioner saw or was told, and what they advised."),
        column("session_id", "The session it was made from (sessions.id), if any."),
        column("intake_id", "The intake it was made from (intakes.id), if any."),
        column("check_in_id", "The check-in it was made from (check_ins.id), if any."),
        column("recorded_by_id", "Who recorded it (users.id)."),
        column("created_at", "When it was recorded (UTC)."),
    ),
)

EXPORTERS = [REFERRALS]
