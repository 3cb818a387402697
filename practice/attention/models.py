"""The attention items: what the rules found, stored until the data changes again."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db


class AttentionItem(db.Model):
    """One finding of one rule about one client (``registry.Finding``), worked out whenever
    the client's data changes (``operations.refresh``).

    The practitioner's Today page lists those showing now (``shows_from`` .. ``shows_until``)
    and not marked seen; whose they are, and whether the client is archived, comes from the
    client row at reading time, so a handover or an archive needs no change here.
    """

    __tablename__ = "attention_items"
    __table_args__ = (
        UniqueConstraint("client_id", "rule", "subject",
                         name="uq_attention_items_client_id_rule_subject"),
        #: The unseen items by client, with the times the Today page sorts and filters them
        #: by: its newest items and their count read these entries, not the wide item rows.
        Index("ix_attention_items_unseen", "client_id", "raised_at", "id", "shows_from",
              "shows_until", sqlite_where=text("seen_at IS NULL"),
              postgresql_where=text("seen_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    #: The rule's key in ``registry.RULES``.
    rule: Mapped[str] = mapped_column(String(40))
    #: What in the record it is about, e.g. ``session:12``.
    subject: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text)
    #: Where to act on it: an endpoint and its ``url_for`` arguments.
    link_endpoint: Mapped[str] = mapped_column(String(80))
    link_args: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The newest data it rests on; newer data brings back an item marked seen.
    data_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When it shows: time alone can bring it (a day-old draft) or end it (a week gone by).
    shows_from: Mapped[datetime] = mapped_column(UTCDateTime)
    shows_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Its place on the Today page, newest first: the later of ``data_at`` and ``shows_from``.
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    client: Mapped[Client] = relationship()
    seen_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AttentionItem {self.id}>"

    @property
    def is_seen(self) -> bool:
        return self.seen_at is not None
