"""The signed-in practitioner's own snippets; anyone else's is a 404."""
from flask_login import current_user
from sqlalchemy import func, select

from practice.core.access import one_or_404
from practice.core.extensions import db
from practice.snippets.models import NoteSnippet


def own_snippets(user=None) -> list[NoteSnippet]:
    """The practitioner's snippets, by title (one query)."""
    user = user or current_user
    return list(db.session.scalars(select(NoteSnippet).where(
        NoteSnippet.practitioner_id == user.id)
        .order_by(func.lower(NoteSnippet.title), NoteSnippet.id)))


def get_snippet_or_404(snippet_id: int) -> NoteSnippet:
    return one_or_404(select(NoteSnippet).where(NoteSnippet.id == snippet_id,
                                                NoteSnippet.practitioner_id == current_user.id))


def shortcut_taken(user, shortcut: str, leaving_out: int | None = None) -> NoteSnippet | None:
    """The user's other snippet with ``shortcut``, if any."""
    statement = select(NoteSnippet).where(NoteSnippet.practitioner_id == user.id,
                                          NoteSnippet.shortcut == shortcut)
    if leaving_out is not None:
        statement = statement.where(NoteSnippet.id != leaving_out)
    return db.session.scalars(statement.limit(1)).first()
