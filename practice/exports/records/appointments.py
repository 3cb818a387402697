"""Appointments: the sessions booked ahead, and what became of each."""
from practice.appointments.models import Appointment
from practice.exports.base import Exporter, column

APPOINTMENTS = Exporter(
    key="appointments", title="Appointments",
    description="Sessions booked with a client: when, how long, where, and whether the client "
                "came (a session recorded for it), did not come, or it was cancelled.",
    model=Appointment, client_column=Appointment.client_id,
    parent="clients", parent_column=Appointment.client_id,
    columns=(
        column("id", "Appointment number."),
        column("client_id", "The client (clients.id)."),
        column("practitioner_id", "The practitioner it is with (users.id)."),
        column("plan_id", "The session plan it was booked under (plans.id), if any."),
        column("starts_at", "When it starts (UTC)."),
        column("duration_minutes", "Length in minutes."),
        column("ends_at", "When it ends (UTC)."),
        column("place", "Where: the room's name, or the online meeting link."),
        column("place_kind", "room or online: what place holds (rooms are checked for clashes)."),
        column("note", "The practitioner's note."),
        column("status", "booked, attended, cancelled or no_show."),
        column("cancelled_by", "Who cancelled it: practitioner or client."),
        column("cancel_reason", "Why it was cancelled."),
        column("cancelled_at", "When it was cancelled (UTC)."),
        column("series_key", "Shared by the appointments booked together from a plan (a "
                             "series)."),
        column("session_id", "The session recorded for it (sessions.id), which marked it "
                             "attended."),
        column("change_request", "The client's open request from the portal: cancel or move."),
        column("change_request_note", "The client's words with it."),
        column("change_requested_at", "When the client asked (UTC)."),
        column("reminder_queued_at", "When the day-before reminder was sent (UTC)."),
        column("created_by_id", "Who booked it (users.id)."),
        column("created_at", "When it was booked (UTC)."),
        column("updated_at", "When it last changed (UTC)."),
    ),
)

EXPORTERS = [APPOINTMENTS]
