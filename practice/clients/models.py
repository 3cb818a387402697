from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.database import UTCDateTime, now_utc
from practice.extensions import db


class Client(db.Model):
    """A person in a practitioner's care. Archived, never deleted."""

    __tablename__ = "clients"
    __table_args__ = (
        Index("ix_clients_practitioner_id_family_name", "practitioner_id", "family_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The practitioner who owns this record; every query is scoped by it.
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: The client's own sign-in, once invited to the portal.
    portal_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    pronouns: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    emergency_contact_name: Mapped[str | None] = mapped_column(String(120))
    emergency_contact_phone: Mapped[str | None] = mapped_column(String(40))
    #: Shown as a banner on every page about the client (pregnancy, lymphoedema, ...).
    precautions: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    #: Bumped by anything recorded about the client; the list sorts on it.
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    practitioner: Mapped[User] = relationship(foreign_keys=[practitioner_id])
    portal_user: Mapped[User | None] = relationship(foreign_keys=[portal_user_id])

    def __repr__(self) -> str:
        return f"<Client {self.id}>"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def touch(self) -> None:
        self.last_activity_at = now_utc()


class ConditionType(db.Model):
    """A practice-editable condition profile used on intakes (e.g. fibromyalgia types)."""

    __tablename__ = "condition_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    #: Retired types stay on old intakes but are no longer offered.
    is_active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<ConditionType {self.id}>"


def client_name_order():
    return (func.lower(Client.family_name), func.lower(Client.given_name))
