"""The clients' check-ins: 0-10 ratings of pain, fatigue, sleep and fog."""
from practice.exports.base import Exporter, column
from practice.progress.models import MEASURES, CheckIn

CHECK_INS = Exporter(
    key="check_ins", title="Check-ins",
    description="A client's ratings of how they are on a day, entered in the portal or by "
                "their practitioner. All 0-10: 0 none at all, 10 the worst (sleep is asked as "
                "sleep problems; ratings saved as sleep quality were turned round).",
    model=CheckIn, client_column=CheckIn.client_id,
    parent="clients", parent_column=CheckIn.client_id,
    columns=(
        column("id", "Check-in number."),
        column("client_id", "The client (clients.id)."),
        column("checked_on", "The day it describes (YYYY-MM-DD, practice time zone)."),
        *(column(name, f"{label}, 0-10: {scale}.") for name, label, scale in MEASURES),
        column("note", "The client's note."),
        column("source", "Whose check-in it is: client (their own, from the portal) or "
                         "practitioner (entered for them). A day may hold one of each; the "
                         "client's own is the one the charts count."),
        column("recorded_by_id", "Who entered it (users.id): the client or their practitioner."),
        column("created_at", "When it was entered (UTC)."),
        column("updated_at", "When it last changed (UTC)."),
    ),
)

EXPORTERS = [CHECK_INS]
