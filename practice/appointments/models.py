"""An appointment: a client booked with their practitioner, stored in UTC, shown in the
practice's zone; booked until attended, cancelled (by whom, why) or missed."""
import enum
from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db
from practice.plans.models import SessionPlan
from practice.treatments.models import TreatmentSession


class AppointmentStatus(enum.Enum):
    BOOKED = "booked"
    ATTENDED = "attended"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    AppointmentStatus.BOOKED: "Booked",
    AppointmentStatus.ATTENDED: "Attended",
    AppointmentStatus.CANCELLED: "Cancelled",
    AppointmentStatus.NO_SHOW: "Did not come",
}


class CancelledBy(enum.Enum):
    """Who called the appointment off: the practitioner, or the client (who asked)."""

    PRACTITIONER = "practitioner"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return "The practitioner" if self is CancelledBy.PRACTITIONER else "The client"


class ChangeRequest(enum.Enum):
    """What a client asked for from the portal: to cancel, or to move the appointment."""

    CANCEL = "cancel"
    MOVE = "move"

    @property
    def label(self) -> str:
        return "Asks to cancel" if self is ChangeRequest.CANCEL else "Asks to move"


class PlaceKind(enum.Enum):
    """Where the session happens: a room at the practice (two sessions cannot share it at once),
    or an online meeting link."""

    ROOM = "room"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return "Room" if self is PlaceKind.ROOM else "Online"


class Appointment(db.Model):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 5 AND 600", name="duration_range"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_appointments_practitioner_id_starts_at", "practitioner_id", "starts_at"),
        Index("ix_appointments_client_id_starts_at", "client_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: The plan the session belongs to, when booked under one.
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("session_plans.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    #: ``starts_at`` plus the duration, kept so overlaps are one indexed comparison.
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The room's name or the online meeting link (``place_kind`` says which).
    place: Mapped[str | None] = mapped_column(String(300))
    place_kind: Mapped[PlaceKind | None] = mapped_column(enum_type(PlaceKind,
                                                                   "appointment_place_kind"))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[AppointmentStatus] = mapped_column(
        enum_type(AppointmentStatus, "appointment_status"), default=AppointmentStatus.BOOKED)
    cancelled_by: Mapped[CancelledBy | None] = mapped_column(enum_type(CancelledBy,
                                                                       "appointment_cancelled_by"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Appointments booked together from a plan share this key ("cancel the rest of the series").
    series_key: Mapped[str | None] = mapped_column(String(32), index=True)
    #: The session recorded for it (which marked it attended).
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"))
    #: The client's open request from the portal, until the practitioner answers it.
    change_request: Mapped[ChangeRequest | None] = mapped_column(
        enum_type(ChangeRequest, "appointment_change_request"))
    change_request_note: Mapped[str | None] = mapped_column(Text)
    change_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the day-before reminder was queued (at most once per appointment).
    reminder_queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    client: Mapped[Client] = relationship()
    practitioner: Mapped[User] = relationship(foreign_keys=[practitioner_id])
    plan: Mapped[SessionPlan | None] = relationship()
    session: Mapped[TreatmentSession | None] = relationship()

    def __repr__(self) -> str:
        return f"<Appointment {self.id}>"

    def schedule(self, starts_at: datetime, duration_minutes: int) -> None:
        self.starts_at = starts_at
        self.duration_minutes = duration_minutes
        self.ends_at = starts_at + timedelta(minutes=duration_minutes)

    @property
    def room(self) -> str | None:
        """The room's name as compared for clashes (``None`` for an online session)."""
        return room_key(self.place_kind, self.place)

    @property
    def online_link(self) -> str | None:
        """The meeting link, when the place is one (only ``https://`` links are followed)."""
        if self.place_kind is PlaceKind.ONLINE and (self.place or "").startswith("https://"):
            return self.place
        return None

    @property
    def is_booked(self) -> bool:
        return self.status is AppointmentStatus.BOOKED

    def clear_request(self) -> None:
        self.change_request = self.change_request_note = self.change_requested_at = None

    @property
    def is_cancelled(self) -> bool:
        return self.status is AppointmentStatus.CANCELLED


def room_key(place_kind: PlaceKind | None, place: str | None) -> str | None:
    """A room's name as compared: spaces folded, any case; ``None`` unless it is a room."""
    room = " ".join((place or "").split()).lower()
    return room if place_kind is PlaceKind.ROOM and room else None
