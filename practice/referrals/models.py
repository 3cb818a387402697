"""A referral: the client was told to see someone else (their doctor, urgent care), and why."""
import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db
from practice.intakes.models import Intake
from practice.progress.models import CheckIn
from practice.treatments.models import TreatmentSession


class ReferralUrgency(enum.Enum):
    """How soon the client should be seen, from the red flags' "see a doctor" to "call now"."""

    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def label(self) -> str:
        return URGENCY_LABELS[self]


URGENCY_LABELS = {
    ReferralUrgency.ROUTINE: "Routine (their next usual appointment)",
    ReferralUrgency.SOON: "Soon (within a few days)",
    ReferralUrgency.URGENT: "Urgent (the same day)",
    ReferralUrgency.EMERGENCY: "Emergency (999 or 112 now)",
}


class Referral(db.Model):
    """Recorded once and never changed: what followed goes in the next note."""

    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint("CAST(session_id IS NOT NULL AS INTEGER) + CAST(intake_id IS NOT NULL "
                        "AS INTEGER) + CAST(check_in_id IS NOT NULL AS INTEGER) <= 1",
                        name="one_source"),
        Index("ix_referrals_client_id_referred_on", "client_id", "referred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    #: To whom: "Her GP", "NHS 111", "Emergency services (999)", a named clinic.
    referred_to: Mapped[str] = mapped_column(String(200))
    #: Why: what was seen or told (the red flag), in the practitioner's words.
    reason: Mapped[str] = mapped_column(Text)
    urgency: Mapped[ReferralUrgency] = mapped_column(enum_type(ReferralUrgency,
                                                               "referral_urgency"))
    #: The day the client was referred, in the practice's time zone.
    referred_on: Mapped[date] = mapped_column(Date)
    #: Where the referral was made from: a session, an intake or a check-in (or none: the
    #: client's record itself).
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"))
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id"))
    check_in_id: Mapped[int | None] = mapped_column(ForeignKey("check_ins.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    client: Mapped[Client] = relationship()
    session: Mapped[TreatmentSession | None] = relationship()
    intake: Mapped[Intake | None] = relationship()
    check_in: Mapped[CheckIn | None] = relationship()
    recorded_by: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Referral {self.id}>"

    @property
    def source_kind(self) -> str | None:
        """``session``, ``intake``, ``check_in`` or ``None`` (made from the record itself)."""
        for kind in ("session", "intake", "check_in"):
            if getattr(self, f"{kind}_id") is not None:
                return kind
        return None

    @property
    def source_id(self) -> int | None:
        kind = self.source_kind
        return getattr(self, f"{kind}_id") if kind else None
