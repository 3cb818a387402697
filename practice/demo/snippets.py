"""Demo note snippets: the phrases each demo practitioner writes in most session notes."""
from practice.core.extensions import db
from practice.snippets.models import NoteSnippet

#: (name, shortcut, text) for every demo practitioner.
SNIPPETS = [
    ("Nodes", "nodes", "Nodes under the jaw and above the collarbone: less tender than last time."),
    ("Breathing first", "breath",
     "Started with five minutes of belly breathing; shoulders dropped by the end."),
    ("Home practice", "home",
     "Went over the home practice: belly breathing morning and evening, shoulder rolls, a warm "
     "shower on the back of the neck."),
    ("Stop if", "stop", "Told to stop and rest with sharp pain, dizziness or new swelling."),
]


def seed_snippets(context) -> None:
    for practitioner in context.practitioners:
        for title, shortcut, body in SNIPPETS:
            db.session.add(NoteSnippet(practitioner_id=practitioner.id, title=title,
                                       shortcut=shortcut, body=body))
