"""A client's precautions checklist, and the columns records carry when they go ahead anyway."""
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db
from practice.precautions.kinds import Limb, PrecautionKind, Side, parse_kinds


class PrecautionList(TypeDecorator):
    """A JSON list of precaution kinds, in checklist order; unknown values are dropped."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return [kind.value for kind in parse_kinds(value)]

    def process_result_value(self, value, dialect):
        return parse_kinds(value)


def precaution_list_column():
    """A non-null list of kinds, empty by default (also on rows older than the column)."""
    return mapped_column(PrecautionList, default=list, server_default="[]")


class PrecautionChecklist(db.Model):
    """One per client: the lock of the checklist form and when it was last gone through."""

    __tablename__ = "precaution_checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), unique=True)
    #: Optimistic lock of the checklist form (``core.locking``).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: When it was last confirmed with the client (at a signed intake), and by whom.
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    client: Mapped[Client] = relationship()
    reviewed_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PrecautionChecklist {self.id}>"


class ClientPrecaution(db.Model):
    """One item of a client's checklist, from the day it was noted to the day it ended.

    An item that no longer applies is ended, never deleted, so the record shows what applied
    when; if it applies again later, a new item starts.
    """

    __tablename__ = "client_precautions"
    __table_args__ = (
        Index("ix_client_precautions_client_id_kind", "client_id", "kind"),
        CheckConstraint("ended_on IS NULL OR ended_on >= noted_on", name="ends_after_noted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    kind: Mapped[PrecautionKind] = mapped_column(enum_type(PrecautionKind, "precaution_kind"))
    #: The day it was noted (or since when it applies, as the practitioner recorded it).
    noted_on: Mapped[date] = mapped_column(Date)
    #: The first day it no longer applied; ``None`` while it does.
    ended_on: Mapped[date | None] = mapped_column(Date)
    #: Free text: which medicine, which device, what was cleared, or the "other" note.
    details: Mapped[str | None] = mapped_column(Text)
    #: Where on the body (surgery, implanted device, numb or broken skin).
    site: Mapped[str | None] = mapped_column(String(200))
    #: When it happened (the day of the surgery).
    event_on: Mapped[date | None] = mapped_column(Date)
    #: The due date of a pregnancy: the weeks and trimester are worked out from it each day.
    due_on: Mapped[date | None] = mapped_column(Date)
    side: Mapped[Side | None] = mapped_column(enum_type(Side, "precaution_side"))
    limb: Mapped[Limb | None] = mapped_column(enum_type(Limb, "precaution_limb"))
    #: Cancer: under treatment now (``False``: treatment finished recently).
    under_treatment: Mapped[bool | None]
    #: Cancer: the client's doctor has cleared the work (the details say what).
    cleared_by_doctor: Mapped[bool | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    recorded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ClientPrecaution {self.id}>"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def is_grave(self) -> bool:
        """Going ahead against it asks a second confirmation: clots, infection, and cancer
        under treatment."""
        if self.kind is PrecautionKind.CANCER:
            return bool(self.under_treatment)
        return self.kind.about.grave


class PrecautionOverrideMixin:
    """What a record (assignment, plan, session) keeps when it went ahead against precautions:
    which ones it was warned about and the reason given. A precaution not in the list that
    later applies to the client is an open conflict until someone decides about it."""

    #: The client's precautions this record conflicted with when it went ahead anyway.
    precaution_overrides: Mapped[list[PrecautionKind]] = precaution_list_column()
    #: Why it went ahead, in the practitioner's words.
    precaution_reason: Mapped[str | None] = mapped_column(Text)
