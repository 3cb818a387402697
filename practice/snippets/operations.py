"""Adding, changing and removing one's own snippets, each audited (never with their text)."""
from practice.core import audit
from practice.core.extensions import db
from practice.snippets.models import NoteSnippet


def _apply(snippet: NoteSnippet, fields: dict) -> None:
    snippet.title = fields["title"]
    snippet.shortcut = fields.get("shortcut") or None
    snippet.body = fields["body"]


def create_snippet(owner, fields: dict) -> NoteSnippet:
    snippet = NoteSnippet(practitioner_id=owner.id)
    _apply(snippet, fields)
    db.session.add(snippet)
    db.session.flush()
    audit.record("snippet.create", snippet)
    return snippet


def update_snippet(snippet: NoteSnippet, fields: dict) -> None:
    _apply(snippet, fields)
    audit.record("snippet.edit", snippet)


def delete_snippet(snippet: NoteSnippet) -> None:
    """A snippet is the practitioner's own phrase, not a record: it goes for good."""
    audit.record("snippet.delete", snippet)
    db.session.delete(snippet)
