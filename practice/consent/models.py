"""Consent records: each time a client gave or withdrew a consent, and the words it was to.

Rows are only ever added: the latest row of a kind is where the client stands now, and the
rows before it are the history.
"""
import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.clients.models import Client
from practice.consent.wording import ConsentKind, Wording, wording_of
from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db


class ConsentMethod(enum.Enum):
    """How the client said so."""

    SIGNED_FORM = "signed_form"
    IN_PERSON = "in_person"
    PORTAL = "portal"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self]


METHOD_LABELS = {
    ConsentMethod.SIGNED_FORM: "signed a form",
    ConsentMethod.IN_PERSON: "said so in person or by phone",
    ConsentMethod.PORTAL: "in the portal",
}


class ConsentRecord(db.Model):
    __tablename__ = "consent_records"
    __table_args__ = (
        Index("ix_consent_records_client_id_kind", "client_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    kind: Mapped[ConsentKind] = mapped_column(enum_type(ConsentKind, "consent_kind"))
    #: Given (``True``) or withdrawn (``False``).
    is_given: Mapped[bool]
    #: The version of the wording the client was shown (``practice/consent/wording.py``).
    wording_version: Mapped[str] = mapped_column(String(40))
    method: Mapped[ConsentMethod] = mapped_column(enum_type(ConsentMethod, "consent_method"))
    #: The day the client gave or withdrew it (practice time zone); recorded on or after it.
    given_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    #: Who recorded it: the practitioner, or the client themself in the portal.
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    client: Mapped[Client] = relationship()
    recorded_by: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ConsentRecord {self.id}>"

    @property
    def wording(self) -> Wording | None:
        return wording_of(self.wording_version)
