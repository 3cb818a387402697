"""Sessions given (the SOAP note, pain before and after) and their addenda."""
from practice.exports.base import Exporter, column
from practice.exports.records.common import OVERRIDE_COLUMNS, SIGNING_COLUMNS, addenda_exporter
from practice.treatments.models import SessionAddendum, TreatmentSession

SESSIONS = Exporter(
    key="sessions", title="Session records",
    description="Each session given: time, steps performed, 0-10 pain before and after, and "
                "the SOAP note. Drafts until signed; discarded drafts are kept and marked.",
    model=TreatmentSession, client_column=TreatmentSession.client_id,
    parent="clients", parent_column=TreatmentSession.client_id,
    columns=(
        column("id", "Session number."),
        column("client_id", "The client (clients.id)."),
        column("practitioner_id", "Who gave the session (users.id)."),
        column("plan_id", "The session plan it was part of (plans.id), if any."),
        column("plan_name", "The plan's name as it was when the session was signed (a later "
                            "rename of the plan does not change it); empty for a draft."),
        column("started_at", "When it started (UTC)."),
        column("duration_minutes", "Length in minutes."),
        column("steps", "Steps as given, as JSON: technique, body_region, minutes, performed, "
                        "note, and conflicts_with (the precautions a step from the plan "
                        "conflicts with)."),
        column("pain_before", "Overall pain before the session, 0-10 numeric rating scale."),
        column("pain_after", "Overall pain after the session, 0-10 numeric rating scale."),
        column("neck_shoulder_pain_before", "Neck and shoulder pain before, 0-10."),
        column("neck_shoulder_pain_after", "Neck and shoulder pain after, 0-10."),
        column("subjective", "S: what the client reports."),
        column("objective", "O: what the practitioner observed."),
        column("assessment", "A: the practitioner's assessment."),
        column("plan_note", "P: what comes next."),
        column("home_program_changes", "Changes made to the home program at this session."),
        *OVERRIDE_COLUMNS,
        column("created_at", "When it was recorded (UTC)."),
        column("updated_at", "When the draft last changed (UTC)."),
        column("discarded_at", "When a draft recorded by mistake was set aside (UTC)."),
        *SIGNING_COLUMNS,
    ),
)

SESSION_ADDENDA = addenda_exporter(
    key="session_addenda", title="Session addenda",
    description="Dated corrections or additions to signed session records.",
    model=SessionAddendum, to_parent=SessionAddendum.session, parent="sessions",
    parent_label="session")

EXPORTERS = [SESSIONS, SESSION_ADDENDA]
