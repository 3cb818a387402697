"""A note snippet: a practitioner's own reusable phrase, with an optional typed shortcut."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db


class NoteSnippet(db.Model):
    """A phrase one practitioner writes often; nobody else sees it."""

    __tablename__ = "note_snippets"
    __table_args__ = (UniqueConstraint("practitioner_id", "shortcut",
                                       name="uq_note_snippets_practitioner_id_shortcut"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: What the button and the list call it.
    title: Mapped[str] = mapped_column(String(80))
    #: Typed after a "/" in a note, then Tab, puts the text in (lower case letters, digits, -).
    shortcut: Mapped[str | None] = mapped_column(String(30))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    def __repr__(self) -> str:
        return f"<NoteSnippet {self.id}>"
