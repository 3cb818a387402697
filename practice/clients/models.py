"""The client record: a person in a practitioner's care, and their portal sign-in."""
import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, event, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db
from practice.core.names import display_name, search_key


class PortalStatus(enum.Enum):
    """Where the client's portal sign-in stands."""

    NONE = "none"
    INVITED = "invited"
    ACTIVE = "active"
    REVOKED = "revoked"


class Client(db.Model):
    """A person in a practitioner's care. Archived, never deleted."""

    __tablename__ = "clients"
    __table_args__ = (
        Index("ix_clients_practitioner_id_family_name", "practitioner_id", "family_name"),
        #: A practitioner's clients, and whether each is archived: the pages that read only
        #: the current clients' ids (Today's attention list) need no client row.
        Index("ix_clients_practitioner_id_archived_at", "practitioner_id", "archived_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The practitioner who owns this record; every query is scoped by it.
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: The client's own sign-in, once invited to the portal.
    portal_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    #: Shown family name first ("Chen Mei") where the client prefers it.
    family_name_first: Mapped[bool] = mapped_column(default=False, server_default="0")
    #: Names and email folded (``core.names.fold``): what the client list searches, accent-
    #: and case-insensitively on every database. Written by the app on every save.
    search_name: Mapped[str] = mapped_column(String(500), default="", server_default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    pronouns: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    emergency_contact_name: Mapped[str | None] = mapped_column(String(120))
    emergency_contact_phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    #: Bumped by anything recorded about the client; the list sorts on it.
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the practitioner let the client download their own record from the portal (needed
    #: only where the practice setting ``client_records_need_release`` asks for it).
    record_released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Optimistic lock for the record form (``core.locking``): bumped by each edit of the
    #: client's details, not by ``touch()``, so activity elsewhere never conflicts with an edit.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: Changes with anything stored under the client, in the same commit (``core.data_stamps``):
    #: what the overview keys its kept sections by.
    data_stamp: Mapped[str] = mapped_column(String(32), default="", server_default="")

    practitioner: Mapped[User] = relationship(foreign_keys=[practitioner_id])
    portal_user: Mapped[User | None] = relationship(foreign_keys=[portal_user_id])

    def __repr__(self) -> str:
        return f"<Client {self.id}>"

    @property
    def full_name(self) -> str:
        """The name in the client's own order."""
        return display_name(self.given_name, self.family_name, self.family_name_first)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def portal_status(self) -> PortalStatus:
        user = self.portal_user
        if user is None:
            return PortalStatus.NONE
        if not user.is_enabled:
            return PortalStatus.REVOKED
        return PortalStatus.INVITED if user.password_hash is None else PortalStatus.ACTIVE

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def touch(self) -> None:
        self.last_activity_at = now_utc()


@event.listens_for(Client, "before_insert")
@event.listens_for(Client, "before_update")
def _fold_names(_mapper, _connection, client: Client) -> None:
    client.search_name = search_key(client.given_name, client.family_name, client.email)


def client_name_order():
    return (func.lower(Client.family_name), func.lower(Client.given_name))
